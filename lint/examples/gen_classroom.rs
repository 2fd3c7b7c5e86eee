//! Writes the benchmark's inputs: a class of exercise crates, as one cargo
//! workspace (so that one `cargo clippy --workspace` covers them), and a
//! large set of files of real-looking Rust.
//!
//! ```text
//! cargo run --release -p racelint --example gen_classroom -- class DIR N
//! cargo run --release -p racelint --example gen_classroom -- large DIR LINES
//! cargo run --release -p racelint --example gen_classroom -- single DIR
//! cargo run --release -p racelint --example gen_classroom -- many DIR STUDENTS
//! cargo run --release -p racelint --example gen_classroom -- huge DIR MEGABYTES
//! cargo run --release -p racelint --example gen_classroom -- longline DIR FUNCTIONS
//! ```
//!
//! `many` writes a classroom of small files: for each student, a folder of
//! 98 one-exercise programs. `huge` writes one file of that many megabytes.
//! `longline` writes the same functions twice: all on one line
//! (`one_line.rs`), and one line each (`many_lines.rs`).
//!
//! Every crate is built from the lesson's patterns (spawn and join loops,
//! `Arc<Mutex<..>>` counters, channels, scoped threads, `static mut`, the
//! classic mistakes and their fixes) with names, thread counts and shapes
//! drawn from a seeded generator, so that two runs write the same files. The
//! code compiles: clippy sees what racelint sees.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs, process};

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const COUNTERS: &[&str] = &[
    "counter", "total", "hits", "score", "visits", "done", "count", "sum", "tally", "seen",
];
const ITEMS: &[&str] = &[
    "url", "name", "file", "job", "task", "page", "word", "row", "id", "item",
];
const LISTS: &[&str] = &[
    "urls", "names", "files", "jobs", "tasks", "pages", "words", "rows", "ids", "items",
];
const HANDLES: &[&str] = &["handles", "workers", "threads", "children", "pool"];
const WORKS: &[&str] = &["download", "process", "resize", "parse", "check", "render"];

/// The names one function of a crate uses.
struct Names {
    counter: &'static str,
    item: &'static str,
    list: &'static str,
    handles: &'static str,
    work: &'static str,
    threads: usize,
    iterations: usize,
}

impl Names {
    fn draw(rng: &mut Rng) -> Names {
        let i = rng.below(ITEMS.len());
        Names {
            counter: rng.pick(COUNTERS),
            item: ITEMS[i],
            list: LISTS[i],
            handles: rng.pick(HANDLES),
            work: rng.pick(WORKS),
            threads: 2 + rng.below(15),
            iterations: [10, 100, 1000, 10_000][rng.below(4)],
        }
    }
}

/// One exercise function, named `name`; a mistake or its fix.
fn exercise(rng: &mut Rng, name: &str, out: &mut String) {
    let n = Names::draw(rng);
    let Names {
        counter,
        item,
        list,
        handles,
        work,
        threads,
        iterations,
    } = n;
    let code = match rng.below(14) {
        // The lesson's counter, right.
        0 => format!(
            "pub fn {name}() -> i64 {{
    let {counter} = Arc::new(Mutex::new(0i64));
    let mut {handles} = Vec::new();
    for _ in 0..{threads} {{
        let {counter} = Arc::clone(&{counter});
        {handles}.push(thread::spawn(move || {{
            for _ in 0..{iterations} {{
                *{counter}.lock().unwrap() += 1;
            }}
        }}));
    }}
    for handle in {handles} {{
        handle.join().unwrap();
    }}
    let value = *{counter}.lock().unwrap();
    value
}}
"
        ),
        // Lost update with an atomic: load, then store.
        1 => format!(
            "pub fn {name}() -> usize {{
    let {counter} = Arc::new(AtomicUsize::new(0));
    let mut {handles} = vec![];
    for _ in 0..{threads} {{
        let c = Arc::clone(&{counter});
        {handles}.push(thread::spawn(move || {{
            for _ in 0..{iterations} {{
                let current = c.load(Ordering::SeqCst);
                c.store(current + 1, Ordering::SeqCst);
            }}
        }}));
    }}
    for h in {handles} {{
        h.join().unwrap();
    }}
    {counter}.load(Ordering::SeqCst)
}}
"
        ),
        // The fix: one atomic read-modify-write.
        2 => format!(
            "pub fn {name}() -> usize {{
    let {counter} = Arc::new(AtomicUsize::new(0));
    let {handles}: Vec<_> = (0..{threads})
        .map(|_| {{
            let c = Arc::clone(&{counter});
            thread::spawn(move || {{
                for _ in 0..{iterations} {{
                    c.fetch_add(1, Ordering::Relaxed);
                }}
            }})
        }})
        .collect();
    for h in {handles} {{
        h.join().unwrap();
    }}
    {counter}.load(Ordering::Relaxed)
}}
"
        ),
        // Forgot to join: main may return first.
        3 => format!(
            "pub fn {name}({list}: Vec<String>) {{
    for {item} in {list} {{
        thread::spawn(move || {{
            let len = {work}(&{item});
            println!(\"{{}}: {{}}\", {item}, len);
        }});
    }}
    println!(\"all started\");
}}
"
        ),
        // Read before join.
        4 => format!(
            "pub fn {name}() -> Vec<u64> {{
    let results = Arc::new(Mutex::new(Vec::new()));
    let r = Arc::clone(&results);
    let handle = thread::spawn(move || {{
        for i in 0..{iterations}u64 {{
            r.lock().unwrap().push(i * i);
        }}
    }});
    let snapshot = results.lock().unwrap().clone();
    handle.join().unwrap();
    snapshot
}}
"
        ),
        // Serial join: spawn and join in the same iteration.
        5 => format!(
            "pub fn {name}({list}: &[String]) -> usize {{
    let mut {counter} = 0;
    for {item} in {list} {{
        let {item} = {item}.clone();
        let h = thread::spawn(move || {work}(&{item}));
        {counter} += h.join().unwrap();
    }}
    {counter}
}}
"
        ),
        // Channels: producers and one consumer.
        6 => format!(
            "pub fn {name}() -> u64 {{
    let (tx, rx) = mpsc::channel();
    for id in 0..{threads}u64 {{
        let tx = tx.clone();
        thread::spawn(move || {{
            for i in 0..{iterations}u64 {{
                tx.send(id * i).unwrap();
            }}
        }});
    }}
    drop(tx);
    let mut {counter} = 0;
    for value in rx {{
        {counter} += value;
    }}
    {counter}
}}
"
        ),
        // Scoped threads over chunks.
        7 => format!(
            "pub fn {name}(data: &[u64]) -> u64 {{
    let chunk = data.len().div_ceil({threads}).max(1);
    let {counter} = AtomicU64::new(0);
    thread::scope(|s| {{
        for part in data.chunks(chunk) {{
            let {counter} = &{counter};
            s.spawn(move || {{
                let local: u64 = part.iter().map(|x| x * 2).sum();
                {counter}.fetch_add(local, Ordering::Relaxed);
            }});
        }}
    }});
    {counter}.into_inner()
}}
"
        ),
        // static mut from several threads.
        8 => {
            let upper = counter.to_uppercase();
            format!(
                "static mut {upper}_{name}: u64 = 0;

pub fn {name}() -> u64 {{
    let mut {handles} = Vec::new();
    for _ in 0..{threads} {{
        {handles}.push(thread::spawn(|| {{
            for _ in 0..{iterations} {{
                unsafe {{ {upper}_{name} += 1 }};
            }}
        }}));
    }}
    for h in {handles} {{
        h.join().unwrap();
    }}
    unsafe {{ {upper}_{name} }}
}}
"
            )
        }
        // Double lock in one statement.
        9 => format!(
            "pub fn {name}(shared: &Mutex<Vec<u32>>) {{
    let len = shared.lock().unwrap().len();
    if len < {iterations} {{
        let mut guard = shared.lock().unwrap();
        guard.push(len as u32);
    }}
}}
"
        ),
        // A panic swallowed at join.
        10 => format!(
            "pub fn {name}({item}: String) {{
    let h = thread::spawn(move || {{
        if {item}.is_empty() {{
            panic!(\"no {item}\");
        }}
        {work}(&{item})
    }});
    let _ = h.join();
}}
"
        ),
        // RwLock cache, read and write on threads.
        11 => format!(
            "pub fn {name}(keys: Vec<String>) -> usize {{
    let cache: Arc<RwLock<HashMap<String, usize>>> = Arc::new(RwLock::new(HashMap::new()));
    let {handles}: Vec<_> = keys
        .into_iter()
        .map(|key| {{
            let cache = Arc::clone(&cache);
            thread::spawn(move || {{
                if cache.read().unwrap().get(&key).is_none() {{
                    let value = {work}(&key);
                    cache.write().unwrap().insert(key, value);
                }}
            }})
        }})
        .collect();
    for h in {handles} {{
        h.join().unwrap();
    }}
    let n = cache.read().unwrap().len();
    n
}}
"
        ),
        // A helper run on threads, with a lock held through the work.
        12 => format!(
            "fn {name}_step(log: &Mutex<Vec<String>>, {item}: &str) {{
    let mut guard = log.lock().unwrap();
    let size = {work}({item});
    guard.push(format!(\"{{}} {{}}\", {item}, size));
}}

pub fn {name}({list}: Vec<String>) -> usize {{
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut {handles} = Vec::new();
    for {item} in {list} {{
        let log = Arc::clone(&log);
        {handles}.push(thread::spawn(move || {name}_step(&log, &{item})));
    }}
    for h in {handles} {{
        h.join().unwrap();
    }}
    let n = log.lock().unwrap().len();
    n
}}
"
        ),
        // The counter, right, with the lock taken in a block.
        _ => format!(
            "pub fn {name}() -> u32 {{
    let {counter} = Arc::new(Mutex::new(0u32));
    let {handles}: Vec<thread::JoinHandle<()>> = (0..{threads})
        .map(|i| {{
            let {counter} = {counter}.clone();
            thread::spawn(move || {{
                let mut n = {counter}.lock().unwrap();
                *n += i;
            }})
        }})
        .collect();
    {handles}.into_iter().for_each(|h| h.join().unwrap());
    let result = *{counter}.lock().unwrap();
    result
}}
"
        ),
    };
    out.push_str(&code);
    out.push('\n');
}

/// Plain single-threaded code of the kind that surrounds an exercise.
fn filler(rng: &mut Rng, name: &str, out: &mut String) {
    let ty = format!(
        "{}{}",
        rng.pick(&["Grade", "Record", "Entry", "Report", "Sample", "Point"]),
        name
    );
    let fields = 2 + rng.below(4);
    let _ = writeln!(
        out,
        "#[derive(Debug, Clone, PartialEq)]\npub struct {ty} {{"
    );
    for f in 0..fields {
        let _ = writeln!(
            out,
            "    pub field{f}: {},",
            rng.pick(&["u32", "i64", "String", "f64", "Vec<u8>", "Option<u16>"])
        );
    }
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "pub enum {ty}Kind {{\n    Small(u32),\n    Large {{ size: u64, label: String }},\n    Empty,\n}}\n"
    );
    let _ = writeln!(
        out,
        "impl {ty}Kind {{
    pub fn weight(&self) -> u64 {{
        match self {{
            {ty}Kind::Small(n) => u64::from(*n) * 2,
            {ty}Kind::Large {{ size, label }} if label.len() > 3 => size / 2,
            {ty}Kind::Large {{ size, .. }} => *size,
            {ty}Kind::Empty => 0,
        }}
    }}

    pub fn describe(&self) -> String {{
        match self {{
            {ty}Kind::Small(n) => format!(\"small {{n}}\"),
            {ty}Kind::Large {{ label, .. }} => format!(\"large {{label}}\"),
            {ty}Kind::Empty => String::from(\"empty\"),
        }}
    }}
}}
"
    );
    let _ = writeln!(
        out,
        "pub fn summarize_{name}(values: &[i64]) -> (i64, i64, f64) {{
    if values.is_empty() {{
        return (0, 0, 0.0);
    }}
    let mut min = i64::MAX;
    let mut max = i64::MIN;
    let mut sum = 0i64;
    for &v in values {{
        min = min.min(v);
        max = max.max(v);
        sum = sum.wrapping_add(v);
    }}
    let mean = sum as f64 / values.len() as f64;
    (min, max, mean)
}}

pub fn histogram_{name}(words: &[&str]) -> HashMap<usize, usize> {{
    let mut counts = HashMap::new();
    for word in words.iter().filter(|w| !w.is_empty()) {{
        *counts.entry(word.len()).or_insert(0) += 1;
    }}
    counts
}}
"
    );
}

fn header(out: &mut String) {
    out.push_str(
        "#![allow(dead_code, unused_imports, unused_variables, unused_mut, non_upper_case_globals, static_mut_refs, clippy::all)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::thread;

",
    );
}

/// The `work` functions the exercises call.
fn works(out: &mut String) {
    for work in WORKS {
        let _ = writeln!(
            out,
            "fn {work}(input: &str) -> usize {{\n    input.bytes().filter(|b| b.is_ascii_alphanumeric()).count()\n}}\n"
        );
    }
}

/// The source of one exercise crate: a `main.rs` and a module.
fn student(rng: &mut Rng, index: usize) -> (String, String) {
    let mut main = String::new();
    header(&mut main);
    main.push_str("mod stats;\n\n");
    works(&mut main);
    let exercises = 3 + rng.below(5);
    for e in 0..exercises {
        exercise(rng, &format!("exercise_{index}_{e}"), &mut main);
    }
    main.push_str("fn main() {\n");
    main.push_str("    let names: Vec<String> = (0..8).map(|i| format!(\"item{i}\")).collect();\n");
    main.push_str("    println!(\"{:?}\", stats::summarize_main(&[1, 2, 3]));\n");
    main.push_str("    let _ = names;\n}\n");
    let mut stats = String::new();
    header(&mut stats);
    filler(rng, "main", &mut stats);
    for f in 0..1 + rng.below(3) {
        filler(rng, &format!("part{f}"), &mut stats);
    }
    (main, stats)
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())));
    }
    fs::write(path, text).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
}

fn fail(message: &str) -> ! {
    eprintln!("gen_classroom: {message}");
    process::exit(2)
}

fn manifest(name: &str, standalone: bool) -> String {
    let workspace = if standalone { "\n[workspace]\n" } else { "" };
    format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n{workspace}")
}

/// `n` crates in a workspace under `dir`.
fn class(dir: &Path, n: usize) -> usize {
    let mut rng = Rng(n as u64);
    let mut lines = 0;
    write(
        &dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"student_*\"]\n",
    );
    for i in 0..n {
        let name = format!("student_{i:04}");
        let (main, stats) = student(&mut rng, i);
        lines += main.lines().count() + stats.lines().count();
        write(&dir.join(&name).join("Cargo.toml"), &manifest(&name, false));
        write(&dir.join(&name).join("src/main.rs"), &main);
        write(&dir.join(&name).join("src/stats.rs"), &stats);
    }
    lines
}

/// About `lines` lines in files of about 1000 lines, under `dir`.
fn large(dir: &Path, lines: usize) -> usize {
    let mut rng = Rng(lines as u64);
    let mut written = 0;
    let mut file = 0;
    while written < lines {
        let mut text = String::new();
        header(&mut text);
        works(&mut text);
        let mut part = 0;
        while text.lines().count() < 1000 {
            if rng.chance(60) {
                exercise(&mut rng, &format!("f{file}_{part}"), &mut text);
            } else {
                filler(&mut rng, &format!("F{file}x{part}"), &mut text);
            }
            part += 1;
        }
        written += text.lines().count();
        write(
            &dir.join(format!("m{:02}/file_{file:05}.rs", file / 100)),
            &text,
        );
        file += 1;
    }
    written
}

/// The `work` functions an exercise calls, one line each.
fn short_works(out: &mut String) {
    for work in WORKS {
        let _ = writeln!(out, "fn {work}(input: &str) -> usize {{ input.len() }}");
    }
    out.push('\n');
}

/// `students` folders of 98 small programs each: one exercise, its imports,
/// the functions it calls and a `main`.
fn many(dir: &Path, students: usize) -> usize {
    let mut rng = Rng(students as u64 + 1);
    let mut lines = 0;
    for s in 0..students {
        for e in 0..98 {
            let mut text = String::new();
            header(&mut text);
            short_works(&mut text);
            exercise(&mut rng, &format!("exercise_{e}"), &mut text);
            text.push_str("fn main() {}\n");
            lines += text.lines().count();
            write(&dir.join(format!("student_{s:03}/ex_{e:02}.rs")), &text);
        }
    }
    lines
}

/// The functions of the `large` files, until `bytes` are written.
fn functions(rng: &mut Rng, bytes: usize, out: &mut String) {
    let mut part = 0;
    while out.len() < bytes {
        if rng.chance(60) {
            exercise(rng, &format!("f{part}"), out);
        } else {
            filler(rng, &format!("F{part}"), out);
        }
        part += 1;
    }
}

/// One file of about `megabytes` MB.
fn huge(dir: &Path, megabytes: usize) -> usize {
    let mut rng = Rng(megabytes as u64);
    let mut text = String::new();
    header(&mut text);
    works(&mut text);
    functions(&mut rng, megabytes * 1_000_000, &mut text);
    write(&dir.join("huge.rs"), &text);
    text.lines().count()
}

/// `n` exercise functions on one line, and the same on separate lines.
fn longline(dir: &Path, n: usize) -> usize {
    let mut rng = Rng(n as u64);
    let mut body = String::new();
    for i in 0..n {
        exercise(&mut rng, &format!("f{i}"), &mut body);
    }
    let mut head = String::new();
    header(&mut head);
    works(&mut head);
    write(&dir.join("many_lines.rs"), &format!("{head}{body}"));
    let one = body.replace('\n', " ");
    write(&dir.join("one_line.rs"), &format!("{head}{one}\n"));
    head.lines().count() + 1
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let usage = "usage: gen_classroom (class DIR N | large DIR LINES | single DIR | \
                 many DIR STUDENTS | huge DIR MEGABYTES | longline DIR FUNCTIONS)";
    let (Some(kind), Some(dir)) = (args.first(), args.get(1)) else {
        fail(usage)
    };
    let number = |default: usize| {
        args.get(2)
            .map_or(Ok(default), |n| n.parse::<usize>())
            .unwrap_or_else(|_| fail(usage))
    };
    let dir = Path::new(dir);
    let lines = match kind.as_str() {
        "class" => class(dir, number(100)),
        "large" => large(dir, number(1_000_000)),
        "single" => {
            let (main, stats) = student(&mut Rng(7), 0);
            write(&dir.join("Cargo.toml"), &manifest("exercise", true));
            write(&dir.join("src/main.rs"), &main);
            write(&dir.join("src/stats.rs"), &stats);
            main.lines().count() + stats.lines().count()
        }
        "many" => many(dir, number(200)),
        "huge" => huge(dir, number(50)),
        "longline" => longline(dir, number(10_000)),
        _ => fail(usage),
    };
    println!("{lines} lines written under {}", dir.display());
}
