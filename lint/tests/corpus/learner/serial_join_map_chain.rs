use std::thread;

fn sum_of_squares(range: std::ops::Range<u64>) -> u64 {
    range.map(|x| x * x).sum()
}

fn parallel_sum(n: u64, parts: u64) -> u64 {
    let step = n / parts;
    (0..parts)
        .map(|p| {
            thread::spawn(move || sum_of_squares(p * step..(p + 1) * step))
                .join() //~ serial_join
                .expect("worker failed")
        })
        .sum()
}

fn main() {
    let total = parallel_sum(1_000_000, 4);
    println!("sum of squares: {total}");
}
