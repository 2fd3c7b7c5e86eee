//! Matching findings: a finding whose primary span starts in the code a
//! directive covers, and whose lint the directive names, is dropped. Then
//! the file's unused and malformed suppressions are reported, unless an
//! `allow(unused_suppression)` covers them too.

use crate::config::LintLevels;
use crate::diagnostic::{Finding, Level};
use crate::lints::unused_suppression::UNUSED_SUPPRESSION;
use crate::source::FileId;
use crate::unit::Unit;

use super::{scan, scan_python, unused};

/// Drops the findings that a suppression comment covers, then reports the
/// suppressions that covered nothing and the names racelint does not know
/// (at the level in force for `unused_suppression`).
pub fn apply(unit: &Unit, levels: &LintLevels, findings: &mut Vec<Finding>) {
    let level = levels.level_of(&UNUSED_SUPPRESSION);
    for (index, source) in unit.files.iter().enumerate() {
        if !source.text.contains("acelint") && !source.text.contains("ACELINT") {
            continue;
        }
        let file = FileId(index as u32);
        let suppressions = if crate::python::is_python(&source.path) {
            scan_python(&source.text)
        } else {
            scan(&source.text)
        };
        let mut used: Vec<Vec<bool>> = suppressions
            .directives
            .iter()
            .map(|d| vec![false; d.names.len()])
            .collect();
        findings.retain(|finding| {
            let span = finding.primary.span;
            if span.file != file {
                return true;
            }
            let mut keep = true;
            for (d, directive) in suppressions.directives.iter().enumerate() {
                if !directive.covers.contains(&(span.lo as usize)) {
                    continue;
                }
                for (n, name) in directive.names.iter().enumerate() {
                    if name.lints.contains(&finding.lint) {
                        used[d][n] = true;
                        keep = false;
                    }
                }
            }
            keep
        });
        if level == Level::Allow {
            continue;
        }
        // A file that does not parse has no findings to suppress yet.
        let parsed = !findings
            .iter()
            .any(|f| f.primary.span.file == file && f.lint.name == "parse_error");
        let reports = unused::reports(file, &source.text, &suppressions, &used, parsed, levels);
        for mut report in reports {
            report.level = level;
            // `allow(unused_suppression)` silences these reports too.
            let covered = suppressions.directives.iter().any(|d| {
                d.covers.contains(&(report.primary.span.lo as usize))
                    && d.names
                        .iter()
                        .any(|n| n.lints.contains(&&UNUSED_SUPPRESSION))
            });
            if !covered {
                findings.push(report);
            }
        }
    }
}
