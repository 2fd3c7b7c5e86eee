//! A minimal `Arc`: the count is incremented `Relaxed` and decremented with
//! `Release`; the last owner takes an `Acquire` fence before freeing.

use std::ops::Deref;
use std::ptr::NonNull;
use std::sync::atomic::{fence, AtomicUsize, Ordering};
use std::thread;

struct Inner<T> {
    count: AtomicUsize,
    value: T,
}

pub struct MyArc<T> {
    ptr: NonNull<Inner<T>>,
}

unsafe impl<T: Send + Sync> Send for MyArc<T> {}
unsafe impl<T: Send + Sync> Sync for MyArc<T> {}

impl<T> MyArc<T> {
    pub fn new(value: T) -> Self {
        let inner = Box::new(Inner {
            count: AtomicUsize::new(1),
            value,
        });
        MyArc {
            ptr: NonNull::from(Box::leak(inner)),
        }
    }

    fn inner(&self) -> &Inner<T> {
        // Safety: the allocation lives while any MyArc points to it.
        unsafe { self.ptr.as_ref() }
    }

    pub fn strong_count(this: &Self) -> usize {
        this.inner().count.load(Ordering::Relaxed)
    }

    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        if this.inner().count.load(Ordering::Acquire) == 1 {
            // Safety: we are the only owner.
            Some(unsafe { &mut this.ptr.as_mut().value })
        } else {
            None
        }
    }
}

impl<T> Clone for MyArc<T> {
    fn clone(&self) -> Self {
        if self.inner().count.fetch_add(1, Ordering::Relaxed) > usize::MAX / 2 {
            std::process::abort();
        }
        MyArc { ptr: self.ptr }
    }
}

impl<T> Deref for MyArc<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner().value
    }
}

impl<T> Drop for MyArc<T> {
    fn drop(&mut self) {
        if self.inner().count.fetch_sub(1, Ordering::Release) == 1 {
            fence(Ordering::Acquire);
            // Safety: this was the last reference.
            unsafe { drop(Box::from_raw(self.ptr.as_ptr())) };
        }
    }
}

fn main() {
    let shared = MyArc::new(vec![1, 2, 3]);
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let shared = shared.clone();
            thread::spawn(move || shared.iter().sum::<i32>() * i)
        })
        .collect();
    let sums: Vec<i32> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(sums, [0, 6, 12, 18]);

    let mut only = shared;
    assert_eq!(MyArc::strong_count(&only), 1);
    MyArc::get_mut(&mut only).unwrap().push(4);
    println!("{:?}", *only);
}
