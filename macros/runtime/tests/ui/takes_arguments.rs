#[racelint_demo::demo]
fn add_one(threads: usize) -> usize {
    threads
}

fn main() {}
