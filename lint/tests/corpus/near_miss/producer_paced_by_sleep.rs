use std::sync::mpsc;
use std::thread;
use std::time::Duration;

fn main() {
    let (tx, rx) = mpsc::channel::<u32>();

    let consumer = thread::spawn(move || {
        let mut sum = 0;
        for reading in rx {
            println!("got reading {reading}");
            sum += reading;
        }
        sum
    });

    // a sensor that produces one reading every 20 ms
    for reading in [3, 1, 4, 1, 5] {
        tx.send(reading).unwrap();
        thread::sleep(Duration::from_millis(20));
    }
    drop(tx);

    let sum = consumer.join().unwrap();
    println!("sum of readings: {sum}");
}
