use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::thread;

fn count_words(counts: &RwLock<HashMap<String, usize>>, text: &str) {
    for word in text.split_whitespace() {
        let mut counts = counts.write().unwrap();
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
}

fn main() {
    let texts = vec!["the cat sat", "the dog sat", "a cat and a dog"];
    let counts = Arc::new(RwLock::new(HashMap::new()));

    let handles: Vec<_> = texts
        .into_iter()
        .map(|text| {
            let counts = Arc::clone(&counts);
            thread::spawn(move || count_words(&counts, text))
        })
        .collect();

    for h in handles {
        h.join().unwrap();
    }

    let counts = counts.read().unwrap();
    let mut words: Vec<_> = counts.iter().collect();
    words.sort();
    println!("{words:?}");
}
