//! A 1-D heat diffusion stencil: each thread owns a band of cells, all threads
//! meet at a `Barrier` between the read phase and the write phase.

use std::sync::{Arc, Barrier, RwLock};
use std::thread;

const CELLS: usize = 64;
const THREADS: usize = 4;
const STEPS: usize = 100;

fn step_band(current: &[f64], band: std::ops::Range<usize>) -> Vec<f64> {
    band.map(|i| {
        let left = if i == 0 { current[i] } else { current[i - 1] };
        let right = if i + 1 == current.len() {
            current[i]
        } else {
            current[i + 1]
        };
        current[i] + 0.25 * (left - 2.0 * current[i] + right)
    })
    .collect()
}

fn simulate(initial: Vec<f64>) -> Vec<f64> {
    let grid = Arc::new(RwLock::new(initial));
    let barrier = Arc::new(Barrier::new(THREADS));
    let band = CELLS / THREADS;

    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let grid = Arc::clone(&grid);
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                let range = t * band..(t + 1) * band;
                for _ in 0..STEPS {
                    let next = step_band(&grid.read().unwrap(), range.clone());
                    barrier.wait(); // everyone has read this step
                    grid.write().unwrap()[range.clone()].copy_from_slice(&next);
                    barrier.wait(); // everyone has written this step
                }
            })
        })
        .collect();

    for w in workers {
        w.join().expect("stencil worker panicked");
    }
    Arc::try_unwrap(grid)
        .expect("workers are joined")
        .into_inner()
        .unwrap()
}

fn main() {
    let mut initial = vec![0.0; CELLS];
    initial[CELLS / 2] = 100.0;
    let result = simulate(initial);
    let total: f64 = result.iter().sum();
    println!("total heat {total:.3}");
    assert!((total - 100.0).abs() < 1e-6);
}
