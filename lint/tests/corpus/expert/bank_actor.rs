//! An actor owns its state on one thread; other threads talk to it through a
//! channel of commands, each carrying its own reply channel.

use std::collections::HashMap;
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

enum Command {
    Deposit {
        account: String,
        amount: u64,
    },
    Withdraw {
        account: String,
        amount: u64,
        reply: Sender<Result<u64, String>>,
    },
    Balance {
        account: String,
        reply: Sender<u64>,
    },
}

#[derive(Clone)]
pub struct BankHandle {
    tx: Sender<Command>,
}

pub fn start_bank() -> (BankHandle, JoinHandle<HashMap<String, u64>>) {
    let (tx, rx) = mpsc::channel();
    let actor = thread::spawn(move || {
        let mut balances: HashMap<String, u64> = HashMap::new();
        for command in rx {
            match command {
                Command::Deposit { account, amount } => {
                    *balances.entry(account).or_default() += amount;
                }
                Command::Withdraw {
                    account,
                    amount,
                    reply,
                } => {
                    let balance = balances.entry(account).or_default();
                    let result = match balance.checked_sub(amount) {
                        Some(left) => {
                            *balance = left;
                            Ok(left)
                        }
                        None => Err(format!("insufficient funds: {balance} < {amount}")),
                    };
                    let _ = reply.send(result); // the caller may have given up
                }
                Command::Balance { account, reply } => {
                    let _ = reply.send(balances.get(&account).copied().unwrap_or(0));
                }
            }
        }
        balances
    });
    (BankHandle { tx }, actor)
}

impl BankHandle {
    pub fn deposit(&self, account: &str, amount: u64) {
        let account = account.to_string();
        self.tx
            .send(Command::Deposit { account, amount })
            .expect("bank stopped");
    }

    pub fn withdraw(&self, account: &str, amount: u64) -> Result<u64, String> {
        let (reply, response) = mpsc::channel();
        let account = account.to_string();
        self.tx
            .send(Command::Withdraw {
                account,
                amount,
                reply,
            })
            .map_err(|_| "bank stopped".to_string())?;
        response.recv().map_err(|_| "bank stopped".to_string())?
    }

    pub fn balance(&self, account: &str) -> u64 {
        let (reply, response) = mpsc::channel();
        let account = account.to_string();
        self.tx
            .send(Command::Balance { account, reply })
            .expect("bank stopped");
        response.recv().expect("bank stopped")
    }
}

fn main() {
    let (bank, actor) = start_bank();
    bank.deposit("alice", 100);

    let clients: Vec<_> = (0..4)
        .map(|_| {
            let bank = bank.clone();
            thread::spawn(move || {
                (0..10)
                    .filter(|_| bank.withdraw("alice", 3).is_ok())
                    .count()
            })
        })
        .collect();
    let succeeded: usize = clients.into_iter().map(|c| c.join().unwrap()).sum();

    println!("{succeeded} withdrawals, {} left", bank.balance("alice"));
    drop(bank);
    let final_state = actor.join().expect("the bank actor panicked");
    assert_eq!(final_state["alice"], 100 - 3 * succeeded as u64);
}
