//! Business calendars and business-time arithmetic (SL1, SL2).
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
//! the local day it starts on, so its cost has a bound whatever the input (X2): `add`
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
    /// start (X2).
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

const DAY_MINUTES: u16 = 24 * 60;

/// One opening interval of a day, from `start` to `end` in local time, minute
/// precision; `end` may be 24:00.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "IntervalText", into = "IntervalText")
)]
pub struct Interval {
    start: u16,
    end: u16,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct IntervalText {
    start: String,
    end: String,
}

#[cfg(feature = "serde")]
impl TryFrom<IntervalText> for Interval {
    type Error = CalendarError;

    fn try_from(text: IntervalText) -> Result<Self, Self::Error> {
        Interval::try_new(parse_hm(&text.start)?, parse_hm(&text.end)?)
    }
}

#[cfg(feature = "serde")]
impl From<Interval> for IntervalText {
    fn from(interval: Interval) -> Self {
        Self {
            start: hm(interval.start),
            end: hm(interval.end),
        }
    }
}

#[cfg(feature = "serde")]
fn parse_hm(text: &str) -> Result<u16, CalendarError> {
    let bad = || CalendarError::BadTime {
        text: text.to_owned(),
    };
    // Two ASCII digits each side: `parse` alone would take a sign (`+9`).
    let two_digits = |part: &str| {
        let [tens, units] = *part.as_bytes() else {
            return None;
        };
        (tens.is_ascii_digit() && units.is_ascii_digit())
            .then(|| u16::from(tens - b'0') * 10 + u16::from(units - b'0'))
    };
    let (h, m) = text.split_once(':').ok_or_else(bad)?;
    let (h, m) = two_digits(h).zip(two_digits(m)).ok_or_else(bad)?;
    let minutes = h * 60 + m;
    if m >= 60 || minutes > DAY_MINUTES {
        return Err(bad());
    }
    Ok(minutes)
}

fn hm(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

impl Interval {
    /// From `start` to `end`, in minutes after local midnight (`end` up to 1440, 24:00).
    ///
    /// # Errors
    /// [`CalendarError::EmptyInterval`] unless `start < end <= 1440`.
    pub fn try_new(start: u16, end: u16) -> Result<Self, CalendarError> {
        if start < end && end <= DAY_MINUTES {
            Ok(Self { start, end })
        } else {
            Err(CalendarError::EmptyInterval {
                start: hm(start),
                end: hm(end),
            })
        }
    }

    /// From `start_h:start_m` to `end_h:end_m`.
    ///
    /// # Errors
    /// As [`Interval::try_new`].
    pub fn hm(start_h: u16, start_m: u16, end_h: u16, end_m: u16) -> Result<Self, CalendarError> {
        let minutes = |h: u16, m: u16| h.saturating_mul(60).saturating_add(m);
        Self::try_new(minutes(start_h, start_m), minutes(end_h, end_m))
    }

    /// The start, in minutes after local midnight.
    pub const fn start(&self) -> u16 {
        self.start
    }

    /// The end, in minutes after local midnight (1440 is 24:00).
    pub const fn end(&self) -> u16 {
        self.end
    }
}

impl fmt::Debug for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Interval({self})")
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", hm(self.start), hm(self.end))
    }
}

/// The days of a calendar; also its JSON shape, checked on load as by
/// [`CalendarSpec::checked`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "RawSpec"))]
pub struct CalendarSpec {
    /// Opening intervals per weekday; a missing weekday is closed.
    #[cfg_attr(feature = "serde", serde(default))]
    pub week: BTreeMap<Day, Vec<Interval>>,
    /// Dates whose intervals replace the weekday's: empty for a holiday, fewer for a
    /// partial holiday, some for a special opening on a closed day.
    #[cfg_attr(feature = "serde", serde(default))]
    pub exceptions: BTreeMap<NaiveDate, Vec<Interval>>,
}

/// The JSON shape of a [`CalendarSpec`] before it is checked.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RawSpec {
    #[serde(default, deserialize_with = "crate::unique_keys")]
    #[cfg_attr(feature = "schemars", schemars(with = "BTreeMap<Day, Vec<Interval>>"))]
    week: BTreeMap<Day, Vec<Interval>>,
    #[serde(default, deserialize_with = "crate::unique_keys")]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "BTreeMap<NaiveDate, Vec<Interval>>")
    )]
    exceptions: BTreeMap<NaiveDate, Vec<Interval>>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawSpec> for CalendarSpec {
    type Error = CalendarError;

    fn try_from(raw: RawSpec) -> Result<Self, Self::Error> {
        CalendarSpec {
            week: raw.week,
            exceptions: raw.exceptions,
        }
        .checked()
    }
}

/// A weekday, in JSON as `"mon"` … `"sun"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[allow(missing_docs)]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl From<Weekday> for Day {
    fn from(day: Weekday) -> Self {
        match day {
            Weekday::Mon => Day::Mon,
            Weekday::Tue => Day::Tue,
            Weekday::Wed => Day::Wed,
            Weekday::Thu => Day::Thu,
            Weekday::Fri => Day::Fri,
            Weekday::Sat => Day::Sat,
            Weekday::Sun => Day::Sun,
        }
    }
}

/// Sorts a day's intervals and checks they do not overlap.
fn check_day(day: impl fmt::Display, intervals: &mut [Interval]) -> Result<(), CalendarError> {
    intervals.sort_unstable();
    for pair in intervals.windows(2) {
        if pair[1].start < pair[0].end {
            return Err(CalendarError::Overlap {
                day: day.to_string(),
                first: pair[0],
                second: pair[1],
            });
        }
    }
    Ok(())
}

/// How long a list of intervals is open, in local minutes.
fn open_minutes(intervals: &[Interval]) -> i64 {
    intervals.iter().map(|i| i64::from(i.end - i.start)).sum()
}

impl CalendarSpec {
    /// Sets the opening intervals of a weekday.
    pub fn set_day(&mut self, day: Weekday, intervals: Vec<Interval>) -> &mut Self {
        self.week.insert(day.into(), intervals);
        self
    }

    /// Closes a date all day (a holiday).
    pub fn close(&mut self, date: NaiveDate) -> &mut Self {
        self.exceptions.insert(date, Vec::new());
        self
    }

    /// Gives a date its own intervals (a partial holiday or a special opening).
    pub fn open(&mut self, date: NaiveDate, intervals: Vec<Interval>) -> &mut Self {
        self.exceptions.insert(date, intervals);
        self
    }

    /// The spec with every day's intervals in order, once checked.
    ///
    /// # Errors
    /// [`CalendarError::Overlap`] for overlapping intervals on a day;
    /// [`CalendarError::NeverOpen`] when no weekday has an opening.
    pub fn checked(mut self) -> Result<Self, CalendarError> {
        for (day, intervals) in &mut self.week {
            check_day(format_args!("{day:?}"), intervals)?;
        }
        for (date, intervals) in &mut self.exceptions {
            check_day(date, intervals)?;
        }
        if self.week.values().all(Vec::is_empty) {
            return Err(CalendarError::NeverOpen);
        }
        Ok(self)
    }
}

/// When the business is open, in a real time zone (SL1).
///
/// Two calendars are equal when their zones and days are; the offset changes a calendar
/// has learnt (see the module docs on cost) are not part of its value.
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

/// The first Unix second of 1900, where the learnt offset changes begin.
const CHANGES_FROM: i64 = -2_208_988_800;
/// Offset changes are learnt two years (730 days) at a time ...
const CHUNK: i64 = 730 * DAY;
/// ... for 292 years, to October 2191; outside those years every query probes afresh.
const CHUNKS: usize = 146;

/// A zone's offsets, learnt a chunk at a time on first use and shared from then on by
/// every query (and every thread) using the calendar; `None` for a chunk the zone
/// could not answer for.
#[derive(Clone)]
struct Changes(Box<[OnceLock<Option<Chunk>>]>);

/// The offsets of one chunk: the offset at its start, then each change (its first
/// second, in `(start, end]`) with the offset from then on. Seconds throughout.
#[derive(Debug, Clone)]
struct Chunk {
    end: i64,
    offset: i64,
    changes: Box<[(i64, i64)]>,
}

impl Chunk {
    /// The offset at `at`, an instant of the chunk.
    fn offset_at(&self, at: i64) -> i64 {
        let after = self.changes.partition_point(|(change, _)| *change <= at);
        match after.checked_sub(1).and_then(|last| self.changes.get(last)) {
            Some((_, offset)) => *offset,
            None => self.offset,
        }
    }

    /// The next change after `at`, an instant of the chunk.
    fn next_change(&self, at: i64) -> Next {
        let after = self.changes.partition_point(|(change, _)| *change <= at);
        match self.changes.get(after) {
            Some((change, offset)) => Next::At(*change, *offset),
            None => Next::NoneUntil(self.end),
        }
    }
}

impl Changes {
    fn new() -> Self {
        Self((0..CHUNKS).map(|_| OnceLock::new()).collect())
    }
}

/// The one offset change near a day, and the offsets either side of it (`change` is
/// `i64::MAX` when there is none near).
#[derive(Debug, Clone, Copy)]
struct Near {
    change: i64,
    before: i64,
    after: i64,
}

impl Near {
    /// The start and end of an interval of the day whose midnight is `midnight`
    /// (seconds, as if UTC).
    fn span(self, midnight: i64, interval: Interval) -> (i64, i64) {
        let local = |minute: u16| midnight + i64::from(minute) * 60;
        (
            self.edge(local(interval.start), true),
            self.edge(local(interval.end), false),
        )
    }

    /// The one offset that places every local time of the day whose midnight is
    /// `midnight` (seconds, as if UTC), when the day keeps clear of the local times the
    /// change skips or repeats: all of them before, or all after.
    fn steady(self, midnight: i64) -> Option<i64> {
        let low = self.before.min(self.after).saturating_add(self.change);
        let high = self.before.max(self.after).saturating_add(self.change);
        if midnight + DAY < low {
            Some(self.before)
        } else if midnight >= high {
            Some(self.after)
        } else {
            None
        }
    }

    /// The instant of the local time `local` (seconds, as if UTC), by the rules in the
    /// module docs: each candidate instant counts if its side of the change has the
    /// offset that gives it; two is a repeated time, none a time in the gap, which means
    /// the instant the gap ends.
    fn edge(self, local: i64, is_start: bool) -> i64 {
        let (early, late) = (local - self.before, local - self.after);
        match (early < self.change, late >= self.change) {
            (true, true) if is_start => early.min(late),
            (true, true) => early.max(late),
            (true, false) => early,
            (false, true) => late,
            (false, false) => self.change,
        }
    }
}

/// How a day's edges are placed.
#[derive(Debug, Clone, Copy)]
enum Placing {
    /// By the steady offset of the whole day.
    Steady(Steady),
    /// Around the one change near the day.
    Near(Near),
    /// By asking the zone, edge by edge (outside the learnt years).
    Zone,
}

/// What the learnt changes say about the time after an instant.
enum Next {
    /// The offset next changes at this second, to this offset.
    At(i64, i64),
    /// It does not change up to and including this second.
    NoneUntil(i64),
}

/// The spacing of the offset probes that let runs of days be taken in one step, in
/// seconds: two changes of a zone's UTC offset are assumed to be more than this (84
/// hours) apart.
const PROBE: i64 = 84 * 3600;

/// The margin of steady offset kept either side of days whose local times are placed
/// by one offset, where the offset beyond it is not known: two offsets, each within ±24
/// hours, differ by less than this, so no instant outside the margin has a local time
/// on those days. Where the offset beyond is known, the margin is exactly what it takes
/// back (see [`Near::steady`]).
const MARGIN: i64 = 48 * 3600;

const DAY: i64 = 24 * 3600;

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

/// A date as days since 1970-01-01.
fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) - EPOCH_DAYS_FROM_CE
}

fn date_of(day: i64) -> Result<NaiveDate, CalendarError> {
    i32::try_from(day + EPOCH_DAYS_FROM_CE)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .ok_or(CalendarError::OutOfRange)
}

fn instant(seconds: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(seconds, 0)
}

/// Whether Unix second `seconds` is at or after `cursor`.
fn starts_by(cursor: DateTime<Utc>, seconds: i64) -> bool {
    let whole = cursor.timestamp();
    seconds > whole || (seconds == whole && cursor.timestamp_subsec_nanos() == 0)
}

/// A stretch, in Unix seconds, over which the zone's offset is known to be `offset`
/// seconds throughout; `next` is the offset from `to + 1` on when a change is known to
/// happen there.
#[derive(Debug, Clone, Copy)]
struct Steady {
    from: i64,
    to: i64,
    offset: i64,
    next: Option<i64>,
}

/// What a walk through the open time offers its visitor.
enum Piece {
    /// Whole local days, open `open` in all, none of it after `end` (Unix seconds): a
    /// run of days in a steady offset (ending at its last midnight), or a day placed
    /// around a change (ending where its last open span ends).
    Whole { end: i64, open: TimeDelta },
    /// One open span, clipped to start at or after everything offered before it.
    Span {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
}

/// A visitor's answer: stop with a result, or go on, having taken an offered piece or
/// not.
type Flow<T> = ControlFlow<T, Take>;

/// What a visitor did with an offered piece.
#[derive(Debug, Clone, Copy)]
enum Take {
    /// Not taken (a span never is): offer it again in smaller pieces.
    Split,
    /// Taken; offer the next runs at the walk's own pace, doubling while taken.
    Whole,
    /// Taken; offer this many days next, the visitor's estimate of what it still
    /// needs, and halve from there if that is declined.
    WholeThen(i64),
}

impl Take {
    /// The next run to offer, and whether runs grow, after this answer to a run of
    /// `days` days that was taken.
    fn pace(self, days: i64, run: i64, growing: bool) -> (i64, bool) {
        match self {
            Self::WholeThen(next) => (next.max(1), false),
            _ if growing => (days * 2, true),
            _ => (run, false),
        }
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

    /// The local date at `at`; `None` when the zone's offset takes the local time past
    /// the ends of chrono's range (X2: chrono's own `naive_local` would panic there).
    fn local_date(&self, at: DateTime<Utc>) -> Option<NaiveDate> {
        self.local_time(at).map(|local| local.date())
    }

    /// The local time at `at`, if representable.
    fn local_time(&self, at: DateTime<Utc>) -> Option<NaiveDateTime> {
        let offset = self.tz.offset_from_utc_datetime(&at.naive_utc()).fix();
        at.naive_utc().checked_add_offset(offset)
    }

    /// How long `days` whole local days from day number `day` are open, by the clock on
    /// the wall: whole weeks, the weekdays left over, and the exceptions' changes.
    fn days_open(&self, day: i64, days: i64) -> TimeDelta {
        // Day 0, 1 January 1970, was a Thursday; Monday is weekday 0.
        let weekday = (day + 3).rem_euclid(7) as usize;
        let rest = days.rem_euclid(7) as usize;
        let sums = &self.weekday_sums;
        let usual = days.div_euclid(7) * sums[7] + sums[weekday + rest] - sums[weekday];
        // The exceptions' changes up to (not including) a day, from the running sums.
        let changes_before = |day: i64| {
            let after = self.exception_days.partition_point(|(d, _)| *d < day);
            let last = after
                .checked_sub(1)
                .and_then(|last| self.exception_days.get(last));
            last.map_or(0, |(_, sum)| *sum)
        };
        TimeDelta::minutes(usual + changes_before(day + days) - changes_before(day))
    }

    /// How many days `left` of business time is likely to need, by the week's open
    /// time on the wall: whole weeks while it spans one, else days at the week's
    /// average. Holidays make it an underestimate and special openings an
    /// overestimate, which the walk halves.
    fn days_for(&self, left: TimeDelta) -> Take {
        let week = self.weekday_sums[7] * 60;
        let seconds = left.num_seconds();
        match seconds.checked_div(week) {
            Some(0) => Take::WholeThen(seconds.saturating_mul(7) / week),
            Some(weeks) => Take::WholeThen(weeks.saturating_mul(7)),
            None => Take::Whole,
        }
    }

    /// The offset at Unix second `at`, in seconds.
    fn offset_at(&self, at: i64) -> Option<i64> {
        match self.chunk(at) {
            Some(chunk) => Some(chunk.offset_at(at)),
            None => self.zone_offset_at(at),
        }
    }

    /// The offset at Unix second `at`, in seconds, as the zone gives it.
    fn zone_offset_at(&self, at: i64) -> Option<i64> {
        let at = instant(at)?;
        let offset = self.tz.offset_from_utc_datetime(&at.naive_utc()).fix();
        Some(i64::from(offset.local_minus_utc()))
    }

    /// The learnt chunk holding Unix second `at` (learning it first if need be); `None`
    /// outside the learnt years.
    fn chunk(&self, at: i64) -> Option<&Chunk> {
        let index = usize::try_from((at - CHANGES_FROM).div_euclid(CHUNK)).ok()?;
        let cell = self.changes.0.get(index)?;
        cell.get_or_init(|| self.learn(index)).as_ref()
    }

    /// Whether the offset is `offset` all through `[from, to]`, probing no more than
    /// [`PROBE`] apart: two probes that agree have no change between them. Reuses and
    /// extends what `steady` already knows.
    fn confirm(&self, steady: &mut Option<Steady>, from: i64, to: i64, offset: i64) -> bool {
        let mut known = match *steady {
            Some(known) if known.offset == offset && known.from <= from && from <= known.to => {
                known
            }
            _ if self.offset_at(from) == Some(offset) => Steady {
                from,
                to: from,
                offset,
                next: None,
            },
            _ => return false,
        };
        let mut holds = true;
        while known.to < to {
            match self.next_change(known.to) {
                Some(Next::At(change, after)) => {
                    (known.to, known.next) = (change - 1, Some(after));
                    if change <= to {
                        holds = false;
                        break;
                    }
                }
                Some(Next::NoneUntil(end)) => (known.to, known.next) = (end, None),
                None => {
                    let next = (known.to + PROBE).min(to);
                    if self.offset_at(next) != Some(offset) {
                        holds = false;
                        break;
                    }
                    (known.to, known.next) = (next, None);
                }
            }
        }
        *steady = Some(known);
        holds
    }

    /// The next offset change after Unix second `at`, from its learnt chunk; `None`
    /// outside the learnt years.
    fn next_change(&self, at: i64) -> Option<Next> {
        Some(self.chunk(at)?.next_change(at))
    }

    /// The offsets of chunk `index`, asking the zone [`PROBE`] apart and bisecting to
    /// the second between two answers that disagree (exact, as no two changes are
    /// closer than that).
    fn learn(&self, index: usize) -> Option<Chunk> {
        let start = CHANGES_FROM + index as i64 * CHUNK;
        let end = start + CHUNK;
        let first = self.zone_offset_at(start)?;
        let mut changes = Vec::new();
        let (mut at, mut offset) = (start, first);
        while at < end {
            let next = (at + PROBE).min(end);
            let next_offset = self.zone_offset_at(next)?;
            if next_offset != offset {
                let (mut before, mut after) = (at, next);
                while after - before > 1 {
                    let middle = before + (after - before) / 2;
                    if self.zone_offset_at(middle)? == offset {
                        before = middle;
                    } else {
                        after = middle;
                    }
                }
                changes.push((after, next_offset));
            }
            (at, offset) = (next, next_offset);
        }
        Some(Chunk {
            end,
            offset: first,
            changes: changes.into(),
        })
    }

    /// The offset change, if any, among the instants whose local time falls on day
    /// number `day`: those from a day before its midnight to two days after, as no
    /// offset reaches ±24 hours. There is at most one in those 72 hours, as changes are
    /// more than [`PROBE`] apart, so the `last` day's change serves again when it falls
    /// in them. `None` outside the learnt years.
    fn near_change(&self, day: i64, last: Option<Near>) -> Option<Near> {
        let (from, to) = (day * DAY - DAY, day * DAY + 2 * DAY);
        if let Some(near) = last.filter(|near| from <= near.change && near.change <= to) {
            return Some(near);
        }
        let mut at = from - 1;
        let change = loop {
            match self.next_change(at)? {
                Next::At(change, _) => break change,
                Next::NoneUntil(end) if end < to => at = end,
                Next::NoneUntil(_) => break i64::MAX,
            }
        };
        if change > to {
            let offset = self.offset_at(from)?;
            return Some(Near {
                change: i64::MAX,
                before: offset,
                after: offset,
            });
        }
        Some(Near {
            change,
            before: self.offset_at(change - 1)?,
            after: self.offset_at(change)?,
        })
    }

    /// The start and end (Unix seconds) of local day number `day`, and the offset
    /// between them, when each local time of the day names exactly one instant, its
    /// local time less that offset: the offset holds a [`MARGIN`] either side of the
    /// day, or the day keeps clear of the local times the one change near it skips or
    /// repeats. `near` keeps the last change found near a day.
    fn steady_day(
        &self,
        steady: &mut Option<Steady>,
        near: &mut Option<Near>,
        day: i64,
    ) -> Option<Steady> {
        let midnight = day * DAY;
        let guess = midnight - steady.map_or(0, |known| known.offset);
        let mut offset = match *steady {
            Some(known) if known.from <= guess && guess <= known.to => known.offset,
            _ => self.offset_at(guess)?,
        };
        let start = midnight - offset;
        if !self.confirm(steady, start - MARGIN, start + DAY + MARGIN, offset) {
            let found = self.near_change(day, *near)?;
            *near = Some(found);
            offset = found.steady(midnight)?;
            // Holds through the day, as `found` says; this extends `steady` from it.
            if !self.confirm(steady, midnight - offset, midnight - offset + DAY, offset) {
                return None;
            }
        }
        let from = midnight - offset;
        Some(Steady {
            from,
            to: from + DAY,
            offset,
            next: None,
        })
    }

    /// The instant of a local edge: `minute` after midnight of `date`, by the rules in
    /// the module docs.
    fn edge(&self, date: NaiveDate, minute: u16, is_start: bool) -> Option<DateTime<Utc>> {
        let local = date
            .and_time(NaiveTime::MIN)
            .checked_add_signed(TimeDelta::minutes(i64::from(minute)))?;
        match self.tz.from_local_datetime(&local) {
            LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
            LocalResult::Ambiguous(first, second) => {
                Some(if is_start { first } else { second }.with_timezone(&Utc))
            }
            LocalResult::None => self.gap_end(local),
        }
    }

    /// The first instant whose local time is at or after `local`, a time in a gap: the
    /// instant the gap ends. Found by bisection, to the second (zones change offset on
    /// whole seconds), over the ±48 hours any change of offset allows.
    fn gap_end(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let at = |seconds: i64| DateTime::<Utc>::from_timestamp(seconds, 0);
        let reached = |seconds: i64| {
            at(seconds)
                .and_then(|at| self.local_time(at))
                .is_some_and(|at| at >= local)
        };
        let middle = local.and_utc().timestamp();
        let (mut lo, mut hi) = (middle - 48 * 3600, middle + 48 * 3600);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if reached(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        at(hi)
    }

    /// The open span of one interval of `date`: by arithmetic in a steady offset, else
    /// edge by edge.
    fn span(
        &self,
        date: NaiveDate,
        interval: Interval,
        placing: Placing,
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        match placing {
            Placing::Steady(Steady { from: midnight, .. }) => {
                let at = |minute: u16| instant(midnight + i64::from(minute) * 60);
                at(interval.start).zip(at(interval.end))
            }
            Placing::Near(near) => {
                let (start, end) = near.span(day_number(date) * DAY, interval);
                instant(start).zip(instant(end))
            }
            Placing::Zone => {
                self.edge(date, interval.start, true)
                    .zip(self.edge(date, interval.end, false))
            }
        }
    }

    /// The open time of a day placed around a change, in seconds, and the end of its
    /// last span, clipped as the walk clips spans: `None` for a day without open time,
    /// or whose first span would start before `cursor`.
    fn near_day(
        &self,
        date: NaiveDate,
        near: Near,
        cursor: DateTime<Utc>,
    ) -> Option<(i64, TimeDelta)> {
        let midnight = day_number(date) * DAY;
        let (mut last, mut open) = (None, 0);
        for interval in self.intervals(date) {
            let (start, end) = near.span(midnight, *interval);
            let start = match last {
                Some(last) => start.max(last),
                None if starts_by(cursor, start) => start,
                None => return None,
            };
            if start < end {
                open += end - start;
                last = Some(end);
            }
        }
        Some((last?, TimeDelta::seconds(open)))
    }

    /// Walks the open time from `from` on and offers it to `visit`: runs of whole days
    /// where the offset is steady, a whole day placed around a change of offset, and
    /// the open spans of a day, each clipped so that none starts before `from` or
    /// before the previous one ends (a day's 24:00 and the next day's 00:00 may name
    /// overlapping instants when the clocks go back at midnight). A run the visitor
    /// declines is offered again halved; a single day it declines, span by span.
    /// The walk stops at the end of local day `last` (from the epoch) with `None`:
    /// nothing past it is offered.
    fn walk<T>(
        &self,
        from: DateTime<Utc>,
        last: i64,
        mut visit: impl FnMut(Piece) -> Flow<T>,
    ) -> Result<Option<T>, CalendarError> {
        let first = self.local_date(from).ok_or(CalendarError::OutOfRange)?;
        let mut date = first.pred_opt().ok_or(CalendarError::OutOfRange)?;
        let mut cursor = from;
        let (mut steady, mut near) = (None, None);
        let (mut run, mut growing) = (1, true);
        loop {
            let mut day = day_number(date);
            if day > last {
                return Ok(None);
            }
            let mut offset = self.steady_day(&mut steady, &mut near, day);
            if let Some(first_day) = offset.filter(|first| starts_by(cursor, first.from)) {
                // Stride through runs of whole days while the offset holds: each run is
                // as long as the visitor asked for (or double the last while taken),
                // halved once declined; a single day declined is walked span by span.
                let (mut start, mut split) = (first_day.from, false);
                loop {
                    // Days up to the known end of the offset, less what the offset after
                    // it takes back (a margin where that offset is not known yet).
                    let (known, next) = match steady {
                        Some(known) if known.offset == first_day.offset => (known.to, known.next),
                        _ => (start, None),
                    };
                    let trail = next.map_or(MARGIN, |after| (first_day.offset - after).max(0));
                    let available = (known - trail - start).div_euclid(DAY);
                    if available < 1 {
                        if next.is_none() {
                            let to = start + DAY + MARGIN;
                            self.confirm(&mut steady, start, to, first_day.offset);
                            // Go on if the stretch now reaches `to` or a known change.
                            if steady.is_some_and(|known| {
                                known.offset == first_day.offset
                                    && (known.to >= to || known.next.is_some())
                            }) {
                                continue;
                            }
                        }
                        // The offset changes: the next stretch may grow again.
                        growing = true;
                        break;
                    }
                    if day > last {
                        break;
                    }
                    let days = run.min(available).min(last + 1 - day);
                    let end = start + days * DAY;
                    let open = self.days_open(day, days);
                    match visit(Piece::Whole { end, open }) {
                        ControlFlow::Break(done) => return Ok(Some(done)),
                        ControlFlow::Continue(Take::Split) if days > 1 => {
                            (run, growing) = (days / 2, false);
                        }
                        ControlFlow::Continue(Take::Split) => {
                            split = true;
                            break;
                        }
                        ControlFlow::Continue(taken) => {
                            (day, start) = (day + days, end);
                            (run, growing) = taken.pace(days, run, growing);
                        }
                    }
                }
                if start > first_day.from {
                    cursor = instant(start).ok_or(CalendarError::OutOfRange)?;
                    date = date_of(day)?;
                    if !split {
                        continue;
                    }
                    offset = self.steady_day(&mut steady, &mut near, day);
                }
            }
            let placing = match offset {
                Some(steady) => Placing::Steady(steady),
                None => match self.near_change(day, near) {
                    Some(found) => {
                        near = Some(found);
                        Placing::Near(found)
                    }
                    None => Placing::Zone,
                },
            };
            if let Placing::Near(near) = placing {
                if let Some((end, open)) = self.near_day(date, near, cursor) {
                    match visit(Piece::Whole { end, open }) {
                        ControlFlow::Break(done) => return Ok(Some(done)),
                        ControlFlow::Continue(Take::Split) => {}
                        ControlFlow::Continue(taken) => {
                            (run, growing) = taken.pace(1, run, growing);
                            cursor = instant(end).ok_or(CalendarError::OutOfRange)?;
                            date = date.succ_opt().ok_or(CalendarError::OutOfRange)?;
                            continue;
                        }
                    }
                }
            }
            for interval in self.intervals(date) {
                let (start, end) = self
                    .span(date, *interval, placing)
                    .ok_or(CalendarError::OutOfRange)?;
                let start = start.max(cursor);
                if start < end {
                    cursor = end;
                    if let ControlFlow::Break(done) = visit(Piece::Span { start, end }) {
                        return Ok(Some(done));
                    }
                }
            }
            date = date.succ_opt().ok_or(CalendarError::OutOfRange)?;
        }
    }

    /// The business time between two instants: how long the calendar is open in
    /// `[from, to)` (SL2). Runs of whole days count in one step.
    ///
    /// # Errors
    /// [`CalendarError::Reversed`] when `to` is before `from`;
    /// [`CalendarError::BeyondHorizon`] when they are more than
    /// [`Calendar::HORIZON_DAYS`] apart; [`CalendarError::OutOfRange`] at the ends of
    /// representable time.
    pub fn between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<TimeDelta, CalendarError> {
        if to < from {
            return Err(CalendarError::Reversed { from, to });
        }
        if to == from {
            return Ok(TimeDelta::zero());
        }
        if to - from > TimeDelta::days(Self::HORIZON_DAYS) {
            return Err(CalendarError::BeyondHorizon {
                from,
                days: Self::HORIZON_DAYS,
            });
        }
        // The walk ends by the local day after `to`'s: nothing later counts.
        let last = self.local_date(to).ok_or(CalendarError::OutOfRange)?;
        let mut total = TimeDelta::zero();
        self.walk(
            from,
            day_number(last) + 1,
            Self::counting_to(to, &mut total),
        )?;
        Ok(total)
    }

    /// The visitor of [`Calendar::between`]: adds the open time before `to` to `total`.
    fn counting_to(to: DateTime<Utc>, total: &mut TimeDelta) -> impl FnMut(Piece) -> Flow<()> {
        let until = to.timestamp();
        move |piece| match piece {
            // Runs end on whole seconds: within `to` iff within its whole second. The
            // whole days left to `to` are the next run to offer.
            Piece::Whole { end, open } if end <= until => {
                *total += open;
                ControlFlow::Continue(Take::WholeThen((until - end).div_euclid(DAY)))
            }
            Piece::Whole { .. } => ControlFlow::Continue(Take::Split),
            Piece::Span { start, .. } if start >= to => ControlFlow::Break(()),
            Piece::Span { start, end } => {
                *total += end.min(to) - start;
                ControlFlow::Continue(Take::Split)
            }
        }
    }

    /// The instant at which `amount` of business time has passed since `from` (SL2).
    /// Adding nothing gives `from`; an amount that ends exactly at a closing gives the
    /// closing. Runs of whole days count in one step.
    ///
    /// # Errors
    /// [`CalendarError::Negative`] for a negative amount;
    /// [`CalendarError::BeyondHorizon`] when the amount is not open within
    /// [`Calendar::HORIZON_DAYS`] of `from`; [`CalendarError::OutOfRange`] past the end
    /// of representable time.
    pub fn add(
        &self,
        from: DateTime<Utc>,
        amount: TimeDelta,
    ) -> Result<DateTime<Utc>, CalendarError> {
        if amount < TimeDelta::zero() {
            return Err(CalendarError::Negative { amount });
        }
        if amount.is_zero() {
            return Ok(from);
        }
        self.within_horizon(from, self.spending(amount))
    }

    /// The visitor of [`Calendar::add`]: spends `amount` of open time and stops where
    /// it runs out.
    fn spending(&self, amount: TimeDelta) -> impl FnMut(Piece) -> Flow<DateTime<Utc>> {
        let mut left = amount;
        move |piece| match piece {
            Piece::Whole { open, .. } if left > open => {
                left -= open;
                ControlFlow::Continue(self.days_for(left))
            }
            Piece::Whole { .. } => ControlFlow::Continue(Take::Split),
            Piece::Span { start, end } if left <= end - start => ControlFlow::Break(start + left),
            Piece::Span { start, end } => {
                left -= end - start;
                ControlFlow::Continue(Take::Split)
            }
        }
    }

    /// The first instant at or after `at` when the calendar is open.
    ///
    /// # Errors
    /// [`CalendarError::BeyondHorizon`] when it is not open within
    /// [`Calendar::HORIZON_DAYS`] of `at` (exceptions may close a century);
    /// [`CalendarError::OutOfRange`] past the end of representable time.
    pub fn next_opening(&self, at: DateTime<Utc>) -> Result<DateTime<Utc>, CalendarError> {
        self.within_horizon(at, Self::opening)
    }

    /// How far ahead of its start any query looks, in days: a hundred years (X2).
    pub const HORIZON_DAYS: i64 = 36_525;

    /// A walk from `from` that finds what `visit` looks for within the horizon.
    fn within_horizon(
        &self,
        from: DateTime<Utc>,
        visit: impl FnMut(Piece) -> Flow<DateTime<Utc>>,
    ) -> Result<DateTime<Utc>, CalendarError> {
        let first = self.local_date(from).ok_or(CalendarError::OutOfRange)?;
        self.walk(from, day_number(first) + Self::HORIZON_DAYS, visit)?
            .ok_or(CalendarError::BeyondHorizon {
                from,
                days: Self::HORIZON_DAYS,
            })
    }

    /// The visitor of [`Calendar::next_opening`]: passes closed days and stops at the
    /// first open span.
    fn opening(piece: Piece) -> Flow<DateTime<Utc>> {
        match piece {
            Piece::Whole { open, .. } if open.is_zero() => ControlFlow::Continue(Take::Whole),
            Piece::Whole { .. } => ControlFlow::Continue(Take::Split),
            Piece::Span { start, .. } => ControlFlow::Break(start),
        }
    }
}

#[cfg(test)]
mod tests {
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
    fn a_zone_is_read_some_hundred_times_for_two_years_then_hardly_again()
    -> Result<(), CalendarError> {
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
}
