use std::sync::{Arc, Mutex};
use std::thread;

struct Library {
    books: Mutex<Vec<String>>,
    loans: Mutex<Vec<(String, String)>>,
}

impl Library {
    fn lend(&self, book: &str, reader: &str) {
        let mut books = self.books.lock().unwrap();
        let mut loans = self.loans.lock().unwrap();
        if let Some(pos) = books.iter().position(|b| b == book) {
            books.remove(pos);
            loans.push((book.to_string(), reader.to_string()));
        }
    }

    fn give_back(&self, book: &str) {
        let mut loans = self.loans.lock().unwrap();
        let mut books = self.books.lock().unwrap(); //~ lock_order
        if let Some(pos) = loans.iter().position(|(b, _)| b == book) {
            let (title, _) = loans.remove(pos);
            books.push(title);
        }
    }
}

fn main() {
    let library = Arc::new(Library {
        books: Mutex::new(vec!["Dune".into(), "Emma".into()]),
        loans: Mutex::new(Vec::new()),
    });

    let lib = Arc::clone(&library);
    let lender = thread::spawn(move || {
        for _ in 0..50 {
            lib.lend("Dune", "sam");
        }
    });
    let lib = Arc::clone(&library);
    let returner = thread::spawn(move || {
        for _ in 0..50 {
            lib.give_back("Dune");
        }
    });

    lender.join().unwrap();
    returner.join().unwrap();
}
