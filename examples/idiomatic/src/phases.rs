//! Work in phases separated by a `Barrier`: no thread starts phase two
//! before every thread has finished phase one.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;

/// Running sums of `values`, computed in parallel: in phase one each worker
/// sums its chunk; after the barrier, each worker adds up the totals of the
/// chunks before its own and writes its part of the result.
pub fn prefix_sums(values: &[u64], workers: usize) -> Vec<u64> {
    let chunk_len = values.len().div_ceil(workers.max(1)).max(1);
    let chunks: Vec<&[u64]> = values.chunks(chunk_len).collect();
    let totals: Vec<AtomicU64> = chunks.iter().map(|_| AtomicU64::new(0)).collect();
    let barrier = Barrier::new(chunks.len());
    let mut sums = vec![0; values.len()];
    thread::scope(|s| {
        for (i, (chunk, out)) in chunks.iter().zip(sums.chunks_mut(chunk_len)).enumerate() {
            let (totals, barrier) = (&totals, &barrier);
            s.spawn(move || {
                totals[i].store(chunk.iter().sum(), Ordering::Relaxed);
                barrier.wait();
                let mut running: u64 = totals[..i].iter().map(|t| t.load(Ordering::Relaxed)).sum();
                for (sum, value) in out.iter_mut().zip(chunk.iter()) {
                    running += value;
                    *sum = running;
                }
            });
        }
    });
    sums
}

/// Rounds of a shared board: in each round every worker writes its cell,
/// waits for the others, then reads the whole board.
pub fn rounds(workers: usize, rounds: usize) -> Vec<Vec<usize>> {
    let board = Mutex::new(vec![0; workers]);
    let barrier = Barrier::new(workers);
    thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|id| {
                let (board, barrier) = (&board, &barrier);
                s.spawn(move || {
                    let mut seen = Vec::new();
                    for round in 1..=rounds {
                        board.lock().unwrap()[id] = round;
                        barrier.wait();
                        seen.push(board.lock().unwrap().iter().sum());
                        // Nobody writes the next round before everyone has read this one.
                        barrier.wait();
                    }
                    seen
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_sums_match_a_sequential_scan() {
        let values: Vec<u64> = (1..=20).collect();
        let expected: Vec<u64> = values
            .iter()
            .scan(0, |acc, v| {
                *acc += v;
                Some(*acc)
            })
            .collect();
        assert_eq!(prefix_sums(&values, 3), expected);
        assert_eq!(prefix_sums(&values, 1), expected);
        assert!(prefix_sums(&[], 4).is_empty());
    }

    #[test]
    fn every_worker_sees_every_round_complete() {
        let seen = rounds(4, 3);
        for per_worker in seen {
            assert_eq!(per_worker, vec![4, 8, 12]);
        }
    }
}
