#[racelint_demo::demo]
fn read_write_lock() -> usize {
    let value = std::sync::Arc::new(std::sync::RwLock::new(1));
    let read = *value.read().unwrap();
    read
}

fn main() {}
