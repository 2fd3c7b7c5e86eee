// double_lock through the crate's own extension trait on std's locks:
// `impl<T> Handy<T> for RwLock<T> { fn rl(&self) -> RwLockReadGuard<'_, T> {
// self.read().unwrap() } }` read-locks the lock it is called on, and the
// guard lives in the caller. Holding one while calling `wl()` on the same
// lock waits for itself.

use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread;

trait Handy<T> {
    fn rl(&self) -> RwLockReadGuard<'_, T>;
    fn wl(&self) -> RwLockWriteGuard<'_, T>;
}

impl<T> Handy<T> for RwLock<T> {
    fn rl(&self) -> RwLockReadGuard<'_, T> {
        self.read().unwrap()
    }

    fn wl(&self) -> RwLockWriteGuard<'_, T> {
        self.write().unwrap()
    }
}

trait Grab<T> {
    fn grab(&self) -> MutexGuard<'_, T>;
}

impl<T> Grab<T> for Mutex<T> {
    fn grab(&self) -> MutexGuard<'_, T> {
        self.lock().expect("poisoned")
    }
}

// A read guard from `rl()` still held when `wl()` asks for the write lock.
fn read_then_write() {
    let lock = RwLock::new(1);
    let seen = lock.rl();
    *lock.wl() += *seen; //~ double_lock
}

// The same through a field, in a `match` scrutinee that keeps the guard.
struct Cache {
    inner: Arc<RwLock<i32>>,
}

impl Cache {
    fn bump_if_one(&self) {
        match *self.inner.rl() {
            1 => *self.inner.wl() += 1, //~ double_lock
            _ => {}
        };
    }
}

// A `Mutex` through its own extension method, twice.
fn grab_twice() {
    let queue = Arc::new(Mutex::new(vec![1, 2]));
    let q = Arc::clone(&queue);
    thread::spawn(move || q.grab().push(3)).join().unwrap();
    let first = queue.grab();
    let second = queue.grab(); //~ double_lock
    println!("{} {}", first.len(), second.len());
}

// ---- near-misses: nothing below may fire ----

// The value copied out: the read guard is a temporary, gone at the `;`.
fn copy_then_write() {
    let lock = RwLock::new(1);
    let seen = *lock.rl();
    *lock.wl() += seen;
}

// Two read guards at once: readers do not exclude readers.
fn two_readers() {
    let lock = RwLock::new(vec![1]);
    let a = lock.rl();
    let b = lock.rl();
    println!("{} {}", a.len(), b.len());
}

// A method of the crate's own type that happens to be called `rl`: no lock.
struct Rule {
    limit: u32,
}

impl Rule {
    fn rl(&self) -> u32 {
        self.limit
    }
}

fn own_method_named_like_the_trait() {
    let rule = Rule { limit: 3 };
    let a = rule.rl();
    let b = rule.rl();
    println!("{}", a + b);
}

fn main() {
    read_then_write();
    Cache {
        inner: Arc::new(RwLock::new(1)),
    }
    .bump_if_one();
    grab_twice();
    copy_then_write();
    two_readers();
    own_method_named_like_the_trait();
}
