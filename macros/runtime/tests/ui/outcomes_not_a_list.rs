#[racelint_demo::demo(outcomes = 2)]
fn two_threads_add_one() -> usize {
    2
}

fn main() {}
