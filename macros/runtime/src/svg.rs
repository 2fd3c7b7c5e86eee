//! Witness schedules as SVG swimlanes, for slides.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::report::{Coverage, Outcome, Report, Schedule, StepKind};

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

/// What the legend explains: each colour once.
const LEGEND: &[(&str, &str)] = &[
    ("#dbeafe", "read"),
    ("#fde2c8", "write"),
    ("#ede0fb", "read and write in one step"),
    ("#d9f2dc", "lock, unlock"),
    ("#fef3c7", "wait, notify"),
    ("#e5e7eb", "waiting"),
    ("#fbd5d5", "panic"),
];

/// `two_threads_add_one` as a title: `Two threads add one`.
pub fn human_title(demo: &str) -> String {
    let words = demo.replace('_', " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Break `text` into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn writes(kind: &StepKind) -> bool {
    matches!(
        kind,
        StepKind::Write { .. }
            | StepKind::Update { .. }
            | StepKind::CompareExchange { .. }
            | StepKind::Unlock { .. }
    )
}

fn reads(kind: &StepKind) -> bool {
    matches!(
        kind,
        StepKind::Read { .. }
            | StepKind::Update { .. }
            | StepKind::CompareExchange { .. }
            | StepKind::Lock { .. }
    )
}

/// One witness schedule as a standalone SVG picture: the title (and a
/// marker when the search was bounded) above; a column per thread and a row
/// per step, with each thread's lock spans shaded and an arrow from every
/// read to the write of another thread it saw; the outcome, wrapped, and a
/// legend below.
pub fn schedule_svg(
    schedule: &Schedule,
    title: &str,
    outcome_line: &str,
    bounded: Option<&str>,
) -> String {
    let lanes = schedule.lanes();
    let shown: Vec<&crate::report::Step> = schedule.shown_steps().collect();
    let cells: Vec<(usize, String, &StepKind)> = shown
        .iter()
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
    let width = (STEP_COLUMN + lanes_width).max(60 * CHAR_WIDTH) + 2 * MARGIN;
    let columns = (width - 2 * MARGIN) / CHAR_WIDTH;
    let outcome_lines = wrap(outcome_line, columns);
    let bounded_lines = bounded.map(|b| wrap(b, columns)).unwrap_or_default();
    let title_lines = wrap(title, columns);
    let top = MARGIN + 22 * (title_lines.len() + bounded_lines.len()) + 12;
    let rows_top = top + ROW_HEIGHT;
    let rows_bottom = rows_top + cells.len().max(1) * ROW_HEIGHT;
    let legend_top = rows_bottom + 14 + 22 * outcome_lines.len() + 8;
    let legend_column = LEGEND.iter().map(|(_, l)| l.len()).max().unwrap_or(0) * 8 + 36;
    let legend_columns = ((width - 2 * MARGIN) / legend_column).max(1);
    let height = legend_top + 22 * LEGEND.len().div_ceil(legend_columns) + MARGIN;

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="15">"#
    );
    let _ = writeln!(
        svg,
        r##"<defs><marker id="saw" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#2563eb"/></marker></defs>"##
    );
    let _ = writeln!(
        svg,
        r##"<rect width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    let mut y = MARGIN + 16;
    for line in &title_lines {
        let _ = writeln!(
            svg,
            r##"<text x="{MARGIN}" y="{y}" font-weight="bold" fill="#111827">{}</text>"##,
            escape(line)
        );
        y += 22;
    }
    for line in &bounded_lines {
        let _ = writeln!(
            svg,
            r##"<text x="{MARGIN}" y="{y}" fill="#b91c1c">{}</text>"##,
            escape(line)
        );
        y += 22;
    }
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
            rows_bottom - top + 6
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
    let lane_of = |thread: usize| lanes.iter().position(|&l| l == thread);
    // Lock spans: from a lock to the unlock (or wait) of the same mutex by
    // the same thread, or to the end.
    for (row, step) in shown.iter().enumerate() {
        if !matches!(step.kind, StepKind::Lock { .. }) {
            continue;
        }
        let end = shown[row + 1..]
            .iter()
            .position(|s| {
                s.thread == step.thread
                    && (matches!(s.kind, StepKind::Unlock { .. }) && s.object == step.object
                        || matches!(&s.kind, StepKind::Wait { mutex, .. } if Some(*mutex) == step.object))
            })
            .map_or(shown.len() - 1, |offset| row + 1 + offset);
        if let Some(position) = lane_of(step.thread) {
            let _ = writeln!(
                svg,
                r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#bbf7d0" fill-opacity="0.35"/>"##,
                lane_x[position] + 1,
                rows_top + row * ROW_HEIGHT + 2,
                lane_widths[position] - 6,
                (end - row + 1) * ROW_HEIGHT - 4
            );
        }
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
        if let Some(position) = lane_of(*thread) {
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
    // From each read to the write of another thread it saw.
    for (row, step) in shown.iter().enumerate() {
        if !reads(&step.kind) || step.object.is_none() {
            continue;
        }
        let saw = shown[..row]
            .iter()
            .rposition(|s| s.object == step.object && writes(&s.kind));
        let Some(from) = saw else {
            continue;
        };
        if shown[from].thread == step.thread {
            continue;
        }
        let (Some(from_lane), Some(to_lane)) = (lane_of(shown[from].thread), lane_of(step.thread))
        else {
            continue;
        };
        let x1 = lane_x[from_lane] + 4 + cells[from].1.chars().count() * CHAR_WIDTH / 2;
        let y1 = rows_top + from * ROW_HEIGHT + ROW_HEIGHT - 4;
        let x2 = lane_x[to_lane] + 4 + cells[row].1.chars().count() * CHAR_WIDTH / 2;
        let y2 = rows_top + row * ROW_HEIGHT + 4;
        let _ = writeln!(
            svg,
            r##"<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#2563eb" stroke-width="1.5" marker-end="url(#saw)"/>"##
        );
    }
    let mut y = rows_bottom + 30;
    for line in &outcome_lines {
        let _ = writeln!(
            svg,
            r##"<text x="{MARGIN}" y="{y}" fill="#111827">{}</text>"##,
            escape(line)
        );
        y += 22;
    }
    for (i, (fill, label)) in LEGEND.iter().enumerate() {
        let x = MARGIN + (i % legend_columns) * legend_column;
        let y = legend_top + (i / legend_columns) * 22;
        let _ = writeln!(
            svg,
            r##"<rect x="{x}" y="{y}" width="14" height="14" rx="3" fill="{fill}" stroke="#9ca3af"/><text x="{}" y="{}" fill="#4b5563" font-size="13">{label}</text>"##,
            x + 20,
            y + 12
        );
    }
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
        let title = format!(
            "{}: {outcome}, in {} of {} interleavings",
            human_title(&report.demo),
            group.schedules,
            report.schedules
        );
        let bounded = match (&report.coverage, &report.loom_coverage) {
            (Coverage::Bounded { .. }, _) => {
                Some(format!("bounded search: {}", report.coverage_text()))
            }
            (_, Some(Coverage::Bounded { preemptions, .. })) => Some(format!(
                "counts exact; loom's check bounded (preemption bound {preemptions})"
            )),
            _ => None,
        };
        std::fs::write(
            &path,
            schedule_svg(
                &group.witness,
                &title,
                &report.outcome_line(group),
                bounded.as_deref(),
            ),
        )?;
        written.push(path);
    }
    Ok(written)
}
