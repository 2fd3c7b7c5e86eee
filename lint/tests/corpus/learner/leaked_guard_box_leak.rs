use std::sync::{Mutex, MutexGuard};
use std::thread;

static SETTINGS: Mutex<Vec<String>> = Mutex::new(Vec::new());

// "I want to keep the settings locked for the whole program."
fn settings_forever() -> &'static mut MutexGuard<'static, Vec<String>> {
    Box::leak(Box::new(SETTINGS.lock().unwrap())) //~ leaked_guard
}

fn main() {
    let settings = settings_forever();
    settings.push("theme=dark".to_string());

    let reader = thread::spawn(|| {
        let settings = SETTINGS.lock().unwrap();
        println!("reader sees {} settings", settings.len());
    });

    reader.join().unwrap();
}
