//! A whole complaint, receipt to closing, beside the least any state machine must do:
//! match each command's tag against the state's tag in the transition table.
//!
//! Both cases get the same commands, cloned outside the timing. The lifecycle is
//! receive, acknowledge, investigate, offer (two options), choose, deliver, close.
//! Run: `cargo bench --bench complaint`.

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use customer_care::complaint::*;
use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation};
use customer_care::empowerment::{Organisation, Policy, PolicySpec};
use customer_care::id::{ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{Priority, SlaPolicy};
use customer_care::staff::{Directory, Position, Role, StaffMember};
use customer_care::stream::Decider;
use std::hint::black_box;
use uuid::Uuid;

const OWNER: StaffId = StaffId::from_uuid(Uuid::from_u128(1));
const CLERK: StaffId = StaffId::from_uuid(Uuid::from_u128(2));

fn eur(euros: u64) -> Money {
    Money::new(euros * 100, Currency::EUR)
}

fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap() + Duration::hours(hours)
}

fn organisation() -> Organisation {
    let mut spec = PolicySpec::new(Currency::EUR, eur(10));
    spec.set_limit(Role::Owner, RemedyKind::Refund, eur(5_000));
    spec.set_limit(Role::Frontline, RemedyKind::Refund, eur(80));
    let staff = Directory::try_new([
        StaffMember::new(OWNER, "owner", Position::Owner),
        StaffMember::new(CLERK, "clerk", Position::Frontline { reports_to: OWNER }),
    ])
    .unwrap();
    Organisation::try_new(Policy::try_from(spec).unwrap(), staff, []).unwrap()
}

fn lifecycle() -> Vec<ComplaintCommand> {
    let message = CustomerMessage {
        text: "Sorry, this is ours to fix.".into(),
        next_step: NextStep {
            action: "we call you tomorrow".into(),
            by: at(24),
        },
    };
    let option = |euros, description: &str| ResolutionOption {
        remedy: Remedy::new(RemedyKind::Refund, eur(euros)),
        description: description.into(),
        estimate: at(24),
        due: at(48),
    };
    vec![
        ComplaintCommand::Receive(Receipt {
            id: ComplaintId::from_uuid(Uuid::from_u128(9)),
            customer: Customer::anonymous(CustomerKind::External),
            summary: "late delivery".into(),
            expectation: Expectation::new(None, None),
            entitlement: Entitlement::new([Remedy::new(RemedyKind::Refund, eur(60))]),
            follows: None,
            sla: SlaPolicy::default().terms(Priority::Normal),
            at: at(0),
        }),
        ComplaintCommand::Acknowledge {
            owner: CLERK,
            message,
            at: at(1),
        },
        ComplaintCommand::Investigate {
            by: CLERK,
            at: at(2),
        },
        ComplaintCommand::OfferResolution {
            by: CLERK,
            options: vec![
                option(20, "shipping refunded"),
                option(50, "half the price back"),
            ]
            .try_into()
            .unwrap(),
            at: at(3),
        },
        ComplaintCommand::Choose {
            option: 1,
            at: at(4),
        },
        ComplaintCommand::Deliver {
            by: CLERK,
            at: at(20),
        },
        ComplaintCommand::Close {
            verdict: Verdict::default(),
            at: at(21),
        },
    ]
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
    let org = organisation();
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
