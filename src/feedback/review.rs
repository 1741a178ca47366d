//! The weekly review ([FB4]) and who deserves recognition ([ST3]).
//!
//! Once a week the team sits down with its most experienced people and looks at what
//! the week said. [`weekly_review`] turns one period's records into that meeting's
//! [`Agenda`]:
//! - **what works**: praise, delighted ratings, promises kept, the measures that
//!   improved on the period before, and the people the excellent service is owed to, as
//!   recognition candidates ([ST3]);
//! - **what must work better**: the measures that got worse, the complaint themes by
//!   count, the cases whose service level was breached, the promises broken;
//! - **whom to ask**: per theme, the people who resolved most cases in it;
//! - **open improvements**: every item still in its cycle.
//!
//! The measures ([`Measure`]) are counted over the period reviewed and over the period
//! of the same length just before it, from the same records; a measure with nothing to
//! count in either is left out.
//!
//! It is a pure function: the same records in any order give the same agenda, and every
//! list in it has a stated order. The host supplies one [`CaseRecord`] per complaint,
//! with the theme it files it under, who resolved it and when its service level was
//! first breached (from [`crate::clocks::SlaClocks::report`]), since those are the host's
//! to decide. The period selects what happened in it; experience counts every case
//! given, so a host passes the history it wants counted. The agenda's `Display` prints
//! it with staff ids; [`Agenda::named`] prints it with names.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use customer_care::feedback::Theme;
//! use customer_care::feedback::review::{CaseRecord, Period, Resolved, weekly_review};
//! use customer_care::id::{ComplaintId, StaffId};
//! use uuid::Uuid;
//!
//! let monday = Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap();
//! let week = Period::week_from(monday)?;
//! let ana = StaffId::from_uuid(Uuid::from_u128(2));
//! let billing = Theme::try_new("billing")?;
//! let case = |n, day, breached: bool| CaseRecord {
//!     id: ComplaintId::from_uuid(Uuid::from_u128(n)),
//!     theme: billing.clone(),
//!     received_at: Utc.with_ymd_and_hms(2026, 11, day, 10, 0, 0).unwrap(),
//!     resolved: Some(Resolved { by: ana, at: Utc.with_ymd_and_hms(2026, 11, day, 15, 0, 0).unwrap() }),
//!     breached_at: breached.then(|| Utc.with_ymd_and_hms(2026, 11, day, 14, 0, 0).unwrap()),
//! };
//! let cases = [case(1, 3, false), case(2, 4, true), case(3, 20, false)];
//! let agenda = weekly_review(week, &[], &cases, &[], &[]);
//! assert_eq!(agenda.themes[0].complaints, 2); // the case of the 20th is another week
//! assert_eq!(agenda.breaches, [ComplaintId::from_uuid(Uuid::from_u128(2))]);
//! assert_eq!(agenda.ask[0].people, [(ana, 3)]); // experience counts every case given
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [ST3]: crate::requirements#ST3
//! [FB4]: crate::requirements#FB4

use super::improvement::{ImprovementState, ImprovementStatus};
use super::{Feedback, FeedbackKind, Rating, Theme};
use crate::id::{ComplaintId, ImprovementId, StaffId};
use crate::metrics::{Csat, Nps, Percent, PromiseTally, count};
use crate::promise::PromiseState;
use crate::staff::Directory;
use chrono::{DateTime, TimeDelta, Utc};
use core::cmp::Reverse;
use core::fmt;
use std::collections::BTreeMap;

/// How many people the agenda suggests asking per theme.
pub const PEOPLE_PER_THEME: usize = 3;

/// Why a review could not be set up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReviewError {
    /// A period must end after it starts.
    #[error("the period from {start} to {end} is empty: it must end after it starts")]
    EmptyPeriod {
        /// The start.
        start: DateTime<Utc>,
        /// The end.
        end: DateTime<Utc>,
    },
}

crate::refusal::refusals! { ReviewError {
    EmptyPeriod { start, end } => "empty_period", "FB4";
} wraps {  } }

/// The stretch of time a review looks at: from `start`, included, to `end`, excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl Period {
    /// From `start` to `end`.
    ///
    /// # Errors
    /// [`ReviewError::EmptyPeriod`] unless `start < end`.
    pub fn try_new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Self, ReviewError> {
        if start < end {
            Ok(Self { start, end })
        } else {
            Err(ReviewError::EmptyPeriod { start, end })
        }
    }

    /// The seven days from `start`.
    ///
    /// # Errors
    /// [`ReviewError::EmptyPeriod`] at the end of representable time.
    pub fn week_from(start: DateTime<Utc>) -> Result<Self, ReviewError> {
        let end = start
            .checked_add_signed(TimeDelta::days(7))
            .unwrap_or(start);
        Self::try_new(start, end)
    }

    /// The start, included.
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The end, excluded.
    pub fn end(&self) -> DateTime<Utc> {
        self.end
    }

    /// Whether `at` falls in the period.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.start <= at && at < self.end
    }
}

/// Who resolved a case, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Resolved {
    /// Who resolved it.
    pub by: StaffId,
    /// When.
    pub at: DateTime<Utc>,
}

/// What the review needs of one complaint, as the host files it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct CaseRecord {
    /// The case.
    pub id: ComplaintId,
    /// The theme it is filed under.
    pub theme: Theme,
    /// When it was received.
    pub received_at: DateTime<Utc>,
    /// Who resolved it and when, once resolved.
    pub resolved: Option<Resolved>,
    /// When its service level was first breached, if ever.
    pub breached_at: Option<DateTime<Utc>>,
}

/// A recognition candidate ([ST3]): a person and the excellent service attributed to
/// them in the period.
///
/// [ST3]: crate::requirements#ST3
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Recognition {
    /// Who.
    pub staff: StaffId,
    /// Words of praise about them.
    pub praise: usize,
    /// Delighted ratings given about them (see [`super::Rating::is_delighted`]).
    pub delighted: usize,
    /// Promises they made that were kept (early or on time).
    pub promises_kept: usize,
}

impl Recognition {
    fn total(&self) -> usize {
        self.praise + self.delighted + self.promises_kept
    }
}

/// One complaint theme in the period.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ThemeLine {
    /// The theme.
    pub theme: Theme,
    /// Complaints in it: cases received, and complaint feedback given.
    pub complaints: usize,
    /// Its cases whose service level was breached in the period.
    pub breaches: usize,
}

/// A promise broken in the period.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BrokenPromise {
    /// When it was found broken.
    pub noted_at: DateTime<Utc>,
    /// Who made it.
    pub made_by: StaffId,
    /// What was promised.
    pub what: String,
}

/// The experienced people to ask about a theme: those who resolved most of its cases.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Experts {
    /// The theme.
    pub theme: Theme,
    /// Up to [`PEOPLE_PER_THEME`] people, with the cases of the theme each resolved.
    pub people: Vec<(StaffId, usize)>,
}

/// An improvement item still in its cycle.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OpenItem {
    /// The item.
    pub id: ImprovementId,
    /// Its title.
    pub title: String,
    /// Where it is.
    pub status: ImprovementStatus,
    /// Which cycle.
    pub cycle: u32,
}

/// A measure of the service the review compares with the period before ([FB4]).
///
/// [FB4]: crate::requirements#FB4
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Measure {
    /// CSAT of the feedback rated on the five-point scale in the period.
    Csat,
    /// NPS of the feedback rated on the 0–10 scale in the period.
    Nps,
    /// Promise keeping: promises settled in the period, kept early or kept.
    PromiseKeeping,
    /// The share of the period's cases whose service level was never breached.
    ServiceLevel,
}

impl Measure {
    /// Every measure, in the order the agenda lists them.
    pub const ALL: [Measure; 4] = [
        Measure::Csat,
        Measure::Nps,
        Measure::PromiseKeeping,
        Measure::ServiceLevel,
    ];

    /// Its name, as printed.
    pub const fn name(self) -> &'static str {
        match self {
            Measure::Csat => "CSAT",
            Measure::Nps => "NPS",
            Measure::PromiseKeeping => "promise keeping",
            Measure::ServiceLevel => "cases within their service level",
        }
    }
}

/// A measure that moved between the period before and the period reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Trend {
    /// What was measured.
    pub measure: Measure,
    /// Its value in the period of the same length just before.
    pub before: Percent,
    /// Its value in the period reviewed.
    pub now: Percent,
}

/// The agenda of a weekly review ([FB4]). Each list is in the order documented on it.
///
/// [FB4]: crate::requirements#FB4
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agenda {
    /// The period reviewed.
    pub period: Period,
    /// Praise given in the period.
    pub praise: usize,
    /// Delighted ratings given in the period.
    pub delighted: usize,
    /// Promises kept (early or on time) in the period.
    pub promises_kept: usize,
    /// Recognition candidates ([ST3]), most excellent service first, then by id.
    ///
    /// [ST3]: crate::requirements#ST3
    pub recognition: Vec<Recognition>,
    /// Measures better than in the period before, in [`Measure::ALL`] order.
    pub improving: Vec<Trend>,
    /// Measures worse than in the period before, in [`Measure::ALL`] order.
    pub worsening: Vec<Trend>,
    /// Complaint themes, most complaints first, then most breaches, then by name.
    pub themes: Vec<ThemeLine>,
    /// Cases whose service level was first breached in the period, by id.
    pub breaches: Vec<ComplaintId>,
    /// Promises broken in the period, in the order they were found broken.
    pub broken_promises: Vec<BrokenPromise>,
    /// Whom to ask, per theme, in the order of `themes`; a theme nobody has resolved a
    /// case of yet is left out. People with most resolutions first, then by id.
    pub ask: Vec<Experts>,
    /// Improvement items still in their cycle, by id.
    pub open_improvements: Vec<OpenItem>,
}

/// The agenda of the review of `period` ([FB4]), from the feedback, complaints, promises
/// and improvement items given, in any order. `promises` are every promise: those
/// made on their own and those made in complaints
/// ([`crate::complaint::ComplaintState::promises`]), which are the same promises run
/// through the same rules ([PR1]).
///
/// [PR1]: crate::requirements#PR1
/// [FB4]: crate::requirements#FB4
pub fn weekly_review(
    period: Period,
    feedback: &[Feedback],
    cases: &[CaseRecord],
    promises: &[PromiseState],
    improvements: &[ImprovementState],
) -> Agenda {
    // Complaints and breaches per theme, from the feedback and the cases.
    let mut themes: BTreeMap<&Theme, (usize, usize)> = BTreeMap::new();
    let mut recognition: BTreeMap<StaffId, Recognition> = BTreeMap::new();
    let mut credit = |staff: StaffId, add: fn(&mut Recognition)| {
        add(recognition.entry(staff).or_insert(Recognition {
            staff,
            praise: 0,
            delighted: 0,
            promises_kept: 0,
        }));
    };
    let (mut praise, mut delighted) = (0, 0);
    for f in feedback.iter().filter(|f| period.contains(f.received_at())) {
        if let (FeedbackKind::Complaint, Some(theme)) = (f.kind(), f.theme()) {
            themes.entry(theme).or_default().0 += 1;
        }
        let is_praise = f.kind() == FeedbackKind::Praise;
        let is_delighted = f.rating().is_some_and(|r| r.is_delighted());
        praise += usize::from(is_praise);
        delighted += usize::from(is_delighted);
        if let Some(staff) = f.about() {
            if is_praise {
                credit(staff, |r| r.praise += 1);
            }
            if is_delighted {
                credit(staff, |r| r.delighted += 1);
            }
        }
    }

    let mut promises_kept = 0;
    let mut broken_promises = Vec::new();
    for promise in promises {
        match promise {
            PromiseState::KeptEarly {
                promise,
                delivered_at,
            }
            | PromiseState::Kept {
                promise,
                delivered_at,
            } if period.contains(*delivered_at) => {
                promises_kept += 1;
                credit(promise.terms().made_by, |r| r.promises_kept += 1);
            }
            PromiseState::Broken {
                promise, noted_at, ..
            } if period.contains(*noted_at) => broken_promises.push(BrokenPromise {
                noted_at: *noted_at,
                made_by: promise.terms().made_by,
                what: promise.terms().what.clone(),
            }),
            _ => {}
        }
    }
    broken_promises.sort();
    let mut recognition: Vec<Recognition> = recognition.into_values().collect();
    recognition.sort_by_key(|r| (Reverse(r.total()), r.staff));

    // Who resolved how many cases, per theme: every case given, not just the period's.
    let mut resolved: BTreeMap<&Theme, BTreeMap<StaffId, usize>> = BTreeMap::new();
    let mut breaches = Vec::new();
    for case in cases {
        if let Some(resolution) = case.resolved {
            let by_theme = resolved.entry(&case.theme).or_default();
            *by_theme.entry(resolution.by).or_default() += 1;
        }
        if period.contains(case.received_at) {
            themes.entry(&case.theme).or_default().0 += 1;
        }
        if case.breached_at.is_some_and(|at| period.contains(at)) {
            themes.entry(&case.theme).or_default().1 += 1;
            breaches.push(case.id);
        }
    }
    breaches.sort();
    let mut themes: Vec<ThemeLine> = (themes.into_iter())
        .map(|(theme, (complaints, breaches))| ThemeLine {
            theme: theme.clone(),
            complaints,
            breaches,
        })
        .collect();
    themes.sort_by(|a, b| {
        (Reverse(a.complaints), Reverse(a.breaches), &a.theme).cmp(&(
            Reverse(b.complaints),
            Reverse(b.breaches),
            &b.theme,
        ))
    });

    let ask = (themes.iter())
        .filter_map(|line| {
            let mut people: Vec<(StaffId, usize)> = (resolved.get(&line.theme)?.iter())
                .map(|(staff, count)| (*staff, *count))
                .collect();
            people.sort_by_key(|(staff, count)| (Reverse(*count), *staff));
            people.truncate(PEOPLE_PER_THEME);
            Some(Experts {
                theme: line.theme.clone(),
                people,
            })
        })
        .collect();

    let mut open_improvements: Vec<OpenItem> = (improvements.iter())
        .filter(|state| state.status().is_open())
        .filter_map(|state| {
            let item = state.item()?;
            Some(OpenItem {
                id: item.id(),
                title: item.title().to_owned(),
                status: state.status(),
                cycle: item.cycle(),
            })
        })
        .collect();
    open_improvements.sort();

    // Each measure against the period of the same length just before.
    let now = measures(&period, feedback, cases, promises);
    let before = (period.start.checked_sub_signed(period.end - period.start))
        .and_then(|start| Period::try_new(start, period.start).ok())
        .map(|before| measures(&before, feedback, cases, promises));
    let (mut improving, mut worsening) = (Vec::new(), Vec::new());
    let pairs = Measure::ALL
        .into_iter()
        .zip(before.unwrap_or([None; 4]))
        .zip(now);
    for ((measure, before), now) in pairs {
        if let (Some(before), Some(now)) = (before, now) {
            let trend = Trend {
                measure,
                before,
                now,
            };
            match now.cmp(&before) {
                core::cmp::Ordering::Greater => improving.push(trend),
                core::cmp::Ordering::Less => worsening.push(trend),
                core::cmp::Ordering::Equal => {}
            }
        }
    }

    Agenda {
        period,
        praise,
        delighted,
        promises_kept,
        recognition,
        improving,
        worsening,
        themes,
        breaches,
        broken_promises,
        ask,
        open_improvements,
    }
}

/// Each of [`Measure::ALL`] over `period`; `None` where there was nothing to measure.
fn measures(
    period: &Period,
    feedback: &[Feedback],
    cases: &[CaseRecord],
    promises: &[PromiseState],
) -> [Option<Percent>; 4] {
    let (mut csat, mut nps) = (Csat::default(), Nps::default());
    for rating in (feedback.iter())
        .filter(|f| period.contains(f.received_at()))
        .filter_map(Feedback::rating)
    {
        // A rating always lies on its scale, so neither tally can refuse it.
        if rating.scale() == Rating::FIVE_POINT {
            csat.add(rating.score()).ok();
        } else if rating.scale() == Rating::ZERO_TO_TEN {
            nps.add(rating.score()).ok();
        }
    }
    let mut kept = PromiseTally::default();
    for promise in promises {
        if promise.settled_at().is_some_and(|at| period.contains(at)) {
            kept.add_state(promise);
        }
    }
    let received = cases
        .iter()
        .filter(|case| period.contains(case.received_at));
    let clean = received
        .clone()
        .filter(|case| case.breached_at.is_none())
        .count();
    [
        csat.percent(),
        nps.score(),
        kept.keeping(),
        Percent::of(count(clean), count(received.count())),
    ]
}

impl Agenda {
    /// The agenda printed with the names in `directory` instead of staff ids (an id
    /// not in it is printed as is).
    pub fn named<'a>(&'a self, directory: &'a Directory) -> impl fmt::Display + 'a {
        Printed {
            agenda: self,
            directory: Some(directory),
        }
    }
}

impl fmt::Display for Agenda {
    /// A readable agenda, one section per heading, staff by id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Printed {
            agenda: self,
            directory: None,
        }
        .fmt(f)
    }
}

struct Printed<'a> {
    agenda: &'a Agenda,
    directory: Option<&'a Directory>,
}

impl Printed<'_> {
    fn who(&self, staff: StaffId) -> impl fmt::Display + '_ {
        Directory::name_or_id(self.directory, staff)
    }
}

impl fmt::Display for Printed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.agenda;
        let day = |at: DateTime<Utc>| at.format("%Y-%m-%d %H:%M");
        writeln!(
            f,
            "Weekly review, {} to {}",
            day(a.period.start),
            day(a.period.end)
        )?;
        writeln!(f, "\nWhat works")?;
        writeln!(
            f,
            "  - {} praise, {} delighted ratings, {} promises kept",
            a.praise, a.delighted, a.promises_kept
        )?;
        for t in &a.improving {
            writeln!(
                f,
                "  - improving: {} {} -> {}",
                t.measure.name(),
                t.before,
                t.now
            )?;
        }
        for r in &a.recognition {
            writeln!(
                f,
                "  - Recognise {}: {} praise, {} delighted, {} promises kept",
                self.who(r.staff),
                r.praise,
                r.delighted,
                r.promises_kept
            )?;
        }
        writeln!(f, "\nWhat must work better")?;
        if a.worsening.is_empty()
            && a.themes.is_empty()
            && a.breaches.is_empty()
            && a.broken_promises.is_empty()
        {
            writeln!(f, "  - nothing reported")?;
        }
        for t in &a.worsening {
            writeln!(
                f,
                "  - worsening: {} {} -> {}",
                t.measure.name(),
                t.before,
                t.now
            )?;
        }
        for line in &a.themes {
            writeln!(
                f,
                "  - {}: {} complaints, {} service-level breaches",
                line.theme, line.complaints, line.breaches
            )?;
        }
        for id in &a.breaches {
            writeln!(f, "  - breached: case {id}")?;
        }
        for p in &a.broken_promises {
            writeln!(
                f,
                "  - broken promise by {}: {} (noted {})",
                self.who(p.made_by),
                p.what,
                day(p.noted_at)
            )?;
        }
        writeln!(f, "\nWhom to ask")?;
        if a.ask.is_empty() {
            writeln!(f, "  - nobody yet")?;
        }
        for experts in &a.ask {
            write!(f, "  - {}:", experts.theme)?;
            for (n, (staff, count)) in experts.people.iter().enumerate() {
                let sep = if n == 0 { " " } else { ", " };
                write!(f, "{sep}{} ({count} resolved)", self.who(*staff))?;
            }
            writeln!(f)?;
        }
        writeln!(f, "\nOpen improvements")?;
        if a.open_improvements.is_empty() {
            writeln!(f, "  - none")?;
        }
        for item in &a.open_improvements {
            writeln!(
                f,
                "  - [{}] {} (cycle {})",
                item.status, item.title, item.cycle
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Recognition;
    use crate::id::StaffId;
    use uuid::Uuid;

    #[test]
    fn st3_recognition_ranks_by_all_the_excellent_service_counted() {
        let candidate = Recognition {
            staff: StaffId::from_uuid(Uuid::from_u128(1)),
            praise: 2,
            delighted: 3,
            promises_kept: 4,
        };
        assert_eq!(candidate.total(), 9);
    }
}
