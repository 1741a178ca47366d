//! Loads JSON as every type the crate stores or receives: the first byte picks the
//! type, the rest is the JSON. Whatever loads must survive a round trip unchanged
//! (X3); nothing may panic.
#![no_main]

use customer_care::calendar::CalendarSpec;
use customer_care::complaint::{Complaint, ComplaintCommand, ComplaintEvent, ComplaintPolicy};
use customer_care::conduct::ConductPolicy;
use customer_care::customer::{Customer, Entitlement, Expectation};
use customer_care::decalogue::Targets as ScorecardTargets;
use customer_care::empowerment::{Delegation, Organisation, Policy};
use customer_care::feedback::Feedback;
use customer_care::feedback::improvement::{Improvement, ImprovementCommand, ImprovementEvent};
use customer_care::feedback::review::CaseRecord;
use customer_care::money::Money;
use customer_care::promise::{Lifecycle, PromiseCommand, PromiseEvent, PromisePolicy};
use customer_care::sla::{SlaPolicy, SlaTerms};
use customer_care::staff::{Directory, TrainingRecord};
use customer_care::stream::{CommandMeta, Envelope, EventStream};
use customer_care_fuzz::round_trip;
use libfuzzer_sys::fuzz_target;

/// The types, in the order the first byte picks them (modulo their number).
macro_rules! load {
    ($kind:expr, $json:expr; $($type:ty),* $(,)?) => {{
        let types: &[fn(&[u8])] = &[$(round_trip::<$type>),*];
        types[usize::from($kind) % types.len()]($json)
    }};
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, json)) = data.split_first() else {
        return;
    };
    load!(kind, json;
        EventStream<Complaint>,
        EventStream<Lifecycle>,
        EventStream<Improvement>,
        Envelope<ComplaintEvent>,
        Envelope<PromiseEvent>,
        Envelope<ImprovementEvent>,
        ComplaintCommand,
        PromiseCommand,
        ImprovementCommand,
        CommandMeta,
        Organisation,
        Policy,
        Directory,
        Delegation,
        TrainingRecord,
        CalendarSpec,
        SlaPolicy,
        SlaTerms,
        ComplaintPolicy,
        PromisePolicy,
        ConductPolicy,
        ScorecardTargets,
        Feedback,
        CaseRecord,
        Customer,
        Expectation,
        Entitlement,
        Money,
    );
});
