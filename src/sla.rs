//! SLA terms and reports ([SL3], [CO5]): the targets of each priority, the terms a case keeps
//! from receipt, and what a clock says at an instant.
//!
//! An [`SlaPolicy`] gives each [`Priority`] its [`Targets`] in business minutes:
//! acknowledgement, first response, next response and resolution. When a complaint is
//! received, the terms for its priority are copied into the
//! [`Receipt`](crate::complaint::Receipt) (its
//! [`SlaTerms`]), so the case keeps the policy in force that day: editing the policy
//! later moves no old deadline unless the host says so with
//! [`SlaClocks::with_terms`](crate::clocks::SlaClocks::with_terms). The clocks that
//! spend those targets, folded from a complaint's events, are [`crate::clocks`].
//!
//! # JSON
//! [`SlaTerms`] travel inside the receipt: `{"priority": "high", "targets":
//! {"acknowledgement_minutes": 60, …}, "warning_percent": 80}`; a target left out is not
//! tracked, a zero target or a threshold outside 1–99 is refused on load. An
//! [`SlaPolicy`] is `{"low": {…}, "normal": {…}, "high": {…}, "urgent": {…},
//! "warning_percent": 80}`.
//!
//! [CO5]: crate::requirements#CO5
//! [SL3]: crate::requirements#SL3

use crate::calendar::CalendarError;
use chrono::{DateTime, TimeDelta, Utc};
use core::fmt;
use core::num::NonZeroU32;

/// Why SLA terms or a report was refused; nothing changes on refusal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SlaError {
    /// A warning threshold outside 1–99 percent.
    #[error("a warning threshold is a share of the target from 1 to 99 percent, not {percent}")]
    Threshold {
        /// The value given.
        percent: u8,
    },
    /// A report asked for an instant before the latest event folded.
    #[error("a report at {at} cannot see the event at {latest}")]
    BeforeLatest {
        /// The instant asked for.
        at: DateTime<Utc>,
        /// The latest event's instant.
        latest: DateTime<Utc>,
    },
    /// The calendar could not count the time.
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

crate::refusal::refusals! { SlaError {
    Threshold { percent } => "warning_threshold_out_of_range", "SL3";
    BeforeLatest { at, latest } => "before_latest", "X4";
} wraps { Calendar } }

/// How urgent a complaint is; each has its own [`Targets`] (SL3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[allow(missing_docs)]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

impl fmt::Display for Priority {
    /// `low`, `normal`, `high` or `urgent`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        })
    }
}

/// The business-time budget of each clock, in minutes; `None` is not tracked (SL3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Targets {
    /// From receipt to the acknowledgement.
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "bounded_minutes")
    )]
    #[cfg_attr(feature = "schemars", schemars(range(max = Targets::MAX_MINUTES)))]
    pub acknowledgement_minutes: Option<NonZeroU32>,
    /// From receipt to the first customer-facing message after it.
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "bounded_minutes")
    )]
    #[cfg_attr(feature = "schemars", schemars(range(max = Targets::MAX_MINUTES)))]
    pub first_response_minutes: Option<NonZeroU32>,
    /// From the customer writing to the next customer-facing message.
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "bounded_minutes")
    )]
    #[cfg_attr(feature = "schemars", schemars(range(max = Targets::MAX_MINUTES)))]
    pub next_response_minutes: Option<NonZeroU32>,
    /// From receipt (or a reopening) to delivery, less the time waiting on the customer.
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "bounded_minutes")
    )]
    #[cfg_attr(feature = "schemars", schemars(range(max = Targets::MAX_MINUTES)))]
    pub resolution_minutes: Option<NonZeroU32>,
}

/// A target as loaded: at most [`Targets::MAX_MINUTES`] ([X2]).
///
/// [X2]: crate::requirements#X2
#[cfg(feature = "serde")]
fn bounded_minutes<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NonZeroU32>, D::Error> {
    let minutes: Option<NonZeroU32> = serde::Deserialize::deserialize(deserializer)?;
    match minutes {
        Some(minutes) if minutes.get() > Targets::MAX_MINUTES => {
            Err(serde::de::Error::custom(format_args!(
                "an SLA target of {minutes} minutes is above the most a target may be, {} (a year of business time)",
                Targets::MAX_MINUTES
            )))
        }
        minutes => Ok(minutes),
    }
}

impl Targets {
    /// The largest target JSON loads, in minutes: a year of business time open around
    /// the clock ([X2]). A budget beyond it is no service level, and what a query costs
    /// is bounded by the calendar's horizon in any case
    /// ([`Calendar::HORIZON_DAYS`](crate::calendar::Calendar::HORIZON_DAYS)).
    ///
    /// [X2]: crate::requirements#X2
    pub const MAX_MINUTES: u32 = 366 * 24 * 60;

    /// Targets in business hours, all tracked; `None` if any is zero or above
    /// [`Targets::MAX_MINUTES`].
    pub fn hours(
        acknowledgement: u32,
        first_response: u32,
        next_response: u32,
        resolution: u32,
    ) -> Option<Self> {
        let minutes = |hours: u32| {
            hours
                .checked_mul(60)
                .filter(|minutes| *minutes <= Self::MAX_MINUTES)
                .and_then(NonZeroU32::new)
        };
        Some(Self {
            acknowledgement_minutes: Some(minutes(acknowledgement)?),
            first_response_minutes: Some(minutes(first_response)?),
            next_response_minutes: Some(minutes(next_response)?),
            resolution_minutes: Some(minutes(resolution)?),
        })
    }

    /// The longest target tracked, in minutes.
    pub fn longest_minutes(&self) -> Option<u32> {
        [
            self.acknowledgement_minutes,
            self.first_response_minutes,
            self.next_response_minutes,
            self.resolution_minutes,
        ]
        .into_iter()
        .flatten()
        .map(NonZeroU32::get)
        .max()
    }

    /// The budget of one clock.
    pub fn get(&self, which: Clock) -> Option<TimeDelta> {
        let minutes = match which {
            Clock::Acknowledgement => self.acknowledgement_minutes,
            Clock::FirstResponse => self.first_response_minutes,
            Clock::NextResponse => self.next_response_minutes,
            Clock::Resolution => self.resolution_minutes,
        };
        minutes.map(|minutes| TimeDelta::minutes(i64::from(minutes.get())))
    }
}

/// The share of a target spent at which a running clock turns to
/// [`ClockStatus::Warning`], 1–99 percent (SL3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "u8", into = "u8"))]
#[cfg_attr(feature = "schemars", schemars(extend("minimum" = 1, "maximum" = 99)))]
pub struct WarningThreshold(u8);

impl WarningThreshold {
    /// At `percent` of the target spent.
    ///
    /// # Errors
    /// [`SlaError::Threshold`] outside 1–99.
    pub const fn percent(percent: u8) -> Result<Self, SlaError> {
        if percent >= 1 && percent <= 99 {
            Ok(Self(percent))
        } else {
            Err(SlaError::Threshold { percent })
        }
    }

    /// The percentage.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// Whether `used` of `target` reaches the threshold.
    pub(crate) fn reached(self, used: TimeDelta, target: TimeDelta) -> bool {
        used.num_seconds() * 100 >= target.num_seconds() * i64::from(self.0)
    }
}

impl TryFrom<u8> for WarningThreshold {
    type Error = SlaError;

    fn try_from(percent: u8) -> Result<Self, SlaError> {
        Self::percent(percent)
    }
}

impl From<WarningThreshold> for u8 {
    fn from(threshold: WarningThreshold) -> Self {
        threshold.0
    }
}

/// The SLA policy: targets per priority and when to warn (SL3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct SlaPolicy {
    /// Targets for low priority.
    pub low: Targets,
    /// Targets for normal priority.
    pub normal: Targets,
    /// Targets for high priority.
    pub high: Targets,
    /// Targets for urgent cases.
    pub urgent: Targets,
    /// When running clocks warn.
    pub warning_percent: WarningThreshold,
}

impl Default for SlaPolicy {
    /// In business hours, acknowledgement / first response / next response /
    /// resolution: urgent 1 / 2 / 2 / 8, high 1 / 4 / 4 / 16, normal 4 / 8 / 8 / 40,
    /// low 8 / 16 / 16 / 80; warning at 80% spent.
    fn default() -> Self {
        let hours = |a: u32, f: u32, n: u32, r: u32| {
            // Whole hours of at least one: never zero.
            let minutes = |hours: u32| Some(NonZeroU32::MIN.saturating_add(hours * 60 - 1));
            Targets {
                acknowledgement_minutes: minutes(a),
                first_response_minutes: minutes(f),
                next_response_minutes: minutes(n),
                resolution_minutes: minutes(r),
            }
        };
        Self {
            urgent: hours(1, 2, 2, 8),
            high: hours(1, 4, 4, 16),
            normal: hours(4, 8, 8, 40),
            low: hours(8, 16, 16, 80),
            warning_percent: WarningThreshold(80),
        }
    }
}

impl SlaPolicy {
    /// The terms a case of `priority` receives today.
    pub fn terms(&self, priority: Priority) -> SlaTerms {
        let targets = match priority {
            Priority::Low => self.low,
            Priority::Normal => self.normal,
            Priority::High => self.high,
            Priority::Urgent => self.urgent,
        };
        SlaTerms {
            priority,
            targets,
            warning_percent: self.warning_percent,
        }
    }
}

/// The SLA terms of one case, recorded at receipt so that later policy edits do not move
/// its deadlines (SL3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct SlaTerms {
    /// The case's priority.
    pub priority: Priority,
    /// Its targets.
    pub targets: Targets,
    /// When its running clocks warn.
    pub warning_percent: WarningThreshold,
}

/// One of the four clocks.
///
/// In JSON, `"acknowledgement"`, `"first_response"`, `"next_response"` or
/// `"resolution"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[allow(missing_docs)]
pub enum Clock {
    Acknowledgement,
    FirstResponse,
    NextResponse,
    Resolution,
}

impl Clock {
    /// The four, in the order a case meets them.
    pub const ALL: [Clock; 4] = [
        Clock::Acknowledgement,
        Clock::FirstResponse,
        Clock::NextResponse,
        Clock::Resolution,
    ];
}

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Clock::Acknowledgement => "acknowledgement",
            Clock::FirstResponse => "first response",
            Clock::NextResponse => "next response",
            Clock::Resolution => "resolution",
        })
    }
}

/// Where a clock stands at the instant of a report ([SL3]). Times are business time.
///
/// [SL3]: crate::requirements#SL3
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockStatus {
    /// Running, below the warning threshold.
    Running {
        /// Budget left.
        remaining: TimeDelta,
        /// When it runs out if nothing pauses the clock.
        due: DateTime<Utc>,
    },
    /// Running, at or past the warning threshold.
    Warning {
        /// Budget left.
        remaining: TimeDelta,
        /// When it runs out if nothing pauses the clock.
        due: DateTime<Utc>,
    },
    /// Standing still while the case waits on the customer.
    Paused {
        /// Budget left.
        remaining: TimeDelta,
    },
    /// The deadline passed before the clock was met: still open, or met late, or
    /// cancelled late.
    Breached {
        /// The deadline.
        due: DateTime<Utc>,
        /// Business time spent past it, up to the report or to when the clock stopped
        /// (zero while the calendar has been closed since the deadline).
        overdue: TimeDelta,
    },
    /// Met by its deadline.
    Met {
        /// When.
        at: DateTime<Utc>,
        /// Budget left over.
        spare: TimeDelta,
    },
    /// The case ended before the clock was met, within its budget.
    Cancelled {
        /// When.
        at: DateTime<Utc>,
        /// Budget left.
        remaining: TimeDelta,
    },
}

/// Business time in words: `1 h 05 min`, `40 min`, `2 min 30 s`.
struct Span(TimeDelta);

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0.num_seconds();
        let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        match (hours, seconds) {
            (0, 0) => write!(f, "{minutes} min"),
            (0, _) => write!(f, "{minutes} min {seconds} s"),
            (_, 0) => write!(f, "{hours} h {minutes:02} min"),
            _ => write!(f, "{hours} h {minutes:02} min {seconds} s"),
        }
    }
}

impl fmt::Display for ClockStatus {
    /// In words, times in business time and instants in UTC: `running, 1 h 00 min
    /// left, due 2026-11-14 14:30:00 UTC`, `paused while the case waits on the
    /// customer, 40 min left`, `breached, due …, 2 h 15 min over`, `met at …, 20 min to
    /// spare`, `cancelled at …, 3 h 00 min left`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ClockStatus::Running { remaining, due } => {
                write!(f, "running, {} left, due {due}", Span(remaining))
            }
            ClockStatus::Warning { remaining, due } => {
                write!(f, "warning, {} left, due {due}", Span(remaining))
            }
            ClockStatus::Paused { remaining } => write!(
                f,
                "paused while the case waits on the customer, {} left",
                Span(remaining)
            ),
            ClockStatus::Breached { due, overdue } => {
                write!(f, "breached, due {due}, {} over", Span(overdue))
            }
            ClockStatus::Met { at, spare } => write!(f, "met at {at}, {} to spare", Span(spare)),
            ClockStatus::Cancelled { at, remaining } => {
                write!(f, "cancelled at {at}, {} left", Span(remaining))
            }
        }
    }
}

/// One clock in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockReport {
    /// The latest episode's status: next response and resolution re-arm.
    pub status: ClockStatus,
    /// How many of its episodes, the latest included, are breached.
    pub breaches: u32,
}

impl fmt::Display for ClockReport {
    /// The status, then the earlier episodes that were breached, if any: `met at …, 20
    /// min to spare; 1 earlier episode breached`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status)?;
        let latest = u32::from(matches!(self.status, ClockStatus::Breached { .. }));
        match self.breaches.saturating_sub(latest) {
            0 => Ok(()),
            1 => f.write_str("; 1 earlier episode breached"),
            earlier => write!(f, "; {earlier} earlier episodes breached"),
        }
    }
}

/// Every tracked clock of a case at one instant ([SL3]).
///
/// [SL3]: crate::requirements#SL3
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaReport {
    /// The case's priority.
    pub priority: Priority,
    /// The instant of the report.
    pub now: DateTime<Utc>,
    clocks: [Option<ClockReport>; 4],
}

impl SlaReport {
    /// A report of these clocks, in [`Clock::ALL`] order.
    pub(crate) fn new(
        priority: Priority,
        now: DateTime<Utc>,
        clocks: [Option<ClockReport>; 4],
    ) -> Self {
        Self {
            priority,
            now,
            clocks,
        }
    }

    /// One clock: `None` when its target is not tracked, or when next response has not
    /// been armed yet.
    pub fn clock(&self, which: Clock) -> Option<&ClockReport> {
        self.clocks[which as usize].as_ref()
    }

    /// The clocks there are, in [`Clock::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Clock, &ClockReport)> {
        Clock::ALL
            .into_iter()
            .zip(&self.clocks)
            .filter_map(|(which, clock)| clock.as_ref().map(|clock| (which, clock)))
    }

    /// Whether any clock is breached.
    pub fn breached(&self) -> bool {
        self.iter().any(|(_, clock)| clock.breaches > 0)
    }

    /// The first clock, in [`Clock::ALL`] order, that was breached at least once.
    pub fn first_breached(&self) -> Option<Clock> {
        self.iter()
            .find(|(_, clock)| clock.breaches > 0)
            .map(|(which, _)| which)
    }
}

impl fmt::Display for SlaReport {
    /// The priority and the instant, then one line per tracked clock:
    ///
    /// ```text
    /// high priority, at 2026-11-16 15:00:00 UTC:
    ///   acknowledgement: met at 2026-11-14 14:10:00 UTC, 20 min to spare
    ///   resolution: paused while the case waits on the customer, 13 h 30 min left
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} priority, at {}:", self.priority, self.now)?;
        for (which, clock) in self.iter() {
            write!(f, "\n  {which}: {clock}")?;
        }
        Ok(())
    }
}
