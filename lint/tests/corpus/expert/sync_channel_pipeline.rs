//! A three-stage pipeline connected by bounded channels: parse -> transform -> sink.
//! Backpressure comes from `sync_channel`; shutdown from dropping the senders.

use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::{self, JoinHandle};

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub id: u32,
    pub name: String,
}

fn parse_stage(lines: Vec<String>, out: SyncSender<Record>) -> JoinHandle<usize> {
    thread::Builder::new()
        .name("parse".into())
        .spawn(move || {
            let mut skipped = 0;
            for line in lines {
                let Some((id, name)) = line.split_once(',') else {
                    skipped += 1;
                    continue;
                };
                let Ok(id) = id.trim().parse() else {
                    skipped += 1;
                    continue;
                };
                let record = Record {
                    id,
                    name: name.trim().to_string(),
                };
                if out.send(record).is_err() {
                    break; // downstream hung up
                }
            }
            skipped
        })
        .expect("failed to spawn the parse stage")
}

fn transform_stage(input: Receiver<Record>, out: SyncSender<Record>) -> JoinHandle<()> {
    thread::Builder::new()
        .name("transform".into())
        .spawn(move || {
            for mut record in input {
                record.name = record.name.to_uppercase();
                if out.send(record).is_err() {
                    break;
                }
            }
        })
        .expect("failed to spawn the transform stage")
}

fn sink_stage(input: Receiver<Record>) -> JoinHandle<Vec<Record>> {
    thread::spawn(move || input.into_iter().collect())
}

pub fn run_pipeline(lines: Vec<String>) -> (Vec<Record>, usize) {
    let (parsed_tx, parsed_rx) = mpsc::sync_channel(16);
    let (done_tx, done_rx) = mpsc::sync_channel(16);

    let parse = parse_stage(lines, parsed_tx);
    let transform = transform_stage(parsed_rx, done_tx);
    let sink = sink_stage(done_rx);

    let skipped = parse.join().expect("parse stage panicked");
    transform.join().expect("transform stage panicked");
    let records = sink.join().expect("sink stage panicked");
    (records, skipped)
}

fn main() {
    let lines = vec![
        "1, ada".to_string(),
        "2, grace".to_string(),
        "not a record".to_string(),
        "3, barbara".to_string(),
    ];
    let (records, skipped) = run_pipeline(lines);
    for r in &records {
        println!("{:>3} {}", r.id, r.name);
    }
    println!("skipped {skipped} lines");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_counts_bad_lines() {
        let lines = (0..100).map(|i| format!("{i}, n{i}")).chain(["x".into()]);
        let (records, skipped) = run_pipeline(lines.collect());
        assert_eq!(skipped, 1);
        assert_eq!(records.len(), 100);
        assert!(records.windows(2).all(|w| w[0].id < w[1].id));
        assert_eq!(records[7].name, "N7");
    }
}
