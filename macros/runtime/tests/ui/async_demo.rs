#[racelint_demo::demo]
async fn add_one() -> usize {
    1
}

fn main() {}
