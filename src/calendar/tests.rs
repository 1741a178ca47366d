//! The engine's own tests: offsets learnt to the second, days placed around changes,
//! and how few pieces a walk takes.

use super::*;

#[test]
fn the_day_and_second_constants_are_what_chrono_says() {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1);
    assert_eq!(epoch.map(day_number), Some(0));
    assert_eq!(date_of(0).ok(), epoch);
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).map(|d| d.and_time(NaiveTime::MIN));
    assert_eq!(first.map(|at| at.and_utc().timestamp()), Some(CHANGES_FROM));
}

/// The learnt changes are exact to the second: Madrid's clocks change at 01:00 UTC
/// on the last Sundays of March and October.
#[test]
fn offset_changes_are_learnt_to_the_second() -> Result<(), CalendarError> {
    let mut spec = CalendarSpec::default();
    spec.set_day(Weekday::Mon, vec![Interval::hm(9, 0, 17, 0)?]);
    let madrid = Calendar::try_new(chrono_tz::Europe::Madrid, spec)?;
    let second = |m, d| {
        NaiveDate::from_ymd_opt(2026, m, d)
            .and_then(|date| date.and_hms_opt(1, 0, 0))
            .map(|at| at.and_utc().timestamp())
    };
    let new_year = second(1, 1).ok_or(CalendarError::OutOfRange)?;
    let changes: Vec<i64> =
        core::iter::successors(Some(new_year), |at| match madrid.next_change(*at)? {
            Next::At(change, _) => Some(change),
            Next::NoneUntil(end) => Some(end),
        })
        .skip(1)
        .take_while(|at| *at < new_year + 365 * DAY)
        .filter(|at| madrid.zone_offset_at(*at) != madrid.zone_offset_at(*at - 1))
        .collect();
    assert_eq!(
        changes.iter().map(|c| Some(*c)).collect::<Vec<_>>(),
        [second(3, 29), second(10, 25)]
    );
    Ok(())
}

/// A day is placed by one offset only when it keeps clear of the local times the
/// change near it skips or repeats, 24:00 included: all before them (the offset
/// before) or all after (the offset after).
#[test]
fn a_day_clear_of_a_change_takes_the_offset_of_its_side() {
    // At 01:00 UTC of day 10, from UTC+1 to UTC+2 (02:00 local to 03:00 skipped),
    // or back (02:00 to 03:00 twice).
    let change = 10 * DAY + 3600;
    for (before, after) in [(3600, 7200), (7200, 3600)] {
        let near = Near {
            change,
            before,
            after,
        };
        assert_eq!(near.steady(9 * DAY), Some(before));
        assert_eq!(near.steady(10 * DAY), None);
        assert_eq!(near.steady(11 * DAY), Some(after));
    }
    // At local midnight: the day before ends in the gap, at a 24:00 that names the
    // gap's end.
    let at_midnight = Near {
        change: 10 * DAY - 3600,
        before: 3600,
        after: 7200,
    };
    assert_eq!(at_midnight.steady(8 * DAY), Some(3600));
    assert_eq!(at_midnight.steady(9 * DAY), None);
}

/// Monday to Sunday.
const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

thread_local! {
    /// How often [`Counted`] has been asked an offset, on this thread.
    static READINGS: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}

/// UTC+1, then UTC+2 from 29 March 2026 01:00 UTC, counting the offsets it gives
/// (for instants or for local times).
#[derive(Debug, Clone, Copy)]
struct Counted;

impl Counted {
    fn change() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 29)
            .and_then(|date| date.and_hms_opt(1, 0, 0))
            .unwrap()
    }

    fn offset(after: bool) -> chrono::FixedOffset {
        let hours = if after { 2 } else { 1 };
        chrono::FixedOffset::east_opt(hours * 3600).unwrap()
    }

    fn readings<T>(query: impl FnOnce() -> T) -> (T, usize) {
        let before = READINGS.with(core::cell::Cell::get);
        let answer = query();
        (answer, READINGS.with(core::cell::Cell::get) - before)
    }
}

impl TimeZone for Counted {
    type Offset = chrono::FixedOffset;

    fn from_offset(_: &chrono::FixedOffset) -> Self {
        Self
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<Self::Offset> {
        self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<Self::Offset> {
        READINGS.with(|readings| readings.set(readings.get() + 1));
        let lands = |after: bool| (*local - Self::offset(after) >= Self::change()) == after;
        // The clocks go forward, so no local time lands on both sides.
        match (lands(false), lands(true)) {
            (true, _) => LocalResult::Single(Self::offset(false)),
            (false, true) => LocalResult::Single(Self::offset(true)),
            (false, false) => LocalResult::None,
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> Self::Offset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> Self::Offset {
        READINGS.with(|readings| readings.set(readings.get() + 1));
        Self::offset(*utc >= Self::change())
    }
}

/// As the module docs say: a calendar learns two years of its zone's offsets with
/// some hundred readings, the first time a query needs them, and later queries in
/// those years read the zone again only to find their own local dates: the day of
/// the change is placed from what was learnt, not edge by edge.
#[test]
fn a_zone_is_read_some_hundred_times_for_two_years_then_hardly_again() -> Result<(), CalendarError>
{
    let mut spec = CalendarSpec::default();
    for day in WEEK {
        spec.set_day(day, vec![Interval::hm(9, 0, 17, 0)?]);
    }
    let calendar = Calendar::try_new(Counted, spec)?;
    let from = Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap();
    let to = from + TimeDelta::days(60);
    // Sixty days of eight hours; the clocks change on 29 March before it opens.
    let (first, learning) = Counted::readings(|| calendar.between(from, to));
    assert_eq!(first, Ok(TimeDelta::hours(480)));
    assert!((100..=300).contains(&learning), "{learning} readings");
    let (again, learnt) = Counted::readings(|| calendar.between(from, to));
    assert_eq!(again, first);
    assert!(learnt <= 2, "{learnt} readings");
    Ok(())
}

/// `visit`, counting into `pieces` what the walk offers it.
fn counted<T>(
    pieces: &mut usize,
    mut visit: impl FnMut(Piece) -> Flow<T>,
) -> impl FnMut(Piece) -> Flow<T> {
    move |piece| {
        *pieces += 1;
        visit(piece)
    }
}

/// As the module docs say, what a walk costs grows with the changes of offset it
/// crosses and the runs its query asks for, not with the time it spans: a year of a
/// Madrid calendar open on weekdays and Sunday mornings, with holidays, counted or
/// spent, and a closed year passed to the next opening, each take a few dozen
/// pieces at most; a day whose clocks change is one of them.
#[test]
fn a_walk_takes_a_year_in_a_few_dozen_pieces() -> Result<(), CalendarError> {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or(CalendarError::OutOfRange);
    let mut spec = CalendarSpec::default();
    for &day in &WEEK[..5] {
        spec.set_day(
            day,
            vec![Interval::hm(9, 0, 13, 0)?, Interval::hm(14, 0, 18, 0)?],
        );
    }
    // Open on Sunday mornings too, so that the days the clocks change are open.
    spec.set_day(Weekday::Sun, vec![Interval::hm(10, 0, 14, 0)?]);
    for (m, d) in [(1, 6), (4, 3), (5, 1), (8, 15), (10, 12), (12, 8), (12, 25)] {
        spec.close(date(2026, m, d)?);
    }
    let madrid = Calendar::try_new(chrono_tz::Europe::Madrid, spec.clone())?;
    let from = Utc.with_ymd_and_hms(2026, 1, 2, 10, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2027, 1, 4, 10, 0, 0).unwrap();

    let far = day_number(date(2127, 1, 1)?);
    let (mut pieces, mut total) = (0, TimeDelta::zero());
    madrid.walk(
        from,
        far,
        counted(
            &mut pieces,
            Calendar::<chrono_tz::Tz>::counting_to(to, &mut total),
        ),
    )?;
    assert_eq!(Ok(total), madrid.between(from, to));
    assert!(pieces <= 11, "{pieces} pieces to count");

    let mut pieces = 0;
    let amount = TimeDelta::hours(1500);
    let due = madrid.walk(from, far, counted(&mut pieces, madrid.spending(amount)))?;
    assert_eq!(due, madrid.add(from, amount).ok());
    assert!(pieces <= 9, "{pieces} pieces to spend");

    let mut closed = spec;
    for day in date(2026, 1, 1)?.iter_days().take(365) {
        closed.close(day);
    }
    let closed = Calendar::try_new(chrono_tz::Europe::Madrid, closed)?;
    let mut pieces = 0;
    let opening = closed.walk(
        from,
        far,
        counted(&mut pieces, Calendar::<chrono_tz::Tz>::opening),
    )?;
    assert_eq!(opening, Utc.with_ymd_and_hms(2027, 1, 1, 8, 0, 0).single());
    assert!(pieces <= 23, "{pieces} pieces to the opening");
    Ok(())
}
