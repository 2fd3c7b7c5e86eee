//! Lock-free building blocks: a push-only intrusive list drained with `swap`,
//! an ID allocator with `fetch_update`, and a running maximum with a CAS loop.

use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU32, AtomicU64, Ordering};
use std::thread;

struct Node<T> {
    value: T,
    next: *mut Node<T>,
}

/// Many producers push; one consumer takes everything at once.
pub struct PushList<T> {
    head: AtomicPtr<Node<T>>,
}

unsafe impl<T: Send> Send for PushList<T> {}
unsafe impl<T: Send> Sync for PushList<T> {}

impl<T> PushList<T> {
    pub const fn new() -> Self {
        PushList {
            head: AtomicPtr::new(ptr::null_mut()),
        }
    }

    pub fn push(&self, value: T) {
        let node = Box::into_raw(Box::new(Node {
            value,
            next: ptr::null_mut(),
        }));
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            // Safety: `node` is ours until the CAS below publishes it.
            unsafe { (*node).next = head };
            match self
                .head
                .compare_exchange_weak(head, node, Ordering::Release, Ordering::Relaxed)
            {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }

    /// Takes every pushed value, newest first.
    pub fn take_all(&self) -> Vec<T> {
        let mut node = self.head.swap(ptr::null_mut(), Ordering::Acquire);
        let mut out = Vec::new();
        while !node.is_null() {
            // Safety: the swap made this chain ours alone.
            let boxed = unsafe { Box::from_raw(node) };
            node = boxed.next;
            out.push(boxed.value);
        }
        out
    }
}

impl<T> Drop for PushList<T> {
    fn drop(&mut self) {
        drop(self.take_all());
    }
}

/// Hands out IDs until the space runs out, without ever wrapping around.
pub struct IdAllocator {
    next: AtomicU32,
}

impl IdAllocator {
    pub const fn new() -> Self {
        IdAllocator {
            next: AtomicU32::new(1),
        }
    }

    pub fn allocate(&self) -> Option<u32> {
        self.next
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1))
            .ok()
    }
}

pub fn update_max(max: &AtomicU64, value: u64) -> u64 {
    let mut current = max.load(Ordering::Relaxed);
    loop {
        if value <= current {
            return current;
        }
        match max.compare_exchange_weak(current, value, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return value,
            Err(actual) => current = actual,
        }
    }
}

static IDS: IdAllocator = IdAllocator::new();

fn main() {
    let list = PushList::new();
    let max = AtomicU64::new(0);
    thread::scope(|s| {
        for t in 0..4u64 {
            let (list, max) = (&list, &max);
            s.spawn(move || {
                for i in 0..250 {
                    let id = IDS.allocate().expect("out of ids");
                    list.push((id, t));
                    update_max(max, t * 1000 + i);
                }
            });
        }
    });
    let mut items = list.take_all();
    items.sort_unstable();
    assert_eq!(items.len(), 1000);
    assert!(items.windows(2).all(|w| w[0].0 != w[1].0));
    println!("max = {}", max.load(Ordering::Relaxed));
}
