use std::thread;

fn main() {
    let numbers: Vec<u64> = (1..=10_000).collect();
    let mut partial_sums = vec![0u64; 4];

    thread::scope(|s| {
        for (chunk, slot) in numbers.chunks(2500).zip(partial_sums.iter_mut()) {
            s.spawn(move || {
                *slot = chunk.iter().sum();
            });
        }
    });

    let total: u64 = partial_sums.iter().sum();
    println!("partial sums {partial_sums:?}, total {total}");
}
