//! Data-parallel helpers built on scoped threads.

use std::num::NonZeroUsize;
use std::thread;

/// How many worker threads to use for `len` items.
fn worker_count(len: usize) -> usize {
    let cpus = thread::available_parallelism()
        .map(NonZeroUsize::get)
        .unwrap_or(1);
    cpus.min(len).max(1)
}

/// Applies `f` to every item in parallel, keeping the order of the input.
pub fn par_map<T, U, F>(items: &[T], f: F) -> Vec<U>
where
    T: Sync,
    U: Send,
    F: Fn(&T) -> U + Sync,
{
    if items.is_empty() {
        return Vec::new();
    }
    let chunk_len = items.len().div_ceil(worker_count(items.len()));
    let f = &f;
    thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk_len)
            .map(|chunk| s.spawn(move || chunk.iter().map(f).collect::<Vec<U>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Applies `f` to every item in place, in parallel.
pub fn par_for_each_mut<T, F>(items: &mut [T], f: F)
where
    T: Send,
    F: Fn(&mut T) + Sync,
{
    let chunk_len = items.len().div_ceil(worker_count(items.len())).max(1);
    let f = &f;
    thread::scope(|s| {
        for chunk in items.chunks_mut(chunk_len) {
            s.spawn(move || chunk.iter_mut().for_each(f));
        }
    });
}

/// Sums in parallel with a tree of scoped threads.
pub fn par_sum(values: &[u64]) -> u64 {
    const SEQUENTIAL_CUTOFF: usize = 4096;
    if values.len() <= SEQUENTIAL_CUTOFF {
        return values.iter().sum();
    }
    let (left, right) = values.split_at(values.len() / 2);
    thread::scope(|s| {
        let left = s.spawn(|| par_sum(left));
        let right = par_sum(right);
        left.join().expect("left half panicked") + right
    })
}

fn main() {
    let words = ["alpha", "beta", "gamma", "delta", "epsilon"];
    let lengths = par_map(&words, |w| w.len());
    assert_eq!(lengths, vec![5, 4, 5, 5, 7]);

    let mut values: Vec<u64> = (0..100_000).collect();
    par_for_each_mut(&mut values, |v| *v *= 2);
    let total = par_sum(&values);
    assert_eq!(total, 2 * (0..100_000u64).sum::<u64>());
    println!("total = {total}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn par_map_keeps_order() {
        let input: Vec<u32> = (0..1000).collect();
        let output = par_map(&input, |x| x * 3);
        assert!(output.iter().enumerate().all(|(i, &x)| x == 3 * i as u32));
    }

    #[test]
    fn par_map_of_nothing() {
        let input: Vec<u8> = Vec::new();
        assert!(par_map(&input, |x| *x).is_empty());
    }
}
