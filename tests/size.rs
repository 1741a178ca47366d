//! The main types' sizes stay within the bounds the crate docs state (issue 7): a state
//! moves by value through every `evolve`, so growth there is growth on every event.
//!
//! The bounds are today's sizes on 64-bit targets. A type that grows fails here; one
//! that shrinks passes, and its new size belongs in the table.

#![cfg(target_pointer_width = "64")]

use customer_care::clocks::SlaClocks;
use customer_care::complaint::{Case, ComplaintCommand, ComplaintEvent, ComplaintState};
use customer_care::decalogue::{CaseAudit, Scorecard};
use customer_care::feedback::improvement::ImprovementState;
use customer_care::metrics::CaseFacts;
use customer_care::promise::PromiseState;
use customer_care::stream::Envelope;
use std::mem::size_of;

/// Each type as the crate docs' table names it, its size, and its bound.
fn sizes() -> [(&'static str, usize, usize); 10] {
    [
        (
            "[`complaint::ComplaintState`]",
            size_of::<ComplaintState>(),
            184,
        ),
        (
            "[`complaint::ComplaintEvent`]",
            size_of::<ComplaintEvent>(),
            176,
        ),
        (
            "[`complaint::ComplaintCommand`]",
            size_of::<ComplaintCommand>(),
            176,
        ),
        (
            "[`stream::Envelope`]`<ComplaintEvent>`",
            size_of::<Envelope<ComplaintEvent>>(),
            208,
        ),
        ("[`promise::PromiseState`]", size_of::<PromiseState>(), 120),
        (
            "[`feedback::improvement::ImprovementState`]",
            size_of::<ImprovementState>(),
            264,
        ),
        ("[`clocks::SlaClocks`]", size_of::<SlaClocks>(), 136),
        ("[`metrics::CaseFacts`]", size_of::<CaseFacts>(), 256),
        ("[`decalogue::CaseAudit`]", size_of::<CaseAudit>(), 1_984),
        ("[`decalogue::Scorecard`]", size_of::<Scorecard>(), 264),
    ]
}

#[test]
fn the_main_types_stay_within_their_bounds() {
    for (name, size, bound) in sizes() {
        assert!(
            size <= bound,
            "{name} is {size} bytes, above its bound of {bound}"
        );
    }
}

#[test]
fn the_crate_docs_state_each_bound() {
    let docs = include_str!("../src/lib.rs");
    for (name, _, bound) in sizes() {
        let bytes = if bound >= 1_000 {
            format!("{},{:03}", bound / 1_000, bound % 1_000)
        } else {
            bound.to_string()
        };
        let row = format!("//! | {name} | {bytes} |");
        assert!(docs.contains(&row), "the crate docs lack the row {row}");
    }
}

#[test]
fn a_complaint_state_keeps_its_case_behind_a_pointer() {
    // The reason ComplaintState stays small: the case is boxed.
    assert!(size_of::<Case>() > size_of::<ComplaintState>());
}
