use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::thread;

struct Wallet {
    cents: AtomicI64,
}

impl Wallet {
    /// Withdraws if there is enough money; one atomic step, no lost update.
    fn withdraw(&self, amount: i64) -> bool {
        self.cents
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |c| {
                if c >= amount {
                    Some(c - amount)
                } else {
                    None
                }
            })
            .is_ok()
    }
}

fn main() {
    let wallet = Arc::new(Wallet {
        cents: AtomicI64::new(1000),
    });

    let shoppers: Vec<_> = (0..4)
        .map(|i| {
            let wallet = Arc::clone(&wallet);
            thread::spawn(move || {
                let mut bought = 0;
                while wallet.withdraw(30 + i) {
                    bought += 1;
                }
                bought
            })
        })
        .collect();

    let bought: i64 = shoppers.into_iter().map(|h| h.join().unwrap()).sum();
    println!(
        "bought {bought} things, {} cents left",
        wallet.cents.load(Ordering::SeqCst)
    );
}
