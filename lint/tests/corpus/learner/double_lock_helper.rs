use std::sync::{Arc, Mutex};
use std::thread;

struct Inventory {
    items: Mutex<Vec<(String, u32)>>,
}

impl Inventory {
    fn total(&self) -> u32 {
        self.items.lock().unwrap().iter().map(|(_, n)| n).sum()
    }

    fn add(&self, name: &str, count: u32) {
        let mut items = self.items.lock().unwrap();
        items.push((name.to_string(), count));
        println!("now holding {} things", self.total()); //~ double_lock
    }
}

fn main() {
    let inventory = Arc::new(Inventory {
        items: Mutex::new(Vec::new()),
    });

    let a = {
        let inv = Arc::clone(&inventory);
        thread::spawn(move || inv.add("apples", 3))
    };
    let b = {
        let inv = Arc::clone(&inventory);
        thread::spawn(move || inv.add("pears", 5))
    };
    a.join().unwrap();
    b.join().unwrap();
}
