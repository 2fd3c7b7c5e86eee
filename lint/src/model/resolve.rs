//! Names, resolved the way the compiler resolves them: the crate's module
//! tree (from the files' places in the package and inline `mod`s), each
//! module's `use` declarations (renames and globs included), and the items
//! declared in each module and in each function body. A path written in some
//! module resolves to an item of the crate, to a path outside it
//! (`std::thread::spawn`), or to nothing known: unknown stays unknown.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path};

use crate::source::FileId;

/// A module's path from the crate root (`[]` is the root). The body of a
/// function that declares items is a module of its own, named `{n}`.
pub(crate) type ModPath = Vec<String>;

/// The names `std::thread` exports that the analysis cares about.
const STD_THREAD_NAMES: &[&str] = &[
    "spawn",
    "scope",
    "sleep",
    "current",
    "Builder",
    "JoinHandle",
];

/// What a name declared in a module is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ItemKind {
    Fn,
    /// A struct, enum, union or type alias.
    Type,
    Static,
    Mod,
    Trait,
    /// A `thread_local!` key: each thread has its own value.
    ThreadLocal,
}

/// Where a path leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// An item of this crate, by its full path.
    Local(Vec<String>, ItemKind),
    /// A path into another crate, spelled from that crate's name (`std::thread::spawn`).
    Extern(Vec<String>),
    /// A module of this crate whose items are not known (a file outside the unit),
    /// a name from a glob, or nothing at all.
    Unknown,
}

#[derive(Default)]
struct Scope {
    /// `use a::b as c`: `c` -> the resolved target.
    uses: HashMap<String, Resolved>,
    /// `use a::b::*`: the modules whose names come in.
    globs: Vec<Resolved>,
    /// For the module of a function body: the module the function is in.
    parent: Option<ModPath>,
}

#[derive(Default)]
pub(crate) struct Names {
    file_mods: HashMap<FileId, ModPath>,
    scopes: HashMap<ModPath, Scope>,
    items: HashMap<Vec<String>, ItemKind>,
    /// The names of the structs, enums and unions the unit defines.
    type_names: HashSet<String>,
    /// `use` declarations waiting for every item to be known: (module, tree prefix, tree).
    pending: Vec<(ModPath, Vec<String>, syn::UseTree)>,
    /// The same for the items of function bodies.
    block_uses: Vec<(ModPath, Vec<String>, syn::UseTree)>,
    blocks: u32,
    /// A unit of one file: its items are in the crate root.
    single: bool,
}

impl Names {
    /// The module tree and the items of a unit.
    #[cfg(test)]
    pub fn build(files: &[crate::analyze::ParsedFile<'_>]) -> Names {
        let mut s = Names::new(files.len() == 1);
        for file in files {
            if let crate::unit::Syntax::Whole(syntax) = &file.syntax {
                s.declare_file(file.id, &file.source.path, &syntax.items);
            }
        }
        s.finish();
        s
    }

    /// Names for a unit of `single` file or of several; the files' items are
    /// declared with [`Names::declare_file`], then [`Names::finish`] reads
    /// the `use` declarations once every item is known.
    pub fn new(single: bool) -> Names {
        Names {
            single,
            ..Names::default()
        }
    }

    /// Declares top-level items of a file (all of them, or one slice's).
    pub fn declare_file(&mut self, file: FileId, path: &Path, items: &[syn::Item]) {
        let module = if self.single {
            Vec::new()
        } else {
            file_module(path)
        };
        self.file_mods.insert(file, module.clone());
        self.declare(&module, items);
    }

    /// Reads the `use` declarations: the files' first, then those of
    /// function bodies, each in the order they were declared.
    pub fn finish(&mut self) {
        for (module, prefix, tree) in std::mem::take(&mut self.pending) {
            self.add_use(&module, prefix, &tree);
        }
        for (module, prefix, tree) in std::mem::take(&mut self.block_uses) {
            self.add_use(&module, prefix, &tree);
        }
    }

    /// Whether the unit defines a struct, enum or union of this name.
    pub fn defines_type(&self, name: &str) -> bool {
        self.type_names.contains(name)
    }

    /// Names of structs, enums and unions the unit defines, known before
    /// their items are declared (from the tokens of a slice not yet parsed).
    pub fn add_type_names(&mut self, names: impl IntoIterator<Item = String>) {
        self.type_names.extend(names);
    }

    /// The module a file's top-level items are in.
    pub(crate) fn file_module(&self, file: FileId) -> ModPath {
        self.file_mods.get(&file).cloned().unwrap_or_default()
    }

    /// A new module for the items declared in a function body, inside `parent`.
    /// Its items are declared by the caller with [`Names::declare_block`].
    pub fn block_module(&mut self, parent: &ModPath) -> ModPath {
        self.blocks += 1;
        let mut m = parent.clone();
        m.push(format!("{{{}}}", self.blocks));
        self.scopes.entry(m.clone()).or_default().parent = Some(parent.clone());
        m
    }

    /// Declares the items of a function body (found by the caller) in
    /// `module`; its `use` declarations are read by [`Names::finish`].
    pub fn declare_block(&mut self, module: &ModPath, items: &[&syn::Item]) {
        let files = self.pending.len();
        for item in items {
            self.declare_item(module, item);
        }
        self.block_uses.extend(self.pending.drain(files..));
    }

    fn declare(&mut self, module: &ModPath, items: &[syn::Item]) {
        self.scopes.entry(module.clone()).or_default();
        for item in items {
            self.declare_item(module, item);
        }
    }

    fn declare_item(&mut self, module: &ModPath, item: &syn::Item) {
        let add =
            |name: &syn::Ident, kind: ItemKind, items: &mut HashMap<Vec<String>, ItemKind>| {
                let mut path = module.clone();
                path.push(name.to_string());
                items.insert(path, kind);
            };
        match item {
            syn::Item::Fn(f) => add(&f.sig.ident, ItemKind::Fn, &mut self.items),
            syn::Item::Struct(x) => {
                self.type_names.insert(x.ident.to_string());
                add(&x.ident, ItemKind::Type, &mut self.items)
            }
            syn::Item::Enum(x) => {
                self.type_names.insert(x.ident.to_string());
                add(&x.ident, ItemKind::Type, &mut self.items)
            }
            syn::Item::Union(x) => {
                self.type_names.insert(x.ident.to_string());
                add(&x.ident, ItemKind::Type, &mut self.items)
            }
            syn::Item::Type(x) => add(&x.ident, ItemKind::Type, &mut self.items),
            syn::Item::Trait(x) => add(&x.ident, ItemKind::Trait, &mut self.items),
            syn::Item::Static(x) => add(&x.ident, ItemKind::Static, &mut self.items),
            syn::Item::Const(x) => add(&x.ident, ItemKind::Static, &mut self.items),
            syn::Item::Mod(m) => {
                add(&m.ident, ItemKind::Mod, &mut self.items);
                if let Some((_, items)) = &m.content {
                    let mut inner = module.clone();
                    inner.push(m.ident.to_string());
                    self.declare(&inner, items);
                }
            }
            syn::Item::Use(u) => {
                self.pending
                    .push((module.clone(), Vec::new(), u.tree.clone()));
            }
            syn::Item::Macro(m) if m.mac.path.is_ident("thread_local") => {
                for name in thread_local_names(&m.mac.tokens) {
                    let mut path = module.clone();
                    path.push(name);
                    self.items.insert(path, ItemKind::ThreadLocal);
                }
            }
            _ => {}
        }
    }

    fn add_use(&mut self, module: &ModPath, mut prefix: Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.add_use(module, prefix, &p.tree);
            }
            // `use a::b`, `use a::b as c`, `use a::{self}`, `use a::{self as c}`.
            syn::UseTree::Name(n) => {
                let name = n.ident.to_string();
                if name != "self" {
                    prefix.push(name);
                }
                if let Some(alias) = prefix.last().cloned() {
                    self.bind_use(module, alias, &prefix);
                }
            }
            syn::UseTree::Rename(r) => {
                if r.ident != "self" {
                    prefix.push(r.ident.to_string());
                }
                if r.rename != "_" {
                    self.bind_use(module, r.rename.to_string(), &prefix);
                }
            }
            syn::UseTree::Glob(_) => {
                let target = self.resolve_use(module, &prefix);
                self.scopes
                    .entry(module.clone())
                    .or_default()
                    .globs
                    .push(target);
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.add_use(module, prefix.clone(), t);
                }
            }
        }
    }

    /// `use path as alias` in `module`.
    fn bind_use(&mut self, module: &ModPath, alias: String, path: &[String]) {
        let target = self.resolve_use(module, path);
        self.scopes
            .entry(module.clone())
            .or_default()
            .uses
            .insert(alias, target);
    }

    /// A `use` path: from the crate root (`crate::`), relative (`self::`,
    /// `super::`, a name declared in the module), or another crate's.
    fn resolve_use(&self, module: &ModPath, path: &[String]) -> Resolved {
        let segs: Vec<&str> = path.iter().map(String::as_str).collect();
        match segs.first() {
            Some(&("crate" | "self" | "super")) => self.resolve(module, &segs),
            Some(first) if self.declared_here(module, first) => self.resolve(module, &segs),
            Some(_) => {
                let mut p: Vec<String> = path.to_vec();
                if p.first().is_some_and(|f| f.is_empty()) {
                    p.remove(0);
                }
                Resolved::Extern(p)
            }
            None => Resolved::Unknown,
        }
    }

    fn declared_here(&self, module: &ModPath, name: &str) -> bool {
        let mut path = real_module(module);
        path.push(name.to_string());
        self.items.contains_key(&path)
    }

    /// What a path written in `module` names. `Self` is left to the caller.
    pub fn resolve(&self, module: &ModPath, segs: &[&str]) -> Resolved {
        let Some((&first, rest)) = segs.split_first() else {
            return Resolved::Unknown;
        };
        let base: Vec<String> = match first {
            "crate" => Vec::new(),
            "self" => real_module(module),
            "super" => {
                let mut m = real_module(module);
                m.pop();
                let mut rest = rest;
                while rest.first() == Some(&"super") {
                    m.pop();
                    rest = &rest[1..];
                }
                return self.resolve_from(m, rest);
            }
            _ => return self.resolve_name(module, first, rest),
        };
        self.resolve_from(base, rest)
    }

    /// `rest` inside the crate's module `base`.
    fn resolve_from(&self, base: Vec<String>, rest: &[&str]) -> Resolved {
        if rest.is_empty() {
            return Resolved::Local(base, ItemKind::Mod);
        }
        let (first, tail) = (rest[0], &rest[1..]);
        self.resolve_name(&base, first, tail)
    }

    /// A path whose first segment is a plain name, seen from `module`.
    fn resolve_name(&self, module: &ModPath, first: &str, rest: &[&str]) -> Resolved {
        let mut here = module.clone();
        loop {
            let mut path = here.clone();
            path.push(first.to_string());
            if let Some(&kind) = self.items.get(&path) {
                return self.descend(path, kind, rest);
            }
            let scope = self.scopes.get(&here);
            if let Some(target) = scope.and_then(|s| s.uses.get(first)) {
                return self.follow(target.clone(), rest);
            }
            // A function body's module sees its parent's names.
            match scope.and_then(|s| s.parent.clone()) {
                Some(parent) => here = parent,
                None => break,
            }
        }
        // Names from glob imports: an item of the crate wins; one glob of
        // another crate is taken at its word; anything else is unknown.
        let mut here = Some(module.clone());
        let mut externs = Vec::new();
        while let Some(scope) = here.as_ref().and_then(|m| self.scopes.get(m)) {
            for glob in &scope.globs {
                match glob {
                    Resolved::Local(m, ItemKind::Mod | ItemKind::Type) => {
                        if let Some(found) = self.glob_name(m, first, rest, 3) {
                            return found;
                        }
                    }
                    Resolved::Extern(m) => externs.push(m.clone()),
                    _ => {}
                }
            }
            here = scope.parent.clone();
        }
        // `use std::thread::*;` beside other globs still brings std's thread names.
        if externs.len() > 1 && STD_THREAD_NAMES.contains(&first) {
            externs.retain(|m| m == &["std", "thread"]);
        }
        if externs.len() == 1 {
            let mut path = externs.pop().unwrap_or_default();
            path.push(first.to_string());
            path.extend(rest.iter().map(|s| s.to_string()));
            return Resolved::Extern(path);
        }
        if !rest.is_empty() && !self.scopes.contains_key(&vec![first.to_string()]) {
            // `std::thread::spawn`, `rayon::scope`: another crate by name.
            let mut path = vec![first.to_string()];
            path.extend(rest.iter().map(|s| s.to_string()));
            return Resolved::Extern(path);
        }
        Resolved::Unknown
    }

    /// A name brought in by `use m::*`: an item of `m`, a name `m` imports,
    /// or (a few levels deep) a name of a module `m` glob-imports itself.
    fn glob_name(&self, m: &ModPath, first: &str, rest: &[&str], depth: u32) -> Option<Resolved> {
        let mut path = m.clone();
        path.push(first.to_string());
        if let Some(&kind) = self.items.get(&path) {
            return Some(self.descend(path, kind, rest));
        }
        let scope = self.scopes.get(m)?;
        if let Some(target) = scope.uses.get(first) {
            return Some(self.follow(target.clone(), rest));
        }
        if depth == 0 {
            return None;
        }
        scope.globs.iter().find_map(|glob| match glob {
            Resolved::Local(inner, ItemKind::Mod) => self.glob_name(inner, first, rest, depth - 1),
            _ => None,
        })
    }

    /// The rest of a path below what a `use` names.
    fn follow(&self, target: Resolved, rest: &[&str]) -> Resolved {
        match target {
            Resolved::Local(path, kind) => self.descend(path, kind, rest),
            Resolved::Extern(mut path) => {
                path.extend(rest.iter().map(|s| s.to_string()));
                Resolved::Extern(path)
            }
            Resolved::Unknown => Resolved::Unknown,
        }
    }

    /// The rest of a path below an item of the crate.
    fn descend(&self, path: Vec<String>, kind: ItemKind, rest: &[&str]) -> Resolved {
        if rest.is_empty() {
            return Resolved::Local(path, kind);
        }
        match kind {
            ItemKind::Mod => self.resolve_from(path, rest),
            // `Type::method`: the caller looks the method up on the type.
            ItemKind::Type | ItemKind::Trait => {
                let mut p = path;
                p.extend(rest.iter().map(|s| s.to_string()));
                Resolved::Local(p, kind)
            }
            _ => Resolved::Unknown,
        }
    }
}

/// The module a function body's module is in (a real module is its own).
fn real_module(module: &ModPath) -> ModPath {
    module
        .iter()
        .take_while(|s| !s.starts_with('{'))
        .cloned()
        .collect()
}

/// The module of a file from its place in the package: `src/lib.rs`,
/// `src/main.rs`, `src/bin/x.rs`, `tests/t.rs` are crate roots; `src/a.rs`
/// and `src/a/mod.rs` are `a`; `src/a/b.rs` is `a::b`.
pub(crate) fn file_module(path: &Path) -> ModPath {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    // The package folder that holds the file's crate: the `src`, `tests`,
    // `examples` or `benches` folder next to a `Cargo.toml` (so that
    // `src/sync/tests/x.rs` is a module of the library, not a test crate);
    // without a manifest to tell, the last `src`, else the last of the others.
    let is_anchor = |p: &&str| matches!(*p, "src" | "tests" | "examples" | "benches");
    let normal = |p: &Path| {
        p.components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .count()
    };
    let anchor = path
        .ancestors()
        .skip(1)
        .find(|dir| {
            dir.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| is_anchor(&n))
                && dir.parent().is_some_and(|p| p.join("Cargo.toml").is_file())
        })
        .map(|dir| normal(dir) - 1)
        .or_else(|| parts.iter().rposition(|p| *p == "src"))
        .or_else(|| parts.iter().rposition(is_anchor));
    let Some(anchor) = anchor else {
        return Vec::new();
    };
    let mut rel: Vec<&str> = parts[anchor + 1..].to_vec();
    // A crate of its own: a binary in `src/bin/`, a test, an example, a bench.
    let own_root = parts[anchor] != "src" || rel.first() == Some(&"bin");
    if parts[anchor] == "src" && rel.first() == Some(&"bin") {
        rel.remove(0);
    }
    if own_root && (rel.len() == 1 || (rel.len() == 2 && rel[1] == "main.rs")) {
        return Vec::new();
    }
    if own_root && parts[anchor] == "src" {
        // `src/bin/tool/helper.rs`: a module of the binary `tool`.
        rel.remove(0);
    }
    let Some(last) = rel.pop() else {
        return Vec::new();
    };
    let stem = last.strip_suffix(".rs").unwrap_or(last);
    let mut module: ModPath = rel.iter().map(|s| s.to_string()).collect();
    if module.is_empty() && matches!(stem, "lib" | "main" | "build") {
        return module;
    }
    if stem != "mod" {
        module.push(stem.to_string());
    }
    module
}

/// The names declared by a `thread_local! { static NAME: T = ..; }`.
fn thread_local_names(tokens: &proc_macro2::TokenStream) -> Vec<String> {
    let mut names = Vec::new();
    let mut after_static = false;
    for token in tokens.clone() {
        match token {
            proc_macro2::TokenTree::Ident(i) if i == "static" => after_static = true,
            proc_macro2::TokenTree::Ident(i) if after_static => {
                after_static = false;
                names.push(i.to_string());
            }
            _ => {}
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::analyze::parse;
    use crate::source::SourceFile;

    fn names(files: &[(&str, &str)]) -> Names {
        let sources: Vec<SourceFile> = files
            .iter()
            .map(|(path, text)| SourceFile::new(*path, *path, *text))
            .collect();
        let parsed: Vec<_> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                parse(FileId(i as u32), s).unwrap_or_else(|_| panic!("{} parses", s.name))
            })
            .collect();
        Names::build(&parsed)
    }

    fn at(module: &[&str]) -> ModPath {
        module.iter().map(|s| s.to_string()).collect()
    }

    fn local(path: &[&str], kind: ItemKind) -> Resolved {
        Resolved::Local(at(path), kind)
    }

    fn external(path: &[&str]) -> Resolved {
        Resolved::Extern(at(path))
    }

    #[test]
    fn files_are_modules_by_their_place_in_the_package() {
        for (path, module) in [
            ("pkg/src/lib.rs", vec![]),
            ("pkg/src/main.rs", vec![]),
            ("pkg/src/bank.rs", vec!["bank"]),
            ("pkg/src/bank/mod.rs", vec!["bank"]),
            ("pkg/src/bank/ledger.rs", vec!["bank", "ledger"]),
            ("pkg/src/bin/tool.rs", vec![]),
            ("pkg/src/bin/tool/main.rs", vec![]),
            ("pkg/src/bin/tool/helper.rs", vec!["helper"]),
            (
                "pkg/src/sync/tests/loom_list.rs",
                vec!["sync", "tests", "loom_list"],
            ),
            ("pkg/tests/it.rs", vec![]),
            ("pkg/tests/common/mod.rs", vec!["common"]),
            ("loose.rs", vec![]),
        ] {
            assert_eq!(file_module(Path::new(path)), at(&module), "{path}");
        }
    }

    #[test]
    fn uses_renames_and_globs() {
        let n = names(&[(
            "src/main.rs",
            "use std::thread::spawn as go;\n\
             use std::{sync::Mutex, thread};\n\
             use crate::pool::*;\n\
             mod pool { pub fn start() {} pub struct Pool; }\n\
             mod thread2 { use super::*; fn f() {} }\n",
        )]);
        let root = at(&[]);
        assert_eq!(
            n.resolve(&root, &["go"]),
            external(&["std", "thread", "spawn"])
        );
        assert_eq!(
            n.resolve(&root, &["thread", "scope"]),
            external(&["std", "thread", "scope"])
        );
        assert_eq!(
            n.resolve(&root, &["start"]),
            local(&["pool", "start"], ItemKind::Fn)
        );
        assert_eq!(
            n.resolve(&root, &["Pool", "new"]),
            local(&["pool", "Pool", "new"], ItemKind::Type)
        );
        // Through `use super::*` in a child module.
        assert_eq!(
            n.resolve(&at(&["thread2"]), &["start"]),
            local(&["pool", "start"], ItemKind::Fn)
        );
        assert_eq!(
            n.resolve(&at(&["thread2"]), &["super", "pool", "start"]),
            local(&["pool", "start"], ItemKind::Fn)
        );
        // Nothing by that name anywhere.
        assert_eq!(n.resolve(&root, &["stop"]), Resolved::Unknown);
    }

    #[test]
    fn a_module_of_the_crate_hides_the_std_one() {
        let n = names(&[(
            "x.rs",
            "mod thread { pub fn spawn<F: FnOnce()>(f: F) { f() } }\n",
        )]);
        assert_eq!(
            n.resolve(&at(&[]), &["thread", "spawn"]),
            local(&["thread", "spawn"], ItemKind::Fn)
        );
    }

    #[test]
    fn std_thread_names_win_among_several_globs() {
        let n = names(&[("x.rs", "use std::sync::*;\nuse std::thread::*;\n")]);
        assert_eq!(
            n.resolve(&at(&[]), &["spawn"]),
            external(&["std", "thread", "spawn"])
        );
        assert_eq!(n.resolve(&at(&[]), &["channel"]), Resolved::Unknown);
    }

    #[test]
    fn items_of_a_function_body_live_in_its_own_module() {
        let mut n = names(&[("x.rs", "static COUNTER: u32 = 0;\nfn f() {}\n")]);
        let root = at(&[]);
        let body = n.block_module(&root);
        let item: syn::Item = syn::parse_str("static mut COUNTER: u32 = 0;").unwrap();
        n.declare_block(&body, &[&item]);
        let mut inner = body.clone();
        inner.push("COUNTER".into());
        assert_eq!(
            n.resolve(&body, &["COUNTER"]),
            Resolved::Local(inner, ItemKind::Static)
        );
        assert_eq!(
            n.resolve(&root, &["COUNTER"]),
            local(&["COUNTER"], ItemKind::Static)
        );
        // The body's module sees its parent's items.
        assert_eq!(n.resolve(&body, &["f"]), local(&["f"], ItemKind::Fn));
    }
}
