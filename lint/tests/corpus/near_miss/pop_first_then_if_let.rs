use std::sync::{Arc, Mutex};
use std::thread;

struct Stock {
    items: Vec<u32>,
    sold_out_visits: u32,
}

fn take_one(stock: &Mutex<Stock>, id: usize) {
    // Take the item in its own statement so the guard is gone before the `else`.
    let item = stock.lock().unwrap().items.pop();
    if let Some(item) = item {
        println!("worker {id} took item {item}");
    } else {
        let mut stock = stock.lock().unwrap();
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
