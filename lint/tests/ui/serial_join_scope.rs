// serial_join and scopes: a `thread::scope` opened in each iteration of a
// loop joins its threads before the next iteration starts. With one thread
// per scope and nothing else in it, the threads run one at a time.

use std::sync::Mutex;
use std::thread;

fn checksum(chunk: &[u8]) -> u32 {
    chunk.iter().map(|&b| b as u32).sum()
}

// ---- mistakes: these must fire ----

// One thread per scope, one scope per chunk.
fn scope_per_chunk(data: &[u8]) {
    let sums = Mutex::new(Vec::new());
    for chunk in data.chunks(4) {
        thread::scope(|s| {
            s.spawn(|| sums.lock().unwrap().push(checksum(chunk)));
        }); //~ serial_join
    }
    println!("{:?}", sums.lock().unwrap());
}

// The same in a `for_each`.
fn scope_per_item_for_each(words: &[&str]) {
    words.iter().for_each(|w| {
        thread::scope(|s| {
            s.spawn(|| println!("{}", w.len()));
        }) //~ serial_join
    });
}

// ---- near-misses: nothing below may fire ----

// One scope for every chunk: the threads overlap.
fn one_scope_for_all(data: &[u8]) {
    let sums = Mutex::new(Vec::new());
    thread::scope(|s| {
        for chunk in data.chunks(4) {
            let sums = &sums;
            s.spawn(move || sums.lock().unwrap().push(checksum(chunk)));
        }
    });
    println!("{:?}", sums.lock().unwrap());
}

// Each round starts several threads that overlap each other.
fn rounds_of_threads(rounds: &[Vec<u8>]) {
    for round in rounds {
        thread::scope(|s| {
            for chunk in round.chunks(2) {
                s.spawn(move || checksum(chunk));
            }
        });
    }
}

// The scope's own thread works alongside the spawned one.
fn halves_in_each_round(rounds: &[Vec<u8>]) {
    for round in rounds {
        let (left, right) = round.split_at(round.len() / 2);
        thread::scope(|s| {
            let l = s.spawn(|| checksum(left));
            let r = checksum(right);
            println!("{}", l.join().unwrap() + r);
        });
    }
}

// The scope's own thread waits for the spawned one to wake it.
fn park_each_round(rounds: usize) {
    for _ in 0..rounds {
        thread::scope(|s| {
            let me = thread::current();
            s.spawn(move || me.unpark());
            thread::park_timeout(std::time::Duration::from_millis(10));
        });
    }
}

// The spawner does its own half of the work before joining.
fn overlapping_halves(rounds: &[Vec<u8>]) {
    for round in rounds {
        let (left, right) = round.split_at(round.len() / 2);
        let right = right.to_vec();
        let h = thread::spawn(move || checksum(&right));
        let l = left.iter().map(|&b| b as u32).sum::<u32>();
        println!("{}", l + h.join().unwrap());
    }
}

fn main() {
    let data: Vec<u8> = (0..32).collect();
    scope_per_chunk(&data);
    scope_per_item_for_each(&["a", "bb"]);
    one_scope_for_all(&data);
    rounds_of_threads(&[data.clone(), data.clone()]);
    halves_in_each_round(&[data.clone(), data]);
    park_each_round(2);
    overlapping_halves(&[vec![1, 2, 3, 4]]);
}
