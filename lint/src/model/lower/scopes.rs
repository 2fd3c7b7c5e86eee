//! One function body at a time, and the scopes inside it: frames (block,
//! loop, closure), guards released when their scope ends, and the bindings
//! that carry values (and so aliases and handles) forward.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn walk_fn(&mut self, item: FnItem<'_>) {
        self.file = item.file;
        self.base = self.bases.get(&item.file).copied().unwrap_or(0);
        self.source = self.sources.get(&item.file).copied();
        self.body = item.body;
        self.module = item.module.clone();
        self.self_ty = item.self_ty.clone();
        self.ctx = Ctx::default();
        self.temps.clear();
        self.panicking_closures.clear();
        self.frames.push(Frame {
            kind: FrameKind::Fn,
            bindings: Vec::new(),
            guards: Vec::new(),
        });
        let mut params = Vec::new();
        for (index, input) in item.sig.inputs.iter().enumerate() {
            match input {
                syn::FnArg::Receiver(recv) => {
                    let span = self.span_of(recv);
                    let obj = self.new_object("self".into(), ObjKind::Unknown, span);
                    self.model.objects[obj.index()].param_of = Some((item.body, index));
                    let key = format!("self:{}", item.self_ty.as_deref().unwrap_or("?"));
                    // Every `self` of one type shares its fields.
                    let shared = *self.text_objs.entry(key).or_insert(obj);
                    let mut val = Val::obj(shared);
                    val.ty = item.self_ty.clone();
                    self.bind_name("self", val, span);
                    params.push(Some(shared));
                }
                syn::FnArg::Typed(pt) => {
                    let span = self.span_of(&pt.pat);
                    let shared = type_kind(&pt.ty, &|n| self.names.defines_type(n))
                        .or_else(|| self.alias_kind(&pt.ty))
                        .or_else(|| {
                            matches!(&*pt.ty, Type::Reference(_) | Type::Path(_))
                                .then_some(ObjKind::Unknown)
                                .filter(|_| is_shareable_type(&pt.ty))
                        });
                    let mut val = match shared {
                        Some(kind) => {
                            let name = pat_name(&pt.pat).unwrap_or_default();
                            let obj = self.new_object(name, kind, span);
                            self.model.objects[obj.index()].param_of = Some((item.body, index));
                            params.push(Some(obj));
                            Val::obj(obj)
                        }
                        None => {
                            params.push(None);
                            Val::default()
                        }
                    };
                    val.ty = self.own_type(&pt.ty);
                    val.std_handle = self.names_std_join_handle(&pt.ty);
                    // `fn wait_all(hs: Vec<JoinHandle<()>>)`: what it joins, the callers' threads.
                    if type_mentions(&pt.ty, "JoinHandle") {
                        if let Pat::Ident(ident) = &*pt.pat {
                            let place = if type_mentions(&pt.ty, "Vec")
                                || type_mentions(&pt.ty, "VecDeque")
                                || matches!(&*pt.ty, Type::Reference(_) | Type::Slice(_))
                            {
                                HandlePlace::Collection
                            } else {
                                HandlePlace::Single
                            };
                            let name = ident.ident.to_string();
                            let id = self.new_handle(&name, span, place, Vec::new());
                            self.model.handles[id.index()].param = Some(index);
                            val.handle = Some(HandleVal::Place(id));
                        }
                    }
                    self.bind_pat(&pt.pat, val);
                }
            }
        }
        self.model.bodies[item.body.index()].params = params;
        self.model.bodies[item.body.index()].self_ty = item.self_ty.clone();
        self.model.bodies[item.body.index()].unsafe_fn = item.sig.unsafety.is_some();
        self.model.bodies[item.body.index()].returns_value = match &item.sig.output {
            syn::ReturnType::Default => false,
            syn::ReturnType::Type(_, ty) => {
                !matches!(&**ty, syn::Type::Tuple(t) if t.elems.is_empty())
            }
        };
        self.model.bodies[item.body.index()].receiver = item.sig.receiver().map(|r| {
            if r.reference.is_none() {
                Receiver::Value
            } else if r.mutability.is_some() {
                Receiver::Exclusive
            } else {
                Receiver::Shared
            }
        });
        self.note_endless(item.block);
        let tail = self.walk_block_inner(item.block);
        self.escape(&tail);
        self.pop_frame();
        self.frames.clear();
    }

    pub(super) fn push_frame(&mut self, kind: FrameKind) {
        self.frames.push(Frame {
            kind,
            bindings: Vec::new(),
            guards: Vec::new(),
        });
    }

    pub(super) fn pop_frame(&mut self) {
        if let Some(frame) = self.frames.pop() {
            for guard in frame.guards.into_iter().rev() {
                let span = self.model.guards[guard.index()].span;
                self.unlock(guard, span);
            }
        }
    }

    /// The end of a guard's life: a `ManuallyDrop` guard nobody dropped is leaked.
    pub(super) fn unlock(&mut self, guard: GuardId, span: Span) {
        match self.manual.remove(&guard) {
            Some(at) => {
                self.emit(
                    EventKind::Leak {
                        guard,
                        how: LeakHow::ManuallyDrop,
                    },
                    at,
                );
            }
            None => {
                self.emit(EventKind::Unlock { guard }, span);
            }
        }
    }

    pub(super) fn lookup(&self, name: &str) -> Option<(usize, usize)> {
        for (fi, frame) in self.frames.iter().enumerate().rev() {
            if let Some(bi) = frame.bindings.iter().rposition(|b| b.name == name) {
                return Some((fi, bi));
            }
            if frame.kind == FrameKind::Fn {
                break;
            }
        }
        None
    }

    /// `lookup` for an identifier, without turning it into a `String`.
    pub(super) fn lookup_ident(&self, ident: &proc_macro2::Ident) -> Option<(usize, usize)> {
        for (fi, frame) in self.frames.iter().enumerate().rev() {
            if let Some(bi) = frame.bindings.iter().rposition(|b| *ident == b.name) {
                return Some((fi, bi));
            }
            if frame.kind == FrameKind::Fn {
                break;
            }
        }
        None
    }

    pub(super) fn binding_mut(&mut self, name: &str) -> Option<&mut Binding> {
        let (fi, bi) = self.lookup(name)?;
        Some(&mut self.frames[fi].bindings[bi])
    }

    pub(super) fn bind_name(&mut self, name: &str, mut val: Val, decl: Span) {
        if let Some(obj) = val.obj {
            let object = &mut self.model.objects[obj.index()];
            if object.name.is_empty() {
                object.name = name.to_string();
            }
        }
        if let Some(guard) = val.guard {
            if let Some(pos) = self.temps.iter().position(|&g| g == guard) {
                self.temps.remove(pos);
                if let Some(frame) = self.frames.last_mut() {
                    frame.guards.push(guard);
                }
            }
            self.model.guards[guard.index()].binding = Some(name.to_string());
        }
        match val.handle.take() {
            Some(HandleVal::Fresh(spawns)) => {
                let id = self.new_handle(name, decl, HandlePlace::Single, spawns);
                val.handle = Some(HandleVal::Place(id));
            }
            Some(HandleVal::FreshMany(spawns)) => {
                let id = self.new_handle(name, decl, HandlePlace::Collection, spawns);
                val.handle = Some(HandleVal::Place(id));
            }
            other => val.handle = other,
        }
        let binding = Binding {
            name: name.to_string(),
            val,
            decl,
            ctx: self.ctx.clone(),
        };
        if let Some(frame) = self.frames.last_mut() {
            frame.bindings.push(binding);
        }
    }

    /// A handle collection for an existing binding, declared at `decl`.
    pub(super) fn new_handle_at(&mut self, name: &str, decl: Span, ctx: Ctx) -> HandleId {
        let saved = std::mem::replace(&mut self.ctx, ctx);
        let id = self.new_handle(name, decl, HandlePlace::Collection, Vec::new());
        self.ctx = saved;
        id
    }

    pub(super) fn new_handle(
        &mut self,
        name: &str,
        decl: Span,
        place: HandlePlace,
        spawns: Vec<SpawnId>,
    ) -> HandleId {
        let id = HandleId(self.model.handles.len() as u32);
        for &spawn in &spawns {
            self.model.spawns[spawn.index()].fate = HandleFate::Kept(id);
        }
        self.model.handles.push(Handle {
            name: name.to_string(),
            decl,
            body: self.body,
            place,
            ctx: self.ctx.clone(),
            spawns,
            used: false,
            escaped: false,
            joins: Vec::new(),
            param: None,
        });
        id
    }

    pub(super) fn bind_pat(&mut self, pat: &Pat, val: Val) {
        match pat {
            Pat::Ident(p) => {
                let span = self.span_of(&p.ident);
                if let Some((_, sub)) = &p.subpat {
                    self.bind_pat(sub, val.clone());
                }
                self.bind_name(&p.ident.to_string(), val, span);
            }
            Pat::Type(p) => {
                let mut val = val;
                if let Some(kind) = type_kind(&p.ty, &|n| self.names.defines_type(n))
                    .or_else(|| self.alias_kind(&p.ty))
                {
                    match val.obj {
                        None => {
                            let span = self.span_of(&p.pat);
                            let obj = self.new_object(String::new(), kind, span);
                            val.obj = Some(obj);
                        }
                        Some(obj) if self.model.objects[obj.index()].kind == ObjKind::Unknown => {
                            self.model.objects[obj.index()].kind = kind;
                        }
                        Some(_) => {}
                    }
                }
                // `let m: Arc<ReentrantMutex<()>>`: its holder may lock it again.
                if let Some(t) = REENTRANT_LOCKS.iter().find(|t| type_mentions(&p.ty, t)) {
                    val.ty = Some(t.to_string());
                }
                if type_mentions(&p.ty, "AtomicPtr") {
                    if let Some(obj) = val.obj {
                        self.model.atomic_ptrs.insert(obj);
                    }
                }
                if val.handle.is_none() && type_mentions(&p.ty, "JoinHandle") {
                    if let Pat::Ident(ident) = &*p.pat {
                        let span = self.span_of(&ident.ident);
                        let place = if type_mentions(&p.ty, "Vec") {
                            HandlePlace::Collection
                        } else {
                            HandlePlace::Single
                        };
                        let id = self.new_handle(&ident.ident.to_string(), span, place, Vec::new());
                        val.handle = Some(HandleVal::Place(id));
                    }
                }
                self.bind_pat(&p.pat, val);
            }
            Pat::Tuple(p) => {
                let items = val.tuple.clone().unwrap_or_default();
                for (i, elem) in p.elems.iter().enumerate() {
                    let item = items.get(i).cloned().unwrap_or_else(|| Val {
                        deps: val.deps.clone(),
                        // `for (name, handle) in handles`: the handle is in one of them.
                        handle: val.handle.clone(),
                        ..Val::default()
                    });
                    self.bind_pat(elem, item);
                }
            }
            Pat::TupleStruct(p) => {
                let ok_like = p
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| matches!(s.ident.to_string().as_str(), "Ok" | "Some"));
                for elem in &p.elems {
                    let item = if ok_like && p.elems.len() == 1 {
                        val.clone()
                    } else {
                        Val::deps(val.deps.clone())
                    };
                    self.bind_pat(elem, item);
                }
            }
            Pat::Reference(p) => self.bind_pat(&p.pat, val),
            Pat::Paren(p) => self.bind_pat(&p.pat, val),
            Pat::Struct(p) => {
                for field in &p.fields {
                    self.bind_pat(&field.pat, Val::deps(val.deps.clone()));
                }
            }
            Pat::Slice(p) => {
                for elem in &p.elems {
                    self.bind_pat(elem, Val::deps(val.deps.clone()));
                }
            }
            Pat::Or(p) => {
                if let Some(first) = p.cases.first() {
                    self.bind_pat(first, val);
                }
            }
            _ => {}
        }
    }
}
