use std::thread;
use std::time::Duration;

fn check_server(name: &str) {
    thread::sleep(Duration::from_millis(30));
    if name.ends_with(".invalid") {
        panic!("cannot resolve {name}");
    }
    println!("{name} is up");
}

fn main() {
    let servers = ["db.local", "cache.invalid", "web.local"];
    let mut checks = Vec::new();

    for server in servers {
        checks.push(thread::spawn(move || check_server(server)));
    }

    for check in checks {
        check.join().ok(); //~ swallowed_panic
    }
    println!("all servers checked");
}
