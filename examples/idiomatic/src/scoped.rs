//! Scoped threads: the threads borrow local data (no `Arc`, no `'static`),
//! and the scope joins every one of them before it returns.

use std::collections::HashMap;
use std::thread;

/// The length of the chunks that split `len` items among `workers` threads.
fn chunk_len(len: usize, workers: usize) -> usize {
    len.div_ceil(workers.max(1)).max(1)
}

/// Sums `values` on up to `workers` threads, each summing its own chunk.
pub fn parallel_sum(values: &[u64], workers: usize) -> u64 {
    thread::scope(|s| {
        let handles: Vec<_> = values
            .chunks(chunk_len(values.len(), workers))
            .map(|chunk| s.spawn(move || chunk.iter().sum::<u64>()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

/// Squares every value in place: `chunks_mut` gives each thread its own slice.
pub fn square_in_place(values: &mut [u64], workers: usize) {
    let len = chunk_len(values.len(), workers);
    thread::scope(|s| {
        for chunk in values.chunks_mut(len) {
            s.spawn(move || {
                for v in chunk {
                    *v *= *v;
                }
            });
        }
    });
}

/// Counts words, each thread in its own map; the maps are merged afterwards.
pub fn word_count(lines: &[&str], workers: usize) -> HashMap<String, usize> {
    let partials: Vec<HashMap<String, usize>> = thread::scope(|s| {
        let handles: Vec<_> = lines
            .chunks(chunk_len(lines.len(), workers))
            .map(|chunk| {
                s.spawn(move || {
                    let mut counts = HashMap::new();
                    for word in chunk.iter().flat_map(|line| line.split_whitespace()) {
                        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
                    }
                    counts
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut total = HashMap::new();
    for partial in partials {
        for (word, n) in partial {
            *total.entry(word).or_insert(0) += n;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_in_parallel() {
        let values: Vec<u64> = (1..=1000).collect();
        assert_eq!(parallel_sum(&values, 4), 500_500);
        assert_eq!(parallel_sum(&values, 1), 500_500);
        assert_eq!(parallel_sum(&[], 3), 0);
    }

    #[test]
    fn squares_every_chunk() {
        let mut values: Vec<u64> = (0..10).collect();
        square_in_place(&mut values, 3);
        assert_eq!(values, (0..10).map(|v| v * v).collect::<Vec<_>>());
    }

    #[test]
    fn counts_words_across_threads() {
        let lines = ["the cat", "The dog", "a cat and the dog"];
        let counts = word_count(&lines, 2);
        assert_eq!(counts["the"], 3);
        assert_eq!(counts["cat"], 2);
        assert_eq!(counts["dog"], 2);
        assert_eq!(counts["and"], 1);
    }
}
