//! Control flow: `if`, `match`, `while` and `for`, loops and match arms as
//! regions, scrutinee temporaries by edition, and polling loops.

use super::*;

impl<'a> Builder<'a> {
    pub(super) fn in_loop<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        let id = LoopId(self.fresh());
        self.ctx.loops.push(id);
        let r = f(self);
        self.ctx.loops.pop();
        r
    }

    pub(super) fn in_arm<R>(
        &mut self,
        branch: u32,
        arm: u16,
        arms: u16,
        f: impl FnOnce(&mut Self) -> R,
    ) -> R {
        self.ctx.arms.push((branch, arm, arms));
        let r = f(self);
        self.ctx.arms.pop();
        r
    }

    pub(super) fn walk_if(&mut self, i: &syn::ExprIf) -> Val {
        let branch = self.fresh();
        let arms = if i.else_branch.is_some() { 2 } else { 1 };
        let mark = self.temps.len();
        let cond_span = self.expr_span(&i.cond);
        let if_let = matches!(&*i.cond, Expr::Let(_));
        self.push_frame(FrameKind::Block);
        let cond = self.walk_expr(&i.cond);
        if let (Expr::Let(l), Some(event)) = (&*i.cond, cond.join_event) {
            // `if let Ok(v) = h.join() { panic!(..) }`: success is the surprise,
            // the panic is what the test expects.
            if i.else_branch.is_none() && pat_is_ok(&l.pat) && !block_diverges(&i.then_branch) {
                self.set_join_use(event, JoinResultUse::IfLetOkWithoutElse);
            }
        }
        if if_let {
            self.mark_scrutinee(mark, "if let");
        } else {
            // The condition of a plain `if` drops its temporaries before the branch.
            self.end_temps(mark, cond_span);
        }
        let saved_control = self.control.len();
        let depth = self.ctx.arms.len();
        self.control
            .extend(cond.deps.iter().map(|&dep| Control::new(dep, depth)));
        let won = match (&*i.cond, cond.claim) {
            (_, Some(Claim::WonIfTrue(_))) => Some(0),
            (_, Some(Claim::WonIfFalse(_))) => Some(1),
            (Expr::Let(l), Some(Claim::Cas(_))) if pat_is_ok(&l.pat) => Some(0),
            _ => None,
        };
        // `loop { if done.load(..) { break } }`: the loop waits for the flag.
        let loop_exit = !if_let
            && i.else_branch.is_none()
            && !self.ctx.loops.is_empty()
            && ends_in_break(&i.then_branch);
        // `if ready.load(Acquire) { .. }`: the branch runs once the flag is seen.
        let checked = !if_let && !loop_exit && !matches!(strip_parens(&i.cond), Expr::Unary(_));
        if loop_exit {
            self.flag_waits(&cond.deps, cond_span, true);
        }
        let claim_then = u32::from(won == Some(0));
        self.claims += claim_then;
        let mut val = self.in_arm(branch, 0, arms, |b| {
            if checked {
                b.flag_waits(&cond.deps, cond_span, false);
            }
            b.walk_block(&i.then_branch)
        });
        self.claims -= claim_then;
        self.pop_frame();
        if if_let && self.edition >= Edition::E2024 {
            self.end_temps(mark, self.block_span(&i.then_branch));
        }
        if let Some((_, else_branch)) = &i.else_branch {
            let claim_else = u32::from(won == Some(1));
            self.claims += claim_else;
            let other = self.in_arm(branch, 1, arms, |b| b.walk_expr(else_branch));
            self.ring_arms_agree(&val, &other);
            self.claims -= claim_else;
            val.merge_deps(&other);
            if val.handle.is_none() {
                val.handle = other.handle;
            }
        }
        self.control.truncate(saved_control);
        if i.else_branch.is_none() && won == Some(1) && diverges(&i.then_branch) {
            // `if cas.is_err() { continue }`: the rest of the block runs only for the winner.
            self.claims += 1;
        }
        if i.else_branch.is_none() && diverges(&i.then_branch) {
            // `if seen { return; }`: what follows runs only when the check failed.
            let depth = self.ctx.arms.len();
            let in_loop = !self.ctx.loops.is_empty();
            self.control.extend(cond.deps.iter().map(|&dep| Control {
                dep,
                arms: depth,
                loop_exit: in_loop,
            }));
        }
        val
    }

    /// The shared reads that decide a polling loop or a check become part of
    /// a wait: one `Wait` per object read, and the reads are not results.
    /// `poll`: the check decides whether the enclosing loop goes on.
    pub(super) fn flag_waits(&mut self, deps: &[Dep], span: Span, poll: bool) {
        let mut seen = Vec::new();
        for dep in deps {
            // A field read through a guard is a part of the lock's data.
            let mut root = dep.obj;
            while let Some(whole) = self.model.objects[root.index()].element_of {
                root = whole;
            }
            // An element of an array of atomics (`ready[i]`) is an atomic itself.
            let waitable = |kind| {
                matches!(
                    kind,
                    ObjKind::Atomic
                        | ObjKind::Mutex
                        | ObjKind::RwLock
                        | ObjKind::StaticMut
                        | ObjKind::Channel
                )
            };
            if !waitable(self.model.objects[root.index()].kind)
                && self.model.objects[dep.obj.index()].kind != ObjKind::Atomic
            {
                continue;
            }
            self.model.poll_reads.insert(dep.span);
            if let (true, Some(&l)) = (poll, self.ctx.loops.last()) {
                self.model.poll_loops.insert(l);
            }
            if !seen.contains(&dep.obj) {
                seen.push(dep.obj);
                self.emit(
                    EventKind::Wait {
                        obj: Some(dep.obj),
                        how: WaitHow::FlagLoop,
                    },
                    span,
                );
            }
        }
    }

    /// Temporaries created since `mark` live on: record which construct keeps them.
    pub(super) fn mark_scrutinee(&mut self, mark: usize, construct: &'static str) {
        for &guard in &self.temps[mark..] {
            self.model.guards[guard.index()].scrutinee_of = Some(construct);
        }
    }

    pub(super) fn walk_match(&mut self, m: &syn::ExprMatch) -> Val {
        let branch = self.fresh();
        let mark = self.temps.len();
        let scrutinee = self.walk_expr(&m.expr);
        self.mark_scrutinee(mark, "match");
        let saved_control = self.control.len();
        let depth = self.ctx.arms.len();
        self.control
            .extend(scrutinee.deps.iter().map(|&dep| Control::new(dep, depth)));
        let arms = m.arms.len() as u16;
        let mut val = Val::default();
        for (i, arm) in m.arms.iter().enumerate() {
            // `Ok(_) =>` of a `compare_exchange`, or the arm of the value it
            // expected when matching what it found: only the winner is there.
            let won = u32::from(match scrutinee.claim {
                Some(Claim::Cas(_)) => pat_is_ok(&arm.pat),
                Some(Claim::CasValue(_)) => {
                    scrutinee.cas_expected.as_deref()
                        == Some(
                            arm.pat
                                .to_token_stream()
                                .to_string()
                                .replace(' ', "")
                                .as_str(),
                        )
                }
                Some(Claim::RmwValue(_)) => is_constant_pattern(&arm.pat),
                _ => false,
            });
            self.claims += won;
            self.in_arm(branch, i as u16, arms, |b| {
                b.push_frame(FrameKind::Block);
                b.bind_pat(&arm.pat, scrutinee.clone());
                if let Some((_, guard)) = &arm.guard {
                    b.walk_expr(guard);
                }
                let arm_mark = b.temps.len();
                let v = b.walk_expr(&arm.body);
                b.end_temps(arm_mark, b.expr_span(&arm.body));
                b.pop_frame();
                val.merge_deps(&v);
                if val.handle.is_none() {
                    val.handle = v.handle;
                }
            });
            self.claims -= won;
        }
        self.control.truncate(saved_control);
        val
    }

    pub(super) fn walk_while(&mut self, w: &syn::ExprWhile) -> Val {
        if let Some(guard_expr) = condvar_wait_arg(&w.body) {
            // `while !*ready { ready = cvar.wait(ready).unwrap(); }`
            if let Some(guard) = self.peek_val(guard_expr).guard {
                let obj = self.model.guards[guard.index()].obj;
                let span = self.expr_span(&w.cond);
                self.emit(
                    EventKind::Wait {
                        obj: Some(obj),
                        how: WaitHow::PredicateLoop,
                    },
                    span,
                );
            }
        }
        // Spinning until a flag is set waits for the thread that sets it (the
        // `Wait` is emitted once the condition's reads are known).
        let flag_loop = contains_atomic_load(&w.cond);
        let mark = self.temps.len();
        let polling = u32::from(
            flag_loop
                || is_polling_body(&w.body)
                || condvar_wait_arg(&w.body).is_some()
                || calls_method(&w.cond, "lock"),
        );
        self.polling += polling;
        let mut cond_deps = Vec::new();
        let mut spin = None;
        self.in_loop(|b| {
            b.push_frame(FrameKind::Block);
            // A loop condition is re-checked every time round: not a one-time decision.
            let cond = b.walk_expr(&w.cond);
            cond_deps.clone_from(&cond.deps);
            if let Some(Claim::WonIfFalse(Some(obj))) = cond.claim {
                // `while lock.swap(true, Acquire) {}`: past the loop, this thread holds it.
                spin = Some(obj);
            }
            if !matches!(&*w.cond, Expr::Let(_)) {
                // `while !ready.load(..)`, `while status.lock().unwrap().done < 10`:
                // the loop polls until the writers are done.
                let span = b.expr_span(&w.cond);
                b.flag_waits(&cond.deps, span, true);
            }
            let saved_control = b.control.len();
            if matches!(&*w.cond, Expr::Let(_)) {
                b.mark_scrutinee(mark, "while let");
            } else {
                let span = b.expr_span(&w.cond);
                b.end_temps(mark, span);
            }
            b.walk_block(&w.body);
            b.control.truncate(saved_control);
            b.pop_frame();
            let span = b.block_span(&w.body);
            b.end_temps(mark, span);
        });
        self.polling -= polling;
        self.after_spin(w, &cond_deps);
        if let Some(obj) = spin {
            self.spin_claims.push(obj);
        }
        Val::default()
    }

    /// The value of a simple path expression, without emitting events.
    pub(super) fn peek_val(&self, expr: &Expr) -> Val {
        if let Expr::Path(p) = expr {
            if p.path.segments.len() == 1 {
                if let Some((fi, bi)) = self.lookup(&p.path.segments[0].ident.to_string()) {
                    return self.frames[fi].bindings[bi].val.clone();
                }
            }
            if let Some(obj) = self.static_obj(&p.path) {
                return Val::obj(obj);
            }
        }
        Val::default()
    }

    pub(super) fn walk_for(&mut self, f: &syn::ExprForLoop) -> Val {
        let iter = self.walk_expr(&f.expr);
        let iter_span = self.span_of(&f.expr);
        if let Some(obj) = iter.obj {
            if self.model.objects[obj.index()].kind == ObjKind::Channel {
                self.emit(
                    EventKind::Wait {
                        obj: Some(obj),
                        how: WaitHow::Drain,
                    },
                    iter_span,
                );
            }
        }
        let item = self.item_of(&iter);
        let count = literal_range_len(&f.expr);
        self.in_loop(|b| {
            if let (Some(n), Some(&id)) = (count, b.ctx.loops.last()) {
                b.loop_counts.insert(id, n);
            }
            b.push_frame(FrameKind::Block);
            b.bind_pat(&f.pat, item);
            b.with_ring_var(Some(&f.pat), &f.expr, |b| b.walk_block(&f.body));
            b.pop_frame();
        });
        Val::default()
    }

    /// The value of one item of an iterator value.
    pub(super) fn item_of(&mut self, iter: &Val) -> Val {
        let mut item = Val::deps(iter.deps.clone());
        if let Some(obj) = iter.obj {
            if self.model.objects[obj.index()].kind != ObjKind::Channel {
                let span = self.model.objects[obj.index()].decl;
                item.obj = Some(self.element_object(obj, "[]", span));
            }
        }
        item.handle = match &iter.handle {
            Some(HandleVal::Place(h)) | Some(HandleVal::Items(h)) => {
                self.model.handles[h.index()].used = true;
                Some(HandleVal::Items(*h))
            }
            Some(HandleVal::Lazy(s)) | Some(HandleVal::LazyItem(s)) => {
                Some(HandleVal::LazyItem(s.clone()))
            }
            Some(HandleVal::Fresh(s)) | Some(HandleVal::FreshMany(s)) => {
                // Iterating a just-collected set of handles: the items are kept by the loop.
                let name = "handles";
                let span = self.model.spawns[s[0].index()].call;
                let h = self.new_handle(name, span, HandlePlace::Collection, s.clone());
                self.model.handles[h.index()].used = true;
                Some(HandleVal::Items(h))
            }
            None => None,
        };
        item
    }
}
