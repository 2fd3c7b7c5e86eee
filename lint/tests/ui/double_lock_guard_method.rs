// double_lock through a method that hands out the guard: `fn accounts(&self)
// -> MutexGuard<..>` locks `self.inner` where it is called, so holding what
// one call returned and calling it again waits for itself. Each call used
// in its own statement, or the first guard dropped before the next call,
// stays silent.

use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockWriteGuard};
use std::thread;

struct Bank {
    inner: Mutex<Vec<u64>>,
    log: RwLock<Vec<String>>,
}

impl Bank {
    fn accounts(&self) -> MutexGuard<'_, Vec<u64>> {
        self.inner.lock().unwrap()
    }

    fn log_mut(&self) -> RwLockWriteGuard<'_, Vec<String>> {
        self.log.write().expect("log poisoned")
    }

    // The mistake: `accounts` still holds the lock when `total` asks for it again.
    fn transfer(&self, from: usize, to: usize, amount: u64) {
        let mut accounts = self.accounts();
        accounts[from] -= amount;
        accounts[to] += amount;
        let total: u64 = self.accounts().iter().sum(); //~ double_lock
        println!("{total}");
    }

    // The mistake through a write guard.
    fn note(&self, line: &str) {
        let mut log = self.log_mut();
        log.push(line.to_string());
        let count = self.log_mut().len(); //~ double_lock
        println!("{count}");
    }

    // Fix: each guard is a temporary of its own statement.
    fn deposit(&self, to: usize, amount: u64) {
        self.accounts()[to] += amount;
        let n = self.accounts().len();
        println!("{n}");
    }

    // Fix: the first guard is dropped before the next call.
    fn audit(&self) -> u64 {
        let accounts = self.accounts();
        let first = accounts[0];
        drop(accounts);
        let total: u64 = self.accounts().iter().sum();
        total - first
    }
}

fn main() {
    let bank = Arc::new(Bank {
        inner: Mutex::new(vec![10, 10]),
        log: RwLock::new(Vec::new()),
    });
    let b = Arc::clone(&bank);
    let h = thread::spawn(move || {
        b.deposit(1, 3);
        println!("{}", b.audit());
    });
    bank.transfer(0, 1, 5);
    bank.note("moved 5");
    h.join().unwrap();
}
