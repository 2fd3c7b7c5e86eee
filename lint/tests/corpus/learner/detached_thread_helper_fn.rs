use std::thread;
use std::time::Duration;

/// Saves the report without making the user wait.
fn save_in_background(lines: Vec<String>) {
    std::thread::spawn(move || {
        //~^ detached_thread
        for line in lines {
            thread::sleep(Duration::from_millis(20)); // the disk is slow
            println!("saved: {line}");
        }
    });
}

fn build_report(scores: &[u32]) -> Vec<String> {
    scores
        .iter()
        .enumerate()
        .map(|(i, s)| format!("player {i}: {s} points"))
        .collect()
}

fn main() {
    let scores = [12, 40, 7, 33];
    let report = build_report(&scores);
    save_in_background(report);
    println!("report is being saved, goodbye!");
}
