use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

struct Scoreboard {
    scores: Arc<Mutex<Vec<(String, u32)>>>,
}

impl Scoreboard {
    fn play_all(&self, players: &[&str]) -> Vec<thread::JoinHandle<()>> {
        players
            .iter()
            .map(|name| {
                let scores = Arc::clone(&self.scores);
                let name = name.to_string();
                thread::spawn(move || {
                    thread::sleep(Duration::from_millis(15)); // playing...
                    let score = name.len() as u32 * 10;
                    scores.lock().unwrap().push((name, score));
                })
            })
            .collect()
    }
}

fn main() {
    let board = Scoreboard {
        scores: Arc::new(Mutex::new(Vec::new())),
    };
    let games = board.play_all(&["ada", "grace", "linus"]);

    let scores = board.scores.lock().unwrap().clone(); //~ read_before_join
    for (name, score) in &scores {
        println!("{name}: {score}");
    }

    for game in games {
        game.join().unwrap();
    }
}
