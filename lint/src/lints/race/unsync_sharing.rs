use crate::diagnostic::Finding;
use crate::lints::{concurrency_note, declare_lint};
use crate::model::{EventKind, Model, Receiver, WriteHow};

declare_lint! {
    /// ### What it does
    /// Finds shared mutation that escapes the type system: an
    /// `unsafe impl Sync` on a type whose `UnsafeCell`, `Cell` or `RefCell`
    /// field is written through `&self` with no lock or atomic, and a raw
    /// pointer (or an address smuggled through a `usize`) moved into several
    /// threads and written through.
    ///
    /// ### Why is this bad?
    /// Rust refuses to share such data between threads because two threads
    /// writing it at once is a data race: undefined behaviour, lost updates,
    /// torn values. `unsafe impl Sync` and raw pointers tell the compiler to
    /// stop checking; they do not make the writes safe. `unsafe` is a promise
    /// that you synchronized by hand, and here nothing does.
    ///
    /// ### Example
    /// ```rust,ignore
    /// struct Counter { value: UnsafeCell<u64> }
    /// unsafe impl Sync for Counter {}
    /// impl Counter {
    ///     fn add(&self) { unsafe { *self.value.get() += 1 } } // two threads at once
    /// }
    /// ```
    ///
    /// Use instead:
    /// ```rust,ignore
    /// struct Counter { value: AtomicU64 }        // Sync without `unsafe`
    /// impl Counter {
    ///     fn add(&self) { self.value.fetch_add(1, Ordering::Relaxed); }
    /// }
    /// ```
    /// or a `Mutex<u64>` field; for raw pointers, give each thread its own
    /// part (`chunks_mut` with `thread::scope`) or share through `Arc<Mutex<..>>`.
    pub static UNSYNC_SHARING = {
        name: "unsync_sharing",
        group: Race,
        level: Deny,
        summary: "data shared across threads through `unsafe` with no synchronization",
    };
}

pub(crate) fn check(model: &Model, out: &mut Vec<Finding>) {
    // `unsafe impl Sync` on a type written through `&self` with no lock held.
    for imp in &model.unsafe_impls {
        let sync = imp.trait_name == "Sync";
        let write = model.body_ids().find_map(|body| {
            let b = model.body(body);
            // An `unsafe fn` leaves the proof to its callers (its safety contract).
            if b.self_ty.as_deref() != Some(imp.ty.as_str())
                || b.receiver != Some(Receiver::Shared)
                || b.unsafe_fn
            {
                return None;
            }
            // A `Send`-only type is a problem when copies are written from several threads at once.
            if !sync && !model.runs_on_many_threads(body) {
                return None;
            }
            b.events
                .iter()
                .enumerate()
                .find_map(|(index, e)| match &e.kind {
                    EventKind::Write {
                        obj,
                        how: WriteHow::Interior,
                        ..
                    } if !model.any_guard_held_at(body, index)
                        && !model.is_exclusive(body, index)
                        // A field of `self`, not of a node reached through a raw pointer.
                        && b.params.first().copied().flatten().is_some_and(|this| model.part_of(*obj, this)) =>
                    {
                        Some((body, e))
                    }
                    _ => None,
                })
        });
        let Some((body, write)) = write else { continue };
        out.push(
            Finding::new(
                &UNSYNC_SHARING,
                imp.span,
                format!("`{}` is shared between threads, but `{}` writes it through `&self` with no lock or atomic", imp.ty, model.body(body).name),
            )
            .primary_label("this promises that sharing `&` across threads is safe")
            .label(write.span, "but this writes through `&self`: two threads can run it at once")
            .note("two threads writing the same memory at once is a data race: undefined behaviour")
            .help("use an atomic or a `Mutex` for the field, and the type is `Sync` without `unsafe`"),
        );
    }
    // Writes through raw pointers on several threads.
    for body in model.body_ids() {
        if !model.runs_on_thread(body) {
            continue;
        }
        for (index, event) in model.body(body).events.iter().enumerate() {
            let EventKind::Write {
                obj,
                how: WriteHow::RawPointer,
                ..
            } = &event.kind
            else {
                continue;
            };
            let Some(concurrency) = model.concurrent_writer(body, index, *obj) else {
                continue;
            };
            let name = &model.object(*obj).name;
            let finding = Finding::new(
                &UNSYNC_SHARING,
                event.span,
                format!("threads write `{name}` through a raw pointer with no synchronization: a data race"),
            )
            .primary_label("this write can run at the same time as another thread's write");
            out.push(
                concurrency_note(model, finding, body, concurrency)
                    .note("a raw pointer turns off the checks that stop two threads writing the same memory: the result is undefined behaviour")
                    .help("share through `Arc<Mutex<..>>` or an atomic, or give each thread its own part with `chunks_mut` and `thread::scope`"),
            );
        }
    }
}
