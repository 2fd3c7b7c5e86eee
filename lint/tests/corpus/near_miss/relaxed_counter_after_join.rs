use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::thread;

fn count_vowels(text: &str) -> usize {
    text.chars().filter(|c| "aeiou".contains(*c)).count()
}

fn main() {
    let lines = ["hello world", "threads are fun", "rust is safe"];
    let vowels = AtomicUsize::new(0);
    let lines_done = AtomicUsize::new(0);

    thread::scope(|s| {
        for line in lines {
            s.spawn(|| {
                vowels.fetch_add(count_vowels(line), Relaxed);
                lines_done.fetch_add(1, Relaxed);
            });
        }
    });

    println!(
        "{} lines, {} vowels",
        lines_done.load(Relaxed),
        vowels.load(Relaxed)
    );
}
