use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::thread;

fn count_words(counts: &RwLock<HashMap<String, usize>>, text: &str) {
    for word in text.split_whitespace() {
        let word = word.to_lowercase();
        // reading is cheap, so use a read lock first
        let seen = counts.read().unwrap().get(&word).copied().unwrap_or(0);
        counts.write().unwrap().insert(word, seen + 1); //~ lost_update
    }
}

fn main() {
    let texts = vec![
        "the cat sat on the mat",
        "the dog sat on the log",
        "a cat and a dog",
        "the end",
    ];
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
    for (word, n) in words {
        println!("{word}: {n}");
    }
}
