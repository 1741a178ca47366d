//! What business-time arithmetic costs (SL2).
//!
//! - `deadlines`: the resolution deadline of 10,000 complaints received through 2026,
//!   five business days (40 business hours) each, on the Bogotá calendar of the `sla`
//!   example (Colombia's 2026 holidays). Beside it, the two obvious ways to do it: step
//!   minute by minute, or day by day. Bogotá keeps one offset all year, so both
//!   baselines are exact there; the bench checks they agree with the calendar before it
//!   times anything.
//! - `add business hours`: 8 against 1,000 business hours from 1,000 instants, on that
//!   calendar and on a Madrid one (Spain's national holidays of 2026 on weekdays, Holy
//!   Thursday, two changes of the clocks a year). Runs of days are taken in one step, so
//!   125 times the business time should cost only a few times as much.
//!
//! Run: `cargo bench --bench calendar`.

use chrono::{DateTime, NaiveTime, TimeDelta, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use criterion::{Criterion, criterion_group, criterion_main};
use customer_care::calendar::{Calendar, CalendarSpec};
use std::hint::black_box;

fn calendar(tz: Tz, json: &str) -> Calendar<Tz> {
    let spec: CalendarSpec = serde_json::from_str(json).unwrap();
    Calendar::try_new(tz, spec).unwrap()
}

/// `count` instants on whole minutes, 47 minutes apart from the first Monday of 2026.
fn instants(count: usize) -> Vec<DateTime<Utc>> {
    let first = Utc.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).unwrap();
    (0..count)
        .map(|i| first + TimeDelta::minutes(47 * i as i64))
        .collect()
}

/// The end of the `minutes`th open minute from `from`, walking local minutes one at a
/// time (exact only where the offset never changes).
fn minute_stepping(calendar: &Calendar<Tz>, from: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
    let tz = calendar.time_zone();
    let mut local = from.with_timezone(tz).naive_local();
    let mut date = local.date();
    let mut intervals = calendar.intervals(date);
    let mut left = minutes;
    while left > 0 {
        if local.date() != date {
            date = local.date();
            intervals = calendar.intervals(date);
        }
        let minute = (local.num_seconds_from_midnight() / 60) as u16;
        if intervals
            .iter()
            .any(|interval| interval.start() <= minute && minute < interval.end())
        {
            left -= 1;
        }
        local += TimeDelta::minutes(1);
    }
    tz.from_local_datetime(&local)
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

/// The same, a day at a time: each interval's edges placed in the zone, then skipped
/// whole or cut short.
fn day_stepping(calendar: &Calendar<Tz>, from: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
    let tz = calendar.time_zone();
    let mut left = TimeDelta::minutes(minutes);
    let mut date = from.with_timezone(tz).date_naive();
    loop {
        let midnight = date.and_time(NaiveTime::MIN);
        let edge = |minute: u16| {
            let local = midnight + TimeDelta::minutes(i64::from(minute));
            tz.from_local_datetime(&local)
                .earliest()
                .unwrap()
                .with_timezone(&Utc)
        };
        for interval in calendar.intervals(date) {
            let (start, end) = (edge(interval.start()).max(from), edge(interval.end()));
            if start < end {
                if end - start >= left {
                    return start + left;
                }
                left -= end - start;
            }
        }
        date = date.succ_opt().unwrap();
    }
}

fn deadlines(c: &mut Criterion) {
    let bogota = calendar(
        chrono_tz::America::Bogota,
        include_str!("../examples/data/bogota-2026.json"),
    );
    let received = instants(10_000);
    let target = 5 * 8 * 60;
    for &at in &received[..500] {
        let due = bogota.add(at, TimeDelta::minutes(target)).unwrap();
        assert_eq!(minute_stepping(&bogota, at, target), due);
        assert_eq!(day_stepping(&bogota, at, target), due);
    }

    let mut group = c.benchmark_group("deadlines: 10,000 complaints, 5 business days");
    group.sample_size(10);
    group.bench_function("baseline: minute stepping", |b| {
        b.iter(|| {
            for &at in &received {
                black_box(minute_stepping(&bogota, black_box(at), target));
            }
        })
    });
    group.bench_function("baseline: day stepping", |b| {
        b.iter(|| {
            for &at in &received {
                black_box(day_stepping(&bogota, black_box(at), target));
            }
        })
    });
    group.bench_function("Calendar::add", |b| {
        b.iter(|| {
            for &at in &received {
                black_box(
                    bogota
                        .add(black_box(at), TimeDelta::minutes(target))
                        .unwrap(),
                );
            }
        })
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let zones = [
        (
            "Bogotá",
            calendar(
                chrono_tz::America::Bogota,
                include_str!("../examples/data/bogota-2026.json"),
            ),
        ),
        (
            "Madrid",
            calendar(
                chrono_tz::Europe::Madrid,
                include_str!("../examples/data/madrid-2026.json"),
            ),
        ),
    ];
    let starts = instants(1_000);
    let mut group = c.benchmark_group("add business hours, 1,000 instants");
    for (name, calendar) in &zones {
        for hours in [8, 1_000] {
            group.bench_function(format!("{name}, {hours} h"), |b| {
                b.iter(|| {
                    for &at in &starts {
                        black_box(
                            calendar
                                .add(black_box(at), TimeDelta::hours(hours))
                                .unwrap(),
                        );
                    }
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, deadlines, scaling);
criterion_main!(benches);
