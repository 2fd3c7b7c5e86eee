//! What the UI harness and the corpus harness share: reading `//~` marks.
//!
//! A mark `//~ lint_a, lint_b` at the end of a line says that findings of
//! those lints start on that line; `//~^ lint` (one `^` per line up) points
//! at a line above, where rustfmt would not keep the comment.

use std::collections::BTreeSet;

/// A line (1-based) and the lint expected to start a finding there.
pub type Mark = (usize, String);

/// The marks of a file. `known` says whether a name may be marked; `unknown`
/// words the error for a name it rejects.
pub fn parse_marks(
    text: &str,
    known: impl Fn(&str) -> bool,
    unknown: &str,
) -> Result<BTreeSet<Mark>, String> {
    let mut marks = BTreeSet::new();
    for (index, line) in text.lines().enumerate() {
        let Some(at) = line.find("//~") else {
            continue;
        };
        let rest = &line[at + 3..];
        let up = rest.chars().take_while(|&c| c == '^').count();
        let line_number = index + 1;
        let Some(target) = line_number.checked_sub(up).filter(|&n| n >= 1) else {
            return Err(format!(
                "line {line_number}: the mark points above the first line"
            ));
        };
        let names = rest[up..].trim();
        if names.is_empty() {
            return Err(format!("line {line_number}: a mark without a lint name"));
        }
        for name in names.split(',').map(str::trim) {
            if !known(name) {
                return Err(format!("line {line_number}: `{name}` {unknown}"));
            }
            if !marks.insert((target, name.to_string())) {
                return Err(format!("line {line_number}: `{name}` is marked twice"));
            }
        }
    }
    Ok(marks)
}
