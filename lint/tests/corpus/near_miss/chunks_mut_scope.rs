use std::thread;

fn brighten(pixels: &mut [u8], amount: u8) {
    for p in pixels {
        *p = p.saturating_add(amount);
    }
}

fn main() {
    let mut image = vec![100u8; 1024];
    let threads = 4;
    let chunk = image.len() / threads;

    thread::scope(|s| {
        for part in image.chunks_mut(chunk) {
            s.spawn(move || brighten(part, 50));
        }
    });

    let changed = image.iter().filter(|&&p| p == 150).count();
    println!("{changed} pixels brightened");
}
