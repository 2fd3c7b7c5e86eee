// Which calls start a thread is decided by path, not by the name `spawn`:
// `std::thread::spawn`, `std::thread::Builder::spawn` and the spawns of a
// `thread::scope` run the closure on a new thread now. Tasks of an async
// runtime, a thread pool's jobs, loom's model threads and other spawn APIs
// follow their own rules: their closures run later, somewhere else, and
// racelint leaves them alone rather than guess.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

// ---- std's spawns: the mistakes are found ----

fn builder_threads() {
    let hits = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for i in 0..4 {
        let hits = Arc::clone(&hits);
        let h = thread::Builder::new()
            .name(format!("worker-{i}"))
            .spawn(move || {
                let n = hits.load(Ordering::SeqCst);
                hits.store(n + 1, Ordering::SeqCst); //~ lost_update
            })
            .unwrap();
        handles.push(h);
    }
    for h in handles {
        h.join().unwrap();
    }
}

fn scoped_threads() {
    let total = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                let n = total.load(Ordering::Relaxed);
                total.store(n + 1, Ordering::Relaxed); //~ lost_update
            });
        }
    });
}

// ---- other spawn APIs: their closures do not run here, now ----

// A task handed to an async runtime runs later, on the runtime's threads: it
// does not lock while this function still holds the guard.
async fn task_while_holding(state: Arc<Mutex<Vec<u32>>>) {
    let mut guard = state.lock().unwrap();
    guard.push(1);
    let state2 = Arc::clone(&state);
    tokio::spawn(async move {
        state2.lock().unwrap().push(2);
    });
    let state3 = Arc::clone(&state);
    tokio::task::spawn_blocking(move || {
        state3.lock().unwrap().push(3);
    });
    guard.push(4);
}

// A runtime built with `tokio::runtime::Builder` is not `thread::Builder`.
fn runtime_builder(state: Arc<Mutex<u32>>) {
    let held = state.lock().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let state2 = Arc::clone(&state);
    rt.spawn(async move {
        *state2.lock().unwrap() += 1;
    });
    println!("{}", *held);
}

// rayon's `Scope::spawn` queues a job for the pool; the job runs after this
// function has let go of the guard.
fn countdown(s: &rayon::Scope<'_>, max: &Mutex<usize>, n: usize) {
    let mut data = max.lock().unwrap();
    *data += 1;
    if n > 0 {
        s.spawn(move |s| countdown(s, max, n - 1));
    }
}

fn rayon_jobs() {
    let max = Mutex::new(0);
    rayon::scope(|s| countdown(s, &max, 3));
    let held = max.lock().unwrap();
    rayon::spawn(move || println!("later"));
    println!("{}", *held);
}

// loom's threads exist inside `loom::model`, which explores their
// interleavings itself: a racy-looking step is what the model is testing.
fn loom_model() {
    loom::model(|| {
        let n = Arc::new(loom::sync::atomic::AtomicUsize::new(0));
        let ths: Vec<_> = (0..2)
            .map(|_| {
                let n = n.clone();
                loom::thread::spawn(move || {
                    let v = n.load(Ordering::SeqCst);
                    n.store(v + 1, Ordering::SeqCst);
                })
            })
            .collect();
        for th in ths {
            th.join().unwrap();
        }
    });
}

// A pool's `execute` with a job that locks: the job runs on a pool thread.
fn pool_job(pool: &threadpool::ThreadPool, log: Arc<Mutex<Vec<String>>>) {
    let held = log.lock().unwrap();
    let log2 = Arc::clone(&log);
    pool.execute(move || log2.lock().unwrap().push("job".into()));
    println!("{}", held.len());
}

fn main() {
    builder_threads();
    scoped_threads();
    runtime_builder(Arc::new(Mutex::new(0)));
    rayon_jobs();
    loom_model();
}
