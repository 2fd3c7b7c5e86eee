use std::sync::{Arc, Mutex};
use std::thread;

// A bank account shared by several ATM threads.
#[derive(Clone)]
struct Account {
    balance: Arc<Mutex<i64>>,
}

impl Account {
    fn new(start: i64) -> Self {
        Account {
            balance: Arc::new(Mutex::new(start)),
        }
    }

    fn deposit(&self, amount: i64) {
        let old = *self.balance.lock().unwrap();
        let new_balance = old + amount;
        *self.balance.lock().unwrap() = new_balance; //~ lost_update
    }

    fn balance(&self) -> i64 {
        *self.balance.lock().unwrap()
    }
}

fn main() {
    let account = Account::new(100);
    let mut atms = vec![];

    for atm in 0..4 {
        let account = account.clone();
        atms.push(thread::spawn(move || {
            for _ in 0..250 {
                account.deposit(1);
            }
            println!("atm {atm} done");
        }));
    }

    for atm in atms {
        atm.join().expect("atm thread panicked");
    }

    println!("final balance: {} (should be 1100)", account.balance());
}
