//! Word frequency with fan-out / fan-in: mapper threads count their own
//! shard and send a partial map; the reducer merges until every sender is gone.

use std::collections::HashMap;
use std::sync::mpsc;
use std::thread;

type Counts = HashMap<String, usize>;

fn count(text: &str) -> Counts {
    let mut counts = Counts::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *counts.entry(word.to_lowercase()).or_default() += 1;
    }
    counts
}

fn merge(into: &mut Counts, part: Counts) {
    for (word, n) in part {
        *into.entry(word).or_default() += n;
    }
}

pub fn word_frequencies(documents: Vec<String>, mappers: usize) -> Vec<(String, usize)> {
    let (tx, rx) = mpsc::channel::<Counts>();
    let shards: Vec<Vec<String>> = {
        let n = mappers.max(1);
        let mut shards = vec![Vec::new(); n];
        for (i, doc) in documents.into_iter().enumerate() {
            shards[i % n].push(doc);
        }
        shards
    };

    let handles: Vec<_> = shards
        .into_iter()
        .map(|shard| {
            let tx = tx.clone();
            thread::spawn(move || {
                let mut local = Counts::new();
                for doc in &shard {
                    merge(&mut local, count(doc));
                }
                tx.send(local).expect("the reducer hung up");
            })
        })
        .collect();
    drop(tx);

    let mut total = Counts::new();
    for part in rx {
        merge(&mut total, part);
    }
    for h in handles {
        h.join().expect("mapper panicked");
    }

    let mut sorted: Vec<_> = total.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted
}

fn main() {
    let docs = vec![
        "It was the best of times, it was the worst of times".to_string(),
        "it was the age of wisdom, it was the age of foolishness".to_string(),
        "it was the epoch of belief".to_string(),
    ];
    for (word, n) in word_frequencies(docs, 2).iter().take(5) {
        println!("{n:>3} {word}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_across_shards() {
        let docs = vec!["a b a".to_string(), "b a".to_string(), "c".to_string()];
        let freq = word_frequencies(docs, 3);
        assert_eq!(freq[0], ("a".to_string(), 3));
        assert_eq!(freq[1], ("b".to_string(), 2));
    }
}
