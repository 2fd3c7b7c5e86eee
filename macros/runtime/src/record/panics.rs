//! Panics inside an exploration: a quiet panic hook (a demo's panic is an
//! outcome, reported with its schedule, not a message on the terminal), the
//! message of the last panic, and the panic drawn as a step before the
//! unlocks its unwinding makes.

use std::any::Any;
use std::cell::RefCell;
use std::panic;
use std::sync::Once;

use crate::report::{Step, StepKind};

use super::{COLLECTOR, current_in, is_recording, with};

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Install, once, a panic hook that keeps quiet about panics inside an
/// exploration (they are outcomes, reported with their schedule) and hands
/// every other panic to the hook that was there before.
pub(super) fn install_quiet_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if is_recording()
                || crate::drive::is_driven()
                || COLLECTOR.with(|c| c.try_borrow().map_or(true, |c| c.is_some()))
            {
                let message = payload_message(info.payload());
                LAST_PANIC.with(|last| {
                    if let Ok(mut last) = last.try_borrow_mut() {
                        *last = Some(message);
                    }
                });
            } else {
                previous(info);
            }
        }));
    });
}

/// The first line of a panic payload's text (`assert_eq!` adds more).
pub(crate) fn payload_message(payload: &(dyn Any + Send)) -> String {
    let text = if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.as_str()
    } else {
        "a panic with a non-text payload"
    };
    text.lines().next().unwrap_or_default().to_string()
}

/// The payload of the panic that stops an exploration because the demo
/// starts more threads than loom can model.
pub(crate) struct TooManyThreads(pub(crate) String);

/// The message of the panic this thread is unwinding from, left in place.
pub(crate) fn peek_last_panic() -> String {
    LAST_PANIC
        .with(|last| last.try_borrow().ok().and_then(|l| l.clone()))
        .unwrap_or_else(|| "a panic".to_string())
}

/// The message of the last panic the quiet hook saw, if any.
pub(crate) fn take_last_panic() -> Option<String> {
    LAST_PANIC.with(|last| last.borrow_mut().take())
}

/// Install the quiet panic hook (the driven backend's threads use it too).
pub(crate) fn quiet_panics() {
    install_quiet_panic_hook();
}

/// The running thread is unwinding from a panic of the demo and a guard it
/// holds is about to be dropped: draw the panic now, before the unlock, as
/// it happened (the panic hook has already noted its message).
pub(crate) fn draw_panic_before_unlock() {
    let id = loom::thread::current().id();
    let message = LAST_PANIC.with(|last| last.borrow().clone());
    let message = message.unwrap_or_else(|| "a panic".to_string());
    with(|r| {
        if r.abandoned {
            return;
        }
        let thread = current_in(r, id);
        if r.threads[thread].panic_drawn {
            return;
        }
        r.threads[thread].panic_drawn = true;
        let concurrent = r.unjoined > 0;
        r.steps.push(Step {
            thread,
            object: None,
            kind: StepKind::Panic { message },
            concurrent,
        });
    });
}
