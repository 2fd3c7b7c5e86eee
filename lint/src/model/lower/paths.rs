//! Paths, resolved through the module tree and `use` declarations of the
//! unit ([`Names`]): which static, function or method a path names, and
//! whether a call is std's `thread::spawn`, `thread::scope` or
//! `thread::Builder`, whatever the path looks like where it is written.

use super::*;

impl<'a> Builder<'a> {
    /// What a path names, seen from the module being walked.
    pub(super) fn resolve(&self, path: &syn::Path) -> Resolved {
        let segs = path_segments(path);
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        self.names.resolve(&self.module, &segs)
    }

    /// The `static` a path names, if it is one of the crate's.
    pub(super) fn static_obj(&self, path: &syn::Path) -> Option<ObjId> {
        match self.resolve(path) {
            Resolved::Local(p, ItemKind::Static) => self.statics.get(&p).copied(),
            _ => None,
        }
    }

    /// The crate's functions a call path names: a free function, or a method
    /// of one of the crate's types (`Type::f` and `Self::f` are never a free
    /// `fn f`). Another crate's function, or a name that cannot be resolved,
    /// names none: it is not followed.
    pub(super) fn path_callees(&self, segs: &[&str], resolved: Resolved) -> Vec<BodyId> {
        if let ["Self", name] = segs {
            return self
                .self_ty
                .as_deref()
                .map(|ty| self.methods_of(ty, name))
                .unwrap_or_default();
        }
        match resolved {
            Resolved::Local(p, ItemKind::Fn) => self.fn_paths.get(&p).cloned().unwrap_or_default(),
            Resolved::Local(p, ItemKind::Type | ItemKind::Trait) if p.len() >= 2 => {
                self.methods_of(&p[p.len() - 2], &p[p.len() - 1])
            }
            _ => Vec::new(),
        }
    }

    /// A chain of calls on `std::thread::Builder::new()`: its `spawn` starts a thread.
    pub(super) fn is_builder_chain(&self, expr: &Expr) -> bool {
        match expr {
            Expr::MethodCall(m) => self.is_builder_chain(&m.receiver),
            Expr::Paren(p) => self.is_builder_chain(&p.expr),
            Expr::Call(c) => match &*c.func {
                Expr::Path(p) => std_path(&self.resolve(&p.path)).is_some_and(|p| {
                    p.starts_with(&["std".into(), "thread".into(), "Builder".into()])
                }),
                _ => false,
            },
            _ => false,
        }
    }

    /// The crate's methods called `name` in an `impl` of the type `ty` (or a
    /// trait's default methods when `ty` is the trait).
    pub(super) fn methods_of(&self, ty: &str, name: &str) -> Vec<BodyId> {
        self.methods
            .get(name)
            .map(|m| {
                m.iter()
                    .filter(|(_, t)| t.as_deref() == Some(ty))
                    .map(|(b, _)| *b)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The path of another crate's item that a path names, with `std` supplied
/// for a `thread::..` that was never imported (code that does not compile
/// yet): `["std", "thread", "spawn"]`.
pub(super) fn std_path(resolved: &Resolved) -> Option<Vec<String>> {
    let Resolved::Extern(p) = resolved else {
        return None;
    };
    let mut p = p.clone();
    if p.first().is_some_and(|f| f == "thread") {
        p.insert(0, "std".into());
    }
    if p.first().is_some_and(|f| f == "core") {
        p[0] = "std".into();
    }
    Some(p)
}

impl Builder<'_> {
    /// Whether a type holds std's `JoinHandle`, however it is named
    /// (`JoinHandle<T>` after `use std::thread::JoinHandle`,
    /// `Option<thread::JoinHandle<()>>`, `Vec<JoinHandle<u32>>`).
    pub(super) fn names_std_join_handle(&self, ty: &Type) -> bool {
        struct Finder<'b, 'a> {
            builder: &'b Builder<'a>,
            found: bool,
        }
        impl<'ast> syn::visit::Visit<'ast> for Finder<'_, '_> {
            fn visit_path(&mut self, path: &'ast syn::Path) {
                if path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "JoinHandle")
                    && std_path(&self.builder.resolve(path))
                        .is_some_and(|p| p == ["std", "thread", "JoinHandle"])
                {
                    self.found = true;
                }
                syn::visit::visit_path(self, path);
            }
        }
        let mut finder = Finder {
            builder: self,
            found: false,
        };
        syn::visit::Visit::visit_type(&mut finder, ty);
        finder.found
    }
}

/// `std::thread::spawn`, however it is named (`thread::spawn`, `spawn` after
/// `use std::thread::spawn`, an alias); not a function of the crate's own
/// that happens to be called `spawn`.
pub(super) fn is_spawn_fn(resolved: &Resolved) -> bool {
    std_path(resolved).is_some_and(|p| p == ["std", "thread", "spawn"])
}

/// `std::thread::scope` and the scopes of crossbeam and rayon.
pub(super) fn is_scope_fn(resolved: &Resolved) -> bool {
    std_path(resolved).is_some_and(|p| {
        SCOPE_FNS
            .iter()
            .any(|f| p.iter().map(String::as_str).eq(f.iter().copied()))
    })
}

/// The names of a path's segments: `["thread", "spawn"]`.
pub(super) fn path_segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}
