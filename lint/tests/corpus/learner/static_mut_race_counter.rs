use std::thread;

// Global counter, like `counter = 0` at the top of the Python script.
static mut COUNTER: u32 = 0;

fn main() {
    let mut handles = vec![];

    for _ in 0..10 {
        handles.push(thread::spawn(|| {
            for _ in 0..1000 {
                unsafe {
                    COUNTER += 1; //~ static_mut_race
                }
            }
        }));
    }

    for handle in handles {
        handle.join().unwrap();
    }

    let result = unsafe { COUNTER };
    println!("counter = {result} (expected 10000)");
}
