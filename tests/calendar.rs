//! Business-time arithmetic against a brute-force oracle that walks minute by minute
//! (SL1, SL2), across real time zones with DST, random calendars and random holidays;
//! and the properties of adding and counting.

use chrono::{
    DateTime, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;
use customer_care::calendar::{Calendar, CalendarError, CalendarSpec, Interval};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Zones with DST in both hemispheres, one changing at midnight (Santiago), one whose
/// repeated hour starts a day (Havana: 01:00 back to 00:00), one by half an hour (Lord
/// Howe), one whose clocks change twice a week apart (Gaza, October 2040), two whose
/// clocks change late in the evening (Nuuk forward at 23:00, Easter Island both ways
/// at 22:00), and one without DST (Bogotá).
const ZONES: [Tz; 10] = [
    chrono_tz::Europe::Madrid,
    chrono_tz::America::New_York,
    chrono_tz::Australia::Sydney,
    chrono_tz::America::Santiago,
    chrono_tz::America::Havana,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Gaza,
    chrono_tz::America::Nuuk,
    chrono_tz::Pacific::Easter,
    chrono_tz::America::Bogota,
];

const FIRST_YEAR: i32 = 2024;
const LAST_YEAR: i32 = 2042;

/// The instants (to the hour) at which a zone's offset changes from 2024 to 2042.
fn transitions(zone: usize) -> &'static [DateTime<Utc>] {
    static ALL: OnceLock<Vec<Vec<DateTime<Utc>>>> = OnceLock::new();
    &ALL.get_or_init(|| {
        ZONES
            .iter()
            .map(|tz| {
                let offset = |at: DateTime<Utc>| tz.offset_from_utc_datetime(&at.naive_utc()).fix();
                let mut at = Utc.with_ymd_and_hms(FIRST_YEAR, 1, 1, 0, 0, 0).unwrap();
                let end = Utc.with_ymd_and_hms(LAST_YEAR, 12, 31, 0, 0, 0).unwrap();
                let mut changes = Vec::new();
                while at < end {
                    if offset(at) != offset(at + Duration::hours(1)) {
                        changes.push(at);
                    }
                    at += Duration::hours(1);
                }
                changes
            })
            .collect()
    })[zone]
}

/// The oracle's own edge rule: a local time in a gap moves forward a minute at a time
/// until it exists; a repeated local time is the first occurrence for a start and the
/// second for an end.
fn oracle_edge<Z: TimeZone>(tz: &Z, date: NaiveDate, minute: u16, is_start: bool) -> DateTime<Utc> {
    let mut local = date.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(i64::from(minute));
    let asked = local;
    loop {
        match tz.from_local_datetime(&local) {
            LocalResult::Single(at) => return at.with_timezone(&Utc),
            LocalResult::Ambiguous(first, second) => {
                let pick = if is_start || local != asked {
                    first
                } else {
                    second
                };
                return pick.with_timezone(&Utc);
            }
            LocalResult::None => local += Duration::minutes(1),
        }
    }
}

/// Whether each minute from `from` on, for `days` days, is open: inside any interval
/// of any local date, its edges placed by the oracle's rule.
fn open_minutes<Z: TimeZone>(calendar: &Calendar<Z>, from: DateTime<Utc>, days: i64) -> Vec<bool> {
    let tz = calendar.time_zone();
    let mut open = vec![false; (days * 24 * 60) as usize];
    // From the local date before `from`'s to the one after the last minute's: the
    // local date of `from + days` may be a day later than `from`'s date plus `days`.
    let first = from.with_timezone(tz).date_naive() - Duration::days(1);
    for date in first.iter_days().take(days as usize + 3) {
        for interval in calendar.intervals(date) {
            let start = oracle_edge(tz, date, interval.start(), true);
            let end = oracle_edge(tz, date, interval.end(), false);
            let index =
                |at: DateTime<Utc>| (at - from).num_minutes().clamp(0, open.len() as i64) as usize;
            let (start, end) = (index(start), index(end));
            if start < end {
                open[start..end].fill(true);
            }
        }
    }
    open
}

/// Open minutes in `[from, to)`, one at a time.
fn oracle_between<Z: TimeZone>(
    calendar: &Calendar<Z>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> i64 {
    let minutes = (to - from).num_minutes();
    let open = open_minutes(calendar, from, minutes / (24 * 60) + 1);
    open[..minutes as usize]
        .iter()
        .filter(|open| **open)
        .count() as i64
}

/// The end of the `n`th open minute from `from`, walking one minute at a time.
/// Adding nothing is `from` itself; the walk gives up past 8,192 days (22 years).
fn oracle_add<Z: TimeZone>(calendar: &Calendar<Z>, from: DateTime<Utc>, n: i64) -> DateTime<Utc> {
    if n == 0 {
        return from;
    }
    let mut days = 8;
    while days <= 8_192 {
        let mut counted = 0;
        for (minute, open) in open_minutes(calendar, from, days).into_iter().enumerate() {
            counted += i64::from(open);
            if counted == n {
                return from + Duration::minutes(minute as i64 + 1);
            }
        }
        days *= 4;
    }
    panic!("the oracle found fewer than {n} open minutes in 22 years from {from}");
}

/// Intervals on a quarter-hour grid, some from midnight or to 24:00.
fn day() -> impl Strategy<Value = Vec<Interval>> {
    prop::collection::vec((0u16..=96, 1u16..=40), 0..4).prop_map(|raw| {
        let mut intervals: Vec<Interval> = Vec::new();
        let mut cursor = 0;
        for (gap, length) in raw {
            let start = (cursor + gap.saturating_sub(8) * 15).min(1440);
            let end = (start + length * 15).min(1440);
            if let Ok(interval) = Interval::try_new(start, end) {
                intervals.push(interval);
                cursor = end;
            }
        }
        intervals
    })
}

/// A calendar in one of the zones and an instant in it: half the time within a few
/// days of one of the zone's clock changes, else anywhere from 2024 to 2042; holidays
/// and special days around that instant.
fn case() -> impl Strategy<Value = (Calendar<Tz>, DateTime<Utc>)> {
    (
        0..ZONES.len(),
        any::<prop::sample::Index>(),
        any::<bool>(),
        -8 * 24 * 60i64..3 * 24 * 60,
        prop::collection::vec(day(), 7),
        prop::collection::vec((-10i64..25, prop::option::of(day())), 0..6),
    )
        .prop_map(|(zone, pick, near_change, minutes, week, exceptions)| {
            let changes = transitions(zone);
            let anchor = if near_change && !changes.is_empty() {
                *pick.get(changes)
            } else {
                let span = Utc.with_ymd_and_hms(LAST_YEAR, 1, 1, 0, 0, 0).unwrap()
                    - Utc.with_ymd_and_hms(FIRST_YEAR, 1, 1, 0, 0, 0).unwrap();
                let hours = pick.index(span.num_hours() as usize) as i64;
                Utc.with_ymd_and_hms(FIRST_YEAR, 1, 1, 0, 0, 0).unwrap() + Duration::hours(hours)
            };
            let from = anchor + Duration::minutes(minutes);
            let mut spec = CalendarSpec::default();
            for (weekday, intervals) in WEEKDAYS.into_iter().zip(week) {
                spec.set_day(weekday, intervals);
            }
            // Never-open weeks are refused by design; keep Monday open a little.
            if spec.week.values().all(Vec::is_empty) {
                spec.set_day(
                    chrono::Weekday::Mon,
                    vec![Interval::hm(9, 0, 10, 0).unwrap()],
                );
            }
            let around = from.with_timezone(&ZONES[zone]).date_naive();
            for (offset, intervals) in exceptions {
                let date = around + Duration::days(offset);
                match intervals {
                    None => spec.close(date),
                    Some(intervals) => spec.open(date, intervals),
                };
            }
            (Calendar::try_new(ZONES[zone], spec).unwrap(), from)
        })
}

const WEEKDAYS: [chrono::Weekday; 7] = [
    chrono::Weekday::Mon,
    chrono::Weekday::Tue,
    chrono::Weekday::Wed,
    chrono::Weekday::Thu,
    chrono::Weekday::Fri,
    chrono::Weekday::Sat,
    chrono::Weekday::Sun,
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// SL1, SL2: counting and adding agree with the minute-by-minute walk, over ranges
    /// long enough to take runs of days in one step.
    #[test]
    fn sl2_fast_arithmetic_agrees_with_the_minute_by_minute_oracle(
        (calendar, from) in case(),
        span in 0i64..21 * 24 * 60,
        add in 0i64..4_000,
    ) {
        let to = from + Duration::minutes(span);
        let counted = calendar.between(from, to).unwrap();
        prop_assert_eq!(counted, TimeDelta::minutes(oracle_between(&calendar, from, to)));
        let due = calendar.add(from, TimeDelta::minutes(add)).unwrap();
        prop_assert_eq!(due, oracle_add(&calendar, from, add));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// SL2: adding N then counting gives N back.
    #[test]
    fn sl2_adding_then_counting_returns_n((calendar, from) in case(), n in 0i64..100_000) {
        let due = calendar.add(from, TimeDelta::minutes(n)).unwrap();
        prop_assert_eq!(calendar.between(from, due).unwrap(), TimeDelta::minutes(n));
    }

    /// SL2: counting is additive over any split point.
    #[test]
    fn sl2_counting_is_additive_over_a_split(
        (calendar, from) in case(),
        a in 0i64..100_000,
        b in 0i64..100_000,
    ) {
        let middle = from + Duration::minutes(a);
        let to = middle + Duration::minutes(b);
        let whole = calendar.between(from, to).unwrap();
        prop_assert_eq!(whole, calendar.between(from, middle).unwrap() + calendar.between(middle, to).unwrap());
    }

    /// SL2: adding more never ends earlier.
    #[test]
    fn sl2_adding_is_monotone_in_n((calendar, from) in case(), n in 0i64..50_000, more in 0i64..50_000) {
        let sooner = calendar.add(from, TimeDelta::minutes(n)).unwrap();
        let later = calendar.add(from, TimeDelta::minutes(n + more)).unwrap();
        prop_assert!(sooner <= later);
    }
}
#[test]
fn sl1_overlapping_or_empty_intervals_are_refused() {
    assert!(matches!(
        Interval::hm(10, 0, 10, 0),
        Err(CalendarError::EmptyInterval { .. })
    ));
    assert!(matches!(
        Interval::hm(9, 0, 24, 30),
        Err(CalendarError::EmptyInterval { .. })
    ));
    let mut spec = CalendarSpec::default();
    spec.set_day(
        chrono::Weekday::Mon,
        vec![
            Interval::hm(9, 0, 13, 0).unwrap(),
            Interval::hm(12, 0, 15, 0).unwrap(),
        ],
    );
    assert!(matches!(
        Calendar::try_new(Utc, spec),
        Err(CalendarError::Overlap { .. })
    ));
    assert_eq!(
        Calendar::try_new(Utc, CalendarSpec::default()),
        Err(CalendarError::NeverOpen)
    );
}

/// Open on Mondays, 09:00–17:00, and no other day.
fn mondays_nine_to_five() -> CalendarSpec {
    let mut spec = CalendarSpec::default();
    spec.set_day(
        chrono::Weekday::Mon,
        vec![Interval::hm(9, 0, 17, 0).unwrap()],
    );
    spec
}

#[test]
fn sl2_reversed_ranges_and_negative_amounts_are_refused() {
    let calendar = Calendar::try_new(Utc, mondays_nine_to_five()).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 1, 5, 10, 0, 0).unwrap();
    assert!(matches!(
        calendar.between(now, now - Duration::minutes(1)),
        Err(CalendarError::Reversed { .. })
    ));
    assert!(matches!(
        calendar.add(now, TimeDelta::minutes(-1)),
        Err(CalendarError::Negative { .. })
    ));
    assert_eq!(calendar.next_opening(now), Ok(now));
    assert_eq!(
        calendar.next_opening(now + Duration::hours(8)),
        Ok(Utc.with_ymd_and_hms(2026, 1, 12, 9, 0, 0).unwrap())
    );
}

#[test]
fn sl1_an_interval_over_the_spring_gap_is_an_hour_shorter_and_over_the_autumn_overlap_longer() {
    let mut spec = CalendarSpec::default();
    spec.set_day(
        chrono::Weekday::Sun,
        vec![Interval::hm(0, 0, 6, 0).unwrap()],
    );
    let madrid = Calendar::try_new(chrono_tz::Europe::Madrid, spec).unwrap();
    let day = |m, d| {
        let start = chrono_tz::Europe::Madrid
            .with_ymd_and_hms(2026, m, d, 0, 0, 0)
            .unwrap();
        (
            start.with_timezone(&Utc),
            start.with_timezone(&Utc) + Duration::days(1),
        )
    };
    let (from, to) = day(3, 29);
    assert_eq!(madrid.between(from, to), Ok(TimeDelta::hours(5)));
    let (from, to) = day(10, 25);
    assert_eq!(madrid.between(from, to), Ok(TimeDelta::hours(7)));
}

/// A zone of our own, as any `TimeZone` may be given to a calendar: `BEFORE` seconds
/// east of UTC until Unix second `AT`, and `AFTER` from then on.
#[derive(Debug, Clone, Copy)]
struct Jump<const AT: i64, const BEFORE: i32, const AFTER: i32>;

/// UTC until 2026-03-28 23:30, when the clocks go forward to 00:30, and UTC+1 from then
/// on.
const LATE_SPRING: Jump<1_774_740_600, 0, 3600> = Jump;

impl<const AT: i64, const BEFORE: i32, const AFTER: i32> Jump<AT, BEFORE, AFTER> {
    fn change() -> NaiveDateTime {
        DateTime::from_timestamp(AT, 0).unwrap().naive_utc()
    }

    fn offset(after: bool) -> FixedOffset {
        FixedOffset::east_opt(if after { AFTER } else { BEFORE }).unwrap()
    }
}

impl<const AT: i64, const BEFORE: i32, const AFTER: i32> TimeZone for Jump<AT, BEFORE, AFTER> {
    type Offset = FixedOffset;

    fn from_offset(_: &FixedOffset) -> Self {
        Self
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<FixedOffset> {
        self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
    }

    /// Each offset whose side of the change the local time lands on, read as that
    /// offset: both where the clocks went back over it, neither in a gap.
    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<FixedOffset> {
        let lands = |after: bool| {
            let utc = *local - Self::offset(after);
            (utc >= Self::change()) == after
        };
        match (lands(false), lands(true)) {
            // Only where the clocks go back, so the offset before names the earlier.
            (true, true) => LocalResult::Ambiguous(Self::offset(false), Self::offset(true)),
            (true, false) => LocalResult::Single(Self::offset(false)),
            (false, true) => LocalResult::Single(Self::offset(true)),
            (false, false) => LocalResult::None,
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
        Self::offset(*utc >= Self::change())
    }
}

/// SL1, SL2: a day whose clocks go forward half an hour before its midnight loses the
/// open time in the gap, even inside a run of days taken in one step. Open 23:00-24:00
/// every day: 28 March is open 23:00-23:30 UTC (its 24:00 is in the gap), every other
/// day an hour.
#[test]
fn sl2_a_change_late_in_the_evening_shortens_its_own_day_within_a_run() {
    let mut spec = CalendarSpec::default();
    for day in WEEKDAYS {
        spec.set_day(day, vec![Interval::hm(23, 0, 24, 0).unwrap()]);
    }
    let calendar = Calendar::try_new(LATE_SPRING, spec).unwrap();
    let march = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let april = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
    assert_eq!(
        calendar.between(march, april),
        Ok(TimeDelta::minutes(30 * 60 + 30))
    );
    // 27 hours to the end of 27 March, half an hour on the 28th, then 29 March opens
    // at 23:00 local, 22:00 UTC.
    assert_eq!(
        calendar.add(march, TimeDelta::minutes(27 * 60 + 30 + 30)),
        Ok(Utc.with_ymd_and_hms(2026, 3, 29, 22, 30, 0).unwrap())
    );
}

/// SL2: runs of days are taken in one step by probing a zone's offset 84 hours apart,
/// which is exact only if no zone changes its offset twice within 84 hours. Every zone
/// in the time zone database, 1900 to 2100, probed every 12 hours: changes seen more
/// than 96 hours apart were really more than 84 apart.
#[test]
fn sl2_no_zone_changes_its_offset_twice_within_the_probe_spacing() {
    let start = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).unwrap();
    let step = Duration::hours(12);
    let mut closest = (Duration::MAX, "");
    for tz in chrono_tz::TZ_VARIANTS {
        let offset = |at: DateTime<Utc>| tz.offset_from_utc_datetime(&at.naive_utc()).fix();
        let (mut at, mut last_change, mut before) = (start, None, offset(start));
        while at < end {
            at += step;
            let now = offset(at);
            if now != before {
                if let Some(last) = last_change {
                    if at - last < closest.0 {
                        closest = (at - last, tz.name());
                    }
                }
                (last_change, before) = (Some(at), now);
            }
        }
    }
    assert!(
        closest.0 > Duration::hours(96),
        "{} changes its offset twice within {} hours",
        closest.1,
        closest.0.num_hours()
    );
}

/// SL1: a spec loads from the JSON the module docs show, its days' intervals in order,
/// and writes back to it; times are `HH:MM`, from 00:00 to 24:00, and nothing else.
#[test]
fn sl1_a_spec_loads_from_its_documented_json_and_refuses_bad_times() {
    let json = serde_json::json!({
        "week": {"mon": [{"start": "14:00", "end": "18:00"}, {"start": "09:00", "end": "13:05"}]},
        "exceptions": {
            "2026-12-25": [],
            "2026-12-31": [{"start": "00:00", "end": "24:00"}]
        }
    });
    let spec: CalendarSpec = serde_json::from_value(json).unwrap();
    let mut expected = CalendarSpec::default();
    expected.set_day(
        chrono::Weekday::Mon,
        vec![
            Interval::try_new(540, 785).unwrap(),
            Interval::try_new(840, 1080).unwrap(),
        ],
    );
    expected.close(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
    expected.open(
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        vec![Interval::try_new(0, 1440).unwrap()],
    );
    assert_eq!(spec, expected);
    assert_eq!(
        serde_json::to_value(&spec).unwrap(),
        serde_json::json!({
            "week": {"mon": [{"start": "09:00", "end": "13:05"}, {"start": "14:00", "end": "18:00"}]},
            "exceptions": {
                "2026-12-25": [],
                "2026-12-31": [{"start": "00:00", "end": "24:00"}]
            }
        })
    );
    let morning = spec.week[&chrono::Weekday::Mon.into()][0];
    assert_eq!(morning.to_string(), "09:00–13:05");
    assert_eq!(format!("{morning:?}"), "Interval(09:00–13:05)");

    let with_monday = |start: &str, end: &str| {
        serde_json::from_value::<CalendarSpec>(serde_json::json!({
            "week": {"mon": [{"start": start, "end": end}]}
        }))
    };
    assert_eq!(
        with_monday("23:59", "24:00").unwrap().week[&chrono::Weekday::Mon.into()],
        [Interval::try_new(1439, 1440).unwrap()]
    );
    for bad in [
        "9:00",
        "09:0",
        "0900",
        "09:00:00",
        "+9:00",
        "09:+5",
        "-1:00",
        "ab:cd",
        "24:01",
        "12:60",
        "99:00",
        "",
        "٠٩:٠٠",
    ] {
        let error = with_monday(bad, "24:00").unwrap_err().to_string();
        assert!(
            error.starts_with(&format!(
                "`{bad}` is not a time of day as HH:MM, from 00:00 to 24:00"
            )),
            "{bad}: {error}"
        );
    }
    let error = with_monday("10:00", "10:00").unwrap_err().to_string();
    assert!(
        error.starts_with(
            "an opening interval must end after it starts and by 24:00, not 10:00–10:00"
        ),
        "{error}"
    );
    let overlapping = serde_json::json!({
        "week": {"mon": [{"start": "09:00", "end": "13:00"}, {"start": "12:00", "end": "15:00"}]}
    });
    let error = serde_json::from_value::<CalendarSpec>(overlapping)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("on Mon the intervals 09:00–13:00 and 12:00–15:00 overlap"),
        "{error}"
    );
    for refused in [
        serde_json::json!({}),
        serde_json::json!({"week": {"mon": []}}),
        serde_json::json!({"week": {"monday": [{"start": "09:00", "end": "13:00"}]}}),
        serde_json::json!({"week": {"mon": [{"start": "09:00", "end": "13:00", "tz": "Z"}]}}),
        serde_json::json!({"week": {"mon": [{"start": "09:00", "end": "13:00"}]}, "zone": "Europe/Madrid"}),
    ] {
        assert!(
            serde_json::from_value::<CalendarSpec>(refused.clone()).is_err(),
            "{refused}"
        );
    }
}

/// SL1: two calendars are equal when their zones and days are, whatever offsets either
/// has learnt from the queries it answered; the debug form shows the zone and the days.
#[test]
fn sl1_calendars_are_equal_by_zone_and_days() {
    let weekdays = mondays_nine_to_five();
    let mut with_holiday = weekdays.clone();
    with_holiday.close(NaiveDate::from_ymd_opt(2026, 12, 28).unwrap());
    let madrid = || Calendar::try_new(chrono_tz::Europe::Madrid, weekdays.clone()).unwrap();

    let queried = madrid();
    let from = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    queried.add(from, TimeDelta::hours(400)).unwrap();
    assert_eq!(queried, madrid());
    assert_eq!(queried.spec(), &weekdays);
    assert_eq!(queried.time_zone(), &chrono_tz::Europe::Madrid);
    assert_ne!(
        madrid(),
        Calendar::try_new(chrono_tz::America::Bogota, weekdays.clone()).unwrap()
    );
    assert_ne!(
        madrid(),
        Calendar::try_new(chrono_tz::Europe::Madrid, with_holiday).unwrap()
    );
    assert_eq!(
        format!("{:?}", madrid()),
        format!("Calendar {{ tz: Europe/Madrid, spec: {weekdays:?}, .. }}")
    );
}

/// SL1, SL2: the largest changes of offset on record agree with the minute-by-minute
/// walk too: Kwajalein's clocks went back 23 hours in 1969 (30 September from 01:00
/// happened twice) and forward 24 in 1993 (no 21 August), Samoa's forward 24 in 2011
/// (no 30 December), far beyond the hour the property test's zones move.
#[test]
fn sl2_days_that_happen_twice_or_never_agree_with_the_oracle() {
    for (zone, (year, month, day, hour)) in [
        (chrono_tz::Pacific::Kwajalein, (1969, 9, 30, 13)),
        (chrono_tz::Pacific::Kwajalein, (1993, 8, 21, 12)),
        (chrono_tz::Pacific::Apia, (2011, 12, 30, 10)),
    ] {
        let change = Utc.with_ymd_and_hms(year, month, day, hour, 0, 0).unwrap();
        let offset = |at: DateTime<Utc>| zone.offset_from_utc_datetime(&at.naive_utc()).fix();
        assert_ne!(
            offset(change - Duration::seconds(1)),
            offset(change),
            "{zone} changes at {change}"
        );
        agrees_with_the_oracle_around(zone, change.timestamp());
    }
}

/// Checks `between` and `add` against the oracle from instants a few days either side
/// of Unix second `change`, for a calendar open daily 00:00–02:00, 09:00–13:30,
/// 13:45–17:00 and 22:30–24:00: some intervals start in the gaps of the changes tested
/// and end after them.
fn agrees_with_the_oracle_around<Z: TimeZone + Copy + std::fmt::Debug>(zone: Z, change: i64) {
    let mut spec = CalendarSpec::default();
    for day in WEEKDAYS {
        spec.set_day(
            day,
            vec![
                Interval::hm(0, 0, 2, 0).unwrap(),
                Interval::hm(9, 0, 13, 30).unwrap(),
                Interval::hm(13, 45, 17, 0).unwrap(),
                Interval::hm(22, 30, 24, 0).unwrap(),
            ],
        );
    }
    let calendar = Calendar::try_new(zone, spec).unwrap();
    let change = DateTime::from_timestamp(change, 0).unwrap();
    for hours in (-120..=72).step_by(5) {
        let from = change + Duration::hours(hours) + Duration::minutes(17);
        let to = from + Duration::days(7);
        assert_eq!(
            calendar.between(from, to).unwrap(),
            TimeDelta::minutes(oracle_between(&calendar, from, to)),
            "{zone:?} from {from}"
        );
        for n in [60, 10 * 60, 30 * 60, 60 * 60] {
            assert_eq!(
                calendar.add(from, TimeDelta::minutes(n)).unwrap(),
                oracle_add(&calendar, from, n),
                "{zone:?} from {from} adding {n} minutes"
            );
        }
    }
}

const H: i32 = 3600;

/// SL1, SL2: changes of offset as large as chrono allows, at midday, agree with the
/// minute-by-minute walk: 46 hours back (nearly two days happen twice) and 46 forward
/// (nearly two never happen), and Kwajalein's 23 back moved to 12:00 local. A day is
/// placed by one offset only when no instant with another has a local time on it.
#[test]
fn sl2_changes_of_nearly_two_days_at_midday_agree_with_the_oracle() {
    // 2026-06-10 12:00 UTC.
    const AT: i64 = 1_781_092_800;
    agrees_with_the_oracle_around(Jump::<AT, { 23 * H }, { -23 * H }>, AT);
    agrees_with_the_oracle_around(Jump::<AT, { -23 * H }, { 23 * H }>, AT);
    const KWAJALEIN: i64 = AT - 11 * 3600;
    agrees_with_the_oracle_around(Jump::<KWAJALEIN, { 11 * H }, { -12 * H }>, KWAJALEIN);
}

/// SL1, SL2: outside the years whose offsets a calendar learns (1900 to 2191) it reads
/// the zone afresh for each query, and agrees with the minute-by-minute walk there too:
/// an hour forward in 1850 and back in 2300, and 23 hours either way.
#[test]
fn sl2_changes_outside_the_learnt_years_agree_with_the_oracle() {
    // 1850-06-10 and 2300-06-10, 12:00 UTC.
    const EARLY: i64 = -3_772_958_400;
    const LATE: i64 = 10_427_659_200;
    agrees_with_the_oracle_around(Jump::<EARLY, H, { 2 * H }>, EARLY);
    agrees_with_the_oracle_around(Jump::<LATE, { 2 * H }, H>, LATE);
    agrees_with_the_oracle_around(Jump::<EARLY, { 11 * H }, { -12 * H }>, EARLY);
    agrees_with_the_oracle_around(Jump::<LATE, { -12 * H }, { 11 * H }>, LATE);
}

/// SL2: an instant part-way through a second counts from itself, at a day's opening
/// inside a run of days and on the day the clocks change alike.
#[test]
fn sl2_instants_within_a_second_count_from_themselves() {
    let quarter = Duration::milliseconds(250);
    let mut spec = CalendarSpec::default();
    for day in WEEKDAYS {
        spec.set_day(day, vec![Interval::hm(0, 0, 24, 0).unwrap()]);
    }
    let utc = Calendar::try_new(Utc, spec.clone()).unwrap();
    let monday = Utc.with_ymd_and_hms(2026, 4, 13, 0, 0, 0).unwrap();
    assert_eq!(
        utc.between(monday + quarter, monday + Duration::days(3)),
        Ok(TimeDelta::days(3) - quarter)
    );
    assert_eq!(
        utc.add(monday + quarter, TimeDelta::days(2)),
        Ok(monday + Duration::days(2) + quarter)
    );

    let madrid = Calendar::try_new(chrono_tz::Europe::Madrid, spec).unwrap();
    let local_midnight = |day| {
        chrono_tz::Europe::Madrid
            .with_ymd_and_hms(2026, 3, day, 0, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    // 29 March has 23 hours: the clocks go forward at 02:00.
    assert_eq!(
        madrid.between(local_midnight(29) + quarter, local_midnight(30)),
        Ok(TimeDelta::hours(23) - quarter)
    );
    assert_eq!(
        madrid.add(local_midnight(29) + quarter, TimeDelta::hours(23)),
        Ok(local_midnight(30) + quarter)
    );
}
