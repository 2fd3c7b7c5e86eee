use std::thread;

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn main() {
    let chapters = vec![
        String::from("It was a bright cold day in April"),
        String::from("and the clocks were striking thirteen"),
        String::from("Winston Smith slipped quickly through"),
    ];

    let counts: Vec<usize> = thread::scope(|s| {
        let handles: Vec<_> = chapters
            .iter()
            .map(|chapter| s.spawn(|| word_count(chapter)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    println!("words per chapter: {counts:?}");
    println!("total: {}", counts.iter().sum::<usize>());
}
