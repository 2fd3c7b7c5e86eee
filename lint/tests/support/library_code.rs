//! Which parts of a crate's sources are its library code, and which are its
//! tests: shared by the real-code test (`tests/real_code.rs`) and the
//! benchmark's scorer (`examples/wild_score.rs`), which judge library code by
//! a stricter bar than tests.
//!
//! Test code is a file under a `tests`, `benches`, `examples` or `fuzz`
//! folder, a file named `test.rs` or `tests.rs`, a loom model file
//! (`loom_*.rs`), or an item marked `#[test]` or `#[cfg(test)]` (also inside
//! `all(..)` / `any(..)`, never under `not(..)`).

use std::ops::RangeInclusive;
use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::visit::Visit;

/// Folders whose files are never library code.
const TEST_FOLDERS: &[&str] = &["tests", "benches", "examples", "fuzz"];

/// Whether a folder holds only tests (by its own name).
pub fn is_test_folder(dir: &Path) -> bool {
    dir.file_name()
        .is_some_and(|name| TEST_FOLDERS.iter().any(|folder| name == *folder))
}

/// Whether a file is test code by its path (relative to the crate's root or
/// absolute: any folder on the way counts).
pub fn is_test_path(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    name == "test.rs"
        || name == "tests.rs"
        || name.starts_with("loom_")
        || path.ancestors().skip(1).any(is_test_folder)
}

/// The lines (1-based, inclusive) of the items in `text` that only exist in
/// tests. A file that does not parse has none.
pub fn test_lines(text: &str) -> Vec<RangeInclusive<usize>> {
    let Ok(file) = syn::parse_file(text) else {
        return Vec::new();
    };
    let mut finder = TestItems::default();
    finder.visit_file(&file);
    finder.lines
}

/// Whether line `line` of a file is library code: neither its path nor the
/// item around the line is a test.
pub fn is_library_line(path: &Path, tests: &[RangeInclusive<usize>], line: usize) -> bool {
    !is_test_path(path) && !tests.iter().any(|range| range.contains(&line))
}

#[derive(Default)]
struct TestItems {
    lines: Vec<RangeInclusive<usize>>,
}

impl TestItems {
    /// Records `item` if its attributes make it test-only; says whether it did.
    fn record(&mut self, attrs: &[syn::Attribute], item: &impl Spanned) -> bool {
        if !attrs.iter().any(is_test_attribute) {
            return false;
        }
        let span = item.span();
        self.lines.push(span.start().line..=span.end().line);
        true
    }
}

impl<'ast> Visit<'ast> for TestItems {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match item {
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Macro(m) => &m.attrs,
            _ => &[],
        };
        if !self.record(attrs, item) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        if !self.record(&item.attrs, item) {
            syn::visit::visit_impl_item_fn(self, item);
        }
    }
}

/// `#[test]`, or a `#[cfg(..)]` that needs `test` (not under `not(..)`).
fn is_test_attribute(attr: &syn::Attribute) -> bool {
    let path = attr.path();
    if path.is_ident("test") {
        return true;
    }
    if !path.is_ident("cfg") {
        return false;
    }
    match &attr.meta {
        syn::Meta::List(list) => needs_test(list.tokens.clone()),
        _ => false,
    }
}

/// Whether a cfg predicate mentions `test` outside any `not(..)`.
fn needs_test(tokens: TokenStream) -> bool {
    let mut after_not = false;
    for token in tokens {
        match token {
            TokenTree::Ident(ident) if ident == "test" => return true,
            TokenTree::Ident(ident) => after_not = ident == "not",
            TokenTree::Group(group) => {
                if !after_not && needs_test(group.stream()) {
                    return true;
                }
                after_not = false;
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => after_not = false,
        }
    }
    false
}
