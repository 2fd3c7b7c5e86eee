#[racelint_demo::demo(outcome = [1, 2])]
fn two_threads_add_one() -> usize {
    1
}

fn main() {}
