#[racelint_demo::demo(always = "two")]
fn two_threads_add_one() -> usize {
    2
}

fn main() {}
