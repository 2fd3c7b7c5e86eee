// lock_order: two locks taken in opposite orders on two paths that can run at
// the same time. Each thread can get its first lock, then wait forever for the
// lock the other one holds. The finding starts at the second lock of the later
// path: the place where the order turns around.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::thread;

// Two threads, two locks, opposite orders.
fn two_threads_opposite_orders() {
    let a = Arc::new(Mutex::new(0));
    let b = Arc::new(Mutex::new(0));
    let t1 = {
        let a = Arc::clone(&a);
        let b = Arc::clone(&b);
        thread::spawn(move || {
            let mut x = a.lock().unwrap();
            let mut y = b.lock().unwrap();
            *x += 1;
            *y += 1;
        })
    };
    let t2 = {
        let a = Arc::clone(&a);
        let b = Arc::clone(&b);
        thread::spawn(move || {
            let mut y = b.lock().unwrap();
            let mut x = a.lock().unwrap(); //~ lock_order
            *y += 1;
            *x += 1;
        })
    };
    t1.join().unwrap();
    t2.join().unwrap();
}

// One function run by several threads, with the two orders in two branches.
fn branches_of_one_function() {
    let input = Mutex::new(vec![1, 2, 3]);
    let output = Mutex::new(Vec::new());
    thread::scope(|s| {
        for i in 0..4 {
            let input = &input;
            let output = &output;
            s.spawn(move || {
                if i % 2 == 0 {
                    let mut from = input.lock().unwrap();
                    let mut to = output.lock().unwrap();
                    if let Some(v) = from.pop() {
                        to.push(v);
                    }
                } else {
                    let mut to = output.lock().unwrap();
                    let mut from = input.lock().unwrap(); //~ lock_order
                    if let Some(v) = to.pop() {
                        from.push(v);
                    }
                }
            });
        }
    });
}

// The first thread takes its second lock inside a helper.
fn bump_stats(stats: &Mutex<HashMap<String, u32>>, key: &str) {
    *stats.lock().unwrap().entry(key.to_string()).or_insert(0) += 1;
}

fn helper_in_the_first_path() {
    let log = Arc::new(Mutex::new(Vec::<String>::new()));
    let stats = Arc::new(Mutex::new(HashMap::new()));
    let writer = {
        let log = log.clone();
        let stats = stats.clone();
        thread::spawn(move || {
            let mut log = log.lock().unwrap();
            log.push("request".to_string());
            bump_stats(&stats, "request");
        })
    };
    let reporter = {
        let log = log.clone();
        let stats = stats.clone();
        thread::spawn(move || {
            let stats = stats.lock().unwrap();
            let lines = log.lock().unwrap().len(); //~ lock_order
            println!("{} keys, {lines} lines", stats.len());
        })
    };
    writer.join().unwrap();
    reporter.join().unwrap();
}

// The later thread takes its second lock through a helper it calls while
// holding the first guard: the order turns around at the call.
fn reserve(inventory: &Mutex<u32>) -> bool {
    let mut left = inventory.lock().unwrap();
    if *left > 0 {
        *left -= 1;
        true
    } else {
        false
    }
}

fn helper_in_the_later_path() {
    let inventory = Arc::new(Mutex::new(10u32));
    let orders = Arc::new(Mutex::new(Vec::new()));
    let restock = {
        let inventory = Arc::clone(&inventory);
        let orders = Arc::clone(&orders);
        thread::spawn(move || {
            let mut stock = inventory.lock().unwrap();
            let pending = orders.lock().unwrap().len() as u32;
            *stock += pending;
        })
    };
    let order = {
        let inventory = Arc::clone(&inventory);
        let orders = Arc::clone(&orders);
        thread::spawn(move || {
            let mut orders = orders.lock().unwrap();
            if reserve(&inventory) {
                //~^ lock_order
                orders.push("book");
            }
        })
    };
    restock.join().unwrap();
    order.join().unwrap();
}

// A cycle of three locks: no two threads disagree, but the three together can
// each hold one lock and wait for the next.
fn cycle_of_three() {
    let fork1 = Arc::new(Mutex::new(()));
    let fork2 = Arc::new(Mutex::new(()));
    let fork3 = Arc::new(Mutex::new(()));
    let mut philosophers = Vec::new();
    {
        let (left, right) = (Arc::clone(&fork1), Arc::clone(&fork2));
        philosophers.push(
            thread::Builder::new()
                .name("plato".into())
                .spawn(move || {
                    let _l = left.lock().unwrap();
                    let _r = right.lock().unwrap();
                    println!("plato eats");
                })
                .unwrap(),
        );
    }
    {
        let (left, right) = (Arc::clone(&fork2), Arc::clone(&fork3));
        philosophers.push(
            thread::Builder::new()
                .name("kant".into())
                .spawn(move || {
                    let _l = left.lock().unwrap();
                    let _r = right.lock().unwrap();
                    println!("kant eats");
                })
                .unwrap(),
        );
    }
    {
        let (left, right) = (Arc::clone(&fork3), Arc::clone(&fork1));
        philosophers.push(
            thread::Builder::new()
                .name("hume".into())
                .spawn(move || {
                    let _l = left.lock().unwrap();
                    let _r = right.lock().unwrap(); //~ lock_order
                    println!("hume eats");
                })
                .unwrap(),
        );
    }
    for p in philosophers {
        p.join().unwrap();
    }
}

// A struct with two locks and two methods that take them in opposite orders.
struct Bank {
    savings: Mutex<i64>,
    checking: Mutex<i64>,
}

impl Bank {
    fn to_checking(&self, amount: i64) {
        let mut savings = self.savings.lock().unwrap();
        let mut checking = self.checking.lock().unwrap();
        *savings -= amount;
        *checking += amount;
    }

    fn to_savings(&self, amount: i64) {
        let mut checking = self.checking.lock().unwrap();
        let mut savings = self.savings.lock().unwrap(); //~ lock_order
        *checking -= amount;
        *savings += amount;
    }
}

fn methods_in_opposite_orders() {
    let bank = Arc::new(Bank {
        savings: Mutex::new(100),
        checking: Mutex::new(100),
    });
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let bank = Arc::clone(&bank);
            thread::spawn(move || {
                if i % 2 == 0 {
                    bank.to_checking(10);
                } else {
                    bank.to_savings(10);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// One transfer function, called with the accounts swapped: the order follows
// the arguments.
fn transfer(from: &Mutex<i64>, to: &Mutex<i64>, amount: i64) {
    let mut from = from.lock().unwrap();
    let mut to = to.lock().unwrap(); //~ lock_order
    *from -= amount;
    *to += amount;
}

fn transfer_with_swapped_arguments() {
    let alice = Mutex::new(50);
    let bob = Mutex::new(50);
    thread::scope(|s| {
        s.spawn(|| transfer(&alice, &bob, 10));
        s.spawn(|| transfer(&bob, &alice, 20));
    });
}

// Read and write locks deadlock too: a held read guard blocks a writer.
fn rwlocks_in_opposite_orders() {
    let users = Arc::new(RwLock::new(vec!["ada".to_string()]));
    let groups = Arc::new(RwLock::new(vec!["admins".to_string()]));
    let admin = {
        let users = Arc::clone(&users);
        let groups = Arc::clone(&groups);
        thread::spawn(move || {
            let mut users = users.write().unwrap();
            let mut groups = groups.write().unwrap();
            users.push("grace".to_string());
            groups.push("grace's group".to_string());
        })
    };
    let audit = {
        let users = Arc::clone(&users);
        let groups = Arc::clone(&groups);
        thread::spawn(move || {
            let groups = groups.read().unwrap();
            let users = users.read().unwrap(); //~ lock_order
            println!("{} users in {} groups", users.len(), groups.len());
        })
    };
    admin.join().unwrap();
    audit.join().unwrap();
}

// ---- near-misses: nothing below may fire ----

// The same order everywhere.
fn same_order_is_fine() {
    let a = Arc::new(Mutex::new(0));
    let b = Arc::new(Mutex::new(0));
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let a = Arc::clone(&a);
            let b = Arc::clone(&b);
            thread::spawn(move || {
                let mut x = a.lock().unwrap();
                let mut y = b.lock().unwrap();
                *x += 1;
                *y += *x;
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// The first guard is dropped before the second lock is taken.
fn drop_before_second_lock() {
    let a = Arc::new(Mutex::new(1));
    let b = Arc::new(Mutex::new(2));
    let t1 = {
        let (a, b) = (a.clone(), b.clone());
        thread::spawn(move || {
            let x = a.lock().unwrap();
            let copy = *x;
            drop(x);
            *b.lock().unwrap() += copy;
        })
    };
    let t2 = {
        let (a, b) = (a.clone(), b.clone());
        thread::spawn(move || {
            let y = b.lock().unwrap();
            let copy = *y;
            drop(y);
            *a.lock().unwrap() += copy;
        })
    };
    t1.join().unwrap();
    t2.join().unwrap();
}

// The first guard lives in an inner block that ends before the second lock.
fn inner_block_is_fine() {
    let names = Mutex::new(vec!["a".to_string()]);
    let count = Mutex::new(0usize);
    thread::scope(|s| {
        s.spawn(|| {
            let n = {
                let names = names.lock().unwrap();
                names.len()
            };
            *count.lock().unwrap() = n;
        });
        s.spawn(|| {
            let n = {
                let count = count.lock().unwrap();
                *count
            };
            names.lock().unwrap().push(format!("name {n}"));
        });
    });
}

// Each guard is a temporary of its own statement: never two held at once.
fn one_guard_per_statement() {
    let queue = Arc::new(Mutex::new(vec![1, 2, 3]));
    let done = Arc::new(Mutex::new(Vec::new()));
    let forward = {
        let (queue, done) = (Arc::clone(&queue), Arc::clone(&done));
        thread::spawn(move || {
            let job = queue.lock().unwrap().pop();
            done.lock().unwrap().extend(job);
        })
    };
    let back = {
        let (queue, done) = (Arc::clone(&queue), Arc::clone(&done));
        thread::spawn(move || {
            let job = done.lock().unwrap().pop();
            queue.lock().unwrap().extend(job);
        })
    };
    forward.join().unwrap();
    back.join().unwrap();
}

// Opposite orders, but no other thread is running.
fn single_threaded_is_fine() {
    let a = Mutex::new(1);
    let b = Mutex::new(2);
    {
        let x = a.lock().unwrap();
        let y = b.lock().unwrap();
        println!("{}", *x + *y);
    }
    {
        let y = b.lock().unwrap();
        let x = a.lock().unwrap();
        println!("{}", *x * *y);
    }
}

// Opposite orders before the threads start and after they are joined.
fn before_spawn_and_after_join_are_fine() {
    let a = Arc::new(Mutex::new(0));
    let b = Arc::new(Mutex::new(0));
    {
        let _x = a.lock().unwrap();
        let _y = b.lock().unwrap();
    }
    let worker = {
        let a = Arc::clone(&a);
        thread::spawn(move || *a.lock().unwrap() += 1)
    };
    worker.join().unwrap();
    let y = b.lock().unwrap();
    let x = a.lock().unwrap();
    println!("{} {}", *x, *y);
}

// A global order: always lock the account with the smaller id first.
struct Account {
    id: u32,
    balance: Mutex<i64>,
}

fn transfer_in_id_order(from: &Account, to: &Account, amount: i64) {
    let (first, second) = if from.id < to.id {
        (from, to)
    } else {
        (to, from)
    };
    let mut first = first.balance.lock().unwrap();
    let mut second = second.balance.lock().unwrap();
    if from.id < to.id {
        *first -= amount;
        *second += amount;
    } else {
        *second -= amount;
        *first += amount;
    }
}

fn global_order_is_fine() {
    let alice = Account {
        id: 1,
        balance: Mutex::new(50),
    };
    let bob = Account {
        id: 2,
        balance: Mutex::new(50),
    };
    thread::scope(|s| {
        s.spawn(|| transfer_in_id_order(&alice, &bob, 10));
        s.spawn(|| transfer_in_id_order(&bob, &alice, 20));
    });
}

// `try_lock` for the second lock: on failure, give the first one back and retry.
fn try_lock_is_fine() {
    let a = Arc::new(Mutex::new(0));
    let b = Arc::new(Mutex::new(0));
    let t1 = {
        let (a, b) = (Arc::clone(&a), Arc::clone(&b));
        thread::spawn(move || {
            let mut x = a.lock().unwrap();
            let mut y = b.lock().unwrap();
            *x += 1;
            *y += 1;
        })
    };
    let t2 = {
        let (a, b) = (Arc::clone(&a), Arc::clone(&b));
        thread::spawn(move || loop {
            let mut y = b.lock().unwrap();
            if let Ok(mut x) = a.try_lock() {
                *x += 1;
                *y += 1;
                break;
            }
            drop(y);
            thread::yield_now();
        })
    };
    t1.join().unwrap();
    t2.join().unwrap();
}

fn main() {
    two_threads_opposite_orders();
    branches_of_one_function();
    helper_in_the_first_path();
    helper_in_the_later_path();
    cycle_of_three();
    methods_in_opposite_orders();
    transfer_with_swapped_arguments();
    rwlocks_in_opposite_orders();
    same_order_is_fine();
    drop_before_second_lock();
    inner_block_is_fine();
    one_guard_per_statement();
    single_threaded_is_fine();
    before_spawn_and_after_join_are_fine();
    global_order_is_fine();
    try_lock_is_fine();
}
