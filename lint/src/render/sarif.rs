//! SARIF 2.1.0, the format code scanning reads (GitHub's among others):
//! one document per run, with every lint of the registry as a rule and
//! every finding as a result.
//!
//! - Regions carry lines, columns (in Unicode code points, as
//!   `columnKind` says; end columns exclusive, as SARIF counts them) and
//!   character offsets.
//! - Secondary labels are `relatedLocations`; notes and help follow the
//!   message.
//! - `partialFingerprints` stay the same across runs and when lines move:
//!   they hash the lint, the file, the text of the finding's first line
//!   (whitespace collapsed) and how many findings before it in the file
//!   share all three.
//! - Suggestions are `fixes`.
//! - Files that could not be read are `toolExecutionNotifications`.

use std::collections::HashMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::diagnostic::{Finding, Level, Lint};
use crate::lints::REGISTRY;
use crate::source::{FileError, SourceFile, Span};
use crate::unit::Unit;

/// The URL of the schema, as code scanning expects it in `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of racelint's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "racelint/v1";

/// The SARIF level of a lint level.
pub fn level(level: Level) -> &'static str {
    match level {
        Level::Allow => "none",
        Level::Warn => "warning",
        Level::Deny => "error",
    }
}

/// The rule id of a lint: its code, `racelint::NAME`.
pub fn rule_id(lint: &Lint) -> String {
    lint.code()
}

/// Every lint of the registry as a SARIF rule.
pub fn rules() -> Vec<Value> {
    REGISTRY.iter().map(|lint| rule(lint)).collect()
}

fn rule(lint: &Lint) -> Value {
    let docs = lint.docs();
    json!({
        "id": rule_id(lint),
        "name": lint.name,
        "shortDescription": { "text": lint.summary },
        "fullDescription": { "text": what_it_does(&docs) },
        "help": { "text": docs, "markdown": docs },
        "defaultConfiguration": { "level": level(lint.default_level) },
        "properties": { "tags": ["racelint", lint.group.as_str()] },
    })
}

/// The "What it does" section of a lint's lesson, as one paragraph.
fn what_it_does(docs: &str) -> String {
    let mut lines = docs
        .lines()
        .skip_while(|l| !l.starts_with("### What it does"));
    lines.next();
    let text = lines
        .take_while(|l| !l.starts_with("### "))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.trim();
    if text.is_empty() {
        docs.lines().next().unwrap_or_default().to_string()
    } else {
        text.to_string()
    }
}

/// The results of one unit's findings (already sorted by file and position).
pub fn results(unit: &Unit, findings: &[Finding], root: &Path) -> Vec<Value> {
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    findings
        .iter()
        .map(|finding| {
            let source = unit.file(finding.primary.span.file);
            let key = (
                finding.lint.name.to_string(),
                source.name.clone(),
                normalized_line(source, finding.primary.span),
            );
            let occurrence = seen.entry(key.clone()).or_insert(0);
            let fingerprint = fingerprint(&key.0, &key.1, &key.2, *occurrence);
            *occurrence += 1;
            result(unit, finding, root, fingerprint)
        })
        .collect()
}

fn result(unit: &Unit, finding: &Finding, root: &Path, fingerprint: String) -> Value {
    let rule_index = REGISTRY
        .iter()
        .position(|lint| lint.name == finding.lint.name);
    let mut text = finding.message.clone();
    for note in &finding.notes {
        text.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &finding.help {
        text.push_str(&format!("\nhelp: {help}"));
    }
    if let Some(suggestion) = &finding.suggestion {
        text.push_str(&format!("\nhelp: {}", suggestion.message));
    }
    let mut primary = location(unit, finding.primary.span, root);
    if !finding.primary.message.is_empty() {
        primary["message"] = json!({ "text": finding.primary.message });
    }
    let related: Vec<Value> = finding
        .labels
        .iter()
        .enumerate()
        .map(|(index, label)| {
            let mut location = location(unit, label.span, root);
            location["id"] = json!(index + 1);
            if !label.message.is_empty() {
                location["message"] = json!({ "text": label.message });
            }
            location
        })
        .collect();
    let mut result = json!({
        "ruleId": rule_id(finding.lint),
        "level": level(finding.level),
        "message": { "text": text },
        "locations": [primary],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
    });
    if let Some(index) = rule_index {
        result["ruleIndex"] = json!(index);
    }
    if !related.is_empty() {
        result["relatedLocations"] = json!(related);
    }
    if let Some(suggestion) = &finding.suggestion {
        let mut changes: Vec<Value> = Vec::new();
        for edit in &suggestion.edits {
            let Some(source) = unit.files.get(edit.span.file.0 as usize) else {
                continue;
            };
            let replacement = json!({
                "deletedRegion": region(source, edit.span),
                "insertedContent": { "text": edit.replacement },
            });
            let artifact = artifact_location(source, root);
            match changes
                .iter_mut()
                .find(|c| c["artifactLocation"] == artifact)
            {
                Some(change) => change["replacements"]
                    .as_array_mut()
                    .expect("replacements is an array")
                    .push(replacement),
                None => changes.push(json!({
                    "artifactLocation": artifact,
                    "replacements": [replacement],
                })),
            }
        }
        if !changes.is_empty() {
            result["fixes"] = json!([{
                "description": { "text": suggestion.message },
                "artifactChanges": changes,
                "properties": { "applicability": suggestion.applicability.as_str() },
            }]);
        }
    }
    result
}

/// A tool execution notification for a file that could not be read.
pub fn notification(error: &FileError, root: &Path) -> Value {
    let mut notification = json!({
        "level": "error",
        "message": { "text": error.message() },
        "descriptor": { "id": "racelint::unreadable_file" },
    });
    let mut physical = json!({ "artifactLocation": uri_location(&error.name, root) });
    if let Some(at) = error.location {
        physical["region"] = json!({
            "startLine": at.line,
            "startColumn": at.column,
        });
    }
    notification["locations"] = json!([{ "physicalLocation": physical }]);
    notification
}

/// The whole SARIF document of a run.
pub fn document(results: Vec<Value>, notifications: Vec<Value>, root: &Path) -> Value {
    let unreadable = !notifications.is_empty();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "racelint",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules(),
                }
            },
            "invocations": [{
                "executionSuccessful": !unreadable,
                "toolExecutionNotifications": notifications,
            }],
            "originalUriBaseIds": {
                "%SRCROOT%": { "uri": directory_uri(root) }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn location(unit: &Unit, span: Span, root: &Path) -> Value {
    match unit.files.get(span.file.0 as usize) {
        Some(source) => json!({
            "physicalLocation": {
                "artifactLocation": artifact_location(source, root),
                "region": region(source, span),
            }
        }),
        None => json!({}),
    }
}

fn artifact_location(source: &SourceFile, root: &Path) -> Value {
    uri_location(&source.name, root)
}

/// A file name as shown to the user: relative names are relative to
/// `%SRCROOT%` (the directory racelint ran in); absolute ones become `file:` URIs.
fn uri_location(name: &str, root: &Path) -> Value {
    let path = Path::new(name);
    if path.is_absolute() {
        json!({ "uri": file_uri(path) })
    } else {
        let _ = root;
        json!({ "uri": encode_path(&slashes(path)), "uriBaseId": "%SRCROOT%" })
    }
}

/// A region: 1-based lines and columns (code points, end exclusive), and
/// the offset and length in code points.
fn region(source: &SourceFile, span: Span) -> Value {
    let len = source.text.len();
    let lo = (span.lo as usize).min(len);
    let hi = (span.hi as usize).clamp(lo, len);
    let start = source.line_col(lo);
    let end = source.line_col(hi);
    let offset = char_count(&source.text, 0, lo);
    let length = char_count(&source.text, lo, hi);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "charOffset": offset,
        "charLength": length,
        "snippet": { "text": source.text.get(lo..hi).unwrap_or("") },
    })
}

/// Code points in `text[from..to]`, not counting a byte order mark.
fn char_count(text: &str, from: usize, to: usize) -> usize {
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    text[floor(from)..floor(to)]
        .chars()
        .filter(|&c| c != '\u{feff}')
        .count()
}

/// The text of the line where a span starts, with runs of whitespace made one space.
fn normalized_line(source: &SourceFile, span: Span) -> String {
    let lo = (span.lo as usize).min(source.text.len());
    let line = source.line_index(lo);
    source.text[source.line_range(line)]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A fingerprint that depends only on what it hashes: FNV-1a, 64 bits, in hex.
/// (Not std's `DefaultHasher`, whose output may change between Rust releases.)
pub fn fingerprint(lint: &str, file: &str, line: &str, occurrence: usize) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let occurrence = occurrence.to_string();
    for part in [lint, file, line, occurrence.as_str()] {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn slashes(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|c| c != "/")
        .collect::<Vec<_>>()
        .join("/")
}

fn file_uri(path: &Path) -> String {
    format!("file:///{}", encode_path(&slashes(path)))
}

/// The `file:` URI of a directory, ending in `/` as a base URI must.
fn directory_uri(dir: &Path) -> String {
    let uri = file_uri(dir);
    if uri.ends_with('/') { uri } else { uri + "/" }
}

/// Percent-encodes what may not stand in a URI path (RFC 3986).
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Edit};
    use crate::lints;
    use crate::source::FileId;
    use crate::unit::Edition;

    const TEXT: &str =
        "fn main() {\n    let s = \"héllo\"; let v = c.load(o);\n    c.store(v + 1, o);\n}\n";

    fn unit(text: &str) -> Unit {
        Unit {
            files: vec![SourceFile::new("/p/src/main.rs", "src/my main.rs", text)],
            edition: Edition::E2024,
        }
    }

    fn at(text: &str, needle: &str) -> Span {
        let lo = text.find(needle).unwrap();
        Span::new(FileId(0), lo..lo + needle.len())
    }

    fn finding(text: &str) -> Finding {
        let lint = lints::find("lost_update").unwrap();
        Finding::new(
            lint,
            at(text, "c.store(v + 1, o)"),
            "the update can be lost",
        )
        .primary_label("this write")
        .label(at(text, "c.load(o)"), "this read")
        .note("another thread runs in between")
        .suggest(
            "add in one step",
            vec![Edit {
                span: at(text, "c.store(v + 1, o)"),
                replacement: "c.fetch_add(1, o)".into(),
            }],
            Applicability::MachineApplicable,
        )
    }

    #[test]
    fn regions_count_code_points() {
        let results = results(&unit(TEXT), &[finding(TEXT)], Path::new("/p"));
        let result = &results[0];
        assert_eq!(result["ruleId"], "racelint::lost_update");
        assert_eq!(result["level"], "error");
        let read = &result["relatedLocations"][0];
        assert_eq!(read["id"], 1);
        assert_eq!(read["message"]["text"], "this read");
        let region = &read["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 2);
        assert_eq!(region["startColumn"], 30);
        assert_eq!(region["endColumn"], 39);
        // 12 characters of line 1, then 29 of line 2 (`é` is one code point).
        assert_eq!(region["charOffset"], 12 + 29);
        assert_eq!(region["charLength"], 9);
        assert_eq!(region["snippet"]["text"], "c.load(o)");
        let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(uri["uri"], "src/my%20main.rs");
        assert_eq!(uri["uriBaseId"], "%SRCROOT%");
        let fix = &result["fixes"][0]["artifactChanges"][0]["replacements"][0];
        assert_eq!(fix["insertedContent"]["text"], "c.fetch_add(1, o)");
        assert_eq!(fix["deletedRegion"]["startLine"], 3);
    }

    #[test]
    fn fingerprints_survive_moved_lines_and_tell_repeats_apart() {
        let moved = format!("\n\n{TEXT}");
        let a = results(&unit(TEXT), &[finding(TEXT)], Path::new("/p"));
        let b = results(&unit(&moved), &[finding(&moved)], Path::new("/p"));
        assert_eq!(a[0]["partialFingerprints"], b[0]["partialFingerprints"]);
        let twice = results(
            &unit(TEXT),
            &[finding(TEXT), finding(TEXT)],
            Path::new("/p"),
        );
        assert_ne!(
            twice[0]["partialFingerprints"][FINGERPRINT_KEY],
            twice[1]["partialFingerprints"][FINGERPRINT_KEY]
        );
        // The hash is fixed by its definition, not by the Rust release.
        assert_eq!(fingerprint("", "", "", 0), fingerprint("", "", "", 0));
        assert_eq!(fingerprint("a", "b", "c", 0), "cc28786e721f2a75");
    }

    #[test]
    fn rules_come_from_the_registry() {
        let rules = rules();
        assert_eq!(rules.len(), REGISTRY.len());
        let lost = rules
            .iter()
            .find(|r| r["id"] == "racelint::lost_update")
            .unwrap();
        assert_eq!(lost["defaultConfiguration"]["level"], "error");
        assert!(
            lost["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("### What it does")
        );
        assert!(
            !lost["fullDescription"]["text"]
                .as_str()
                .unwrap()
                .contains("###")
        );
    }
}
