// parse_error: this file does not parse (a `;` is missing), so racelint
// reports where parsing stopped instead of linting it.

use std::thread;

fn main() {
    let handle = thread::spawn(|| {
        println!("hello from a thread");
    });
    let answer = 42
    handle.join().unwrap(); //~ parse_error
    println!("{answer}");
}
