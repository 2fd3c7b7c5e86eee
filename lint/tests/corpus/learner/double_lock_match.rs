use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::thread;

#[derive(Debug)]
enum Task {
    Work(u32),
    Retry(u32),
}

fn worker(id: usize, tasks: Arc<Mutex<VecDeque<Task>>>) {
    loop {
        match tasks.lock().unwrap().pop_front() {
            Some(Task::Work(n)) if n % 3 == 0 => {
                println!("worker {id}: {n} failed, retrying later");
                tasks.lock().unwrap().push_back(Task::Retry(n)); //~ double_lock
            }
            Some(task) => println!("worker {id}: done {task:?}"),
            None => break,
        }
    }
}

fn main() {
    let tasks: VecDeque<Task> = (1..=10).map(Task::Work).collect();
    let tasks = Arc::new(Mutex::new(tasks));

    let handles: Vec<_> = (0..2)
        .map(|id| {
            let tasks = Arc::clone(&tasks);
            thread::spawn(move || worker(id, tasks))
        })
        .collect();

    for h in handles {
        h.join().unwrap();
    }
}
