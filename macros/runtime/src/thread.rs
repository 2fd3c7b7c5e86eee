//! Shadows of `std::thread` that the `#[demo]` attribute puts in place of
//! the real ones.

use std::panic::{self, AssertUnwindSafe};

use std::sync::{Arc, Mutex};

use crate::drive::{self, Ending, Op};
use crate::record::{self, Waiting};

/// Where a driven thread leaves what it returned.
type Slot<T> = Arc<Mutex<Option<std::thread::Result<T>>>>;

/// Set when a driven thread's OS thread is done with everything, even
/// when its execution was abandoned.
type Done = Arc<(Mutex<bool>, std::sync::Condvar)>;

enum Inner<T> {
    Loom(loom::thread::JoinHandle<std::thread::Result<T>>),
    Driven(Slot<T>, Done),
}

/// A shadow of `std::thread::JoinHandle`.
pub struct JoinHandle<T> {
    inner: Inner<T>,
    index: usize,
}

/// A shadow of `std::thread::spawn`: starts a modelled thread. Its panic is
/// caught and handed to `join`, as with real threads, so a panic is an
/// outcome of the run instead of the end of the exploration.
///
/// # Panics
///
/// loom models at most 4 threads besides `main`; spawning a fifth panics
/// with a message that says so.
pub fn spawn<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    if let Some((driver, _)) = drive::current() {
        let index = drive::op(Op::Spawn) as usize;
        let slot: Slot<T> = Arc::new(Mutex::new(None));
        let done: Done = Arc::default();
        let (filled, finished) = (Arc::clone(&slot), Arc::clone(&done));
        driver.start_thread(index, move || {
            let run = move || {
                drive::op(Op::Start);
                let result = panic::catch_unwind(AssertUnwindSafe(f));
                let ending = match &result {
                    Ok(_) => Ending::Returned,
                    Err(payload) if payload.is::<drive::Aborted>() => return,
                    Err(payload) => Ending::Panicked(
                        record::take_last_panic()
                            .unwrap_or_else(|| record::payload_message(&**payload)),
                    ),
                };
                *filled.lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                drive::op(Op::Finish(ending));
            };
            let _ = panic::catch_unwind(AssertUnwindSafe(run));
            let (flag, changed) = &*finished;
            *flag.lock().unwrap_or_else(|e| e.into_inner()) = true;
            changed.notify_all();
        });
        return JoinHandle {
            inner: Inner::Driven(slot, done),
            index,
        };
    }
    record::unwind_if_abandoned();
    let index = record::register_spawn();
    let inner = loom::thread::spawn(move || {
        record::bind_thread(index);
        let result = panic::catch_unwind(AssertUnwindSafe(f));
        if let Err(payload) = &result {
            if payload.is::<record::TooManyThreads>() {
                // Not an outcome: the exploration stops (see `explore`).
                record::end_thread(index, None);
                let Err(payload) = result else { unreachable!() };
                panic::resume_unwind(payload);
            }
        }
        record::end_thread(index, result.as_ref().err().map(|payload| &**payload));
        result
    });
    JoinHandle {
        inner: Inner::Loom(inner),
        index,
    }
}

impl<T> JoinHandle<T> {
    /// Wait for the thread to finish: `Ok` with what it returned, or `Err`
    /// with its panic.
    pub fn join(self) -> std::thread::Result<T> {
        let inner = match self.inner {
            Inner::Driven(slot, _) => {
                drive::op(Op::Join {
                    thread: self.index,
                    opaque: std::mem::size_of::<T>() == 0,
                });
                let result = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
                return result.expect("a joined thread left its result");
            }
            Inner::Loom(inner) => inner,
        };
        record::unwind_if_abandoned();
        record::start_waiting(Waiting::Join(self.index));
        let result = inner
            .join()
            .expect("a modelled thread catches its own panic");
        record::stop_waiting();
        record::joined(self.index);
        record::unwind_if_abandoned();
        result
    }

    /// Whether the thread has finished running (a look, not a step).
    pub fn is_finished(&self) -> bool {
        if let Some((driver, _)) = drive::current() {
            driver.unsupported("`is_finished`");
            return false;
        }
        record::is_finished(self.index)
    }
}

impl<T> std::fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JoinHandle")
            .field("thread", &record::thread_label(self.index))
            .finish()
    }
}

/// A shadow of `std::thread::yield_now`: lets loom run another thread.
pub fn yield_now() {
    if drive::is_driven() {
        drive::op(Op::Yield);
        return;
    }
    record::unwind_if_abandoned();
    loom::thread::yield_now();
}

impl<T> JoinHandle<T> {
    /// Join for `scope`: waits until the thread is really done, even when
    /// the execution is being abandoned (its borrows end only then).
    fn join_always(self) -> std::thread::Result<T> {
        match self.inner {
            Inner::Driven(slot, done) => {
                let asked = panic::catch_unwind(AssertUnwindSafe(|| {
                    drive::op(Op::Join {
                        thread: self.index,
                        opaque: std::mem::size_of::<T>() == 0,
                    })
                }));
                let (flag, changed) = &*done;
                let mut finished = flag.lock().unwrap_or_else(|e| e.into_inner());
                while !*finished {
                    finished = changed.wait(finished).unwrap_or_else(|e| e.into_inner());
                }
                drop(finished);
                if let Err(payload) = asked {
                    panic::resume_unwind(payload);
                }
                let result = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
                result.unwrap_or_else(|| panic::resume_unwind(Box::new(drive::Aborted)))
            }
            Inner::Loom(inner) => {
                if !record::is_abandoned() {
                    // A deadlock found here unwinds after the join below.
                    let _ = panic::catch_unwind(|| {
                        record::start_waiting(Waiting::Join(self.index));
                    });
                }
                let result = inner
                    .join()
                    .expect("a modelled thread catches its own panic");
                record::stop_waiting();
                record::joined(self.index);
                result
            }
        }
    }
}

/// A shadow of `std::thread::Scope`: threads that may borrow from the
/// function that starts them, all joined when the scope ends.
pub struct Scope<'scope, 'env: 'scope> {
    /// Joins the scope still owes, one per thread not joined by hand.
    pending: Mutex<Vec<ScopeJoin>>,
    _lifetimes: std::marker::PhantomData<(&'scope mut &'scope (), &'env mut &'env ())>,
}

/// A join the scope owes at its end: true if the thread panicked.
type ScopeJoin = Box<dyn FnOnce() -> bool + Send>;

/// A shadow of `std::thread::ScopedJoinHandle`.
pub struct ScopedJoinHandle<'scope, T> {
    handle: Arc<Mutex<Option<JoinHandle<()>>>>,
    result: Arc<Mutex<Option<T>>>,
    _scope: std::marker::PhantomData<&'scope ()>,
}

impl<'scope> Scope<'scope, '_> {
    /// Start a thread that may borrow from outside the scope.
    pub fn spawn<F, T>(&'scope self, f: F) -> ScopedJoinHandle<'scope, T>
    where
        F: FnOnce() -> T + Send + 'scope,
        T: Send + 'scope,
    {
        let result: Arc<Mutex<Option<T>>> = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&result);
        let body: Box<dyn FnOnce() + Send + 'scope> = Box::new(move || {
            let value = f();
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(value);
        });
        // SAFETY: the thread is joined before the scope ends (`scope` joins
        // every thread not joined by hand, even when unwinding, and waits
        // until it is really done), so nothing it borrows outlives it.
        let body: Box<dyn FnOnce() + Send + 'static> = unsafe { std::mem::transmute(body) };
        let handle = Arc::new(Mutex::new(Some(spawn(body))));
        let owed = Arc::clone(&handle);
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Box::new(move || {
                let handle = owed.lock().unwrap_or_else(|e| e.into_inner()).take();
                handle.is_some_and(|h| h.join_always().is_err())
            }));
        ScopedJoinHandle {
            handle,
            result,
            _scope: std::marker::PhantomData,
        }
    }
}

impl<T> ScopedJoinHandle<'_, T> {
    /// Wait for the thread: `Ok` with what it returned, or `Err` with its
    /// panic.
    pub fn join(self) -> std::thread::Result<T> {
        let handle = self.handle.lock().unwrap_or_else(|e| e.into_inner()).take();
        let handle = handle.expect("a scoped thread is joined once");
        handle.join()?;
        let value = self.result.lock().unwrap_or_else(|e| e.into_inner()).take();
        Ok(value.expect("a thread that returned left its value"))
    }

    /// Whether the thread has finished running.
    pub fn is_finished(&self) -> bool {
        self.handle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_none_or(JoinHandle::is_finished)
    }
}

/// A shadow of `std::thread::scope`: run `f` with a scope whose threads may
/// borrow local data; every one of them is joined before `scope` returns.
///
/// # Panics
///
/// If `f` panics, or if a thread of the scope panicked and was not joined
/// by hand, as `std::thread::scope` does.
pub fn scope<'env, F, T>(f: F) -> T
where
    F: for<'scope> FnOnce(&'scope Scope<'scope, 'env>) -> T,
{
    let scope = Scope {
        pending: Mutex::new(Vec::new()),
        _lifetimes: std::marker::PhantomData,
    };
    let result = panic::catch_unwind(AssertUnwindSafe(|| f(&scope)));
    let mut panicked = false;
    loop {
        let owed = std::mem::take(&mut *scope.pending.lock().unwrap_or_else(|e| e.into_inner()));
        if owed.is_empty() {
            break;
        }
        for join in owed {
            match panic::catch_unwind(AssertUnwindSafe(join)) {
                Ok(true) => panicked = true,
                Ok(false) => {}
                Err(_) => {}
            }
        }
    }
    match result {
        Err(payload) => panic::resume_unwind(payload),
        Ok(_) if record::is_abandoned_here() => panic::resume_unwind(Box::new(record::Abandoned)),
        Ok(_) if panicked => panic!("a scoped thread panicked"),
        Ok(value) => value,
    }
}
