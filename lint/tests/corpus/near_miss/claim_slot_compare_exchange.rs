use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

const EMPTY: usize = usize::MAX;

// Each seat can be claimed by exactly one passenger.
fn claim(seats: &[AtomicUsize], passenger: usize) -> Option<usize> {
    seats.iter().position(|seat| {
        seat.compare_exchange(EMPTY, passenger, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    })
}

fn main() {
    let seats: Vec<AtomicUsize> = (0..4).map(|_| AtomicUsize::new(EMPTY)).collect();

    thread::scope(|s| {
        for passenger in 0..6 {
            let seats = &seats;
            s.spawn(move || match claim(seats, passenger) {
                Some(seat) => println!("passenger {passenger} got seat {seat}"),
                None => println!("passenger {passenger}: flight full"),
            });
        }
    });

    for (i, seat) in seats.iter().enumerate() {
        println!("seat {i}: {}", seat.load(Ordering::Relaxed));
    }
}
