//! Places and writes: assignment targets, unsynchronized writes (`static mut`,
//! raw pointers, fields), reads through guards, and the objects that stand
//! for fields, elements and text.

use super::*;

impl<'a> Builder<'a> {
    /// The object written when a place is `*self.cell.get()` or `*ptr`
    /// through a raw pointer.
    pub(super) fn unsynchronized_target(&mut self, place: &Expr) -> Option<(ObjId, WriteHow)> {
        let mut e = strip_parens(place);
        // Look through `(*p).field` and `(*p)[i]`.
        while let Expr::Field(f) = e {
            e = strip_parens(&f.base);
        }
        while let Expr::Index(i) = e {
            e = strip_parens(&i.expr);
        }
        let Expr::Unary(u) = e else { return None };
        if !matches!(u.op, syn::UnOp::Deref(_)) {
            return None;
        }
        let mut inner = strip_parens(&u.expr);
        // `*self.pixels.add(i)`
        while let Expr::MethodCall(m) = inner {
            if matches!(
                m.method.to_string().as_str(),
                "add" | "offset" | "wrapping_add" | "sub"
            ) {
                inner = strip_parens(&m.receiver);
            } else {
                break;
            }
        }
        if let Some(obj) = self.raw_field(inner) {
            let through_self =
                matches!(place_root(inner), Expr::Path(p) if p.path.is_ident("self"));
            let how = if through_self {
                WriteHow::Interior
            } else {
                WriteHow::RawPointer
            };
            return Some((obj, how));
        }
        if let Expr::MethodCall(m) = inner {
            if matches!(m.method.to_string().as_str(), "get" | "as_ptr") && m.args.is_empty() {
                if let Expr::Field(f) = strip_parens(&m.receiver) {
                    if let syn::Member::Named(field) = &f.member {
                        if self.interior_fields.get(&field.to_string())
                            == Some(&Interior::UnsafeCell)
                        {
                            let base = self.walk_expr(&f.base);
                            let obj = match base.obj {
                                Some(b) => {
                                    self.field_object(b, &field.to_string(), self.span_of(field))
                                }
                                None => self.text_object(&m.receiver, ObjKind::Unknown),
                            };
                            return Some((obj, WriteHow::Interior));
                        }
                    }
                }
            }
        }
        let val = self.peek_raw(inner)?;
        Some((val, WriteHow::RawPointer))
    }

    /// `self.ptr` where the field is a raw pointer: the object written through it.
    pub(super) fn raw_field(&mut self, expr: &Expr) -> Option<ObjId> {
        let Expr::Field(f) = strip_parens(expr) else {
            return None;
        };
        let name = match &f.member {
            syn::Member::Named(n) => n.to_string(),
            syn::Member::Unnamed(i) => i.index.to_string(),
        };
        if self.interior_fields.get(&name) != Some(&Interior::RawPtr) {
            return None;
        }
        let base = self.peek_val(&f.base);
        Some(match base.obj {
            Some(b) => self.field_object(b, &name, self.span_of(&f.member)),
            None => self.text_object(expr, ObjKind::Unknown),
        })
    }

    /// The origin object of a raw pointer expression, if it is one.
    pub(super) fn peek_raw(&mut self, expr: &Expr) -> Option<ObjId> {
        match strip_parens(expr) {
            Expr::Cast(c) if matches!(&*c.ty, Type::Ptr(_)) => {
                let val = self.walk_expr(&c.expr);
                Some(match val.obj {
                    Some(obj) => obj,
                    None => self.text_object(&c.expr, ObjKind::Unknown),
                })
            }
            Expr::MethodCall(m)
                if matches!(
                    m.method.to_string().as_str(),
                    "add" | "offset" | "wrapping_add" | "sub"
                ) =>
            {
                self.peek_raw(&m.receiver)
            }
            Expr::Path(p) => {
                let name = p.path.get_ident()?.to_string();
                let (fi, bi) = self.lookup(&name)?;
                let val = &self.frames[fi].bindings[bi].val;
                if val.raw_ptr { val.obj } else { None }
            }
            _ => None,
        }
    }

    /// The `static mut` at the root of a place expression, if any.
    pub(super) fn static_mut_root(&self, expr: &Expr) -> Option<ObjId> {
        let root = place_root(expr);
        let Expr::Path(p) = root else { return None };
        let name = p.path.segments.last()?.ident.to_string();
        if p.path.segments.len() == 1 && self.lookup(&name).is_some() {
            return None;
        }
        let obj = self.static_obj(&p.path)?;
        (self.model.objects[obj.index()].kind == ObjKind::StaticMut).then_some(obj)
    }

    pub(super) fn walk_place(&mut self, place: &Expr, rhs: &Val, compound: bool) {
        let span = self.span_of(place);
        // A local binding: its value now comes from the right-hand side.
        if let Expr::Path(p) = place {
            if p.path.segments.len() == 1 {
                let name = p.path.segments[0].ident.to_string();
                if self.lookup(&name).is_some() {
                    let rhs = rhs.clone();
                    let handle_push = match (
                        &rhs.handle,
                        self.binding_mut(&name).map(|b| b.val.handle.clone()),
                    ) {
                        (Some(HandleVal::Fresh(s)), Some(Some(HandleVal::Place(h)))) => {
                            Some((s.clone(), h))
                        }
                        _ => None,
                    };
                    if let Some((spawns, h)) = handle_push {
                        self.add_to_handle(h, spawns);
                        return;
                    }
                    if let Some(binding) = self.binding_mut(&name) {
                        if compound {
                            binding.val.merge_deps(&rhs);
                        } else {
                            binding.val = rhs;
                        }
                    }
                    return;
                }
            }
        }
        if let Some(guard) = rhs.guard {
            // A guard moved into a `static` outlives this code. (One stored in
            // a field is dropped with its struct: a guard wrapper, not a leak.)
            if self.static_root(place) {
                self.forget_guard(guard);
                self.emit(
                    EventKind::Leak {
                        guard,
                        how: LeakHow::Static,
                    },
                    span,
                );
                return;
            }
        }
        if let Some(obj) = self.static_mut_root(place) {
            self.note_static_slot(place, span);
            // Evaluate indices and the like.
            self.walk_place_parts(place);
            let step = self.step();
            let mut deps = rhs.deps.clone();
            if compound {
                self.emit(
                    EventKind::Read {
                        obj,
                        step,
                        how: ReadHow::Plain,
                        ordering: None,
                    },
                    span,
                );
                deps.push(Dep { obj, step, span });
            }
            self.emit(
                EventKind::Write {
                    obj,
                    step,
                    how: WriteHow::Plain,
                    deps,
                    ordering: None,
                },
                span,
            );
            return;
        }
        // Writes through `UnsafeCell::get()` and raw pointers.
        if let Some((obj, how)) = self.unsynchronized_target(place) {
            let step = self.step();
            let mut deps = rhs.deps.clone();
            if compound {
                deps.push(Dep { obj, step, span });
            }
            self.subject = Some(self.model.objects[obj.index()].name.clone());
            self.emit(
                EventKind::Write {
                    obj,
                    step,
                    how,
                    deps,
                    ordering: None,
                },
                span,
            );
            return;
        }
        let root = place_root(place);
        let root_val = self.walk_expr(root);
        self.walk_place_parts(place);
        if let Some(guard) = root_val.guard {
            // `held.unwrap().balance -= 5`: the guard leaves `held` for this statement.
            if let Some(receiver) = unwrapped_in_place(place) {
                self.move_guard_out_of_binding(receiver, guard);
            }
            let field = first_field(place);
            let obj = self.guard_part(guard, field.as_deref());
            let g = &self.model.guards[guard.index()];
            let step = g.step;
            self.subject = Some(g.subject.clone());
            let mut deps = rhs.deps.clone();
            if compound {
                deps.push(Dep { obj, step, span });
            }
            self.emit(
                EventKind::Write {
                    obj,
                    step,
                    how: WriteHow::Guard,
                    deps,
                    ordering: None,
                },
                span,
            );
        } else if let Expr::Field(_) = place {
            // `x.field = ..` on a local struct: nothing shared.
        }
    }

    /// Walks the index expressions inside a place (`a[i].b[j]`).
    pub(super) fn walk_place_parts(&mut self, place: &Expr) {
        match place {
            Expr::Index(i) => {
                self.walk_place_parts(&i.expr);
                self.walk_expr(&i.index);
            }
            Expr::Field(f) => self.walk_place_parts(&f.base),
            Expr::Unary(u) => self.walk_place_parts(&u.expr),
            Expr::Paren(p) => self.walk_place_parts(&p.expr),
            _ => {}
        }
    }

    pub(super) fn read_guard(&mut self, guard: GuardId, span: Span) -> Dep {
        self.read_guard_part(guard, None, span)
    }

    /// The object for a field of the data behind a guard: `state.items` and
    /// `state.closed` under one lock are different parts of it.
    pub(super) fn guard_part(&mut self, guard: GuardId, field: Option<&str>) -> ObjId {
        let g = &self.model.guards[guard.index()];
        let (obj, span) = (g.obj, g.span);
        match field {
            Some(field) => self.element_object(obj, field, span),
            None => obj,
        }
    }

    pub(super) fn read_guard_part(
        &mut self,
        guard: GuardId,
        field: Option<&str>,
        span: Span,
    ) -> Dep {
        let obj = self.guard_part(guard, field);
        let step = self.model.guards[guard.index()].step;
        let g = &self.model.guards[guard.index()];
        self.subject = Some(g.subject.clone());
        self.emit(
            EventKind::Read {
                obj,
                step,
                how: ReadHow::Guard,
                ordering: None,
            },
            span,
        );
        Dep { obj, step, span }
    }

    /// How the learner names an object at one site: the receiver as written,
    /// or the object's name when the receiver is not a plain path.
    pub(super) fn subject_of(&self, receiver: &Expr, obj: ObjId) -> String {
        let text = expr_text(receiver);
        let plain = text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ':');
        if plain && !text.is_empty() {
            text.trim_start_matches("self.").to_string()
        } else {
            self.model.objects[obj.index()].name.clone()
        }
    }

    pub(super) fn field_object(&mut self, base: ObjId, name: &str, span: Span) -> ObjId {
        if let Some(&obj) = self.field_objs.get(&(base, name.to_string())) {
            return obj;
        }
        let kind = self
            .field_kinds
            .get(name)
            .copied()
            .flatten()
            .unwrap_or(ObjKind::Unknown);
        let base_name = self.model.objects[base.index()].name.clone();
        let full = if base_name.is_empty() {
            name.to_string()
        } else {
            format!("{base_name}.{name}")
        };
        let obj = self.new_object(full, kind, span);
        self.model.objects[obj.index()].field_of = Some((base, name.to_string()));
        self.field_objs.insert((base, name.to_string()), obj);
        self.model.field_bases.insert(obj, base);
        if kind == ObjKind::Mutex && self.receiver_fields.contains(name) {
            let name = self.model.objects[obj.index()].name.clone();
            let channel = self.new_object(name, ObjKind::Channel, span);
            self.model.wrapped_channels.insert(obj, channel);
        }
        obj
    }

    /// The crate's own type named by a type (through `&`, `Arc`, `Box`, `Rc`).
    pub(super) fn own_type(&self, ty: &Type) -> Option<String> {
        match ty {
            Type::Reference(r) => self.own_type(&r.elem),
            Type::Paren(p) => self.own_type(&p.elem),
            Type::Path(p) => {
                let seg = p.path.segments.last()?;
                let name = seg.ident.to_string();
                if name == "Self" {
                    return self.self_ty.clone();
                }
                if self.struct_names.contains(&name) {
                    return Some(name);
                }
                if matches!(name.as_str(), "Arc" | "Rc" | "Box") {
                    if let syn::PathArguments::AngleBracketed(args) = &seg.arguments {
                        if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                            return self.own_type(inner);
                        }
                    }
                }
                None
            }
            _ => None,
        }
    }

    /// The kind of a type named by a `type` alias of the crate.
    pub(super) fn alias_kind(&self, ty: &Type) -> Option<ObjKind> {
        match ty {
            Type::Reference(r) => self.alias_kind(&r.elem),
            Type::Path(p) => self
                .aliases
                .get(&p.path.segments.last()?.ident.to_string())
                .copied(),
            _ => None,
        }
    }

    /// An element of a shared collection; `[]` stands for any element.
    pub(super) fn element_object(&mut self, base: ObjId, key: &str, span: Span) -> ObjId {
        let obj = self.field_object(base, key, span);
        self.model.objects[obj.index()].element_of = Some(base);
        if key.starts_with('[') {
            // `results[i]`, not `results.[i]`
            let base_name = &self.model.objects[base.index()].name;
            self.model.objects[obj.index()].name = format!("{base_name}{key}");
        }
        obj
    }

    pub(super) fn text_object(&mut self, expr: &Expr, kind: ObjKind) -> ObjId {
        let text = expr_text(expr);
        if let Some(&obj) = self.text_objs.get(&text) {
            return obj;
        }
        let span = self.expr_span(expr);
        // Name it as written, without a leading `&` or `&mut`.
        let mut name = self
            .text(span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for prefix in ["&mut ", "&"] {
            if let Some(rest) = name.strip_prefix(prefix) {
                name = rest.to_string();
            }
        }
        let obj = self.new_object(name, kind, span);
        self.text_objs.insert(text, obj);
        self.model.guessed_objects.insert(obj);
        obj
    }
}
