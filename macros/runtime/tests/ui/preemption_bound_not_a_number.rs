#[racelint_demo::demo(preemption_bound = "two")]
fn two_threads_add_one() -> usize {
    2
}

fn main() {}
