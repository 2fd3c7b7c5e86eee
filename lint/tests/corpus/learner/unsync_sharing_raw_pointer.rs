use std::thread;

// Each thread adds its part of the sum straight into `total`.
struct SendPtr(*mut i64);

unsafe impl Send for SendPtr {}

fn main() {
    let numbers: Vec<i64> = (1..=1000).collect();
    let mut total: i64 = 0;
    let ptr = &mut total as *mut i64;

    let mut handles = Vec::new();
    for chunk in numbers.chunks(250) {
        let chunk = chunk.to_vec();
        let p = SendPtr(ptr);
        handles.push(thread::spawn(move || {
            let p = p;
            let part: i64 = chunk.iter().sum();
            unsafe {
                *p.0 += part; //~ unsync_sharing
            }
        }));
    }

    for h in handles {
        h.join().unwrap();
    }
    println!("sum = {total}");
}
