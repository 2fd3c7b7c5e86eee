//! `--fix`: applies the fixes that keep the program's meaning
//! (machine-applicable suggestions), the way `cargo fix` does: each finding
//! goes through rustc's JSON form to a `rustfix` suggestion, the
//! suggestions are applied to the text in memory, the result is linted
//! again (up to [`MAX_PASSES`] times, since one fix can make room for
//! another), and files are only written when every changed file still
//! parses, is under version control and has no uncommitted changes (unless
//! allowed), and has not changed on disk meanwhile. Each file is written
//! whole to a temporary file beside it, then renamed over it.

use std::collections::{BTreeMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::config::LintLevels;
use crate::diagnostic::{Applicability, Finding};
use crate::render::human::Options;
use crate::render::json;
use crate::source::{SourceEncoding, SourceFile};
use crate::unit::Unit;

/// How many times a unit is fixed and linted again at most.
pub const MAX_PASSES: usize = 4;

/// The fixes made to one file, in memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFix {
    pub path: PathBuf,
    /// The name shown to the user.
    pub name: String,
    /// The text as read from disk.
    pub original: String,
    /// The text with the fixes applied.
    pub fixed: String,
    /// The encoding the file is written in (a Python file may declare one).
    pub encoding: SourceEncoding,
    /// The lints whose findings were fixed, one entry per fix.
    pub fixed_lints: Vec<&'static str>,
}

/// What fixing a unit gave: the changed files and what was left.
#[derive(Clone, Debug, Default)]
pub struct UnitFixes {
    pub files: Vec<FileFix>,
    /// Findings left with a suggestion that `--fix` does not apply (it may change behaviour).
    pub left_unsafe: Vec<&'static str>,
    /// Files whose fixes were dropped because the result did not parse.
    pub rolled_back: Vec<String>,
}

/// The `rustfix` suggestion of a finding, taken from its rustc JSON (only
/// machine-applicable replacements), or `None` when it has none.
pub fn rustfix_suggestion(unit: &Unit, finding: &Finding) -> Option<rustfix::Suggestion> {
    let suggestion = finding.suggestion.as_ref()?;
    if suggestion.applicability != Applicability::MachineApplicable {
        return None;
    }
    let diagnostic = json::diagnostic(unit, finding, Options::default());
    let line = json::line(&diagnostic, None);
    rustfix::get_suggestions_from_json(
        &line,
        &HashSet::<String>::new(),
        rustfix::Filter::MachineApplicableOnly,
    )
    .ok()?
    .into_iter()
    .next()
}

/// Applies suggestions to a text; returns the new text and, for each
/// suggestion, whether it was applied (`false`: it overlapped one applied before).
pub fn apply(text: &str, suggestions: &[rustfix::Suggestion]) -> (String, Vec<bool>) {
    let mut fix = rustfix::CodeFix::new(text);
    let applied = suggestions
        .iter()
        .map(|suggestion| fix.apply(suggestion).is_ok())
        .collect();
    let fixed = fix.finish().unwrap_or_else(|_| text.to_string());
    (fixed, applied)
}

/// Fixes a unit in memory: applies its machine-applicable suggestions, lints
/// again, and repeats while something changes (at most [`MAX_PASSES`] times).
/// A file whose fixed text does not parse keeps its text from before that pass.
pub fn fix_unit(unit: &Unit, levels: &LintLevels) -> UnitFixes {
    let mut current = unit.clone();
    let mut fixed_lints: Vec<Vec<&'static str>> = vec![Vec::new(); unit.files.len()];
    let mut broken = vec![false; unit.files.len()];
    let mut out = UnitFixes::default();
    let mut findings = crate::check_unit(&current, levels);
    for _ in 0..MAX_PASSES {
        let mut per_file: BTreeMap<usize, Vec<(&'static str, rustfix::Suggestion)>> =
            BTreeMap::new();
        for finding in &findings {
            let file = finding.primary.span.file.0 as usize;
            if broken[file] {
                continue;
            }
            if let Some(suggestion) = rustfix_suggestion(&current, finding) {
                per_file
                    .entry(file)
                    .or_default()
                    .push((finding.lint.name, suggestion));
            }
        }
        let mut changed = false;
        for (file, suggestions) in per_file {
            let source = &current.files[file];
            let (names, suggestions): (Vec<_>, Vec<_>) = suggestions.into_iter().unzip();
            let (text, applied) = apply(&source.text, &suggestions);
            if text == source.text {
                continue;
            }
            if syn::parse_file(&text).is_err() && syn::parse_file(&source.text).is_ok() {
                broken[file] = true;
                out.rolled_back.push(source.name.clone());
                continue;
            }
            fixed_lints[file].extend(
                names
                    .iter()
                    .zip(&applied)
                    .filter(|(_, applied)| **applied)
                    .map(|(name, _)| *name),
            );
            let encoding = source.encoding;
            current.files[file] = SourceFile::new(&source.path, &source.name, text);
            current.files[file].encoding = encoding;
            changed = true;
        }
        if !changed {
            break;
        }
        findings = crate::check_unit(&current, levels);
    }
    out.left_unsafe = findings
        .iter()
        .filter(|f| {
            f.suggestion
                .as_ref()
                .is_some_and(|s| s.applicability != Applicability::MachineApplicable)
        })
        .map(|f| f.lint.name)
        .collect();
    for (index, (before, after)) in unit.files.iter().zip(&current.files).enumerate() {
        if before.text != after.text {
            out.files.push(FileFix {
                path: before.path.clone(),
                name: before.name.clone(),
                original: before.text.clone(),
                fixed: after.text.clone(),
                encoding: before.encoding,
                fixed_lints: std::mem::take(&mut fixed_lints[index]),
            });
        }
    }
    out
}

/// Which files `--fix` may change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VcsOptions {
    /// `--allow-dirty`: files with uncommitted changes.
    pub allow_dirty: bool,
    /// `--allow-staged`: files whose changes are all staged.
    pub allow_staged: bool,
    /// `--allow-no-vcs`: files outside any git repository.
    pub allow_no_vcs: bool,
}

/// Refuses to go on when a file to change is outside git, or has changes
/// that are not committed, unless the options allow it: `--fix` must never
/// mix its edits into work that cannot be told apart from them.
pub fn check_vcs(files: &[(&Path, &str)], options: VcsOptions) -> Result<(), String> {
    let mut by_repo: BTreeMap<PathBuf, Vec<(PathBuf, &str)>> = BTreeMap::new();
    let mut outside = Vec::new();
    for &(path, name) in files {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        match repo_root(&path) {
            Some(root) => by_repo.entry(root).or_default().push((path, name)),
            None => outside.push(name),
        }
    }
    if !outside.is_empty() && !options.allow_no_vcs {
        return Err(format!(
            "{} not in a git repository, so the fixes could not be reviewed or undone; \
             commit it to git first, or run with --allow-no-vcs",
            quoted_list(&outside, "is", "are")
        ));
    }
    if options.allow_dirty {
        return Ok(());
    }
    let mut dirty = Vec::new();
    for (root, files) in &by_repo {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["status", "--porcelain=v1", "-z", "--ignored=matching", "--"])
            .args(files.iter().map(|(path, _)| path))
            .output()
            .map_err(|e| format!("could not run `git status` in `{}`: {e}", root.display()))?;
        if !output.status.success() {
            return Err(format!(
                "`git status` failed in `{}`: {}",
                root.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        for entry in output.stdout.split(|&b| b == 0).filter(|e| e.len() > 3) {
            let (x, y) = (entry[0], entry[1]);
            let path = root.join(String::from_utf8_lossy(&entry[3..]).as_ref());
            let state = match (x, y) {
                (b'?', b'?') => "not committed yet",
                (b'!', b'!') => "ignored by git",
                (_, b' ') if options.allow_staged => continue,
                (_, b' ') => "staged, not committed",
                _ => "modified",
            };
            let name = files
                .iter()
                .find(|(p, _)| *p == path)
                .map_or_else(|| path.display().to_string(), |(_, name)| name.to_string());
            dirty.push(format!("`{name}` ({state})"));
        }
    }
    if dirty.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} uncommitted changes that the fixes would mix with: {}; commit or stash them, \
             or run with --allow-dirty",
            if dirty.len() == 1 {
                "1 file to fix has"
            } else {
                "files to fix have"
            },
            dirty.join(", ")
        ))
    }
}

fn quoted_list(names: &[&str], one: &str, many: &str) -> String {
    let list = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{list} {}", if names.len() == 1 { one } else { many })
}

/// The top folder of the git work tree that holds `path`, if any.
fn repo_root(path: &Path) -> Option<PathBuf> {
    let dir = if path.is_dir() { path } else { path.parent()? };
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let root = String::from_utf8(output.stdout).ok()?;
    let root = PathBuf::from(root.trim_end_matches(['\n', '\r']));
    Some(std::fs::canonicalize(&root).unwrap_or(root))
}

/// Writes a fixed file: checks that the file on disk is still the text that
/// was fixed and that it may be written (a read-only file is refused), writes the new text to a temporary file in the same folder with
/// the original's permissions, and renames it over the original (through a
/// symbolic link, the file it points to). Either the old or the new text is
/// on disk at every moment.
pub fn write(fix: &FileFix) -> Result<(), String> {
    let fail =
        |what: &str, e: &dyn std::fmt::Display| format!("could not {what} `{}`: {e}", fix.name);
    let target = std::fs::canonicalize(&fix.path).map_err(|e| fail("read", &e))?;
    let on_disk = std::fs::read(&target).map_err(|e| fail("read", &e))?;
    let encode = |text: &str| {
        fix.encoding.encode(text).ok_or_else(|| {
            format!(
                "could not write `{}`: the fixed text has a character its encoding cannot hold",
                fix.name
            )
        })
    };
    let (original, fixed) = (encode(&fix.original)?, encode(&fix.fixed)?);
    if on_disk != original {
        return Err(format!(
            "`{}` changed on disk while racelint was fixing it; it was left as it is",
            fix.name
        ));
    }
    let permissions = std::fs::metadata(&target)
        .map_err(|e| fail("read", &e))?
        .permissions();
    // The rename would replace a file that cannot be written (through the
    // folder's permission): refuse it, as an editor does.
    let writable = std::fs::OpenOptions::new().write(true).open(&target);
    if permissions.readonly() || writable.is_err() {
        return Err(format!(
            "`{}` is read-only, so racelint did not fix it; make it writable to apply the fixes",
            fix.name
        ));
    }
    drop(writable);
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::Builder::new()
        .prefix(".racelint-fix-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail("write next to", &e))?;
    temp.write_all(&fixed)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| fail("write", &e))?;
    std::fs::set_permissions(temp.path(), permissions).map_err(|e| fail("write", &e))?;
    temp.persist(&target)
        .map_err(|e| fail("replace", &e.error))?;
    Ok(())
}

/// The line that reports a fixed file: `fixed `src/main.rs` (2 fixes: lost_update)`.
pub fn fixed_line(fix: &FileFix) -> String {
    let count = fix.fixed_lints.len().max(1);
    let mut lints: Vec<&str> = fix.fixed_lints.clone();
    lints.sort_unstable();
    lints.dedup();
    format!(
        "fixed `{}` ({} {}{})",
        fix.name,
        count,
        if count == 1 { "fix" } else { "fixes" },
        if lints.is_empty() {
            String::new()
        } else {
            format!(": {}", lints.join(", "))
        }
    )
}

/// Writes every fix, after checking version control; reports each file on `err`.
pub fn write_all(
    fixes: &[FileFix],
    options: VcsOptions,
    err: &mut dyn Write,
) -> Result<(), String> {
    let files: Vec<(&Path, &str)> = fixes
        .iter()
        .map(|f| (f.path.as_path(), f.name.as_str()))
        .collect();
    check_vcs(&files, options)?;
    let mut failures = Vec::new();
    for fix in fixes {
        match write(fix) {
            Ok(()) => {
                let _ = writeln!(err, "{}", fixed_line(fix));
            }
            Err(error) => failures.push(error),
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("; "))
    }
}

/// Reports nothing to fix, or the findings left with fixes `--fix` does not apply.
pub fn write_left(
    left_unsafe: &[&str],
    rolled_back: &[String],
    err: &mut dyn Write,
) -> io::Result<()> {
    for name in rolled_back {
        writeln!(
            err,
            "warning: the fixes to `{name}` were not applied: the fixed file did not parse"
        )?;
    }
    if !left_unsafe.is_empty() {
        let mut lints: Vec<&str> = left_unsafe.to_vec();
        lints.sort_unstable();
        lints.dedup();
        writeln!(
            err,
            "{} left with a fix that may change behaviour ({}): review {} and apply by hand",
            if left_unsafe.len() == 1 {
                "1 finding".to_string()
            } else {
                format!("{} findings", left_unsafe.len())
            },
            lints.join(", "),
            if left_unsafe.len() == 1 { "it" } else { "them" }
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;
    use crate::lints;
    use crate::source::{FileId, Span};
    use crate::unit::Edition;

    const TEXT: &str = "fn main() {\n    let s = \"héllo\"; c.store(c.load(o) + 1, o);\n    c.store(c.load(o) + 2, o);\n}\n";

    fn unit(text: &str) -> Unit {
        Unit {
            files: vec![SourceFile::new("/p/src/main.rs", "src/main.rs", text)],
            edition: Edition::E2021,
        }
    }

    fn at(text: &str, needle: &str) -> Span {
        let lo = text.find(needle).unwrap();
        Span::new(FileId(0), lo..lo + needle.len())
    }

    fn finding(
        text: &str,
        needle: &str,
        replacement: &str,
        applicability: Applicability,
    ) -> Finding {
        let lint = lints::find("lost_update").unwrap();
        Finding::new(lint, at(text, needle), "the update can be lost").suggest(
            "add in one step",
            vec![Edit {
                span: at(text, needle),
                replacement: replacement.into(),
            }],
            applicability,
        )
    }

    #[test]
    fn only_machine_applicable_suggestions_become_rustfix_suggestions() {
        let unit = unit(TEXT);
        let safe = finding(
            TEXT,
            "c.store(c.load(o) + 1, o)",
            "c.fetch_add(1, o)",
            Applicability::MachineApplicable,
        );
        let unsure = finding(
            TEXT,
            "c.store(c.load(o) + 2, o)",
            "c.fetch_add(2, o)",
            Applicability::MaybeIncorrect,
        );
        assert!(rustfix_suggestion(&unit, &unsure).is_none());
        let suggestion = rustfix_suggestion(&unit, &safe).unwrap();
        let (fixed, applied) = apply(TEXT, &[suggestion]);
        assert_eq!(applied, [true]);
        // Non-ASCII before the span: byte offsets, not columns, place the edit.
        assert_eq!(
            fixed,
            "fn main() {\n    let s = \"héllo\"; c.fetch_add(1, o);\n    c.store(c.load(o) + 2, o);\n}\n"
        );
    }

    #[test]
    fn overlapping_suggestions_apply_the_first() {
        let unit = unit(TEXT);
        let a = finding(
            TEXT,
            "c.store(c.load(o) + 1, o)",
            "A",
            Applicability::MachineApplicable,
        );
        let b = finding(TEXT, "c.load(o) + 1", "B", Applicability::MachineApplicable);
        let suggestions: Vec<_> = [a, b]
            .iter()
            .map(|f| rustfix_suggestion(&unit, f).unwrap())
            .collect();
        let (fixed, applied) = apply(TEXT, &suggestions);
        assert_eq!(applied, [true, false]);
        assert!(fixed.contains("; A;\n"), "{fixed}");
    }

    #[test]
    fn fix_unit_removes_an_unused_suppression_and_relints_clean() {
        let text = "fn main() {\n    // racelint: allow(double_lock)\n    println!(\"hi\");\n}\n";
        let fixes = fix_unit(&unit(text), &LintLevels::default());
        assert_eq!(fixes.files.len(), 1);
        let fix = &fixes.files[0];
        assert_eq!(fix.fixed, "fn main() {\n    println!(\"hi\");\n}\n");
        assert_eq!(fix.fixed_lints, ["unused_suppression"]);
        assert_eq!(
            fixed_line(fix),
            "fixed `src/main.rs` (1 fix: unused_suppression)"
        );
        assert!(crate::check_unit(&unit(&fix.fixed), &LintLevels::default()).is_empty());
    }

    #[test]
    fn atomic_write_keeps_permissions_and_refuses_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rs");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let mut fix = FileFix {
            path: path.clone(),
            name: "a.rs".into(),
            original: "old".into(),
            fixed: "new".into(),
            encoding: SourceEncoding::Utf8,
            fixed_lints: vec!["lost_update"],
        };
        write(&fix).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        // The file on disk is no longer the text that was fixed.
        fix.fixed = "newer".into();
        let error = write(&fix).unwrap_err();
        assert_eq!(
            error,
            "`a.rs` changed on disk while racelint was fixing it; it was left as it is"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
    }

    #[test]
    #[cfg(unix)]
    fn a_read_only_file_is_refused_and_left_as_it_is() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rs");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let fix = FileFix {
            path: path.clone(),
            name: "src/a.rs".into(),
            original: "old".into(),
            fixed: "new".into(),
            encoding: SourceEncoding::Utf8,
            fixed_lints: vec!["lost_update"],
        };
        assert_eq!(
            write(&fix).unwrap_err(),
            "`src/a.rs` is read-only, so racelint did not fix it; make it writable to apply the fixes"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o444);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
    }
}
