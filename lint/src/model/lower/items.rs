//! Item collection: every function, method, static, type and `use` of the
//! unit, before any body is walked; nested items of a block; the queue of
//! bodies to walk.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn collect_items<'t>(
        &mut self,
        items: &'t [syn::Item],
        self_ty: Option<&str>,
        queue: &mut Vec<FnItem<'t>>,
    ) {
        for item in items {
            self.collect_item(item, self_ty, queue);
        }
    }

    pub(super) fn collect_item<'t>(
        &mut self,
        item: &'t syn::Item,
        _self_ty: Option<&str>,
        queue: &mut Vec<FnItem<'t>>,
    ) {
        if item_attrs(item)
            .and_then(cfg_condition)
            .is_some_and(|c| cfg_never(&c))
        {
            // Compiled only for targets without atomics: one core, no threads.
            return;
        }
        match item {
            syn::Item::Fn(f) => {
                let inner = self.collect_nested(&f.block, queue);
                self.queue_fn(&f.sig, &f.block, None, inner, queue);
                if f.attrs.iter().any(|a| a.path().is_ident("should_panic")) {
                    if let Some(body) = self.model.bodies.last_mut() {
                        body.expects_panic = true;
                    }
                }
            }
            syn::Item::Impl(imp) => {
                let ty = type_name(&imp.self_ty);
                if let (Some(_), Some((_, trait_path, _)), Some(ty)) =
                    (&imp.unsafety, &imp.trait_, &ty)
                {
                    let trait_name = trait_path
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default();
                    if trait_name == "Sync" || trait_name == "Send" {
                        let span = self.span_of(&imp.impl_token).to(self.span_of(&imp.self_ty));
                        let span = Span {
                            lo: self.span_of(&imp.unsafety).lo,
                            ..span
                        };
                        self.model.unsafe_impls.push(UnsafeImpl {
                            ty: ty.clone(),
                            trait_name,
                            span,
                        });
                    }
                }
                for item in &imp.items {
                    if let syn::ImplItem::Fn(f) = item {
                        let inner = self.collect_nested(&f.block, queue);
                        self.queue_fn(&f.sig, &f.block, ty.clone(), inner, queue);
                    }
                }
            }
            syn::Item::Trait(tr) => {
                for item in &tr.items {
                    if let syn::TraitItem::Fn(f) = item {
                        if let Some(block) = &f.default {
                            let inner = self.collect_nested(block, queue);
                            let ty = Some(tr.ident.to_string());
                            self.queue_fn(&f.sig, block, ty, inner, queue);
                        }
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    self.module.push(m.ident.to_string());
                    self.collect_items(items, None, queue);
                    self.module.pop();
                }
            }
            syn::Item::Static(s) => {
                let name = s.ident.to_string();
                let kind = if matches!(s.mutability, syn::StaticMutability::Mut(_)) {
                    ObjKind::StaticMut
                } else {
                    type_kind(&s.ty, &|n| self.names.defines_type(n)).unwrap_or(ObjKind::Unknown)
                };
                let span = self.span(s.ident.span());
                let obj = self.new_object(name.clone(), kind, span);
                if type_mentions(&s.ty, "AtomicPtr") {
                    self.model.atomic_ptrs.insert(obj);
                }
                // A static of the crate's own type: its methods are followed.
                if let Some(ty) = held_type_name(&s.ty).filter(|t| self.names.defines_type(t)) {
                    self.static_types.insert(obj, ty);
                }
                if type_name(&s.ty).is_some_and(|t| t.starts_with("Once") || t.starts_with("Lazy"))
                {
                    self.once_statics.insert(s.ident.to_string());
                }
                let mut path = self.module.clone();
                path.push(name);
                self.statics.insert(path, obj);
            }
            syn::Item::Enum(e) => {
                self.struct_names.insert(e.ident.to_string());
            }
            syn::Item::Struct(s) => {
                self.struct_names.insert(s.ident.to_string());
                for (i, field) in s.fields.iter().enumerate() {
                    let name = field
                        .ident
                        .as_ref()
                        .map_or_else(|| i.to_string(), |id| id.to_string());
                    // Fields are known by name: a name declared with different
                    // kinds in different structs tells nothing.
                    let kind = type_kind(&field.ty, &|n| self.names.defines_type(n));
                    match self.field_kinds.get(&name) {
                        Some(&known) if known != kind => {
                            self.field_kinds.insert(name.clone(), None);
                        }
                        Some(_) => {}
                        None => {
                            self.field_kinds.insert(name.clone(), kind);
                        }
                    }
                    if self.names_std_join_handle(&field.ty) {
                        self.handle_fields.insert(name.clone());
                    }
                    if let Some(ty) = held_type_name(&field.ty) {
                        self.field_types
                            .insert((s.ident.to_string(), name.clone()), ty);
                    }
                    // `rx: Mutex<Receiver<T>>`: the lock keeps a channel end.
                    if kind == Some(ObjKind::Mutex) && type_mentions(&field.ty, "Receiver") {
                        self.receiver_fields.insert(name.clone());
                    }
                    if let Some(interior) = interior_kind(&field.ty) {
                        self.interior_fields.insert(name, interior);
                    }
                }
            }
            syn::Item::Type(t) => {
                if let Some(kind) = type_kind(&t.ty, &|n| self.names.defines_type(n)) {
                    self.aliases.insert(t.ident.to_string(), kind);
                }
            }
            syn::Item::Macro(m) if m.mac.path.is_ident("thread_local") => {
                self.thread_locals.extend(thread_local_names(&m.mac.tokens));
            }
            _ => {}
        }
    }

    /// Items declared inside a function body (a nested `fn`, an `impl`, a
    /// `static`): they live in a module of the body's own, which is returned.
    pub(super) fn collect_nested<'t>(
        &mut self,
        block: &'t Block,
        queue: &mut Vec<FnItem<'t>>,
    ) -> ModPath {
        let nested = nested_items(block);
        if nested.is_empty() {
            return self.module.clone();
        }
        let inner = self.names.block_module(&self.module);
        self.names.declare_block(&inner, &nested);
        let outer = std::mem::replace(&mut self.module, inner.clone());
        for item in nested {
            self.collect_item(item, None, queue);
        }
        self.module = outer;
        inner
    }

    pub(super) fn queue_fn<'t>(
        &mut self,
        sig: &'t syn::Signature,
        block: &'t Block,
        self_ty: Option<String>,
        module: ModPath,
        queue: &mut Vec<FnItem<'t>>,
    ) {
        let name = sig.ident.to_string();
        self.note_guard_method(sig, block, self_ty.as_ref());
        if let (Some(ty), syn::ReturnType::Type(_, ret)) = (&self_ty, &sig.output) {
            let returns = type_name(ret);
            if returns.as_deref() == Some("Self") || returns.as_ref() == Some(ty) {
                self.constructors.insert((ty.clone(), name.clone()));
            }
        }
        let kind = if self_ty.is_some() {
            BodyKind::Method
        } else {
            BodyKind::Fn
        };
        let span = self.span(sig.ident.span());
        let body = self.new_body(name.clone(), span, kind);
        if self_ty.is_some() {
            self.methods
                .entry(name)
                .or_default()
                .push((body, self_ty.clone()));
        } else {
            let mut path = self.module.clone();
            path.push(name.clone());
            self.fn_paths.entry(path).or_default().push(body);
        }
        queue.push(FnItem {
            body,
            file: self.file,
            module,
            sig,
            block,
            self_ty,
        });
    }
}

/// The items declared directly inside a function body.
fn nested_items(block: &Block) -> Vec<&syn::Item> {
    struct Nested<'a>(Vec<&'a syn::Item>);
    impl<'a> syn::visit::Visit<'a> for Nested<'a> {
        fn visit_item(&mut self, item: &'a syn::Item) {
            self.0.push(item);
        }
    }
    let mut nested = Nested(Vec::new());
    syn::visit::Visit::visit_block(&mut nested, block);
    nested.0
}

/// The functions that [`Builder::collect_items`] queues for these items,
/// in the same order: how the walk finds them again in a slice of a file
/// parsed a second time.
pub(super) fn queued_fns<'t>(
    items: &'t [syn::Item],
    out: &mut Vec<(&'t syn::Signature, &'t Block)>,
) {
    for item in items {
        queued_fn(item, out);
    }
}

fn queued_fn<'t>(item: &'t syn::Item, out: &mut Vec<(&'t syn::Signature, &'t Block)>) {
    if item_attrs(item)
        .and_then(cfg_condition)
        .is_some_and(|c| cfg_never(&c))
    {
        return;
    }
    let mut function = |sig: &'t syn::Signature, block: &'t Block| {
        for nested in nested_items(block) {
            queued_fn(nested, out);
        }
        out.push((sig, block));
    };
    match item {
        syn::Item::Fn(f) => function(&f.sig, &f.block),
        syn::Item::Impl(imp) => {
            for item in &imp.items {
                if let syn::ImplItem::Fn(f) = item {
                    function(&f.sig, &f.block);
                }
            }
        }
        syn::Item::Trait(tr) => {
            for item in &tr.items {
                if let syn::TraitItem::Fn(f) = item
                    && let Some(block) = &f.default
                {
                    function(&f.sig, block);
                }
            }
        }
        syn::Item::Mod(m) => {
            if let Some((_, items)) = &m.content {
                queued_fns(items, out);
            }
        }
        _ => {}
    }
}
