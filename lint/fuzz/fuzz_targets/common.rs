//! What every target checks: the analyzer returns, and every span it
//! reports points into the file, on character boundaries.

use racelint::analyze::{Edition, check_source};

pub fn check(text: &str) {
    for edition in [Edition::E2021, Edition::E2024] {
        let (unit, findings) = check_source("fuzz.rs", text, edition);
        for finding in &findings {
            assert_ne!(
                finding.lint.name, "internal_error",
                "racelint failed: {}",
                finding.primary.message
            );
            let spans = std::iter::once(&finding.primary).chain(&finding.labels);
            for label in spans {
                let file = unit.file(label.span.file);
                let (lo, hi) = (label.span.lo as usize, label.span.hi as usize);
                assert!(
                    lo <= hi && hi <= file.text.len(),
                    "span {lo}..{hi} outside the file"
                );
                assert!(file.text.is_char_boundary(lo) && file.text.is_char_boundary(hi));
                let _ = file.line_col(lo);
            }
        }
    }
}
