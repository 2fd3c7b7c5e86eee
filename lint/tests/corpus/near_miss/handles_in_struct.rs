use std::thread::{self, JoinHandle};
use std::time::Duration;

struct Crew {
    members: Vec<JoinHandle<String>>,
}

impl Crew {
    fn hire(names: &[&'static str]) -> Crew {
        let members = names
            .iter()
            .map(|&name| {
                thread::spawn(move || {
                    thread::sleep(Duration::from_millis(20)); // working
                    format!("{name} finished")
                })
            })
            .collect();
        Crew { members }
    }

    fn wait(self) -> Vec<String> {
        self.members
            .into_iter()
            .map(|m| m.join().unwrap())
            .collect()
    }
}

fn main() {
    let crew = Crew::hire(&["ann", "bob", "cyd"]);
    println!("crew is working");
    for line in crew.wait() {
        println!("{line}");
    }
}
