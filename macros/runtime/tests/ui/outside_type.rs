use std::sync::{Arc, Mutex};
use std::thread;

struct Account {
    balance: Mutex<i64>,
}

#[racelint_demo::demo]
fn withdraw_twice() -> i64 {
    let account = Arc::new(Account {
        balance: Mutex::new(100),
    });
    let a = Arc::clone(&account);
    let h = thread::spawn(move || *a.balance.lock().unwrap() -= 10);
    h.join().unwrap();
    let left = *account.balance.lock().unwrap();
    left
}

fn main() {}
