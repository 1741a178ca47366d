//! Business calendars and business-time arithmetic ([SL1], [SL2]).
//!
//! A [`Calendar`] says when the business is open: weekly opening intervals (several a
//! day), and dated exceptions that replace a day's intervals: holidays (closed all day),
//! partial holidays and special openings. It lives in a real time zone, any
//! `chrono::TimeZone` (for example a `chrono_tz::Tz`), and counts real elapsed time, so
//! a day the clocks go forward has an hour less of business time if an interval spans
//! the change, and a day they go back an hour more.
//!
//! Interval edges are local times. Where an edge names a local time that does not exist
//! (it falls in the gap when the clocks go forward), it means the instant the gap ends.
//! Where it names a local time that happens twice (the clocks go back), a start means
//! the first time and an end the second, so an interval covers every local time in it.
//!
//! ```
//! use chrono::{NaiveDate, TimeDelta, TimeZone, Utc, Weekday};
//! use customer_care::calendar::{Calendar, CalendarSpec, Interval};
//!
//! let mut spec = CalendarSpec::default();
//! for day in [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri] {
//!     spec.set_day(day, vec![Interval::hm(9, 0, 13, 0)?, Interval::hm(14, 0, 18, 0)?]);
//! }
//! spec.close(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()); // Christmas
//! let calendar = Calendar::try_new(Utc, spec)?;
//!
//! // Thursday 24 December 2026, 17:00: one hour left that day, then Friday is a holiday.
//! let thursday = Utc.with_ymd_and_hms(2026, 12, 24, 17, 0, 0).unwrap();
//! let due = calendar.add(thursday, TimeDelta::hours(2))?;
//! assert_eq!(due, Utc.with_ymd_and_hms(2026, 12, 28, 10, 0, 0).unwrap()); // Monday
//! assert_eq!(calendar.between(thursday, due)?, TimeDelta::hours(2));
//! # Ok::<(), customer_care::calendar::CalendarError>(())
//! ```
//!
//! # Cost
//! [`Calendar::add`], [`Calendar::between`] and [`Calendar::next_opening`] take runs of
//! whole days in one step wherever every local time in them names one instant by one
//! offset. Their weekdays are counted by week and remainder, and the exceptions inside
//! them from running sums. A run is as long as the query estimates it still needs:
//! `add` asks for its remaining time's whole weeks, `between` for the days left to its
//! end, and `next_opening` starts at a day and doubles. A run that would overshoot is
//! halved. A day near a change of offset is part of a run when it keeps clear of the
//! local times the change skips or repeats (a day whose clocks change at 02:00 on a
//! closed Sunday still breaks one, as the change falls inside it). Otherwise it is
//! placed from that change, and only the last day is walked interval by interval. The
//! cost therefore grows with the changes of offset crossed and with the few runs a
//! query needs, never with the minutes; `cargo bench --bench calendar` measures it.
//!
//! Every query looks at most [`Calendar::HORIZON_DAYS`] days (a hundred years) past
//! the local day it starts on, so its cost has a bound whatever the input ([X2]): `add`
//! and `next_opening` that would need to look further, and `between` over a longer
//! span, are refused with [`CalendarError::BeyondHorizon`]. Near the ends of chrono's
//! range, where a zone's offset takes the local time out of it, every query answers
//! [`CalendarError::OutOfRange`] rather than panic.
//!
//! A calendar learns its zone's offsets two years at a time, the first time a query
//! needs them, by reading the offset 84 hours apart and bisecting to the second where
//! two readings differ; the learnt changes are shared by every later query and thread
//! (a chunk costs some hundred readings once; a calendar sets aside a few kilobytes for
//! them). This covers 1900 to 2191; outside those
//! years the offset is read afresh, 84 hours apart, for each query. Either way the
//! reading is exact only for a zone that never changes its offset twice within 84
//! hours: true of every zone in the time zone database from 1900 to 2100 (the closest
//! pair is a week apart; a test checks them all), and a requirement on any other
//! `TimeZone` given to a calendar.
//!
//! # JSON
//! A [`CalendarSpec`] is `{"week": {"mon": [{"start": "09:00", "end": "13:00"}, …], …},
//! "exceptions": {"2026-12-25": [], "2026-12-24": [{"start": "09:00", "end": "12:00"}]}}`;
//! the time zone is the host's to supply when it builds the [`Calendar`], as it supplies
//! instants. Loading checks every day as [`Calendar::try_new`] does.
//!
//! # Layout
//! Three parts, each in its own file: the specification a host writes and JSON stores
//! ([`CalendarSpec`], [`Interval`], [`Day`]: `spec.rs`); the business-time arithmetic,
//! a walk through the open time and the three queries on it (`arithmetic.rs`); and the
//! engine that learns the zone's offset changes and places local times on the timeline
//! (`zone.rs`).
//!
//! [X2]: crate::requirements#X2
//! [SL1]: crate::requirements#SL1
//! [SL2]: crate::requirements#SL2

use chrono::{
    DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta,
    TimeZone, Utc, Weekday,
};
use core::fmt;
use core::ops::ControlFlow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Why a calendar, or an arithmetic request, was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// An interval that ends at or before its start, or past 24:00.
    #[error("an opening interval must end after it starts and by 24:00, not {start}–{end}")]
    EmptyInterval {
        /// Its start, `HH:MM`.
        start: String,
        /// Its end, `HH:MM`.
        end: String,
    },
    /// A time that is not `HH:MM` from 00:00 to 24:00.
    #[error("`{text}` is not a time of day as HH:MM, from 00:00 to 24:00")]
    BadTime {
        /// The text given.
        text: String,
    },
    /// Two intervals of one day overlap (touching is fine: 09:00–13:00 and 13:00–18:00).
    #[error("on {day} the intervals {first} and {second} overlap")]
    Overlap {
        /// The weekday or date.
        day: String,
        /// The earlier interval.
        first: Interval,
        /// The interval that overlaps it.
        second: Interval,
    },
    /// No weekday has an opening: business time would never pass.
    #[error("the calendar is never open: give at least one weekday an opening interval")]
    NeverOpen,
    /// The range is reversed.
    #[error("{to} is before {from}")]
    Reversed {
        /// The start given.
        from: DateTime<Utc>,
        /// The end given, earlier.
        to: DateTime<Utc>,
    },
    /// A negative amount of business time.
    #[error("cannot add a negative business time ({amount})")]
    Negative {
        /// The amount given.
        amount: TimeDelta,
    },
    /// The result is outside chrono's range of dates.
    #[error("the result is outside the representable range of dates")]
    OutOfRange,
    /// The query would look further ahead than [`Calendar::HORIZON_DAYS`] days from its
    /// start ([X2]).
    ///
    /// [X2]: crate::requirements#X2
    #[error("a calendar looks at most {days} days ahead of {from}; this needs more")]
    BeyondHorizon {
        /// Where the query started.
        from: DateTime<Utc>,
        /// The horizon, in days.
        days: i64,
    },
}

crate::refusal::refusals! { CalendarError {
    EmptyInterval { start, end } => "empty_interval", "SL1";
    BadTime { text } => "bad_time", "SL1";
    Overlap { day, first, second } => "overlap", "SL1";
    NeverOpen {} => "never_open", "SL1";
    Reversed { from, to } => "reversed_range", "SL2";
    Negative { amount } => "negative_amount", "SL2";
    OutOfRange {} => "out_of_range", "X2";
    BeyondHorizon { from, days } => "beyond_horizon", "X2";
} wraps {  } }

mod arithmetic;
mod spec;
#[cfg(test)]
mod tests;
mod zone;

use arithmetic::*;
use spec::*;
pub use spec::{CalendarSpec, Day, Interval};
use zone::*;

/// When the business is open, in a real time zone ([SL1]).
///
/// Two calendars are equal when their zones and days are; the offset changes a calendar
/// has learnt (see the module docs on cost) are not part of its value.
///
/// [SL1]: crate::requirements#SL1
#[derive(Clone)]
pub struct Calendar<Tz: TimeZone> {
    tz: Tz,
    spec: CalendarSpec,
    /// Open local minutes in the first `n` weekdays from Monday, counted over two weeks
    /// so that any run of up to seven weekdays is one difference (a whole week is
    /// `weekday_sums[7]`).
    weekday_sums: [i64; 15],
    /// The exceptions as (day number, running sum of the open minutes each adds to its
    /// weekday's), in order: what the exceptions of any run of days change, found by
    /// two binary searches.
    exception_days: Vec<(i64, i64)>,
    /// The zone's offset changes, learnt as queries need them.
    changes: Changes,
}

impl<Tz: TimeZone + PartialEq> PartialEq for Calendar<Tz> {
    fn eq(&self, other: &Self) -> bool {
        self.tz == other.tz && self.spec == other.spec
    }
}

impl<Tz: TimeZone + Eq> Eq for Calendar<Tz> {}

impl<Tz: TimeZone + fmt::Debug> fmt::Debug for Calendar<Tz> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("tz", &self.tz)
            .field("spec", &self.spec)
            .finish_non_exhaustive()
    }
}

impl<Tz: TimeZone> Calendar<Tz> {
    /// Checks `spec` and places it in `tz`.
    ///
    /// # Errors
    /// As [`CalendarSpec::checked`].
    pub fn try_new(tz: Tz, spec: CalendarSpec) -> Result<Self, CalendarError> {
        let spec = spec.checked()?;
        let mut weekday_minutes = [0; 7];
        for (day, intervals) in &spec.week {
            weekday_minutes[*day as usize] = open_minutes(intervals);
        }
        let exception_days = (spec.exceptions.iter())
            .scan(0, |sum, (date, intervals)| {
                let usual = weekday_minutes[Day::from(date.weekday()) as usize];
                *sum += open_minutes(intervals) - usual;
                Some((day_number(*date), *sum))
            })
            .collect();
        let mut weekday_sums = [0; 15];
        for n in 1..weekday_sums.len() {
            weekday_sums[n] = weekday_sums[n - 1] + weekday_minutes[(n - 1) % 7];
        }
        Ok(Self {
            tz,
            weekday_sums,
            exception_days,
            spec,
            changes: Changes::new(),
        })
    }

    /// The checked days.
    pub fn spec(&self) -> &CalendarSpec {
        &self.spec
    }

    /// The time zone.
    pub fn time_zone(&self) -> &Tz {
        &self.tz
    }

    /// The opening intervals of a local date: its exception if it has one, else its
    /// weekday's.
    pub fn intervals(&self, date: NaiveDate) -> &[Interval] {
        self.spec
            .exceptions
            .get(&date)
            .or_else(|| self.spec.week.get(&Day::from(date.weekday())))
            .map_or(&[], Vec::as_slice)
    }
}
