//! A Treiber stack: a lock-free linked list whose head is swung with a
//! `compare_exchange` loop. Values come out all at once with `take_all`
//! (one `swap` of the head), so no thread ever reads a node that another
//! thread may be freeing.

use std::marker::PhantomData;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

struct Node<T> {
    value: T,
    next: *mut Node<T>,
}

pub struct Stack<T> {
    head: AtomicPtr<Node<T>>,
    /// The stack owns its nodes (and `AtomicPtr` alone would make it
    /// `Send + Sync` whatever `T` is).
    _owns: PhantomData<Box<Node<T>>>,
}

// SAFETY: a value is moved in by `push` and out by `take_all`, each exactly
// once, possibly on different threads; that needs `T: Send` and nothing more.
// The head is only changed through atomic operations.
unsafe impl<T: Send> Send for Stack<T> {}
unsafe impl<T: Send> Sync for Stack<T> {}

impl<T> Stack<T> {
    pub const fn new() -> Self {
        Stack {
            head: AtomicPtr::new(ptr::null_mut()),
            _owns: PhantomData,
        }
    }

    pub fn push(&self, value: T) {
        let node = Box::into_raw(Box::new(Node {
            value,
            next: ptr::null_mut(),
        }));
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            // SAFETY: `node` is not shared with anyone until the exchange succeeds.
            unsafe { (*node).next = head };
            match self
                .head
                .compare_exchange_weak(head, node, Ordering::Release, Ordering::Relaxed)
            {
                Ok(_) => return,
                Err(actual) => head = actual,
            }
        }
    }

    /// Takes every value out, the most recently pushed first.
    pub fn take_all(&self) -> Vec<T> {
        let mut node = self.head.swap(ptr::null_mut(), Ordering::Acquire);
        let mut values = Vec::new();
        while !node.is_null() {
            // SAFETY: the swap took the whole list out of the stack, so this
            // thread owns every node of it; `Acquire` pairs with the
            // `Release` of the pushes.
            let boxed = unsafe { Box::from_raw(node) };
            node = boxed.next;
            values.push(boxed.value);
        }
        values
    }

    pub fn is_empty(&self) -> bool {
        self.head.load(Ordering::Acquire).is_null()
    }
}

impl<T> Default for Stack<T> {
    fn default() -> Self {
        Stack::new()
    }
}

impl<T> Drop for Stack<T> {
    fn drop(&mut self) {
        drop(self.take_all());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::thread;

    #[test]
    fn last_in_first_out() {
        let stack = Stack::new();
        for i in 0..5 {
            stack.push(i);
        }
        assert_eq!(stack.take_all(), vec![4, 3, 2, 1, 0]);
        assert!(stack.is_empty());
    }

    #[test]
    fn concurrent_pushes_are_all_kept() {
        let stack = Stack::new();
        thread::scope(|s| {
            for t in 0..4 {
                let stack = &stack;
                s.spawn(move || {
                    for i in 0..250 {
                        stack.push(t * 250 + i);
                    }
                });
            }
        });
        let mut values = stack.take_all();
        values.sort_unstable();
        assert_eq!(values, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn pushes_and_takes_at_the_same_time() {
        let stack = Arc::new(Stack::new());
        let pushers: Vec<_> = (0..3)
            .map(|t| {
                let stack = Arc::clone(&stack);
                thread::spawn(move || {
                    for i in 0..200 {
                        stack.push(t * 200 + i);
                    }
                })
            })
            .collect();
        let mut taken = Vec::new();
        while taken.len() < 600 {
            taken.extend(stack.take_all());
            thread::yield_now();
        }
        for p in pushers {
            p.join().unwrap();
        }
        taken.sort_unstable();
        assert_eq!(taken, (0..600).collect::<Vec<_>>());
    }

    #[test]
    fn drop_frees_what_is_left() {
        let tracker = Arc::new(());
        let stack = Stack::new();
        for _ in 0..10 {
            stack.push(Arc::clone(&tracker));
        }
        drop(stack);
        assert_eq!(Arc::strong_count(&tracker), 1);
    }
}
