//! Loom-checked threading demos for teaching.
//!
//! Write an ordinary function that starts threads and returns what they
//! made, and put `#[racelint_demo::demo]` on it:
//!
//! ```ignore
//! use std::sync::atomic::{AtomicUsize, Ordering};
//! use std::sync::Arc;
//! use std::thread;
//!
//! #[racelint_demo::demo(outcomes = [1, 2], intended = 2)]
//! fn two_threads_add_one() -> usize {
//!     let counter = Arc::new(AtomicUsize::new(0));
//!     let handles: Vec<_> = (0..2)
//!         .map(|_| {
//!             let c = Arc::clone(&counter);
//!             thread::spawn(move || {
//!                 let v = c.load(Ordering::SeqCst); // read
//!                 c.store(v + 1, Ordering::SeqCst); // add, write
//!             })
//!         })
//!         .collect();
//!     for h in handles {
//!         h.join().unwrap();
//!     }
//!     counter.load(Ordering::SeqCst)
//! }
//! ```
//!
//! The attribute keeps the function as it is and adds a test,
//! `two_threads_add_one::every_interleaving`, that runs a copy of it with
//! `std`'s threads and sync types replaced by the shadows in [`thread`] and
//! [`sync`]. The test prints a report: how many interleavings of the
//! visible steps there are, in how many of them each outcome happens, and
//! one witness schedule per outcome drawn as swimlanes. Expectations in the
//! attribute fail the test when reality differs.
//!
//! # Exact counts, checked by loom
//!
//! The counts come from an exact count over the program's states: the demo
//! runs on real threads one step at a time to learn what each thread does
//! after each history of results, and every state is counted once. loom
//! ([docs](https://docs.rs/loom)) explores the demo too, and is the check:
//! every outcome it finds must have been counted, its counts (the linear
//! extensions of each class of equivalent interleavings it explored) must
//! equal the exact ones when its search is complete, and it draws the
//! witnesses.
//!
//! # The model
//!
//! Each visible step (a load, a store, a `fetch_add`, a lock, an unlock, a
//! condvar wait or notify, `SharedInt`'s read and write) is one indivisible
//! event, and the model is sequentially consistent: one step happens at a
//! time and every read sees the latest write. `Ordering` arguments are
//! accepted and all behave as `SeqCst` (the report says so when a demo
//! names a weaker one). This is the model a first lesson on threads needs;
//! weak memory orderings are not shown. Channels, `Barrier` and `RwLock` are
//! built on the modelled `Mutex` and `Condvar`.
//!
//! # Attribute options
//!
//! | option | meaning |
//! | --- | --- |
//! | `outcomes = [1, 2]` | exactly these outcomes happen, and no other |
//! | `always = 2` | every interleaving ends with `2` |
//! | `intended = 2` | what a learner expects (or `[2, 3]`): other outcomes are explained |
//! | `name = "counter"` | what the returned value is called in the report |
//! | `preemption_bound = 2` | explore only schedules with at most 2 preemptions |
//! | `svg = "slides"` | also write each witness as an SVG, into this directory |
//! | `memory = "weak"` | loom's memory model: reads may see older writes, as the orderings allow |
//!
//! `deadlock` and `panic` may stand in `outcomes` and `always` for those
//! outcomes. The name defaults to the variable the function's last
//! expression reads (`counter.load(..)` gives `counter`).
//!
//! # Environment
//!
//! - `RACELINT_DEMO_SVG_DIR=dir`: write every demo's witnesses as SVG there.
//! - `RACELINT_DEMO_PREEMPTION_BOUND=n` (or `none`): the bound for demos
//!   that do not set one.
//! - `RACELINT_DEMO_REPORT=captured` prints reports with `println!`, so that
//!   the test harness shows them only with `--nocapture` or on failure;
//!   `RACELINT_DEMO_REPORT=off` prints nothing, and
//!   `RACELINT_DEMO_REPORT=json` prints each report as JSON. By default
//!   reports go straight to the terminal, so a plain `cargo test` shows
//!   them.

mod barrier;
mod channel;
mod count;
mod drive;
pub mod expect;
mod explain;
pub mod explore;
mod json;
mod record;
pub mod report;
mod rwlock;
mod shared_int;
mod statespace;
pub mod svg;
pub mod sync;
pub mod thread;

pub use expect::{Expectation, ExpectationFailure};
pub use explore::{Bound, ExploreError, Settings, explore, explore_values};
pub use racelint_macros::demo;
pub use report::{Coverage, Outcome, Report, Schedule};
pub use shared_int::SharedInt;

/// What the `#[demo]` expansion calls; not a stable interface.
#[doc(hidden)]
pub mod __private {
    use std::io::Write as _;
    use std::path::Path;

    use crate::expect::{self, Expectation};
    use crate::explore::{self, Bound, Settings};
    use crate::report::Outcome;
    use crate::sync::Named;

    /// Name a shadow object after the variable it is bound to.
    pub fn named<T: Named>(value: T, name: &str) -> T {
        value.set_name(name);
        value
    }

    /// One outcome written in the demo's attribute.
    pub enum Expected<T> {
        /// A value of the demo's return type, compared with `PartialEq`.
        Value(T),
        /// `deadlock`.
        Deadlock,
        /// `panic`: any panic.
        Panic,
    }

    /// What the demo asserts, as written.
    pub enum Claim<T> {
        /// No `outcomes` and no `always`.
        Anything,
        /// `outcomes = [..]`.
        Exactly(Vec<Expected<T>>),
        /// `always = ..`.
        Always(Expected<T>),
    }

    /// The demo's attribute, as the expansion passes it on.
    pub struct DemoSpec<T> {
        /// The function's name.
        pub name: &'static str,
        /// What the returned value is called.
        pub outcome_name: Option<&'static str>,
        /// What a learner expects (any of these).
        pub intended: Vec<Expected<T>>,
        /// What the demo asserts.
        pub claim: Claim<T>,
        /// `preemption_bound = n`.
        pub preemption_bound: Option<usize>,
        /// `svg = "dir"`, relative to the crate.
        pub svg_dir: Option<&'static str>,
        /// `CARGO_MANIFEST_DIR` of the crate holding the demo.
        pub manifest_dir: &'static str,
        /// The orderings weaker than `SeqCst` the demo names.
        pub weak_orderings: &'static [&'static str],
        /// `memory = "weak"`.
        pub weak_memory: bool,
    }

    /// The outcome an expected one stands for: a value equal (by
    /// `PartialEq`) to one the exploration saw is shown with that value's
    /// text; one that never happened, with its own.
    fn resolve<T: std::fmt::Debug + PartialEq>(
        expected: Expected<T>,
        seen: &[(T, String)],
    ) -> Outcome {
        match expected {
            Expected::Deadlock => Outcome::Deadlock,
            Expected::Panic => Outcome::any_panic(),
            Expected::Value(value) => match seen.iter().find(|(v, _)| *v == value) {
                Some((_, text)) => Outcome::Value(text.clone()),
                None => Outcome::value(&value),
            },
        }
    }

    fn print(text: &str) {
        match std::env::var("RACELINT_DEMO_REPORT").as_deref() {
            Ok("off") => {}
            Ok("captured") => print!("{text}"),
            _ => {
                // Straight to the terminal, past the test harness's capture,
                // in one write so that parallel tests do not interleave.
                let stdout = std::io::stdout();
                let mut lock = stdout.lock();
                let _ = lock.write_all(text.as_bytes());
                let _ = lock.flush();
            }
        }
    }

    /// Explore the demo, print its report, write its pictures if asked,
    /// and fail (panic) if reality differs from its expectation.
    pub fn run_demo<T, F>(spec: DemoSpec<T>, body: F)
    where
        T: std::fmt::Debug + PartialEq + Send + 'static,
        F: Fn() -> T + Send + Sync + 'static,
    {
        let mut settings = Settings {
            weak_memory: spec.weak_memory,
            ..Settings::default()
        };
        if let Some(bound) = spec.preemption_bound {
            settings.bound = Bound::Preemptions(bound);
        } else if let Some(bound) = Bound::from_env() {
            settings.bound = bound;
        }
        let (mut report, seen) = match explore::explore_values(spec.name, &settings, body) {
            Ok(found) => found,
            Err(error) => panic!("demo `{}`: {error}", spec.name),
        };
        report.outcome_name = spec.outcome_name.map(str::to_string);
        if !spec.weak_memory {
            report.weak_orderings = spec.weak_orderings.iter().map(|o| o.to_string()).collect();
        }
        let intended: Vec<Outcome> = spec
            .intended
            .into_iter()
            .map(|o| resolve(o, &seen))
            .collect();
        let expectation = match spec.claim {
            Claim::Anything => Expectation::Anything,
            Claim::Exactly(list) => {
                Expectation::Exactly(list.into_iter().map(|o| resolve(o, &seen)).collect())
            }
            Claim::Always(outcome) => Expectation::Always(resolve(outcome, &seen)),
        };
        if !intended.is_empty() {
            report.set_intended(intended);
        }
        let mut text = match std::env::var("RACELINT_DEMO_REPORT").as_deref() {
            Ok("json") => report.to_json(),
            _ => report.render(),
        };
        let svg_dir = spec
            .svg_dir
            .map(|dir| Path::new(spec.manifest_dir).join(dir))
            .or_else(|| std::env::var_os("RACELINT_DEMO_SVG_DIR").map(Into::into));
        if let Some(dir) = svg_dir {
            match crate::svg::write_witnesses(&report, &dir) {
                Ok(paths) => {
                    for path in paths {
                        text.push_str(&format!("picture: {}\n", path.display()));
                    }
                }
                Err(error) => panic!(
                    "demo `{}`: cannot write pictures into {}: {error}",
                    spec.name,
                    dir.display()
                ),
            }
        }
        text.push('\n');
        print(&text);
        if let Err(failure) = expect::check(&report, &expectation) {
            panic!("{failure}");
        }
    }
}
