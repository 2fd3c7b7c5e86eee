//! End-to-end tests of the output for CI: `--message-format sarif` validated
//! against the SARIF 2.1.0 schema, and `--message-format github` annotations.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

/// Two lints with suggestions and a secondary label, a file that does not
/// parse, and (written separately) a file that is not UTF-8.
const RACY: &str = "\
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

fn main() {
    let hits = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for _ in 0..4 {
        let hits = Arc::clone(&hits);
        handles.push(thread::spawn(move || {
            hits.store(hits.load(Ordering::SeqCst) + 1, Ordering::SeqCst);
        }));
    }
    for handle in handles {
        let _ = handle.join();
    }
}
";

fn write(dir: &Path, path: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn racelint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_racelint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("racelint runs")
}

fn project() -> TempDir {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "src/main.rs", RACY);
    write(dir.path(), "src/broken.rs", "fn f() {\n    let = 1;\n}\n");
    write(dir.path(), "src/latin1.rs", b"// caf\xe9\n");
    dir
}

fn sarif(dir: &Path) -> (Value, Output) {
    let output = racelint(dir, &["--message-format", "sarif", "src"]);
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    let document = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (document, output)
}

fn validate(document: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-2.1.0-rtm.5.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let url = schema["id"].as_str().unwrap().to_string();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler.add_resource(&url, schema).unwrap();
    let mut schemas = boon::Schemas::new();
    let index = compiler.compile(&url, &mut schemas).unwrap();
    if let Err(error) = schemas.validate(document, index) {
        panic!("the SARIF output does not validate:\n{error:#}");
    }
}

#[test]
fn sarif_validates_against_the_schema() {
    let dir = project();
    let (document, output) = sarif(dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    validate(&document);

    // The schema accepts much; check what code scanning needs.
    let run = &document["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), racelint::REGISTRY.len());
    let results = run["results"].as_array().unwrap();
    let rule_ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(
        rule_ids,
        [
            "racelint::parse_error",
            "racelint::lost_update",
            "racelint::swallowed_panic"
        ]
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    let lost = &results[1];
    assert_eq!(lost["level"], "error");
    let region = &lost["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 11);
    assert_eq!(region["startColumn"], 13);
    assert_eq!(region["endLine"], 11);
    let offset = RACY.find("hits.store(hits.load").unwrap();
    assert_eq!(region["charOffset"], offset);
    assert!(!lost["relatedLocations"].as_array().unwrap().is_empty());
    let fix = &lost["fixes"][0];
    assert_eq!(fix["properties"]["applicability"], "MachineApplicable");
    let replacement = &fix["artifactChanges"][0]["replacements"][0];
    assert!(
        replacement["insertedContent"]["text"]
            .as_str()
            .unwrap()
            .contains("fetch_add"),
        "{replacement}"
    );
    assert_eq!(results[2]["level"], "warning");
    let notifications = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notifications.len(), 1);
    assert_eq!(
        notifications[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/latin1.rs"
    );
}

#[test]
fn sarif_fingerprints_survive_moved_lines() {
    let dir = project();
    let (before, _) = sarif(dir.path());
    write(dir.path(), "src/main.rs", format!("// a comment\n\n{RACY}"));
    let (after, _) = sarif(dir.path());
    let prints = |document: &Value| -> Vec<Value> {
        document["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    let lines = |document: &Value| -> Vec<Value> {
        document["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["locations"][0]["physicalLocation"]["region"]["startLine"].clone())
            .collect()
    };
    assert_ne!(lines(&before), lines(&after));
    assert_eq!(prints(&before), prints(&after));
}

#[test]
fn github_annotations_escape_their_properties() {
    let dir = project();
    let output = racelint(dir.path(), &["--message-format=github", "src"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let find = |needle: &str| -> &str {
        lines
            .iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{text}"))
    };
    assert_eq!(
        find("src/latin1.rs"),
        "::error file=src/latin1.rs,line=1,col=7,title=racelint::could not read `src/latin1.rs`: \
         invalid UTF-8 at line 1, column 7"
    );
    assert!(
        find("src/broken.rs").starts_with(
            "::error file=src/broken.rs,line=2,col=9,endLine=2,endColumn=9,title=racelint%3A%3Aparse_error::"
        ),
        "{text}"
    );
    let lost = lines
        .iter()
        .find(|l| l.contains("title=racelint%3A%3Alost_update::"))
        .unwrap();
    assert!(
        lost.starts_with("::error file=src/main.rs,line=11,col=13,endLine=11,endColumn="),
        "{lost}"
    );
    // A message over several lines stays on one line of output.
    assert!(lost.contains("%0Ahelp: "), "{lost}");
    let swallowed = lines
        .iter()
        .find(|l| l.contains("swallowed_panic"))
        .unwrap();
    assert!(
        swallowed.starts_with("::warning file=src/main.rs,line=15,"),
        "{swallowed}"
    );
}
