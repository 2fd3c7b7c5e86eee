use std::thread;
use std::time::Duration;

fn send_email(to: &str) {
    thread::sleep(Duration::from_millis(300));
    println!("sent mail to {to}");
}

fn main() {
    let people = ["ann@example.com", "bo@example.com", "cy@example.com"];
    for person in people {
        thread::spawn(move || send_email(person)); //~ detached_thread
    }
    // wait for the emails to go out
    thread::sleep(Duration::from_secs(2)); //~ sleep_sync
    println!("newsletter sent");
}
