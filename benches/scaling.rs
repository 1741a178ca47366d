//! Four costs that must grow linearly with their input (X2), each at three sizes a
//! factor of ten apart, beside a baseline that does the least a host would do with the same
//! input: the time per item should stay the same, so the ratio between the sizes stays
//! near ten.
//!
//! - command ids: a stream of 1,000, 10,000 and 100,000 events, each recorded with a
//!   command id, built through `execute` and loaded back with `replay`; baseline: a
//!   `Vec` and a `HashMap` of the ids and a `HashSet` of the links, filled by hand (the
//!   two smaller histories fit a core's cache, the largest does not, and across that
//!   step the baseline itself grows about twentyfold);
//!   the same commands link that many pieces of feedback to one improvement item, so
//!   the group measures the item's links too;
//! - a deep reporting line: `Directory::try_new` on a line of 200, 2,000 and 20,000, each
//!   supervisor reporting to the one before; baseline: the same members put into a
//!   `BTreeMap`;
//! - conduct concerns: `ConductLog::record` for 400, 4,000 and 40,000 concerns about ten
//!   people; baseline: pushing the concerns onto a `Vec`.
//!
//! Run: `cargo bench --bench scaling`.

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use customer_care::conduct::{Behaviour, Concern, ConductLog, ConductPolicy};
use customer_care::customer::{Customer, CustomerKind};
use customer_care::feedback::improvement::{Improvement, ImprovementCommand, Link, Proposal};
use customer_care::id::{CommandId, FeedbackId, ImprovementId, StaffId};
use customer_care::staff::{Directory, Position, StaffMember};
use customer_care::stream::{CommandMeta, EventStream};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hint::black_box;
use uuid::Uuid;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap()
}

fn staff(n: u128) -> StaffId {
    StaffId::from_uuid(Uuid::from_u128(n))
}

/// An improvement item and `n` commands linking one piece of feedback each, a minute
/// apart, each with its own command id.
fn links(n: usize) -> (ImprovementCommand, Vec<(ImprovementCommand, CommandId)>) {
    let propose = ImprovementCommand::Propose(Proposal {
        id: ImprovementId::from_uuid(Uuid::from_u128(1)),
        title: "Answer the phone by the third ring".into(),
        opened_by: staff(1),
        affects_customers: false,
        feedback: vec![],
        at: start(),
    });
    let commands = (0..n)
        .map(|i| {
            let link = Link {
                feedback: FeedbackId::from_uuid(Uuid::from_u128(1_000 + i as u128)),
                from: Customer::anonymous(CustomerKind::External),
            };
            let at = start() + Duration::minutes(i as i64);
            let id = CommandId::from_uuid(Uuid::from_u128(10_000_000 + i as u128));
            (ImprovementCommand::LinkFeedback { link, at }, id)
        })
        .collect();
    (propose, commands)
}

fn stream_of(
    propose: &ImprovementCommand,
    commands: &[(ImprovementCommand, CommandId)],
) -> EventStream<Improvement> {
    let mut stream = EventStream::<Improvement>::new();
    stream
        .execute_with(propose.clone(), &(), CommandMeta::NONE)
        .unwrap();
    for (command, id) in commands {
        stream
            .execute_with(command.clone(), &(), CommandMeta::with_id(*id))
            .unwrap();
    }
    stream
}

/// Command ids and improvement links: building a stream of `n` linked pieces of
/// feedback, each under its own command id, then loading it back.
fn command_ids_and_links(c: &mut Criterion) {
    let mut group = c.benchmark_group("command ids and links");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let (propose, commands) = links(n);
        group.bench_with_input(
            BenchmarkId::new("baseline: Vec and HashMap", n),
            &n,
            |b, _| {
                b.iter_batched(
                    || commands.clone(),
                    |commands| {
                        let mut events = Vec::with_capacity(commands.len());
                        let mut ids = HashMap::with_capacity(commands.len());
                        let mut linked = HashSet::with_capacity(commands.len());
                        for (position, (command, id)) in commands.into_iter().enumerate() {
                            if let ImprovementCommand::LinkFeedback { link, .. } = &command {
                                linked.insert(link.feedback);
                            }
                            ids.insert(id, position);
                            events.push(command);
                        }
                        black_box((events, ids, linked))
                    },
                    BatchSize::LargeInput,
                )
            },
        );
        group.bench_with_input(BenchmarkId::new("execute", n), &n, |b, _| {
            b.iter(|| black_box(stream_of(&propose, &commands)))
        });
        let stored = stream_of(&propose, &commands).events().to_vec();
        group.bench_with_input(BenchmarkId::new("replay", n), &n, |b, _| {
            b.iter_batched(
                || stored.clone(),
                |events| black_box(EventStream::<Improvement>::replay(events).unwrap()),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// An owner, then `n - 1` supervisors, each reporting to the one before.
fn line(n: u128) -> Vec<StaffMember> {
    (1..=n)
        .map(|i| {
            let position = match i {
                1 => Position::Owner,
                _ => Position::Supervisor {
                    reports_to: staff(i - 1),
                },
            };
            StaffMember::new(staff(i), "someone", position)
        })
        .collect()
}

fn deep_line(c: &mut Criterion) {
    let mut group = c.benchmark_group("a deep reporting line");
    group.sample_size(10);
    for n in [200, 2_000, 20_000] {
        let members = line(n);
        group.bench_with_input(BenchmarkId::new("baseline: BTreeMap", n), &n, |b, _| {
            b.iter_batched(
                || members.clone(),
                |members| {
                    black_box(
                        members
                            .into_iter()
                            .map(|m| (m.id, m))
                            .collect::<BTreeMap<_, _>>(),
                    )
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_with_input(BenchmarkId::new("Directory::try_new", n), &n, |b, _| {
            b.iter_batched(
                || members.clone(),
                |members| black_box(Directory::try_new(members).unwrap()),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// `n` concerns, an hour apart, about ten people in turn.
fn concerns(n: usize) -> Vec<Concern> {
    (0..n)
        .map(|i| Concern {
            about: staff(100 + (i % 10) as u128),
            behaviour: Behaviour::Gossip,
            evidence: vec!["told a customer a colleague was lazy".into()],
            cites: vec![],
            raised_by: staff(1),
            at: start() + Duration::hours(i as i64),
        })
        .collect()
}

fn conduct(c: &mut Criterion) {
    let mut group = c.benchmark_group("conduct concerns");
    group.sample_size(10);
    let policy = ConductPolicy::try_new(90, 3).unwrap();
    for n in [400, 4_000, 40_000] {
        let all = concerns(n);
        group.bench_with_input(BenchmarkId::new("baseline: Vec::push", n), &n, |b, _| {
            b.iter_batched(
                || all.clone(),
                |all| {
                    let mut log = Vec::with_capacity(all.len());
                    for concern in all {
                        log.push(concern);
                    }
                    black_box(log)
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_with_input(BenchmarkId::new("ConductLog::record", n), &n, |b, _| {
            b.iter_batched(
                || all.clone(),
                |all| {
                    let mut log = ConductLog::new();
                    for concern in all {
                        black_box(log.record(concern, &[], &policy).unwrap());
                    }
                    black_box(log)
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, command_ids_and_links, deep_line, conduct);
criterion_main!(benches);
