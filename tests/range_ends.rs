//! Instants anywhere in chrono's range, in any zone, and the amounts JSON may carry:
//! every query answers with a value or a typed error, never a panic, and its cost is
//! bounded by the calendar's horizon (X2).

mod common;

use chrono::{DateTime, Duration, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;
use common::*;
use customer_care::calendar::{Calendar, CalendarError, Interval};
use customer_care::clocks::SlaClocks;
use customer_care::complaint::*;
use customer_care::sla::{Priority, SlaPolicy};
use proptest::prelude::*;

/// Weekdays 09:00–17:00 in `zone`.
fn office(zone: Tz) -> Calendar<Tz> {
    open(zone, &WEEK[..5], Interval::hm(9, 0, 17, 0).unwrap())
}

/// Zones far ahead of UTC and far behind it, with and without summer time.
const ZONES: [Tz; 6] = [
    chrono_tz::Europe::Madrid,
    chrono_tz::Asia::Tokyo,
    chrono_tz::America::New_York,
    chrono_tz::Pacific::Kiritimati,
    chrono_tz::Pacific::Pago_Pago,
    chrono_tz::UTC,
];

fn instant(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, 0).unwrap()
}

/// Any second in chrono's range, a third of them within three days of either end.
fn anywhen() -> impl Strategy<Value = DateTime<Utc>> {
    let (min, max) = (
        DateTime::<Utc>::MIN_UTC.timestamp(),
        DateTime::<Utc>::MAX_UTC.timestamp(),
    );
    let edge = 3 * 24 * 3600;
    prop_oneof![min..=max, min..=min + edge, max - edge..=max,].prop_map(instant)
}

/// A receipt at `at`, with the default terms of `priority`.
fn received(at: DateTime<Utc>, priority: Priority) -> ComplaintEvent {
    let ComplaintCommand::Receive(receipt) = receive() else {
        unreachable!()
    };
    ComplaintEvent::Received(Receipt {
        at,
        sla: SlaPolicy::default().terms(priority),
        ..receipt
    })
}

#[test]
fn x2_the_calendar_answers_near_the_end_of_time_in_madrid_without_panicking() {
    // The reproduction: an hour before the end of chrono's range, Madrid's local time
    // is past it.
    let at: DateTime<Utc> = "+262142-12-31T23:00:00Z".parse().unwrap();
    let madrid = office(chrono_tz::Europe::Madrid);
    assert_eq!(
        madrid.add(at, TimeDelta::hours(1)),
        Err(CalendarError::OutOfRange)
    );
    assert_eq!(madrid.next_opening(at), Err(CalendarError::OutOfRange));
    assert_eq!(
        madrid.between(at - Duration::days(3), at),
        Err(CalendarError::OutOfRange)
    );
    // A stored receipt there: the clocks and the audit answer with an error.
    let event = received(at, Priority::Normal);
    let ComplaintEvent::Received(receipt) = &event else {
        unreachable!()
    };
    let clocks = SlaClocks::start(receipt);
    assert!(clocks.report(&madrid, at).is_err());
    assert!(audit_on(&numbered(vec![event]), &madrid).is_err());
}

#[test]
fn x2_a_query_looks_at_most_a_hundred_years_ahead() {
    // Open one hour a week: 10,000 business hours take some two centuries.
    let hourly = open(
        chrono_tz::Europe::Madrid,
        &[Weekday::Mon],
        Interval::hm(9, 0, 10, 0).unwrap(),
    );
    let from = h(0);
    let horizon = CalendarError::BeyondHorizon {
        from,
        days: Calendar::<Tz>::HORIZON_DAYS,
    };
    assert_eq!(
        hourly.add(from, TimeDelta::hours(10_000)),
        Err(horizon.clone())
    );
    let century = Duration::days(Calendar::<Tz>::HORIZON_DAYS);
    assert_eq!(
        hourly.between(from, from + century + Duration::seconds(1)),
        Err(horizon)
    );
    // Within the horizon, the answers are whole.
    assert_eq!(
        hourly.between(from, from + Duration::weeks(520)),
        Ok(TimeDelta::hours(520))
    );
    assert!(hourly.add(from, TimeDelta::hours(5_000)).is_ok());
    assert!(hourly.between(from, from + century).is_ok());
    assert_eq!(
        CalendarError::BeyondHorizon { from, days: 36_525 }.to_string(),
        format!("a calendar looks at most 36525 days ahead of {from}; this needs more")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// X2: at any instant in any zone, `add`, `between` and `next_opening` answer with
    /// a value or a typed error; what they answer is consistent where it is a value.
    #[test]
    fn x2_calendars_never_panic_anywhere_in_chronos_range(
        zone in 0..ZONES.len(),
        at in anywhen(),
        minutes in 0i64..=600_000,
        span in 0i64..=40 * 24 * 60,
    ) {
        let calendar = office(ZONES[zone]);
        let amount = TimeDelta::minutes(minutes);
        if let Ok(due) = calendar.add(at, amount) {
            prop_assert!(due >= at);
            if let Ok(counted) = calendar.between(at, due) {
                prop_assert_eq!(counted, amount);
            }
        }
        if let Ok(opening) = calendar.next_opening(at) {
            prop_assert!(opening >= at);
        }
        if let Some(to) = at.checked_add_signed(TimeDelta::minutes(span)) {
            if let Ok(counted) = calendar.between(at, to) {
                prop_assert!(counted <= to - at);
            }
        }
    }

    /// X2: a complaint received at any instant, under any priority's terms, gets an
    /// SLA report and an audit, or their typed errors, never a panic.
    #[test]
    fn x2_sla_reports_and_audits_never_panic_anywhere_in_chronos_range(
        zone in 0..ZONES.len(),
        at in anywhen(),
        later in 0i64..=100 * 24 * 3600,
        priority in prop_oneof![
            Just(Priority::Low),
            Just(Priority::Normal),
            Just(Priority::High),
            Just(Priority::Urgent),
        ],
    ) {
        let calendar = office(ZONES[zone]);
        let event = received(at, priority);
        let ComplaintEvent::Received(receipt) = &event else { unreachable!() };
        let clocks = SlaClocks::start(receipt);
        if let Some(now) = at.checked_add_signed(TimeDelta::seconds(later)) {
            let _report = clocks.report(&calendar, now);
        }
        let _audit = audit_on(&numbered(vec![event]), &calendar);
    }
}
