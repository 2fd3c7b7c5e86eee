use std::sync::mpsc::{self, Sender};
use std::thread;
use std::time::Duration;

fn fetch_price(item: &'static str, tx: Sender<(&'static str, u32)>) {
    thread::sleep(Duration::from_millis(40));
    tx.send((item, item.len() as u32 * 3))
        .expect("main hung up");
}

fn main() {
    let (tx, rx) = mpsc::channel();
    let items = ["apple", "banana", "cherry", "kiwi"];
    let mut handles = Vec::with_capacity(items.len());

    for item in items {
        let tx = tx.clone();
        handles.push(thread::spawn(move || fetch_price(item, tx)));
    }
    drop(tx);

    let mut total = 0;
    while let Ok((item, price)) = rx.try_recv() {
        //~^ read_before_join
        println!("{item} costs {price}");
        total += price;
    }

    for h in handles {
        h.join().unwrap();
    }
    println!("basket total: {total}");
}
