//! X5: the state diagrams in README.md and in the module docs are generated from the
//! machines' transition tables; this fails when one drifts from its table.

use customer_care::complaint::{ComplaintStatus, TRANSITIONS as COMPLAINT};
use customer_care::decalogue::{Judgement, TRANSITIONS as AUDIT};
use customer_care::diagram::mermaid;
use customer_care::feedback::improvement::{ImprovementStatus, TRANSITIONS as IMPROVEMENT};
use customer_care::promise::{PromiseStatus, TRANSITIONS as PROMISE};

const README: &str = include_str!("../README.md");
const PROMISE_DOCS: &str = include_str!("../src/promise.rs");
const COMPLAINT_DOCS: &str = include_str!("../src/complaint/mod.rs");
const IMPROVEMENT_DOCS: &str = include_str!("../src/feedback/improvement.rs");
const DECALOGUE_DOCS: &str = include_str!("../src/decalogue/mod.rs");

/// Checks that `text` holds `diagram` as a fenced Mermaid block, each line behind
/// `prefix` (`""` for Markdown, `"//! "` for module docs).
fn assert_shows(text: &str, prefix: &str, diagram: &str, place: &str) {
    let block: String = core::iter::once("```mermaid")
        .chain(diagram.lines())
        .chain(core::iter::once("```"))
        .map(|line| format!("{prefix}{line}").trim_end().to_owned() + "\n")
        .collect();
    assert!(
        text.contains(&block),
        "the diagram in {place} is stale; replace it with:\n{block}"
    );
}

#[test]
fn x5_the_promise_diagrams_match_the_transition_table() {
    let diagram = mermaid(PromiseStatus::NotMade, PROMISE);
    assert_shows(README, "", &diagram, "README.md");
    assert_shows(PROMISE_DOCS, "//! ", &diagram, "src/promise.rs");
}

#[test]
fn x5_the_complaint_diagrams_match_the_transition_table() {
    let diagram = mermaid(ComplaintStatus::New, COMPLAINT);
    assert_shows(README, "", &diagram, "README.md");
    assert_shows(COMPLAINT_DOCS, "//! ", &diagram, "src/complaint/mod.rs");
}

#[test]
fn x5_fb2_the_improvement_cycle_diagrams_match_the_transition_table() {
    let diagram = mermaid(ImprovementStatus::NotProposed, IMPROVEMENT);
    assert_shows(README, "", &diagram, "README.md");
    assert_shows(
        IMPROVEMENT_DOCS,
        "//! ",
        &diagram,
        "src/feedback/improvement.rs",
    );
}

#[test]
fn x5_me2_the_judgement_diagrams_match_the_transition_table() {
    let diagram = mermaid(Judgement::Pending, AUDIT);
    assert_shows(README, "", &diagram, "README.md");
    assert_shows(DECALOGUE_DOCS, "//! ", &diagram, "src/decalogue/mod.rs");
}

#[test]
fn x5_a_table_allows_exactly_the_moves_it_lists() {
    use ComplaintStatus as S;
    use customer_care::complaint::ComplaintCommandKind as Kind;
    use customer_care::diagram::allows;
    assert!(allows(COMPLAINT, S::New, Kind::Receive, S::Received));
    // Another end, another command, another start: each is a move the table lacks.
    assert!(!allows(COMPLAINT, S::New, Kind::Receive, S::Closed));
    assert!(!allows(COMPLAINT, S::New, Kind::Close, S::Received));
    assert!(!allows(COMPLAINT, S::Closed, Kind::Receive, S::Received));
}
