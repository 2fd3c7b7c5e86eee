use std::sync::{Arc, Mutex, RwLock};
use std::thread;

type Config = Arc<RwLock<Vec<String>>>;
type Log = Arc<Mutex<Vec<String>>>;

fn reload(config: Config, log: Log) {
    let mut cfg = config.write().unwrap();
    let mut log = log.lock().unwrap();
    cfg.push("reloaded".to_string());
    log.push("config reloaded".to_string());
}

fn rotate(config: Config, log: Log) {
    let mut log = log.lock().unwrap();
    let cfg = config.write().unwrap(); //~ lock_order
    log.clear();
    log.push(format!("rotated with {} settings", cfg.len()));
}

fn main() {
    let config: Config = Arc::new(RwLock::new(vec!["debug=false".to_string()]));
    let log: Log = Arc::new(Mutex::new(Vec::new()));

    let t1 = {
        let (config, log) = (config.clone(), log.clone());
        thread::spawn(move || reload(config, log))
    };
    let t2 = {
        let (config, log) = (config.clone(), log.clone());
        thread::spawn(move || rotate(config, log))
    };

    t1.join().unwrap();
    t2.join().unwrap();
    println!("{:?}", log.lock().unwrap());
}
