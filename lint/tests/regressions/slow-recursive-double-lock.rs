// Found by the shapes fuzz target (a timeout): every temporary guard of one
// statement stays alive, and the lock-order search over the pairs of guards
// grew with a high power of their number (this depth took about 20 s).
// It is now indexed by object: this file takes milliseconds.
fn run() {
    let x = run(run(run(run(run(run(run(run(run(run(c.lock().lock().lock()).lock().lock()).lock().lock()).lock().lock()).lock().lock()).lock().lock()).lock().lock()).lock().lock()).lock().lock()).lock().lock()).lock().lock();
}
