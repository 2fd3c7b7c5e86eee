// Selling concert tickets from several booths at once.
use std::sync::{Arc, Mutex};
use std::thread;

fn sell(booth: usize, tickets: &Mutex<u32>, sold: &Mutex<Vec<usize>>) {
    loop {
        if *tickets.lock().unwrap() == 0 {
            break;
        }
        *tickets.lock().unwrap() -= 1; //~ check_then_act
        sold.lock().unwrap().push(booth);
    }
}

fn main() {
    let tickets = Arc::new(Mutex::new(100u32));
    let sold = Arc::new(Mutex::new(Vec::new()));
    let mut booths = Vec::new();

    for booth in 0..5 {
        let tickets = Arc::clone(&tickets);
        let sold = Arc::clone(&sold);
        booths.push(thread::spawn(move || sell(booth, &tickets, &sold)));
    }

    for b in booths {
        b.join().unwrap();
    }

    let sold = sold.lock().unwrap();
    println!(
        "sold {} tickets, {} left",
        sold.len(),
        tickets.lock().unwrap()
    );
}
