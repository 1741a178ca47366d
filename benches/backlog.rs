//! The crate at backlog scale, each case beside the plainest code that walks the same
//! data (`benches/support` describes the backlog: three histories cycled, about 10.7
//! events a case, all recorded by the decider).
//!
//! - `replay`: 100,000 complaints rebuilt from their stored events with
//!   `EventStream::replay`, which also checks the numbering and the command ids, beside
//!   a loop that reads only each event's tag and sequence number. Both get the same
//!   histories, cloned outside the timing; the rebuilt streams are dropped outside it.
//!   For scale, a third case clones every stored event, text and all: the copy a
//!   rebuild would make if its state kept everything the events say.
//! - `audit and scorecard`: `CaseAudit::of` and `Scorecard::add` over 100,000 cases on an
//!   office-hours calendar, beside one plain pass over the same events that judges two
//!   things (acknowledged within four wall-clock hours, closed at 4 or 5).
//! - `metrics`: `Csat::tally` and `Nps::tally` over 10,000,000 ratings, beside a plain
//!   summing loop that checks nothing.
//! - `scaling`: replay, and audit with scorecard, at 10,000, 100,000 and 1,000,000 cases;
//!   the time per event should stay flat.
//!
//! Every timed iteration starts with the events out of cache (`evict`), as they are in
//! a pass over a backlog larger than the cache; so the 10,000-case input, which would
//! otherwise fit in the cache of the machine measured, is timed on the same terms as
//! the larger ones.
//!
//! Run: `cargo bench --bench backlog`.

mod support;

use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main, measurement::WallTime,
};
use customer_care::complaint::{Complaint, ComplaintEvent};
use customer_care::decalogue::{AuditContext, CaseAudit, Scorecard, ThemeWatch};
use customer_care::metrics::{Csat, Nps, Percent, TeamPulse};
use customer_care::stream::EventStream;
use std::hint::black_box;
use std::time::Duration;
use support::{History, MANAGER, backlog, events};

const HEADLINE: usize = 100_000;
const SCALES: [usize; 3] = [10_000, 100_000, 1_000_000];
const RATINGS: usize = 10_000_000;

/// Writes over 64 MiB, twice the last-level cache of the machine the README quotes, so
/// that every timed iteration starts with the events out of cache, as a pass over a
/// backlog far larger than the cache finds them, whatever the input's size.
fn evict(scratch: &mut [u8]) {
    for (i, byte) in scratch.iter_mut().enumerate() {
        *byte = byte.wrapping_add(i as u8);
    }
    black_box(scratch);
}

const SCRATCH: usize = 64 << 20;

/// Reads each event's sequence number and tag: the least a replay must touch.
fn tags_and_sequences(histories: Vec<History>) -> (u64, Vec<History>) {
    let mut closed = 0;
    let mut numbered = true;
    for history in &histories {
        for (position, envelope) in history.iter().enumerate() {
            numbered &= envelope.sequence == position as u64 + 1;
            closed += u64::from(matches!(envelope.event, ComplaintEvent::Closed { .. }));
        }
    }
    assert!(numbered);
    (closed, histories)
}

fn replay(histories: Vec<History>) -> Vec<EventStream<Complaint>> {
    histories
        .into_iter()
        .map(|history| EventStream::<Complaint>::replay(history).unwrap())
        .collect()
}

/// One pass that judges two things by hand: acknowledged within four wall-clock hours
/// of receipt, and closed at 4 or 5. Returns the cases passing both.
fn plain_pass(histories: &[History]) -> u64 {
    let mut passed = 0;
    for history in histories {
        let (mut received, mut in_time, mut satisfied) = (None, false, false);
        for (position, envelope) in history.iter().enumerate() {
            assert_eq!(envelope.sequence, position as u64 + 1);
            match &envelope.event {
                ComplaintEvent::Received(receipt) => received = Some(receipt.at),
                ComplaintEvent::Acknowledged { at, .. } => {
                    in_time = received.is_some_and(|r| *at - r <= chrono::Duration::hours(4))
                }
                ComplaintEvent::Closed { verdict, at: _ } => {
                    satisfied = verdict.rating.is_some_and(|r| r.get() >= 4)
                }
                _ => {}
            }
        }
        passed += u64::from(in_time && satisfied);
    }
    passed
}

fn audit(histories: &[History], context: &AuditContext<'_, chrono::Utc>) -> Scorecard {
    let mut card = Scorecard::new();
    for history in histories {
        card.add(&CaseAudit::of(history, context).unwrap());
    }
    card
}

fn replay_cases(group: &mut BenchmarkGroup<'_, WallTime>, histories: &[History], label: usize) {
    let mut scratch = vec![0; SCRATCH];
    let mut cold_copy = || {
        let copy = histories.to_vec();
        evict(&mut scratch);
        copy
    };
    group.throughput(Throughput::Elements(events(histories)));
    group.bench_function(
        BenchmarkId::new("baseline: read each event's tag and sequence", label),
        |b| {
            b.iter_batched(
                &mut cold_copy,
                |histories| tags_and_sequences(black_box(histories)),
                BatchSize::PerIteration,
            )
        },
    );
    group.bench_function(BenchmarkId::new("EventStream::replay", label), |b| {
        b.iter_batched(
            &mut cold_copy,
            |histories| replay(black_box(histories)),
            BatchSize::PerIteration,
        )
    });
}

fn audit_cases(
    group: &mut BenchmarkGroup<'_, WallTime>,
    histories: &[History],
    context: &AuditContext<'_, chrono::Utc>,
    label: usize,
) {
    let mut scratch = vec![0; SCRATCH];
    let mut cold = || evict(&mut scratch);
    group.throughput(Throughput::Elements(events(histories)));
    group.bench_function(
        BenchmarkId::new("baseline: one plain pass over the events", label),
        |b| {
            b.iter_batched(
                &mut cold,
                |()| plain_pass(black_box(histories)),
                BatchSize::PerIteration,
            )
        },
    );
    group.bench_function(
        BenchmarkId::new("CaseAudit::of and Scorecard::add", label),
        |b| {
            b.iter_batched(
                &mut cold,
                |()| audit(black_box(histories), context),
                BatchSize::PerIteration,
            )
        },
    );
}

/// A slow group: few samples of equal size.
fn slow<'c>(c: &'c mut Criterion, name: &str) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    group
}

fn backlog_benches(c: &mut Criterion) {
    let all = backlog(SCALES[2]);
    let org = support::organisation();
    let calendar = support::office_hours();
    let pulse = TeamPulse::tally([(MANAGER, 9), (MANAGER, 10), (MANAGER, 7)]).unwrap();
    let themes = ThemeWatch::default();
    let context = AuditContext {
        directory: org.staff(),
        calendar: &calendar,
        pulse: &pulse,
        enps_floor: Percent::ZERO,
        themes: &themes,
    };
    let headline = &all[..HEADLINE];
    // Both sides of each comparison see the same cases.
    let card = audit(headline, &context);
    assert_eq!(card.cases(), HEADLINE as u64);
    assert!(plain_pass(headline) > 0);
    let streams = replay(headline.to_vec());
    assert_eq!(streams.len(), HEADLINE);
    drop(streams);

    // The audit first: the replay groups allocate and free gigabytes, which the system
    // takes a while to settle after.
    let mut group = slow(c, "audit and scorecard");
    audit_cases(&mut group, headline, &context, HEADLINE);
    group.finish();

    let mut group = slow(c, "scaling: audit and scorecard");
    for cases in SCALES {
        audit_cases(&mut group, &all[..cases], &context, cases);
    }
    group.finish();

    let mut group = slow(c, "replay");
    replay_cases(&mut group, headline, HEADLINE);
    group.bench_function(
        BenchmarkId::new("reference: clone every event", HEADLINE),
        |b| b.iter_with_large_drop(|| black_box(headline).to_vec()),
    );
    group.finish();

    let mut group = slow(c, "scaling: replay");
    for cases in SCALES {
        replay_cases(&mut group, &all[..cases], cases);
    }
    group.finish();
}

/// `count` pseudo-random scores from `low` to `high` (xorshift, fixed seed).
fn ratings(count: usize, low: u8, high: u8) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let span = u64::from(high - low) + 1;
    (0..count)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            low + (x % span) as u8
        })
        .collect()
}

fn plain_csat(scores: &[u8]) -> (u64, u64) {
    let mut satisfied = 0;
    for &score in scores {
        satisfied += u64::from(score >= 4);
    }
    (satisfied, scores.len() as u64)
}

fn plain_nps(scores: &[u8]) -> (u64, u64, u64) {
    let (mut promoters, mut detractors) = (0, 0);
    for &score in scores {
        promoters += u64::from(score >= 9);
        detractors += u64::from(score <= 6);
    }
    (promoters, detractors, scores.len() as u64)
}

/// One metric over `scores`: the library's tally beside the plain loop, after checking
/// both count the same.
fn metric<T: PartialEq + std::fmt::Debug>(
    c: &mut Criterion,
    name: &str,
    scores: &[u8],
    plain: fn(&[u8]) -> T,
    (function, tally): (&str, fn(&[u8]) -> T),
) {
    assert_eq!(plain(scores), tally(scores));
    let mut group = slow(c, &format!("metrics: {name}"));
    group.throughput(Throughput::Elements(scores.len() as u64));
    group.bench_function("baseline: plain summing loop", |b| {
        b.iter(|| plain(black_box(scores)))
    });
    group.bench_function(function, |b| b.iter(|| tally(black_box(scores))));
    group.finish();
}

fn metrics(c: &mut Criterion) {
    let csat: fn(&[u8]) -> (u64, u64) = |scores| {
        let tally = Csat::tally(scores.iter().copied()).unwrap();
        (tally.satisfied(), tally.responses())
    };
    let nps: fn(&[u8]) -> (u64, u64, u64) = |scores| {
        let tally = Nps::tally(scores.iter().copied()).unwrap();
        (tally.promoters(), tally.detractors(), tally.responses())
    };
    let scores = ratings(RATINGS, 1, 5);
    metric(c, "CSAT", &scores, plain_csat, ("Csat::tally", csat));
    let scores = ratings(RATINGS, 0, 10);
    metric(c, "NPS", &scores, plain_nps, ("Nps::tally", nps));
}

criterion_group!(benches, metrics, backlog_benches);
criterion_main!(benches);
