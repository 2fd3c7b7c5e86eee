use std::thread;

fn parse_batch(batch: Vec<&'static str>) -> Vec<i32> {
    batch.iter().map(|t| t.parse().unwrap()).collect()
}

fn main() {
    let batches = vec![vec!["1", "2"], vec!["3", "four"], vec!["5"]];
    let handles: Vec<_> = batches
        .into_iter()
        .map(|b| thread::spawn(move || parse_batch(b)))
        .collect();

    let mut numbers = Vec::new();
    let mut failed = 0;
    for handle in handles {
        match handle.join() {
            Ok(mut part) => numbers.append(&mut part),
            Err(_) => {
                eprintln!("a batch could not be parsed");
                failed += 1;
            }
        }
    }
    println!("parsed {numbers:?}, {failed} batches failed");
}
