//! The README's scorecard (DE3) is the one `cargo run --example decalogue_audit`
//! prints: the example's month is audited here and its table looked up in the README.
#![cfg(feature = "serde")] // as the example itself requires

#[allow(dead_code)] // the example's `main` and the fields it alone reads
#[path = "../examples/decalogue_audit.rs"]
mod example;

use customer_care::decalogue::Language;

#[test]
fn de3_the_readme_shows_the_scorecard_the_example_prints() {
    let month = example::audit_month().unwrap();
    let table = month
        .card
        .table(Language::English, Some(&month.goals))
        .to_string();
    let readme = include_str!("../README.md");
    assert!(
        readme.contains(&format!("```text\n{table}\n```")),
        "the README's scorecard is stale; replace it with:\n{table}"
    );
}
