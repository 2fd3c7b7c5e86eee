//! `--list` and `--explain`: the registry's table, a lint's lesson (or a
//! group's lints), and the lesson's Markdown rendered for a terminal.

use std::io::{self, Write};

use crate::diagnostic::Group;
use crate::lints::{self, REGISTRY};

use super::Mode;
use super::args::{Common, use_color};

/// `--list` and `--explain`: prints and returns the exit status, or `None` to lint.
pub(super) fn info(common: &Common, mode: Mode) -> Result<Option<u8>, String> {
    let program = match mode {
        Mode::Plain => "racelint",
        Mode::Cargo => "cargo racelint",
    };
    let text = if common.list {
        list(program)
    } else if let Some(name) = &common.explain {
        let text = explain(name)?;
        if use_color(mode, common.color) {
            markdown_to_ansi(&text)
        } else {
            text
        }
    } else {
        return Ok(None);
    };
    let mut stdout = io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    Ok(Some(0))
}

/// The `--list` table: every lint of the registry.
pub fn list(program: &str) -> String {
    let name_width = REGISTRY
        .iter()
        .map(|l| l.name.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let group_width = Group::ALL
        .iter()
        .map(|g| g.as_str().len())
        .max()
        .unwrap_or(5);
    let mut out = format!(
        "{:name_width$}  {:group_width$}  {:7}  summary\n",
        "lint", "group", "default"
    );
    for lint in REGISTRY {
        out.push_str(&format!(
            "{:name_width$}  {:group_width$}  {:7}  {}\n",
            lint.name,
            lint.group.as_str(),
            lint.default_level.as_str(),
            lint.summary
        ));
    }
    out.push_str(&format!(
        "\nrun `{program} --explain NAME` for the lesson of a lint (`NAME.py`: in Python only)\n"
    ));
    out
}

/// The `--explain` text of a lint, or the list of a group's lints.
pub fn explain(name: &str) -> Result<String, String> {
    if let Some(python) = lints::python::explain(name) {
        return python;
    }
    if let Some(lint) = lints::find(name) {
        let mut text = format!(
            "racelint::{}: {}\ngroup: {}, default level: {}\n\n{}",
            lint.name,
            lint.summary,
            lint.group,
            lint.default_level,
            lint.docs()
        );
        if let Some(python) = lints::python::lesson(lint) {
            text.push_str("\n## In Python\n\n");
            text.push_str(&python);
        }
        return Ok(text);
    }
    if let Some(group) = Group::from_name(name) {
        let mut out = format!("{group}: {}\n\n", group.description());
        for lint in REGISTRY.iter().filter(|l| l.group == group) {
            out.push_str(&format!(
                "  {} ({}): {}\n",
                lint.name, lint.default_level, lint.summary
            ));
        }
        return Ok(out);
    }
    Err(unknown_lint(name))
}

/// The lesson's Markdown for a terminal: headings in bold, code blocks
/// indented and coloured without their fences, `code` coloured, `**bold**`
/// and `*emphasis*` as such.
pub fn markdown_to_ansi(text: &str) -> String {
    const BOLD: &str = "\x1b[1m";
    const HEADING: &str = "\x1b[1;4m";
    const CODE: &str = "\x1b[36m";
    const ITALIC: &str = "\x1b[3m";
    const RESET: &str = "\x1b[0m";
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str(&format!("    {CODE}{line}{RESET}\n"));
        } else if let Some(heading) = line
            .trim_start_matches('#')
            .strip_prefix(' ')
            .filter(|_| line.starts_with('#'))
        {
            out.push_str(&format!("{HEADING}{heading}{RESET}\n"));
        } else {
            let mut rest = line;
            while !rest.is_empty() {
                let next = rest.find(['`', '*']).unwrap_or(rest.len());
                out.push_str(&rest[..next]);
                rest = &rest[next..];
                let (open, style) = if rest.starts_with('`') {
                    ("`", CODE)
                } else if rest.starts_with("**") {
                    ("**", BOLD)
                } else if rest.starts_with('*') {
                    ("*", ITALIC)
                } else {
                    break;
                };
                match rest[open.len()..].find(open) {
                    Some(end) if end > 0 => {
                        let inner = &rest[open.len()..open.len() + end];
                        out.push_str(&format!("{style}{inner}{RESET}"));
                        rest = &rest[open.len() * 2 + end..];
                    }
                    _ => {
                        out.push_str(open);
                        rest = &rest[open.len()..];
                    }
                }
            }
            out.push('\n');
        }
    }
    out
}

fn unknown_lint(name: &str) -> String {
    let mut message = format!("no lint or group named `{name}`");
    if let Some(close) = lints::closest_name(name.strip_prefix("racelint::").unwrap_or(name)) {
        message.push_str(&format!(" (did you mean `{close}`?)"));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered_for_a_terminal() {
        let text = "### What it does\nFlags `a.load()` **twice**, *really*.\n```rust\nlet x = 1;\n```\n2 * 3\n";
        assert_eq!(
            markdown_to_ansi(text),
            "\x1b[1;4mWhat it does\x1b[0m\nFlags \x1b[36ma.load()\x1b[0m \x1b[1mtwice\x1b[0m, \
             \x1b[3mreally\x1b[0m.\n    \x1b[36mlet x = 1;\x1b[0m\n2 * 3\n"
        );
    }

    #[test]
    fn explain_reads_the_registry() {
        let text = explain("racelint::lost_update").unwrap();
        assert!(text.starts_with("racelint::lost_update: "));
        assert!(text.contains("### What it does"));
        assert!(explain("race").unwrap().contains("lost_update"));
        assert!(explain("nope_nothing_like_it").is_err());
    }
}
