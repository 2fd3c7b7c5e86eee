// lock_order through calls: the locks are fields of a shared struct taken in
// its methods, or the parameters of a helper that starts a thread. A method
// the spawning code calls while its thread runs runs at the same time as the
// thread; a method nobody calls, or one called only before the spawn or after
// the join, runs alongside nothing. Each call of a helper that spawns a
// thread on its arguments starts a thread of its own.

use std::sync::{Arc, Mutex, RwLock};
use std::thread::{self, JoinHandle};

// A thread runs `ab`, and `main` runs `ba` before joining it.
struct Pair {
    left: Mutex<u32>,
    right: Mutex<u32>,
}

impl Pair {
    fn new() -> Self {
        Pair {
            left: Mutex::new(0),
            right: Mutex::new(0),
        }
    }

    fn left_then_right(&self) -> u32 {
        let l = self.left.lock().unwrap();
        let r = self.right.lock().unwrap();
        *l + *r
    }

    fn right_then_left(&self) -> u32 {
        let r = self.right.lock().unwrap();
        let l = self.left.lock().unwrap(); //~ lock_order
        *l + *r
    }
}

fn method_on_thread_and_in_main() {
    let pair = Arc::new(Pair::new());
    let p1 = Arc::clone(&pair);
    let worker = thread::spawn(move || {
        p1.left_then_right();
    });
    pair.right_then_left();
    worker.join().unwrap();
}

// A helper that spawns a thread on its two locks, called with them swapped:
// the two threads run at once.
struct Account {
    balance: i64,
}

fn transfer(from: Arc<Mutex<Account>>, to: Arc<Mutex<Account>>) -> JoinHandle<()> {
    thread::spawn(move || {
        let mut a = from.lock().unwrap();
        let mut b = to.lock().unwrap();
        a.balance -= 10;
        b.balance += 10;
    })
}

fn transfers_both_ways() {
    let alice = Arc::new(Mutex::new(Account { balance: 100 }));
    let bob = Arc::new(Mutex::new(Account { balance: 100 }));
    let first = transfer(alice.clone(), bob.clone());
    let second = transfer(bob.clone(), alice.clone()); //~ lock_order
    first.join().unwrap();
    second.join().unwrap();
}

// Both orders behind a gate that is only read-locked: readers do not
// exclude each other, so both paths get in at once.
struct Vault {
    gate: RwLock<()>,
    gold: Mutex<u32>,
    silver: Mutex<u32>,
}

impl Vault {
    fn gold_then_silver(&self) -> u32 {
        let _open = self.gate.read().unwrap();
        let g = self.gold.lock().unwrap();
        let s = self.silver.lock().unwrap();
        *g + *s
    }

    fn silver_then_gold(&self) -> u32 {
        let _open = self.gate.read().unwrap();
        let s = self.silver.lock().unwrap();
        let g = self.gold.lock().unwrap(); //~ lock_order
        *g + *s
    }
}

fn read_gate_lets_both_in() {
    let vault = Arc::new(Vault {
        gate: RwLock::new(()),
        gold: Mutex::new(0),
        silver: Mutex::new(0),
    });
    let v1 = Arc::clone(&vault);
    let worker = thread::spawn(move || v1.gold_then_silver());
    vault.silver_then_gold();
    worker.join().unwrap();
}

// ---- near-misses: nothing below may fire ----

// Both orders behind one gate lock, taken first and held throughout: one
// path at a time gets in, so neither can hold one lock and wait for the other.
struct Safe {
    gate: Mutex<()>,
    cash: Mutex<u32>,
    bonds: Mutex<u32>,
}

impl Safe {
    fn cash_then_bonds(&self) -> u32 {
        let _turn = self.gate.lock().unwrap();
        let c = self.cash.lock().unwrap();
        let b = self.bonds.lock().unwrap();
        *c + *b
    }

    fn bonds_then_cash(&self) -> u32 {
        let _turn = self.gate.lock().unwrap();
        let b = self.bonds.lock().unwrap();
        let c = self.cash.lock().unwrap();
        *c + *b
    }
}

fn gate_lock_lets_one_in() {
    let safe = Arc::new(Safe {
        gate: Mutex::new(()),
        cash: Mutex::new(0),
        bonds: Mutex::new(0),
    });
    let s1 = Arc::clone(&safe);
    let worker = thread::spawn(move || s1.cash_then_bonds());
    safe.bonds_then_cash();
    worker.join().unwrap();
}

// The opposite order sits in a method no thread runs and nobody calls.
struct Gate {
    inner: Mutex<u32>,
    outer: Mutex<u32>,
}

impl Gate {
    fn inner_then_outer(&self) -> u32 {
        let i = self.inner.lock().unwrap();
        let o = self.outer.lock().unwrap();
        *i + *o
    }

    fn outer_then_inner(&self) -> u32 {
        let o = self.outer.lock().unwrap();
        let i = self.inner.lock().unwrap();
        *i + *o
    }
}

fn uncalled_method_runs_alongside_nothing() {
    let gate = Arc::new(Gate {
        inner: Mutex::new(0),
        outer: Mutex::new(0),
    });
    let g1 = Arc::clone(&gate);
    let worker = thread::spawn(move || g1.inner_then_outer());
    worker.join().unwrap();
}

// The spawning code calls the other order only before the spawn and after the join.
struct Shelf {
    top: Mutex<u32>,
    bottom: Mutex<u32>,
}

impl Shelf {
    fn top_then_bottom(&self) -> u32 {
        let t = self.top.lock().unwrap();
        let b = self.bottom.lock().unwrap();
        *t + *b
    }

    fn bottom_then_top(&self) -> u32 {
        let b = self.bottom.lock().unwrap();
        let t = self.top.lock().unwrap();
        *t + *b
    }
}

fn other_order_outside_the_thread() {
    let shelf = Arc::new(Shelf {
        top: Mutex::new(0),
        bottom: Mutex::new(0),
    });
    shelf.bottom_then_top();
    let s1 = Arc::clone(&shelf);
    let worker = thread::spawn(move || s1.top_then_bottom());
    worker.join().unwrap();
    shelf.bottom_then_top();
}

// Three locks in a cycle, but the third step sits in a method nobody calls:
// two threads alone cannot close it.
struct Triple {
    x: Mutex<u32>,
    y: Mutex<u32>,
    z: Mutex<u32>,
}

impl Triple {
    fn x_then_y(&self) -> u32 {
        let a = self.x.lock().unwrap();
        let b = self.y.lock().unwrap();
        *a + *b
    }

    fn y_then_z(&self) -> u32 {
        let b = self.y.lock().unwrap();
        let c = self.z.lock().unwrap();
        *b + *c
    }

    fn z_then_x(&self) -> u32 {
        let c = self.z.lock().unwrap();
        let a = self.x.lock().unwrap();
        *a + *c
    }
}

fn cycle_through_an_uncalled_method() {
    let t = Arc::new(Triple {
        x: Mutex::new(0),
        y: Mutex::new(0),
        z: Mutex::new(0),
    });
    let (t1, t2) = (Arc::clone(&t), Arc::clone(&t));
    let first = thread::spawn(move || t1.x_then_y());
    let second = thread::spawn(move || t2.y_then_z());
    first.join().unwrap();
    second.join().unwrap();
}

// The spawning helper's threads joined one at a time: they never overlap.
fn move_money(from: Arc<Mutex<Account>>, to: Arc<Mutex<Account>>) -> JoinHandle<()> {
    thread::spawn(move || {
        let mut a = from.lock().unwrap();
        let mut b = to.lock().unwrap();
        a.balance -= 1;
        b.balance += 1;
    })
}

fn transfers_joined_one_at_a_time() {
    let alice = Arc::new(Mutex::new(Account { balance: 100 }));
    let bob = Arc::new(Mutex::new(Account { balance: 100 }));
    move_money(alice.clone(), bob.clone()).join().unwrap();
    move_money(bob.clone(), alice.clone()).join().unwrap();
}

// The same helper called twice with the same order: no cycle.
fn transfers_in_one_order() {
    let alice = Arc::new(Mutex::new(Account { balance: 100 }));
    let bob = Arc::new(Mutex::new(Account { balance: 100 }));
    let first = move_money(alice.clone(), bob.clone());
    let second = move_money(alice.clone(), bob.clone());
    first.join().unwrap();
    second.join().unwrap();
}

// A helper that joins its own thread before it returns.
fn settle(from: Arc<Mutex<Account>>, to: Arc<Mutex<Account>>) {
    let worker = thread::spawn(move || {
        let mut a = from.lock().unwrap();
        let mut b = to.lock().unwrap();
        a.balance -= 5;
        b.balance += 5;
    });
    worker.join().unwrap();
}

fn helper_joins_its_own_thread() {
    let alice = Arc::new(Mutex::new(Account { balance: 100 }));
    let bob = Arc::new(Mutex::new(Account { balance: 100 }));
    settle(alice.clone(), bob.clone());
    settle(bob.clone(), alice.clone());
}

fn main() {
    method_on_thread_and_in_main();
    transfers_both_ways();
    read_gate_lets_both_in();
    gate_lock_lets_one_in();
    uncalled_method_runs_alongside_nothing();
    other_order_outside_the_thread();
    cycle_through_an_uncalled_method();
    transfers_joined_one_at_a_time();
    transfers_in_one_order();
    helper_joins_its_own_thread();
}
