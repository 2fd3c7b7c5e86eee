//! Shadows of `std::thread` that the `#[demo]` attribute puts in place of
//! the real ones.

use std::panic::{self, AssertUnwindSafe};

use std::sync::{Arc, Mutex};

use crate::drive::{self, Ending, Op};
use crate::record::{self, Waiting};

/// Where a driven thread leaves what it returned.
type Slot<T> = Arc<Mutex<Option<std::thread::Result<T>>>>;

enum Inner<T> {
    Loom(loom::thread::JoinHandle<std::thread::Result<T>>),
    Driven(Slot<T>),
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
        let filled = Arc::clone(&slot);
        driver.start_thread(index, move || {
            drive::op(Op::Start);
            let result = panic::catch_unwind(AssertUnwindSafe(f));
            let ending = match &result {
                Ok(_) => Ending::Returned,
                Err(payload) if payload.is::<drive::Aborted>() => return,
                Err(payload) => Ending::Panicked(
                    record::take_last_panic().unwrap_or_else(|| record::payload_message(&**payload)),
                ),
            };
            *filled.lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
            drive::op(Op::Finish(ending));
        });
        return JoinHandle {
            inner: Inner::Driven(slot),
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
            Inner::Driven(slot) => {
                drive::op(Op::Join { thread: self.index });
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
