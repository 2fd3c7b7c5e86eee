use std::thread;
use std::time::Duration;

fn check_server(name: &str) -> bool {
    thread::sleep(Duration::from_millis(30));
    !name.ends_with(".invalid")
}

fn main() {
    let servers = ["db.local", "cache.local", "web.local"];
    let mut checks = Vec::new();

    for server in servers {
        checks.push((server, thread::spawn(move || check_server(server))));
    }

    for (server, check) in checks {
        let up = check.join().expect("health check thread panicked");
        println!("{server}: {}", if up { "up" } else { "down" });
    }
}
