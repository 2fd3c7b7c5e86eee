//! Channels: a pipeline of stages joined by bounded `sync_channel`s, and
//! several producers sending into one receiver.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread;

fn generate(n: u64, out: SyncSender<u64>) {
    for i in 1..=n {
        if out.send(i).is_err() {
            break;
        }
    }
}

fn square(input: Receiver<u64>, out: SyncSender<u64>) {
    for v in input {
        if out.send(v * v).is_err() {
            break;
        }
    }
}

/// `1² + 2² + ... + n²`, computed by a generator stage and a squaring stage
/// that hand values on through bounded channels (a slow stage makes the
/// faster one wait instead of piling up values).
pub fn sum_of_squares(n: u64) -> u64 {
    let (numbers_tx, numbers_rx) = mpsc::sync_channel(4);
    let (squares_tx, squares_rx) = mpsc::sync_channel(4);
    let generator = thread::spawn(move || generate(n, numbers_tx));
    let squarer = thread::spawn(move || square(numbers_rx, squares_tx));
    let mut total = 0;
    for square in squares_rx {
        total += square;
    }
    generator.join().unwrap();
    squarer.join().unwrap();
    total
}

/// Every `(producer, item)` pair sent by `producers` threads, in order.
pub fn collect_from_producers(producers: usize, per_producer: usize) -> Vec<(usize, usize)> {
    let (tx, rx) = mpsc::channel();
    let handles: Vec<_> = (0..producers)
        .map(|id| {
            let tx = tx.clone();
            thread::spawn(move || {
                for item in 0..per_producer {
                    tx.send((id, item)).unwrap();
                }
            })
        })
        .collect();
    // The receiver's loop ends once every sender is gone, this one included.
    drop(tx);
    let mut received: Vec<_> = rx.iter().collect();
    for handle in handles {
        handle.join().unwrap();
    }
    received.sort_unstable();
    received
}

/// A worker thread that answers requests, each carrying its own reply channel.
pub fn lengths_via_requests(words: &[&str]) -> Vec<usize> {
    let (requests, inbox) = mpsc::channel::<(String, mpsc::Sender<usize>)>();
    let server = thread::spawn(move || {
        for (word, reply) in inbox {
            let _ = reply.send(word.chars().count());
        }
    });
    let lengths = words
        .iter()
        .map(|word| {
            let (reply_tx, reply_rx) = mpsc::channel();
            requests.send((word.to_string(), reply_tx)).unwrap();
            reply_rx.recv().unwrap()
        })
        .collect();
    drop(requests);
    server.join().unwrap();
    lengths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipeline_sums_squares() {
        assert_eq!(sum_of_squares(10), 385);
        assert_eq!(sum_of_squares(0), 0);
    }

    #[test]
    fn fan_in_receives_everything() {
        let received = collect_from_producers(3, 50);
        assert_eq!(received.len(), 150);
        let expected: Vec<_> = (0..3)
            .flat_map(|id| (0..50).map(move |item| (id, item)))
            .collect();
        assert_eq!(received, expected);
    }

    #[test]
    fn requests_get_replies() {
        assert_eq!(lengths_via_requests(&["a", "héllo", ""]), vec![1, 5, 0]);
    }
}
