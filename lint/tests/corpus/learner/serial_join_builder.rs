use std::io;
use std::thread;

fn resize_image(name: &str) -> usize {
    // pretend to do heavy pixel work
    (0..200_000).filter(|x| x % 7 == 0).count() + name.len()
}

fn process(images: &[&'static str]) -> io::Result<usize> {
    let mut pixels = 0;
    for (i, &image) in images.iter().enumerate() {
        let worker = thread::Builder::new()
            .name(format!("resize-{i}"))
            .spawn(move || resize_image(image))?;
        match worker.join() {
            //~^ serial_join
            Ok(n) => pixels += n,
            Err(_) => eprintln!("resizing {image} panicked"),
        }
    }
    Ok(pixels)
}

fn main() -> io::Result<()> {
    let n = process(&["cat.png", "dog.png", "bird.png"])?;
    println!("processed {n} pixels");
    Ok(())
}
