//! Parallel merge sort with scoped threads: split, sort the halves on two
//! threads (one of them the current one), merge.

use std::thread;

const PARALLEL_CUTOFF: usize = 1 << 12;

pub fn par_sort<T: Ord + Copy + Send + Sync>(data: &mut [T]) {
    let mut scratch = data.to_vec();
    sort_into(data, &mut scratch, depth_budget());
}

fn depth_budget() -> u32 {
    let cpus = thread::available_parallelism().map_or(1, |n| n.get());
    usize::BITS - cpus.leading_zeros()
}

fn sort_into<T: Ord + Copy + Send + Sync>(data: &mut [T], scratch: &mut [T], depth: u32) {
    let len = data.len();
    if len <= 1 {
        return;
    }
    if len < PARALLEL_CUTOFF || depth == 0 {
        data.sort_unstable();
        return;
    }
    let mid = len / 2;
    {
        let (left, right) = data.split_at_mut(mid);
        let (left_scratch, right_scratch) = scratch.split_at_mut(mid);
        thread::scope(|s| {
            let handle = s.spawn(|| sort_into(left, left_scratch, depth - 1));
            sort_into(right, right_scratch, depth - 1);
            handle.join().expect("sorting the left half panicked");
        });
    }
    merge(&data[..mid], &data[mid..], scratch);
    data.copy_from_slice(scratch);
}

fn merge<T: Ord + Copy>(left: &[T], right: &[T], out: &mut [T]) {
    let (mut i, mut j, mut k) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        if left[i] <= right[j] {
            out[k] = left[i];
            i += 1;
        } else {
            out[k] = right[j];
            j += 1;
        }
        k += 1;
    }
    out[k..k + left.len() - i].copy_from_slice(&left[i..]);
    k += left.len() - i;
    out[k..k + right.len() - j].copy_from_slice(&right[j..]);
}

fn pseudo_random(n: usize) -> Vec<u32> {
    let mut x = 0x2545_f491u32;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x
        })
        .collect()
}

fn main() {
    let mut data = pseudo_random(200_000);
    par_sort(&mut data);
    assert!(data.windows(2).all(|w| w[0] <= w[1]));
    println!("sorted {} numbers", data.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_std_sort() {
        let mut a = pseudo_random(50_000);
        let mut b = a.clone();
        par_sort(&mut a);
        b.sort();
        assert_eq!(a, b);
    }
}
