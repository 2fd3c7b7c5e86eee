use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;
use std::thread;

fn count_vowels(text: &str) -> usize {
    text.chars().filter(|c| "aeiou".contains(*c)).count()
}

fn main() {
    let lines = vec!["hello world", "threads are fun", "rust is safe"];
    let vowels = Arc::new(AtomicUsize::new(0));

    let workers: Vec<_> = lines
        .into_iter()
        .map(|line| {
            let vowels = vowels.clone();
            thread::spawn(move || {
                vowels.fetch_add(count_vowels(line), SeqCst);
            })
        })
        .collect();

    let n = vowels.load(SeqCst); //~ read_before_join
    workers.into_iter().for_each(|w| w.join().unwrap());
    println!("{n} vowels");
}
