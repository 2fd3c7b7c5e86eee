use std::error::Error;
use std::thread;

fn resize_image(name: &str) -> usize {
    (0..200_000).filter(|x| x % 7 == 0).count() + name.len()
}

fn process(images: &[&'static str]) -> Result<usize, Box<dyn Error>> {
    let mut workers = Vec::new();
    for (i, &image) in images.iter().enumerate() {
        let worker = thread::Builder::new()
            .name(format!("resize-{i}"))
            .spawn(move || resize_image(image))?;
        workers.push(worker);
    }

    let mut pixels = 0;
    for worker in workers {
        pixels += worker.join().map_err(|_| "a resize thread panicked")?;
    }
    Ok(pixels)
}

fn main() -> Result<(), Box<dyn Error>> {
    let n = process(&["cat.png", "dog.png", "bird.png"])?;
    println!("processed {n} pixels");
    Ok(())
}
