//! Reporting what suppresses nothing: a comment racelint does not
//! understand, a name that is neither a lint nor a group, and names whose
//! lints had no finding where the directive applies (with the fix that
//! removes them, or the whole comment).

use std::ops::Range;

use crate::config::{LintLevels, UnknownName};
use crate::diagnostic::{Applicability, Edit, Finding, Level};
use crate::lints::unused_suppression::UNUSED_SUPPRESSION;
use crate::source::{FileId, Span};

use super::{Directive, Malformed, Name, Suppressions};

/// The reports for one file's suppressions: every comment not understood,
/// then, directive by directive, the unknown names and the names that
/// suppressed nothing (`used` says, per directive and name, which did).
/// Unused names are reported only when the file parsed.
pub(super) fn reports(
    file: FileId,
    text: &str,
    suppressions: &Suppressions,
    used: &[Vec<bool>],
    parsed: bool,
    levels: &LintLevels,
) -> Vec<Finding> {
    let mut reports: Vec<Finding> = suppressions
        .malformed
        .iter()
        .map(|malformed| not_understood(file, malformed))
        .collect();
    for (d, directive) in suppressions.directives.iter().enumerate() {
        let mut unused = Vec::new();
        for (n, name) in directive.names.iter().enumerate() {
            if name.lints.is_empty() {
                reports.push(unknown_name(file, name));
                continue;
            }
            let reportable = parsed
                && !used[d][n]
                && !name.lints.contains(&&UNUSED_SUPPRESSION)
                && name
                    .lints
                    .iter()
                    .any(|l| levels.level_of(l) != Level::Allow);
            if reportable {
                unused.push(n);
            }
        }
        if unused.is_empty() {
            continue;
        }
        let all_unused = unused.len() == directive.names.len();
        let listed = and_list(
            &unused
                .iter()
                .map(|&n| format!("`{}`", directive.names[n].text))
                .collect::<Vec<_>>(),
        );
        let first = &directive.names[unused[0]];
        let mut finding = Finding::new(
            &UNUSED_SUPPRESSION,
            Span::new(file, first.span.clone()),
            format!("this suppression of {listed} suppresses nothing"),
        )
        .primary_label(format!(
            "no finding of this lint {}",
            directive.scope.where_()
        ));
        for &n in &unused[1..] {
            finding = finding.label(
                Span::new(file, directive.names[n].span.clone()),
                "nor of this one",
            );
        }
        let (message, edits) = if all_unused {
            (
                "remove the comment".to_string(),
                vec![Edit {
                    span: Span::new(file, directive.removal.clone()),
                    replacement: String::new(),
                }],
            )
        } else {
            let edits = unused
                .iter()
                .map(|&n| Edit {
                    span: Span::new(file, name_removal(text, directive, n)),
                    replacement: String::new(),
                })
                .collect();
            (format!("remove {listed} from the list"), edits)
        };
        finding = finding
            .note("a suppression that hides nothing would hide the next real mistake written here")
            .suggest(message, edits, Applicability::MachineApplicable);
        reports.push(finding);
    }
    reports
}

/// A finding for a comment racelint does not understand.
fn not_understood(file: FileId, malformed: &Malformed) -> Finding {
    let span = Span::new(file, malformed.span.clone());
    let finding = Finding::new(
        &UNUSED_SUPPRESSION,
        span,
        "this racelint comment is not understood, so it suppresses nothing",
    )
    .primary_label(malformed.reason.clone());
    match &malformed.rewrite {
        Some(rewrite) => finding.suggest(
            "to suppress, write it as racelint reads it",
            vec![Edit {
                span,
                replacement: rewrite.clone(),
            }],
            Applicability::MaybeIncorrect,
        ),
        None => finding
            .help("write `// racelint: allow(lint_name)` or `// racelint: allow-file(lint_name)`"),
    }
}

/// A finding for a name that is neither a lint nor a group.
fn unknown_name(file: FileId, name: &Name) -> Finding {
    let unknown = UnknownName::new(&name.text);
    let finding = Finding::new(
        &UNUSED_SUPPRESSION,
        Span::new(file, name.span.clone()),
        format!("unknown lint `{}` in a suppression comment", name.text),
    )
    .primary_label("racelint has no lint or group by this name, so nothing is suppressed");
    match unknown.suggestion {
        Some(close) => finding.suggest(
            "the closest name racelint knows is",
            vec![Edit {
                span: Span::new(file, name.span.clone()),
                replacement: close.to_string(),
            }],
            Applicability::MaybeIncorrect,
        ),
        None => finding.help("run `racelint --list` to see the names of the lints and groups"),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The bytes to delete to take one name out of a list: the name and the
/// comma after it (or, for the last name, the comma before it).
fn name_removal(text: &str, directive: &Directive, n: usize) -> Range<usize> {
    let span = directive.names[n].span.clone();
    if n + 1 < directive.names.len() {
        span.start..directive.names[n + 1].span.start
    } else {
        let before = text[..span.start].trim_end();
        let comma = before.strip_suffix(',').map_or(span.start, str::len);
        comma..span.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suppress::scan;

    #[test]
    fn removing_one_name_keeps_the_others() {
        let text = "x(); // racelint: allow(a, b, c)\n";
        let s = scan(text);
        let d = &s.directives[0];
        let cut = |n| {
            let r = name_removal(text, d, n);
            format!("{}{}", &text[..r.start], &text[r.end..])
        };
        assert_eq!(cut(0), "x(); // racelint: allow(b, c)\n");
        assert_eq!(cut(1), "x(); // racelint: allow(a, c)\n");
        assert_eq!(cut(2), "x(); // racelint: allow(a, b)\n");
        let r = d.removal.clone();
        assert_eq!(format!("{}{}", &text[..r.start], &text[r.end..]), "x();\n");
        let text = "fn f() {\n    // racelint: allow(a)\n    x();\n}\n";
        let r = scan(text).directives[0].removal.clone();
        assert_eq!(
            format!("{}{}", &text[..r.start], &text[r.end..]),
            "fn f() {\n    x();\n}\n"
        );
    }
}
