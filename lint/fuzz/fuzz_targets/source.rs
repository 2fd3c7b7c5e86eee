//! Arbitrary bytes, as UTF-8 where they are, given to the analyzer.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    common::check(&text);
});
