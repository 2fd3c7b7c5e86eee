// lock_order on a ring of locks: one thread per seat at a round table, each
// taking the fork on its left (`forks[i]`) and then the one on its right
// (`forks[(i + 1) % n]`). Every thread can hold its left fork while the next
// thread holds it as its right one: a cycle through all the forks. The fixes
// learners write (the lower index first, one thread the other way round, a
// waiter that lets one in at a time) stay silent.

use std::sync::{Arc, Mutex};
use std::thread;

const SEATS: usize = 5;

// The forks cloned out of the collection before the spawn.
fn forks_cloned_before_the_spawn() {
    let forks: Vec<Arc<Mutex<()>>> = (0..SEATS).map(|_| Arc::new(Mutex::new(()))).collect();
    let handles: Vec<_> = (0..SEATS)
        .map(|i| {
            let left = Arc::clone(&forks[i]);
            let right = Arc::clone(&forks[(i + 1) % SEATS]);
            thread::spawn(move || {
                let _left = left.lock().unwrap();
                let _right = right.lock().unwrap(); //~ lock_order
                println!("philosopher {i} eats");
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
}

// The whole table shared, indexed inside the thread.
fn table_indexed_in_the_thread(n: usize) {
    let table = Arc::new((0..n).map(|_| Mutex::new(0u32)).collect::<Vec<_>>());
    let mut handles = Vec::new();
    for seat in 0..n {
        let table = Arc::clone(&table);
        handles.push(thread::spawn(move || {
            let mut mine = table[seat].lock().unwrap();
            let mut next = table[(seat + 1) % n].lock().unwrap(); //~ lock_order
            *mine += 1;
            *next += 1;
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
}

// An array of forks, and philosophers who eat forever.
fn array_of_forks() {
    const N: usize = 3;
    let forks = [(); N].map(|_| Arc::new(Mutex::new(())));
    (0..N)
        .map(|seat| {
            let left = forks[seat].clone();
            let right = forks[(seat + 1) % N].clone();
            thread::spawn(move || loop {
                let _l = left.lock().unwrap();
                let _r = right.lock().unwrap(); //~ lock_order
                println!("{seat} eats");
            })
        })
        .collect::<Vec<_>>()
        .into_iter()
        .for_each(|h| h.join().unwrap());
}

// Fix: the lower index first, on every thread.
fn lower_index_first() {
    let forks: Vec<_> = (0..SEATS).map(|_| Arc::new(Mutex::new(()))).collect();
    let mut handles = vec![];
    for i in 0..SEATS {
        let a = i.min((i + 1) % SEATS);
        let b = i.max((i + 1) % SEATS);
        let first = forks[a].clone();
        let second = forks[b].clone();
        handles.push(thread::spawn(move || {
            let _f = first.lock().unwrap();
            let _s = second.lock().unwrap();
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// Fix: the last philosopher reaches for the right fork first.
fn last_one_the_other_way() {
    let forks = Arc::new(vec![
        Mutex::new(()),
        Mutex::new(()),
        Mutex::new(()),
    ]);
    let mut handles = vec![];
    for i in 0..3 {
        let forks = Arc::clone(&forks);
        handles.push(thread::spawn(move || {
            if i == 2 {
                let _r = forks[(i + 1) % 3].lock().unwrap();
                let _l = forks[i].lock().unwrap();
            } else {
                let _l = forks[i].lock().unwrap();
                let _r = forks[(i + 1) % 3].lock().unwrap();
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// Fix: every other philosopher starts with the right fork.
fn even_seats_left_first_odd_seats_right_first() {
    let forks: Vec<_> = (0..4).map(|_| Arc::new(Mutex::new(()))).collect();
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let left = Arc::clone(&forks[i]);
            let right = Arc::clone(&forks[(i + 1) % 4]);
            let (first, second) = if i % 2 == 0 {
                (left, right)
            } else {
                (right, left)
            };
            thread::spawn(move || {
                let _a = first.lock().unwrap();
                let _b = second.lock().unwrap();
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

// Fix: the last philosopher swaps the forks it reaches for.
fn last_one_swaps_its_forks() {
    let forks: Vec<_> = (0..SEATS).map(|_| Arc::new(Mutex::new(()))).collect();
    let mut handles = vec![];
    for i in 0..SEATS {
        let mut left = Arc::clone(&forks[i]);
        let mut right = Arc::clone(&forks[(i + 1) % SEATS]);
        if i == SEATS - 1 {
            std::mem::swap(&mut left, &mut right);
        }
        handles.push(thread::spawn(move || {
            let _l = left.lock().unwrap();
            let _r = right.lock().unwrap();
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// Fix: a waiter lock held while taking both forks lets one philosopher reach at a time.
fn waiter_lets_one_in() {
    let forks: Vec<_> = (0..SEATS).map(|_| Arc::new(Mutex::new(()))).collect();
    let waiter = Arc::new(Mutex::new(()));
    let mut handles = vec![];
    for i in 0..SEATS {
        let left = forks[i].clone();
        let right = forks[(i + 1) % SEATS].clone();
        let waiter = waiter.clone();
        handles.push(thread::spawn(move || {
            let permit = waiter.lock().unwrap();
            let _l = left.lock().unwrap();
            let _r = right.lock().unwrap();
            drop(permit);
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// Fix: one philosopher fewer than forks: nobody closes the ring.
fn one_seat_left_empty() {
    let forks: Vec<_> = (0..SEATS).map(|_| Arc::new(Mutex::new(()))).collect();
    let mut handles = vec![];
    for i in 0..SEATS - 1 {
        let left = forks[i].clone();
        let right = forks[(i + 1) % SEATS].clone();
        handles.push(thread::spawn(move || {
            let _l = left.lock().unwrap();
            let _r = right.lock().unwrap();
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// Fix: one fork at a time.
fn one_fork_at_a_time() {
    let forks: Vec<_> = (0..SEATS).map(|_| Arc::new(Mutex::new(0))).collect();
    let mut handles = vec![];
    for i in 0..SEATS {
        let left = forks[i].clone();
        let right = forks[(i + 1) % SEATS].clone();
        handles.push(thread::spawn(move || {
            *left.lock().unwrap() += 1;
            *right.lock().unwrap() += 1;
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
}

// Each philosopher eats alone: joined before the next one sits down.
fn one_at_a_time_at_the_table() {
    let forks: Vec<_> = (0..SEATS).map(|_| Arc::new(Mutex::new(()))).collect();
    for i in 0..SEATS {
        let left = forks[i].clone();
        let right = forks[(i + 1) % SEATS].clone();
        thread::spawn(move || {
            let _l = left.lock().unwrap();
            let _r = right.lock().unwrap();
        })
        .join() //~ serial_join
        .unwrap();
    }
}

fn main() {
    forks_cloned_before_the_spawn();
    table_indexed_in_the_thread(4);
    array_of_forks();
    lower_index_first();
    even_seats_left_first_odd_seats_right_first();
    last_one_the_other_way();
    last_one_swaps_its_forks();
    waiter_lets_one_in();
    one_seat_left_empty();
    one_fork_at_a_time();
    one_at_a_time_at_the_table();
}
