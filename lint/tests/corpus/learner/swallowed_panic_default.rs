use std::thread::{self, JoinHandle};

fn word_lengths(text: &'static str) -> usize {
    text.split(' ').map(|w| w.len()).max().unwrap()
}

fn main() {
    let texts = ["a quick brown fox", "", "jumps over the lazy dog"];

    let handles: Vec<JoinHandle<usize>> = texts
        .iter()
        .map(|&t| thread::spawn(move || word_lengths(t)))
        .collect();

    let longest: Vec<usize> = handles
        .into_iter()
        .map(|h| h.join().unwrap_or_default()) //~ swallowed_panic
        .collect();

    println!("longest words: {longest:?}");
}
