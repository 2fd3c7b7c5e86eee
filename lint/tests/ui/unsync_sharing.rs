// unsync_sharing: mutation shared across threads by escaping the type
// system. An `unsafe impl Sync` promises that `&T` may be used from several
// threads at once; a raw pointer (or an address kept in a `usize`) carries no
// promise at all. Writing through either without a lock or an atomic is a
// data race: undefined behaviour, not just a wrong count.

use std::cell::{Cell, UnsafeCell};
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

// An `UnsafeCell` counter, incremented through `&self` by every thread.
struct Counter {
    value: UnsafeCell<u64>,
}

unsafe impl Sync for Counter {} //~ unsync_sharing

impl Counter {
    fn increment(&self) {
        unsafe {
            *self.value.get() += 1;
        }
    }

    fn get(&self) -> u64 {
        unsafe { *self.value.get() }
    }
}

fn unsafe_cell_counter() {
    let counter = Arc::new(Counter {
        value: UnsafeCell::new(0),
    });
    let mut handles = Vec::new();
    for _ in 0..4 {
        let counter = Arc::clone(&counter);
        handles.push(thread::spawn(move || {
            for _ in 0..1000 {
                counter.increment();
            }
        }));
    }
    for h in handles {
        h.join().unwrap();
    }
    println!("{}", counter.get());
}

// A `Cell` is not `Sync` for a reason.
struct Stats {
    hits: Cell<usize>,
    misses: Cell<usize>,
}

unsafe impl Sync for Stats {} //~ unsync_sharing

impl Stats {
    fn record(&self, hit: bool) {
        if hit {
            self.hits.set(self.hits.get() + 1);
        } else {
            self.misses.set(self.misses.get() + 1);
        }
    }
}

fn cell_stats_in_scope() {
    let stats = Stats {
        hits: Cell::new(0),
        misses: Cell::new(0),
    };
    thread::scope(|s| {
        for i in 0..4 {
            let stats = &stats;
            s.spawn(move || stats.record(i % 2 == 0));
        }
    });
    println!("{} hits, {} misses", stats.hits.get(), stats.misses.get());
}

// A raw-pointer field written through `&self`.
struct PixelBuffer {
    pixels: *mut u8,
    len: usize,
}

unsafe impl Sync for PixelBuffer {} //~ unsync_sharing

impl PixelBuffer {
    fn fill(&self, value: u8) {
        for i in 0..self.len {
            unsafe { *self.pixels.add(i) = value };
        }
    }
}

fn raw_pointer_field() {
    let mut storage = vec![0u8; 64];
    let buffer = PixelBuffer {
        pixels: storage.as_mut_ptr(),
        len: storage.len(),
    };
    thread::scope(|s| {
        s.spawn(|| buffer.fill(0xff));
        s.spawn(|| buffer.fill(0x00));
    });
    println!("{}", storage[0]);
}

// A `Send`-only wrapper, but `Copy`: two copies of the pointer go to two
// threads that push at the same time.
#[derive(Clone, Copy)]
struct SharedLog(*mut Vec<String>);

unsafe impl Send for SharedLog {} //~ unsync_sharing

impl SharedLog {
    fn push(&self, line: String) {
        unsafe { (*self.0).push(line) }
    }
}

fn copied_send_wrapper() {
    let mut lines = Vec::new();
    let log = SharedLog(&mut lines);
    let a = thread::spawn(move || log.push("from a".to_string()));
    let b = thread::spawn(move || log.push("from b".to_string()));
    a.join().unwrap();
    b.join().unwrap();
    println!("{lines:?}");
}

// An address smuggled into the threads as a `usize`, then written through.
fn address_as_usize() {
    let mut total: u64 = 0;
    let addr = &mut total as *mut u64 as usize;
    let handles: Vec<_> = (1..=4u64)
        .map(|n| {
            thread::spawn(move || {
                let p = addr as *mut u64;
                unsafe { *p += n }; //~ unsync_sharing
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("{total}");
}

// The base pointer of a vector, every thread writing the same "last seen" slot.
fn ptr_write_in_builder_threads() {
    let mut slots = vec![0u32; 4];
    let base = slots.as_mut_ptr() as usize;
    let mut workers = Vec::new();
    for id in 1..=3u32 {
        let worker = thread::Builder::new()
            .name(format!("writer-{id}"))
            .spawn(move || {
                let last_seen = base as *mut u32;
                unsafe { std::ptr::write(last_seen, id) }; //~ unsync_sharing
            })
            .unwrap();
        workers.push(worker);
    }
    for w in workers {
        w.join().unwrap();
    }
    println!("{:?}", slots);
}

// A named function given the address; two scoped threads call it.
fn bump(addr: usize) {
    let count = addr as *mut i32;
    unsafe {
        *count += 1; //~ unsync_sharing
    }
}

fn helper_writes_through_address() {
    let mut count = 0i32;
    let addr = &mut count as *mut i32 as usize;
    thread::scope(|s| {
        s.spawn(move || bump(addr));
        s.spawn(move || bump(addr));
    });
    println!("{count}");
}

// ---- near-misses: nothing below may fire ----

// `unsafe impl Sync` on a type whose shared writes all go through an atomic:
// the raw pointer is only read.
struct Table {
    entries: *const u32,
    len: usize,
    lookups: AtomicUsize,
}

unsafe impl Sync for Table {}

impl Table {
    fn get(&self, i: usize) -> Option<u32> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        if i < self.len {
            Some(unsafe { *self.entries.add(i) })
        } else {
            None
        }
    }
}

fn atomic_field_is_fine() {
    let data = vec![10, 20, 30];
    let table = Table {
        entries: data.as_ptr(),
        len: data.len(),
        lookups: AtomicUsize::new(0),
    };
    thread::scope(|s| {
        for i in 0..3 {
            let table = &table;
            s.spawn(move || println!("{:?}", table.get(i)));
        }
    });
    println!("{} lookups", table.lookups.load(Ordering::Relaxed));
}

// Raw pointers kept behind a `Mutex`: every write goes through the lock.
struct Connection {
    id: u32,
}

struct Pool {
    idle: Mutex<Vec<*mut Connection>>,
}

unsafe impl Send for Pool {}
unsafe impl Sync for Pool {}

impl Pool {
    fn give_back(&self, conn: *mut Connection) {
        self.idle.lock().unwrap().push(conn);
    }

    fn take(&self) -> Option<*mut Connection> {
        self.idle.lock().unwrap().pop()
    }
}

fn mutex_field_is_fine() {
    let pool = Arc::new(Pool {
        idle: Mutex::new(Vec::new()),
    });
    for id in 0..2 {
        pool.give_back(Box::into_raw(Box::new(Connection { id })));
    }
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let pool = Arc::clone(&pool);
            thread::spawn(move || {
                if let Some(conn) = pool.take() {
                    pool.give_back(conn);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    while let Some(conn) = pool.take() {
        let conn = unsafe { Box::from_raw(conn) };
        println!("closing {}", conn.id);
    }
}

// A spin lock: the `UnsafeCell` is only reached while the atomic flag is held.
struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

unsafe impl<T: Send> Sync for SpinLock<T> {}

struct SpinGuard<'a, T> {
    lock: &'a SpinLock<T>,
}

impl<T> SpinLock<T> {
    fn new(value: T) -> Self {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    fn lock(&self) -> SpinGuard<'_, T> {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
        SpinGuard { lock: self }
    }
}

impl<T> Deref for SpinGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for SpinGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for SpinGuard<'_, T> {
    fn drop(&mut self) {
        self.lock.locked.store(false, Ordering::Release);
    }
}

fn spin_lock_is_fine() {
    let words = SpinLock::new(HashMap::new());
    thread::scope(|s| {
        for word in ["a", "b", "a"] {
            let words = &words;
            s.spawn(move || *words.lock().entry(word).or_insert(0) += 1);
        }
    });
    println!("{:?}", *words.lock());
}

// `unsafe impl Sync`, but every write needs `&mut self`; the threads only read.
struct Arena {
    buf: *mut u8,
    cap: usize,
    used: usize,
}

unsafe impl Sync for Arena {}

impl Arena {
    fn push(&mut self, byte: u8) {
        assert!(self.used < self.cap);
        unsafe { *self.buf.add(self.used) = byte };
        self.used += 1;
    }

    fn get(&self, i: usize) -> u8 {
        assert!(i < self.used);
        unsafe { *self.buf.add(i) }
    }
}

fn writes_through_mut_self_are_fine() {
    let mut storage = vec![0u8; 16];
    let mut arena = Arena {
        buf: storage.as_mut_ptr(),
        cap: storage.len(),
        used: 0,
    };
    for b in b"hello" {
        arena.push(*b);
    }
    thread::scope(|s| {
        s.spawn(|| println!("{}", arena.get(0)));
        s.spawn(|| println!("{}", arena.get(4)));
    });
}

// Written through the raw pointer before any thread starts, then only read.
fn writes_before_spawn_are_fine() {
    let mut squares = vec![0u64; 8];
    let p = squares.as_mut_ptr();
    for i in 0..8 {
        unsafe { *p.add(i) = (i * i) as u64 };
    }
    let squares = Arc::new(squares);
    let handles: Vec<_> = (0..2)
        .map(|half| {
            let squares = Arc::clone(&squares);
            thread::spawn(move || squares[half * 4..half * 4 + 4].iter().sum::<u64>())
        })
        .collect();
    let total: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("{total}");
}

// A `Send`-only handle passed from thread to thread through a channel: only
// one thread has it at a time.
struct Device {
    writes: u32,
}

struct DeviceHandle(*mut Device);

unsafe impl Send for DeviceHandle {}

impl DeviceHandle {
    fn write(&self) {
        unsafe { (*self.0).writes += 1 }
    }
}

fn send_only_handle_through_channel() {
    let device = Box::into_raw(Box::new(Device { writes: 0 }));
    let (to_worker, from_main) = mpsc::channel::<DeviceHandle>();
    let (to_main, from_worker) = mpsc::channel::<DeviceHandle>();
    let worker = thread::spawn(move || {
        for handle in from_main {
            handle.write();
            to_main.send(handle).unwrap();
        }
    });
    to_worker.send(DeviceHandle(device)).unwrap();
    let handle = from_worker.recv().unwrap();
    handle.write();
    drop(to_worker);
    worker.join().unwrap();
    let device = unsafe { Box::from_raw(handle.0) };
    println!("{} writes", device.writes);
}

// An address handed to threads that only read through it.
fn read_only_address_is_fine() {
    let table = [1u32, 2, 3, 4];
    let addr = table.as_ptr() as usize;
    thread::scope(|s| {
        for i in 0..4 {
            s.spawn(move || {
                let p = addr as *const u32;
                println!("{}", unsafe { *p.add(i) });
            });
        }
    });
}

// The safe way to write disjoint parts: `chunks_mut` hands each thread its own slice.
fn chunks_mut_is_fine() {
    let mut pixels = vec![0u8; 64];
    thread::scope(|s| {
        for (i, chunk) in pixels.chunks_mut(16).enumerate() {
            s.spawn(move || chunk.fill(i as u8));
        }
    });
    println!("{:?}", &pixels[..4]);
}

fn main() {
    unsafe_cell_counter();
    cell_stats_in_scope();
    raw_pointer_field();
    copied_send_wrapper();
    address_as_usize();
    ptr_write_in_builder_threads();
    helper_writes_through_address();
    atomic_field_is_fine();
    mutex_field_is_fine();
    spin_lock_is_fine();
    writes_through_mut_self_are_fine();
    writes_before_spawn_are_fine();
    send_only_handle_through_channel();
    read_only_address_is_fine();
    chunks_mut_is_fine();
}
