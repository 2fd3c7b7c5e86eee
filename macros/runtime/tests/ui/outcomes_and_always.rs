#[racelint_demo::demo(outcomes = [1, 2], always = 2)]
fn two_threads_add_one() -> usize {
    2
}

fn main() {}
