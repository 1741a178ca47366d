//! The calendar specification: opening intervals, weekdays and dated exceptions, as a
//! host writes them and JSON stores them, checked before a [`Calendar`] is built ([SL1]).
//!
//! [SL1]: crate::requirements#SL1

use super::*;

pub(super) const DAY_MINUTES: u16 = 24 * 60;

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
    pub(super) start: u16,
    pub(super) end: u16,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(super) struct IntervalText {
    pub(super) start: String,
    pub(super) end: String,
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
pub(super) fn parse_hm(text: &str) -> Result<u16, CalendarError> {
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

pub(super) fn hm(minutes: u16) -> String {
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
pub(super) struct RawSpec {
    #[serde(default, deserialize_with = "crate::unique_keys")]
    #[cfg_attr(feature = "schemars", schemars(with = "BTreeMap<Day, Vec<Interval>>"))]
    pub(super) week: BTreeMap<Day, Vec<Interval>>,
    #[serde(default, deserialize_with = "crate::unique_keys")]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "BTreeMap<NaiveDate, Vec<Interval>>")
    )]
    pub(super) exceptions: BTreeMap<NaiveDate, Vec<Interval>>,
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
pub(super) fn check_day(
    day: impl fmt::Display,
    intervals: &mut [Interval],
) -> Result<(), CalendarError> {
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
pub(super) fn open_minutes(intervals: &[Interval]) -> i64 {
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
