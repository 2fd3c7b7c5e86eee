//! Per-object lazy initialization with `OnceLock` fields: expensive derived
//! data computed at most once, by whichever thread needs it first.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use std::thread;

pub struct Document {
    text: String,
    index: OnceLock<HashMap<String, Vec<usize>>>,
    word_count: OnceLock<usize>,
}

impl Document {
    pub fn new(text: impl Into<String>) -> Self {
        Document {
            text: text.into(),
            index: OnceLock::new(),
            word_count: OnceLock::new(),
        }
    }

    fn index(&self) -> &HashMap<String, Vec<usize>> {
        self.index.get_or_init(|| {
            let mut index: HashMap<String, Vec<usize>> = HashMap::new();
            for (pos, word) in self.text.split_whitespace().enumerate() {
                index.entry(word.to_lowercase()).or_default().push(pos);
            }
            index
        })
    }

    pub fn positions(&self, word: &str) -> &[usize] {
        self.index()
            .get(&word.to_lowercase())
            .map_or(&[], Vec::as_slice)
    }

    pub fn word_count(&self) -> usize {
        *self
            .word_count
            .get_or_init(|| self.text.split_whitespace().count())
    }
}

fn main() {
    let doc = Arc::new(Document::new(
        "the quick brown fox jumps over the lazy dog the end",
    ));
    let queries = ["the", "fox", "cat", "dog"];

    let handles: Vec<_> = queries
        .iter()
        .map(|&q| {
            let doc = Arc::clone(&doc);
            thread::spawn(move || (q, doc.positions(q).to_vec()))
        })
        .collect();

    for h in handles {
        let (q, positions) = h.join().expect("query thread panicked");
        println!("{q:>4}: {positions:?}");
    }
    println!("{} words", doc.word_count());
}
