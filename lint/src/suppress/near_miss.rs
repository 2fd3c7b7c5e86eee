//! Near misses: comments that look like a suppression but are not read as
//! one (`// racelint allow(x)`, `Racelint:`, `racelint::`, `racelint:` in
//! the middle of a comment), and the comment racelint would read instead.

/// A comment that looks like a suppression but is not read as one: the
/// reason, and the comment rewritten as one when that is clear. Only a
/// `racelint` followed by `allow(...)` or `allow-file(...)` counts: prose
/// that names racelint is left alone.
pub(super) fn near_miss(comment: &str, body: &str) -> Option<(String, Option<String>)> {
    let lower = body.to_ascii_lowercase();
    let at = lower.find("racelint")?;
    let after = &body[at + "racelint".len()..];
    let separator_len = after.len() - after.trim_start_matches([' ', '\t', ':', '=', '-']).len();
    let separator = &after[..separator_len];
    let directive = &after[separator_len..];
    let directive_lower = directive.to_ascii_lowercase();
    if !(directive_lower.starts_with("allow(") || directive_lower.starts_with("allow-file(")) {
        return None;
    }
    let at_start = body[..at].trim().is_empty();
    let prefix = &comment[..comment.len() - comment.trim_start_matches(['/', '*']).len()];
    let suffix = if comment.starts_with("/*") { " */" } else { "" };
    let directive = directive.trim_end().trim_end_matches("*/").trim_end();
    let rewrite = format!(
        "{prefix} racelint: {}{}{suffix}",
        &directive_lower[..directive_lower.find('(').unwrap_or(0)],
        &directive[directive_lower.find('(').unwrap_or(0)..]
    );
    if !at_start {
        return Some((
            "racelint reads a suppression only at the start of a comment".into(),
            None,
        ));
    }
    let reason = if !separator.contains(':') {
        "`racelint` needs a colon after it: `racelint: allow(...)`"
    } else if &body[at..at + "racelint".len()] != "racelint" {
        "write `racelint:` in lowercase"
    } else if separator.trim() != ":" {
        "write `racelint:` with one colon"
    } else {
        "write `allow` in lowercase"
    };
    Some((reason.into(), Some(rewrite)))
}

#[cfg(test)]
mod tests {
    use crate::suppress::scan;

    #[test]
    fn near_misses_are_reported_with_the_comment_racelint_would_read() {
        let text = "\
a(); // racelint allow(lost_update)
b(); // Racelint: allow(lost_update)
c(); /* racelint :: allow-file(race) */
d(); // ok, racelint: allow(lost_update)
e(); // TODO racelint allow(double_lock) later
f(); // racelint is the linter that allows this
g(); // racelint: allow(lost_update)
";
        let s = scan(text);
        assert_eq!(s.directives.len(), 1);
        let near: Vec<(&str, &str, Option<&str>)> = s
            .malformed
            .iter()
            .map(|m| {
                (
                    &text[m.span.clone()],
                    m.reason.as_str(),
                    m.rewrite.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            near,
            [
                (
                    "// racelint allow(lost_update)",
                    "`racelint` needs a colon after it: `racelint: allow(...)`",
                    Some("// racelint: allow(lost_update)")
                ),
                (
                    "// Racelint: allow(lost_update)",
                    "write `racelint:` in lowercase",
                    Some("// racelint: allow(lost_update)")
                ),
                (
                    "/* racelint :: allow-file(race) */",
                    "write `racelint:` with one colon",
                    Some("/* racelint: allow-file(race) */")
                ),
                (
                    "// ok, racelint: allow(lost_update)",
                    "racelint reads a suppression only at the start of a comment",
                    None
                ),
                (
                    "// TODO racelint allow(double_lock) later",
                    "racelint reads a suppression only at the start of a comment",
                    None
                ),
            ]
        );
    }
}
