//! A whole complaint, receipt to closing, beside the least any state machine must do:
//! match each command's tag against the state's tag in the transition table.
//!
//! Both cases get the same commands, cloned outside the timing. The lifecycle is
//! receive, acknowledge, investigate, offer (two options), choose, deliver, close.
//! Run: `cargo bench --bench complaint`.

mod support;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use customer_care::complaint::*;
use customer_care::id::ComplaintId;
use customer_care::stream::Decider;
use std::hint::black_box;
use uuid::Uuid;

/// The settled history of `benches/support` without its root cause: receive,
/// acknowledge, investigate, offer, choose, deliver, close.
fn lifecycle() -> Vec<ComplaintCommand> {
    let mut commands = support::settled(ComplaintId::from_uuid(Uuid::from_u128(9)), support::at(0));
    commands.retain(|command| command.kind() != ComplaintCommandKind::RecordRootCause);
    commands
}

fn run(commands: Vec<ComplaintCommand>, context: &ComplaintContext<'_>) -> ComplaintState {
    let mut state = Complaint::initial();
    for command in commands {
        let event = Complaint::decide(&state, command, context).unwrap();
        state = Complaint::evolve(state, &event);
    }
    state
}

fn tags_only(commands: Vec<ComplaintCommand>) -> ComplaintStatus {
    let mut status = ComplaintStatus::New;
    for command in commands {
        let kind = command.kind();
        status = TRANSITIONS
            .iter()
            .find(|t| t.from == status && t.command == kind)
            .map_or(status, |t| t.to);
    }
    status
}

fn complaint(c: &mut Criterion) {
    let org = support::organisation();
    let policy = ComplaintPolicy::default();
    let context = ComplaintContext {
        org: &org,
        policy: &policy,
    };
    let commands = lifecycle();
    assert_eq!(
        run(commands.clone(), &context).status(),
        ComplaintStatus::Closed
    );
    assert_eq!(tags_only(commands.clone()), ComplaintStatus::Closed);

    let mut group = c.benchmark_group("complaint lifecycle");
    group.bench_function("baseline: match state and command tags", |b| {
        b.iter_batched(
            || commands.clone(),
            |commands| tags_only(black_box(commands)),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("decide and evolve, receipt to closing", |b| {
        b.iter_batched(
            || commands.clone(),
            |commands| run(black_box(commands), &context),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, complaint);
criterion_main!(benches);
