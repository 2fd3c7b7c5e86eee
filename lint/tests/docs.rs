//! The README and the lint registry tell the same story.

use racelint::{Group, REGISTRY};

fn readme() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
    std::fs::read_to_string(path).expect("README.md at the workspace root")
}

#[test]
fn readme_table_lists_every_lint_with_its_default_level() {
    let readme = readme();
    for lint in REGISTRY.iter().filter(|l| l.group != Group::Input) {
        let row = format!("| `{}` | {} |", lint.name, lint.default_level);
        assert!(
            readme.contains(&row),
            "README.md has no table row starting `{row}`"
        );
    }
    // Every row that gives a level names a real lint.
    for line in readme.lines().filter(|l| l.starts_with("| `")) {
        if line.contains(" | deny |") || line.contains(" | warn |") {
            let name = line
                .trim_start_matches("| `")
                .split('`')
                .next()
                .unwrap_or("");
            assert!(
                racelint::lints::find(name).is_some(),
                "README.md lists `{name}`, which is not a lint"
            );
        }
    }
}

#[test]
fn readme_gives_the_two_commands() {
    let readme = readme();
    assert!(readme.contains("cargo run -p racelint -- examples"));
    assert!(readme.contains("cargo test --workspace"));
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../.ci/run"))
        .expect(".ci/run");
    assert!(
        ci.contains("cargo test --workspace"),
        ".ci/run must run the README's test command"
    );
}

#[test]
fn every_lint_has_a_lesson_to_explain() {
    for lint in REGISTRY {
        let docs = lint.docs();
        assert!(docs.len() > 200, "{}: the lesson is too short", lint.name);
        assert!(
            docs.contains(lint.name) || lint.group == Group::Input || docs.contains("```"),
            "{}: the lesson shows no example",
            lint.name
        );
    }
}
