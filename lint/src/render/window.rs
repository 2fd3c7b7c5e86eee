//! Long lines cut around what a diagnostic points at, as rustc cuts them: a
//! generated file with one 300 KB line and a thousand findings on it prints
//! a few hundred characters per finding, not the whole line each time.

use std::ops::Range;

/// Lines up to this many bytes are shown whole.
pub const MAX_WIDTH: usize = 140;
/// What is kept on each side of the marked part of a cut line.
const CONTEXT: usize = 40;
/// The most of a cut line that is shown, however wide the marked part is.
const MAX_WINDOW: usize = 400;
/// What stands for the cut-off parts.
pub const ELLIPSIS: &str = "...";

/// The part of `line` to show for marks at these byte ranges within it, or
/// `None` to show it whole. The range starts and ends on character
/// boundaries.
pub fn window(line: &str, marks: impl IntoIterator<Item = Range<usize>>) -> Option<Range<usize>> {
    if line.len() <= MAX_WIDTH {
        return None;
    }
    let (mut lo, mut hi) = (usize::MAX, 0);
    for mark in marks {
        lo = lo.min(mark.start);
        hi = hi.max(mark.end);
    }
    if lo == usize::MAX {
        lo = 0;
        hi = 0;
    }
    let start = floor(line, lo.min(line.len()).saturating_sub(CONTEXT));
    let end = (hi + CONTEXT)
        .max(start + MAX_WIDTH - 2 * ELLIPSIS.len())
        .min(start + MAX_WINDOW)
        .min(line.len());
    let end = ceil(line, end);
    (start > 0 || end < line.len()).then_some(start..end)
}

/// The text shown for a line cut to `window`, with `...` where it was cut.
pub fn cut(line: &str, window: Range<usize>) -> String {
    let mut out = String::with_capacity(window.len() + 2 * ELLIPSIS.len());
    if window.start > 0 {
        out.push_str(ELLIPSIS);
    }
    out.push_str(&line[window.clone()]);
    if window.end < line.len() {
        out.push_str(ELLIPSIS);
    }
    out
}

/// Where a byte of the line lands in the cut text: clamped into the window,
/// shifted by the leading `...`.
pub fn position(window: &Range<usize>, byte: usize) -> usize {
    let lead = if window.start > 0 { ELLIPSIS.len() } else { 0 };
    byte.clamp(window.start, window.end) - window.start + lead
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_whole_and_long_ones_cut_around_the_marks() {
        assert_eq!(window("let x = 1;", std::iter::once(4..5)), None);
        let line = format!("{}TARGET{}", "a".repeat(1000), "b".repeat(1000));
        let w = window(&line, std::iter::once(1000..1006)).unwrap();
        let shown = cut(&line, w.clone());
        assert!(
            shown.starts_with("...") && shown.ends_with("..."),
            "{shown}"
        );
        assert!(shown.contains("TARGET"));
        assert!(
            shown.len() <= MAX_WIDTH + 2 * ELLIPSIS.len(),
            "{}",
            shown.len()
        );
        let at = position(&w, 1000);
        assert_eq!(&shown[at..at + 6], "TARGET");
        // A mark at the start keeps the start, without a leading `...`.
        let w = window(&line, std::iter::once(0..3)).unwrap();
        assert_eq!(w.start, 0);
        assert!(!cut(&line, w).starts_with("..."));
    }

    #[test]
    fn windows_end_on_character_boundaries() {
        let line = "é".repeat(500);
        let w = window(&line, std::iter::once(501..503)).unwrap();
        assert!(line.is_char_boundary(w.start) && line.is_char_boundary(w.end));
    }
}
