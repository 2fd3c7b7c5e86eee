//! Witness schedules as SVG swimlanes, for slides.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::report::{Outcome, Report, Schedule, StepKind};

const CHAR_WIDTH: usize = 9;
const ROW_HEIGHT: usize = 34;
const STEP_COLUMN: usize = 56;
const MARGIN: usize = 20;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The fill colour of a step's box: reads blue, writes orange, one-step
/// updates purple, locks green, waits grey, panics red.
fn colour(kind: &StepKind) -> &'static str {
    match kind {
        StepKind::Read { .. } => "#dbeafe",
        StepKind::Write { .. } => "#fde2c8",
        StepKind::Update { .. } | StepKind::CompareExchange { .. } => "#ede0fb",
        StepKind::Lock { .. } | StepKind::Unlock { .. } => "#d9f2dc",
        StepKind::Wait { .. } | StepKind::Notify { .. } => "#fef3c7",
        StepKind::WaitForLock { .. }
        | StepKind::WaitForNotify
        | StepKind::WaitForJoin { .. }
        | StepKind::Spawn { .. }
        | StepKind::Joined { .. } => "#e5e7eb",
        StepKind::Panic { .. } => "#fbd5d5",
    }
}

/// One witness schedule as a standalone SVG picture: a column per thread, a
/// row per step, the title above and the outcome line below.
pub fn schedule_svg(schedule: &Schedule, title: &str, outcome_line: &str) -> String {
    let lanes = schedule.lanes();
    let cells: Vec<(usize, String, &StepKind)> = schedule
        .shown_steps()
        .map(|s| (s.thread, schedule.describe_step(s), &s.kind))
        .collect();
    let lane_widths: Vec<usize> = lanes
        .iter()
        .map(|&lane| {
            let longest = cells
                .iter()
                .filter(|(t, _, _)| *t == lane)
                .map(|(_, text, _)| text.chars().count())
                .chain([schedule.thread_labels[lane].len(), 12])
                .max()
                .unwrap_or(12);
            longest * CHAR_WIDTH + 24
        })
        .collect();
    let lanes_width: usize = lane_widths.iter().sum();
    let text_width = title.len().max(outcome_line.len()) * CHAR_WIDTH;
    let width = (STEP_COLUMN + lanes_width).max(text_width) + 2 * MARGIN;
    let top = MARGIN + 34;
    let rows_top = top + ROW_HEIGHT;
    let height = rows_top + cells.len().max(1) * ROW_HEIGHT + 50;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="15">"#
    );
    let _ = writeln!(
        svg,
        r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        svg,
        r##"<text x="{MARGIN}" y="{}" font-weight="bold" fill="#111827">{}</text>"##,
        MARGIN + 16,
        escape(title)
    );
    let _ = writeln!(
        svg,
        r##"<text x="{}" y="{}" fill="#6b7280" text-anchor="end">step</text>"##,
        MARGIN + STEP_COLUMN - 12,
        top + 22
    );
    let mut x = MARGIN + STEP_COLUMN;
    let mut lane_x = Vec::new();
    for (&lane, &lane_width) in lanes.iter().zip(&lane_widths) {
        lane_x.push(x);
        let _ = writeln!(
            svg,
            r##"<rect x="{x}" y="{top}" width="{}" height="{}" fill="#f9fafb" stroke="#d1d5db"/>"##,
            lane_width - 4,
            height - top - 50 + 6
        );
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}" font-weight="bold" fill="#374151">{}</text>"##,
            x + 10,
            top + 22,
            escape(&schedule.thread_labels[lane])
        );
        x += lane_width;
    }
    for (row, (thread, text, kind)) in cells.iter().enumerate() {
        let y = rows_top + row * ROW_HEIGHT;
        let _ = writeln!(
            svg,
            r##"<text x="{}" y="{}" fill="#6b7280" text-anchor="end">{}</text>"##,
            MARGIN + STEP_COLUMN - 12,
            y + 21,
            row + 1
        );
        if let Some(position) = lanes.iter().position(|l| l == thread) {
            let box_width = text.chars().count() * CHAR_WIDTH + 12;
            let _ = writeln!(
                svg,
                r##"<rect x="{}" y="{}" width="{box_width}" height="{}" rx="5" fill="{}" stroke="#9ca3af"/>"##,
                lane_x[position] + 4,
                y + 4,
                ROW_HEIGHT - 8,
                colour(kind)
            );
            let _ = writeln!(
                svg,
                r##"<text x="{}" y="{}" fill="#111827">{}</text>"##,
                lane_x[position] + 10,
                y + 21,
                escape(text)
            );
        }
    }
    let _ = writeln!(
        svg,
        r##"<text x="{MARGIN}" y="{}" fill="#111827">{}</text>"##,
        height - 20,
        escape(outcome_line)
    );
    svg.push_str("</svg>\n");
    svg
}

/// A file name part for an outcome: `counter-1`, `deadlock`.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    slug.chars().take(48).collect()
}

/// Write each witness of `report` as `<dir>/<demo>-<outcome>.svg` and
/// return the paths written.
pub fn write_witnesses(report: &Report, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for group in &report.outcomes {
        let outcome = report.describe(&group.outcome);
        let name = match &group.outcome {
            Outcome::Value(_) | Outcome::Deadlock | Outcome::Unfinished => slug(&outcome),
            Outcome::Panicked { thread, .. } => slug(&format!("{thread} panicked")),
        };
        let path = dir.join(format!("{}-{name}.svg", report.demo));
        let title = format!("{}: {outcome}", report.demo);
        std::fs::write(
            &path,
            schedule_svg(&group.witness, &title, &report.outcome_line(group)),
        )?;
        written.push(path);
    }
    Ok(written)
}
