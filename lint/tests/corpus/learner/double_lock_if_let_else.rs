use std::sync::{Arc, Mutex};
use std::thread;

struct Stock {
    items: Vec<u32>,
    sold_out_visits: u32,
}

// Edition 2021: the guard in the `if let` scrutinee lives until the end of
// the whole `if let ... else`, so the `else` branch waits for itself.
fn take_one(stock: &Mutex<Stock>, id: usize) {
    if let Some(item) = stock.lock().unwrap().items.pop() {
        println!("worker {id} took item {item}");
    } else {
        let mut stock = stock.lock().unwrap(); //~ double_lock
        stock.sold_out_visits += 1;
        println!("worker {id}: sold out ({} visits)", stock.sold_out_visits);
    }
}

fn main() {
    let stock = Arc::new(Mutex::new(Stock {
        items: vec![10, 20],
        sold_out_visits: 0,
    }));
    let handles: Vec<_> = (0..4)
        .map(|id| {
            let stock = Arc::clone(&stock);
            thread::spawn(move || take_one(&stock, id))
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let stock = stock.lock().unwrap();
    println!(
        "left: {:?}, sold-out visits: {}",
        stock.items, stock.sold_out_visits
    );
}
