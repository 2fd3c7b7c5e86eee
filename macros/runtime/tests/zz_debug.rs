use racelint_demo::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use racelint_demo::sync::Arc;
use racelint_demo::{explore, thread, Bound, Settings};
#[test]
fn dbg() {
    let s = Settings { bound: Bound::Complete, ..Settings::default() };
    let r = explore("t", &s, || {
        let counter = Arc::new(racelint_demo::__private::named(AtomicUsize::new(0), "counter"));
        let handles: Vec<_> = (0..2).map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                let v = c.load(SeqCst);
                assert!(v == 0, "taken");
                c.store(v + 1, SeqCst);
            })
        }).collect();
        for h in handles { let _ = h.join(); }
        counter.load(SeqCst)
    }).unwrap();
    println!("{}", r.render());
    println!("execs {}", r.executions);
}
