// Found by the shapes fuzz target (a timeout): the analysis time grows about
// threefold with each level of a recursive call wrapping a double lock.
fn run() {
    if run(run(run(run(run(c.lock().lock().lock()).lock().lock()).lock().lock()).lock().lock()).lock().lock()) {
    }
}
