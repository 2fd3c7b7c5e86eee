//! The analysis of one unit (a package, or a file given on the command line):
//! parse every file, build the model once, run every lint on it.

use std::str::FromStr;

use crate::config::LintLevels;
use crate::diagnostic::Finding;
use crate::lints::{self, Level};
use crate::model::Model;
use crate::source::{FileId, SourceFile, Span};

/// The Rust edition the code is written in; it changes when temporaries in an
/// `if let` scrutinee are dropped (2024: before `else`; 2021: after the whole `if let`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edition {
    E2015,
    E2018,
    #[default]
    E2021,
    E2024,
}

impl Edition {
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::E2015 => "2015",
            Edition::E2018 => "2018",
            Edition::E2021 => "2021",
            Edition::E2024 => "2024",
        }
    }
}

impl FromStr for Edition {
    type Err = String;

    fn from_str(s: &str) -> Result<Edition, String> {
        match s {
            "2015" => Ok(Edition::E2015),
            "2018" => Ok(Edition::E2018),
            "2021" => Ok(Edition::E2021),
            "2024" => Ok(Edition::E2024),
            other => Err(format!(
                "unknown edition `{other}` (expected 2015, 2018, 2021 or 2024)"
            )),
        }
    }
}

/// What is analyzed together: helper functions called from a thread are
/// followed across the files of one unit.
#[derive(Clone, Debug)]
pub struct Unit {
    pub files: Vec<SourceFile>,
    pub edition: Edition,
}

impl Unit {
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
}

/// A file parsed by syn.
pub struct ParsedFile<'a> {
    pub id: FileId,
    pub source: &'a SourceFile,
    pub syntax: syn::File,
    /// Where syn's text starts in the file: syn skips a byte order mark and a shebang line.
    pub base: usize,
}

/// The number of bytes `syn::parse_file` skips at the start of a file.
fn syntax_base(text: &str) -> usize {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    if rest.starts_with("#!") && !rest[2..].trim_start().starts_with('[') {
        bom + rest.find('\n').unwrap_or(rest.len())
    } else {
        bom
    }
}

/// Parses one file; a syntax error becomes a `parse_error` finding at syn's location.
pub fn parse(id: FileId, source: &SourceFile) -> Result<ParsedFile<'_>, Box<Finding>> {
    let base = syntax_base(&source.text);
    match syn::parse_file(&source.text) {
        Ok(syntax) => Ok(ParsedFile {
            id,
            source,
            syntax,
            base,
        }),
        Err(error) => {
            let range = error.span().byte_range();
            let lo = (range.start + base).min(source.text.len());
            let hi = (range.end + base).clamp(lo, source.text.len());
            let span = Span::new(id, lo..hi);
            Err(Box::new(Finding::new(
                &lints::PARSE_ERROR,
                span,
                format!("this file could not be parsed: {error}"),
            )
            .primary_label(error.to_string())
            .note("racelint lints the rest of the crate; this file is skipped until it parses")))
        }
    }
}

/// Lints every file of a unit; findings come back sorted by file and position,
/// with the levels in force applied (allowed lints are left out).
pub fn check_unit(unit: &Unit, levels: &LintLevels) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut parsed = Vec::with_capacity(unit.files.len());
    for (index, source) in unit.files.iter().enumerate() {
        match parse(FileId(index as u32), source) {
            Ok(file) => parsed.push(file),
            Err(finding) => findings.push(*finding),
        }
    }
    let model = Model::build(&parsed, unit.edition);
    for lint in lints::REGISTRY {
        if levels.level_of(lint) == Level::Allow {
            continue;
        }
        if let Some(check) = lint.check {
            check(&model, &mut findings);
        }
    }
    for finding in &mut findings {
        finding.level = levels.level_of(finding.lint);
    }
    findings.retain(|f| f.level != Level::Allow);
    crate::suppress::apply(unit, levels, &mut findings);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key() && a.message == b.message);
    findings
}

/// Lints one piece of source text as a unit of its own (tests, fuzzing, editors).
pub fn check_source(name: &str, text: &str, edition: Edition) -> (Unit, Vec<Finding>) {
    let unit = Unit {
        files: vec![SourceFile::new(name, name, text)],
        edition,
    };
    let findings = check_unit(&unit, &LintLevels::default());
    (unit, findings)
}
