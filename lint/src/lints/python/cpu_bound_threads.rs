use crate::diagnostic::Finding;
use crate::lints::declare_lint;
use crate::python::model::{Binding, Callee, EventKind, FnId, Model, Target};

declare_lint! {
    /// ### What it does
    /// Finds threads (or a thread pool) running pure-Python CPU-bound work:
    /// arithmetic loops over a size that is not a constant, with no I/O and
    /// no call that releases the GIL.
    ///
    /// ### Why is this bad?
    /// In CPython the global interpreter lock (GIL) lets one thread at a
    /// time run Python code. Threads help when they wait (downloads, files,
    /// `time.sleep`) or call code that releases the GIL (`hashlib`, `zlib`,
    /// numpy); pure-Python arithmetic runs one thread at a time, so the
    /// threads take as long as one loop (often longer). Free-threaded builds
    /// of CPython (3.13t and later) do run such threads in parallel.
    ///
    /// ### Example
    /// ```python
    /// def count_primes(lo, hi):
    ///     total = 0
    ///     for n in range(lo, hi):
    ///         total += is_prime(n)
    ///     return total
    ///
    /// with ThreadPoolExecutor() as pool:
    ///     results = list(pool.map(count_primes, starts, ends))
    /// ```
    ///
    /// Use instead:
    /// ```python
    /// with ProcessPoolExecutor() as pool:
    ///     results = list(pool.map(count_primes, starts, ends))
    /// ```
    pub static CPU_BOUND_THREADS = {
        name: "cpu_bound_threads",
        group: Teach,
        level: Warn,
        summary: "pure-Python CPU-bound work in threads: the GIL runs them one at a time",
    };
}

const PURE: &[&str] = &[
    "abs",
    "min",
    "max",
    "pow",
    "int",
    "float",
    "sum",
    "len",
    "divmod",
    "range",
    "round",
    "bool",
    "isqrt",
    "sqrt",
    "print",
    "all",
    "any",
    "enumerate",
    "zip",
    "map",
    "filter",
    "sorted",
    "reversed",
];

/// The function loops over a size given at run time, doing arithmetic on its own locals,
/// with no I/O and no call that releases the GIL.
fn cpu_loop(model: &Model<'_>, f: FnId) -> Option<crate::source::Span> {
    let reach = model.reachable(f);
    let mut found = None;
    for (g, _) in &reach {
        let func = model.function(*g);
        if func.releases_gil || func.name == "<module>" {
            return None;
        }
        for event in &func.events {
            match &event.kind {
                EventKind::RangeLoop { literal: false, .. } if found.is_none() => {
                    found = Some(event.span);
                }
                EventKind::Call { callee, .. } => match callee {
                    Callee::Local(_) => {}
                    Callee::Qualified(q) if q.starts_with("math.") => {}
                    Callee::Unknown(name) if PURE.contains(&name.as_str()) => {}
                    _ => return None,
                },
                EventKind::Method { .. } | EventKind::With { .. } => return None,
                EventKind::Write { place, .. }
                    if !matches!(model.binding(*g, &place.root), Binding::Local) =>
                {
                    return None;
                }
                _ => {}
            }
        }
    }
    found
}

pub(crate) fn check(model: &Model<'_>, out: &mut Vec<Finding>) {
    let mut seen = Vec::new();
    for spawn in &model.spawns {
        let Target::Function(f) = spawn.target else {
            continue;
        };
        if seen.contains(&f) || model.concurrency(f).0 < 2 {
            continue;
        }
        let Some(lp) = cpu_loop(model, f) else {
            continue;
        };
        seen.push(f);
        let name = &model.function(f).name;
        out.push(
            Finding::new(
                &CPU_BOUND_THREADS,
                spawn.span,
                format!("these threads run pure-Python arithmetic in `{name}`: the GIL runs them one at a time"),
            )
            .primary_label("several threads run this work")
            .label(lp, "this loop computes without waiting for anything: it holds the GIL")
            .note("in CPython only one thread at a time runs Python code; threads speed up waiting (I/O, `time.sleep`), not computing")
            .note("free-threaded builds of CPython (3.13t and later) run such threads in parallel")
            .help("use processes: `concurrent.futures.ProcessPoolExecutor` or `multiprocessing.Pool`"),
        );
    }
}
