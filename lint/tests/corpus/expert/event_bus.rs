//! A publish/subscribe bus. Publishing clones the subscriber list under the
//! lock and sends after releasing it, so a slow subscriber never blocks
//! `subscribe`; dead subscribers are pruned on the next publish.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    UserJoined(String),
    Message { from: String, text: String },
    Shutdown,
}

#[derive(Clone, Default)]
pub struct Bus {
    subscribers: Arc<Mutex<Vec<(u64, Sender<Event>)>>>,
    next_id: Arc<AtomicU64>,
}

impl Bus {
    pub fn subscribe(&self) -> Receiver<Event> {
        let (tx, rx) = mpsc::channel();
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.subscribers.lock().unwrap().push((id, tx));
        rx
    }

    /// Delivers `event` to every live subscriber; returns how many got it.
    pub fn publish(&self, event: Event) -> usize {
        let subscribers = self.subscribers.lock().unwrap().clone();
        let dead: Vec<u64> = subscribers
            .iter()
            .filter(|(_, tx)| tx.send(event.clone()).is_err())
            .map(|(id, _)| *id)
            .collect();
        if !dead.is_empty() {
            self.subscribers
                .lock()
                .unwrap()
                .retain(|(id, _)| !dead.contains(id));
        }
        subscribers.len() - dead.len()
    }
}

fn logger(rx: Receiver<Event>) -> Vec<String> {
    let mut lines = Vec::new();
    for event in rx {
        match event {
            Event::UserJoined(name) => lines.push(format!("+ {name}")),
            Event::Message { from, text } => lines.push(format!("<{from}> {text}")),
            Event::Shutdown => break,
        }
    }
    lines
}

fn main() {
    let bus = Bus::default();
    let log_rx = bus.subscribe();
    let counter_rx = bus.subscribe();

    let log = thread::spawn(move || logger(log_rx));
    let counter = thread::spawn(move || {
        counter_rx
            .iter()
            .take_while(|e| *e != Event::Shutdown)
            .filter(|e| matches!(e, Event::Message { .. }))
            .count()
    });

    bus.publish(Event::UserJoined("ada".into()));
    bus.publish(Event::Message {
        from: "ada".into(),
        text: "hello".into(),
    });
    bus.publish(Event::Shutdown);

    let lines = log.join().expect("logger panicked");
    let messages = counter.join().expect("counter panicked");
    println!("{lines:?}, {messages} messages");
    assert_eq!(bus.publish(Event::Shutdown), 0);
}
