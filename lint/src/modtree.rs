//! Which files of a package the compiler builds: those that a `mod NAME;`
//! declaration reaches from a target's root file.
//!
//! The declarations are found with a token scan, so a file whose syntax the
//! parser rejects still leads to its modules. Where the answer cannot be
//! known (a file that cannot be read or split into tokens, `include!`, a
//! `mod` written by a macro, a `#[path]` that is not a plain string), there
//! is no answer at all.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The files reached from `roots` by `mod` declarations (the roots
/// included), canonical; `None` when that cannot be established.
pub fn reached(roots: &[PathBuf]) -> Option<HashSet<PathBuf>> {
    let mut seen = HashSet::new();
    let mut queue: Vec<PathBuf> = roots.iter().map(|r| canonical(r)).collect();
    while let Some(file) = queue.pop() {
        if !file.exists() || !seen.insert(file.clone()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).ok()?;
        let tokens = TokenStream::from_str(strip_shebang(&text)).ok()?;
        let dir = file.parent()?.to_path_buf();
        // Where the file's own modules are: beside it (a root, a `mod.rs`,
        // a file loaded by `#[path]`) or in the folder named after it. Both
        // are taken: a file too many is only a finding kept.
        let mut bases = vec![dir.clone()];
        if let Some(stem) = file.file_stem().filter(|s| *s != "mod") {
            bases.push(dir.join(stem));
        }
        scan(tokens, &bases, std::slice::from_ref(&dir), &mut queue)?;
    }
    Some(seen)
}

/// Queues the files that the `mod` declarations of `tokens` name: `bases`
/// are the folders of plain declarations, `here` the folders `#[path]` may
/// be relative to.
fn scan(
    tokens: TokenStream,
    bases: &[PathBuf],
    here: &[PathBuf],
    queue: &mut Vec<PathBuf>,
) -> Option<()> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut path_attr: Option<String> = None;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                let mut j = i + 1;
                if matches!(tokens.get(j), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                    j += 1;
                }
                if let Some(TokenTree::Group(g)) = tokens.get(j)
                    && g.delimiter() == Delimiter::Bracket
                {
                    if let Some(path) = path_attribute(g.stream())? {
                        path_attr = Some(path);
                    }
                    i = j + 1;
                    continue;
                }
            }
            TokenTree::Ident(id) if id == "include" => {
                if matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!') {
                    return None;
                }
            }
            TokenTree::Ident(id) if id == "mod" => match (tokens.get(i + 1), tokens.get(i + 2)) {
                (Some(TokenTree::Ident(name)), Some(next)) => {
                    let name = name.to_string();
                    let name = name.strip_prefix("r#").unwrap_or(&name).to_string();
                    match next {
                        TokenTree::Punct(p) if p.as_char() == ';' => {
                            match path_attr.take() {
                                Some(path) => {
                                    for dir in here {
                                        queue.push(canonical(&dir.join(&path)));
                                    }
                                }
                                None => {
                                    for base in bases {
                                        queue.push(canonical(&base.join(format!("{name}.rs"))));
                                        queue.push(canonical(&base.join(&name).join("mod.rs")));
                                    }
                                }
                            }
                            i += 3;
                            continue;
                        }
                        TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                            let inner: Vec<PathBuf> = match path_attr.take() {
                                Some(path) => bases.iter().map(|b| b.join(&path)).collect(),
                                None => bases.iter().map(|b| b.join(&name)).collect(),
                            };
                            scan(g.stream(), &inner, &inner, queue)?;
                            i += 3;
                            continue;
                        }
                        _ => {}
                    }
                }
                // `mod $name;` in a macro: the module is made elsewhere.
                (Some(TokenTree::Punct(p)), _) if p.as_char() == '$' => return None,
                _ => {}
            },
            TokenTree::Group(g) => scan(g.stream(), bases, here, queue)?,
            _ => {}
        }
        path_attr = None;
        i += 1;
    }
    Some(())
}

/// The folder of an attribute `path = "..."`: `Some(None)` for another
/// attribute, `None` when the path is not a plain string.
fn path_attribute(attr: TokenStream) -> Option<Option<String>> {
    let tokens: Vec<TokenTree> = attr.into_iter().collect();
    match tokens.as_slice() {
        [TokenTree::Ident(id), TokenTree::Punct(eq), value @ ..]
            if id == "path" && eq.as_char() == '=' =>
        {
            match value {
                [TokenTree::Literal(lit)] => {
                    let text = lit.to_string();
                    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
                    if inner.contains('\\') {
                        return None;
                    }
                    Some(Some(inner.to_string()))
                }
                _ => None,
            }
        }
        // `#[cfg_attr(.., path = "..")]`: which path holds is not known here.
        [TokenTree::Ident(id), ..] if id == "cfg_attr" && attr_mentions_path(&tokens) => None,
        _ => Some(None),
    }
}

fn attr_mentions_path(tokens: &[TokenTree]) -> bool {
    tokens.iter().any(|t| match t {
        TokenTree::Ident(id) => id == "path",
        TokenTree::Group(g) => attr_mentions_path(&g.stream().into_iter().collect::<Vec<_>>()),
        _ => false,
    })
}

fn strip_shebang(text: &str) -> &str {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.starts_with("#!") && !text[2..].trim_start().starts_with('[') {
        &text[text.find('\n').unwrap_or(text.len())..]
    } else {
        text
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    fn names(dir: &Path, set: &HashSet<PathBuf>) -> Vec<String> {
        let dir = canonical(dir);
        let mut names: Vec<String> = set
            .iter()
            .filter(|p| p.is_file())
            .map(|p| p.strip_prefix(&dir).unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn follows_declarations_paths_and_inline_modules() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[
                (
                    "src/main.rs",
                    "mod a; #[path = \"other/c.rs\"] mod c; mod n { mod b; } fn main() { let x = ; }",
                ),
                ("src/a.rs", "mod d;"),
                ("src/a/d.rs", ""),
                ("src/other/c.rs", ""),
                ("src/n/b/mod.rs", ""),
                ("src/stray.rs", "fn ("),
            ],
        );
        let set = reached(&[dir.path().join("src/main.rs")]).unwrap();
        assert_eq!(
            names(dir.path(), &set),
            [
                "src/a.rs",
                "src/a/d.rs",
                "src/main.rs",
                "src/n/b/mod.rs",
                "src/other/c.rs"
            ]
        );
    }

    #[test]
    fn unknown_when_it_cannot_be_established() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[("src/main.rs", "include!(\"x.rs\"); fn main() {}")],
        );
        assert!(reached(&[dir.path().join("src/main.rs")]).is_none());
        write(dir.path(), &[("src/main.rs", "fn main() {")]);
        assert!(reached(&[dir.path().join("src/main.rs")]).is_none());
        write(
            dir.path(),
            &[(
                "src/main.rs",
                "macro_rules! m { ($n:ident) => { mod $n; } }",
            )],
        );
        assert!(reached(&[dir.path().join("src/main.rs")]).is_none());
    }
}
