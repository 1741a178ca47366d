//! A complaint's SLA clocks ([SL3], [CO5]): [`SlaClocks`] folds a complaint's events into
//! clocks; [`SlaClocks::report`] reads them at an instant on a [`Calendar`], a pure query. The calendar is an argument, not
//! part of the clocks, so recomputing every deadline under a new calendar (a holiday
//! added) is one more call with the new one.
//!
//! # The clocks
//! Each target is a budget of business time. A clock spends it only while it runs and
//! the calendar is open.
//!
//! - **Acknowledgement** runs from receipt until a named owner acknowledges ([CO1]).
//! - **First response** runs from receipt until staff first tell the customer something
//!   of substance: a question, a message, an offer (also one approved from above), or a
//!   refusal with its alternatives; the acknowledgement itself is not a response. These
//!   are the customer-facing messages; nothing internal (approvals asked, notes,
//!   handoffs) answers a clock, and so a message is timely ([CO5]) when it meets the clock
//!   it answers.
//! - **Next response** is armed each time the customer writes after the first response,
//!   unless one is already armed, and met by the next customer-facing message.
//! - **Resolution** runs from receipt until the chosen remedy is delivered, and pauses
//!   while the case waits on the customer: a question open, or options offered and not
//!   yet chosen or declined. Paused time spends nothing, however long. A reopened case
//!   gets a new resolution clock with the whole budget.
//!
//! A case that ends before a clock is met (withdrawn, referred, closed) cancels the
//! clock; one already breached stays breached. A clock is breached once its deadline,
//! the instant its budget was spent, has passed; met exactly at the deadline is in time.
//!
//! ```
//! use chrono::{TimeDelta, TimeZone, Utc, Weekday};
//! use customer_care::calendar::{Calendar, CalendarSpec, Interval};
//! use customer_care::clocks::SlaClocks;
//! use customer_care::sla::{ClockStatus, Priority, SlaPolicy, Clock};
//! use customer_care::view::CaseView;
//! # use customer_care::complaint::{ComplaintEvent, Receipt};
//! # use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation};
//! # use customer_care::id::ComplaintId;
//! # use uuid::Uuid;
//!
//! let mut spec = CalendarSpec::default();
//! for day in [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri] {
//!     spec.set_day(day, vec![Interval::hm(9, 0, 17, 0)?]);
//! }
//! let calendar = Calendar::try_new(Utc, spec)?;
//! let policy = SlaPolicy::default(); // high priority: acknowledged within an hour
//!
//! // Received on Friday 3 April 2026 at 16:30: half an hour left that day.
//! let received = Utc.with_ymd_and_hms(2026, 4, 3, 16, 30, 0).unwrap();
//! let receipt = Receipt {
//!     sla: policy.terms(Priority::High),
//!     at: received,
//!     // …who complains, about what, expecting what:
//! #   id: ComplaintId::from_uuid(Uuid::from_u128(1)),
//! #   customer: Customer::anonymous(CustomerKind::External),
//! #   summary: "late delivery".into(),
//! #   expectation: Expectation::new(None, None),
//! #   entitlement: Entitlement::new([]),
//! #   follows: None,
//! };
//! let clocks = SlaClocks::from_events([&ComplaintEvent::Received(receipt)], &())?;
//!
//! // Over the weekend the clock stands still: half an hour left, due Monday 09:30.
//! let saturday = Utc.with_ymd_and_hms(2026, 4, 4, 12, 0, 0).unwrap();
//! let report = clocks.report(&calendar, saturday)?;
//! assert_eq!(
//!     report.clock(Clock::Acknowledgement).map(|clock| clock.status),
//!     Some(ClockStatus::Running {
//!         remaining: TimeDelta::minutes(30),
//!         due: Utc.with_ymd_and_hms(2026, 4, 6, 9, 30, 0).unwrap(),
//!     }),
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//!
//! [CO1]: crate::requirements#CO1
//! [CO5]: crate::requirements#CO5
//! [SL3]: crate::requirements#SL3

use crate::calendar::Calendar;
use crate::complaint::{ComplaintEvent, Receipt};
use crate::sla::{
    Clock, ClockReport, ClockStatus, SlaError, SlaReport, SlaTerms, WarningThreshold,
};
use crate::view::{CaseView, InOrder, ViewError};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};

/// A stretch of time when an episode's clock ran; `to` is `None` while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    from: DateTime<Utc>,
    to: Option<DateTime<Utc>>,
}

/// How an episode stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Met(DateTime<Utc>),
    Cancelled(DateTime<Utc>),
}

impl Stop {
    fn at(self) -> DateTime<Utc> {
        match self {
            Stop::Met(at) | Stop::Cancelled(at) => at,
        }
    }
}

/// One arming of a clock, from start to stop.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Episode {
    runs: Vec<Run>,
    stop: Option<Stop>,
}

impl Episode {
    fn start(at: DateTime<Utc>) -> Self {
        Self {
            runs: vec![Run { from: at, to: None }],
            stop: None,
        }
    }

    fn is_open(&self) -> bool {
        self.stop.is_none()
    }

    fn running(&mut self) -> Option<&mut Run> {
        self.runs.last_mut().filter(|run| run.to.is_none())
    }

    fn pause(&mut self, at: DateTime<Utc>) {
        if let Some(run) = self.running() {
            run.to = Some(at);
        }
    }

    fn resume(&mut self, at: DateTime<Utc>) {
        if self.is_open() && self.running().is_none() {
            self.runs.push(Run { from: at, to: None });
        }
    }

    fn stop(&mut self, stop: Stop) {
        if self.is_open() {
            self.pause(stop.at());
            self.stop = Some(stop);
        }
    }

    /// Its status at `now` for a budget of `target`.
    fn status<Tz: TimeZone>(
        &self,
        target: TimeDelta,
        warning: WarningThreshold,
        calendar: &Calendar<Tz>,
        now: DateTime<Utc>,
    ) -> Result<ClockStatus, SlaError> {
        let end = self.stop.map_or(now, Stop::at);
        let (mut used, mut deadline) = (TimeDelta::zero(), None);
        for run in &self.runs {
            let spent = calendar.between(run.from, run.to.unwrap_or(end))?;
            if deadline.is_none() && used + spent >= target {
                deadline = Some(calendar.add(run.from, target - used)?);
            }
            used += spent;
        }
        let remaining = target - used;
        Ok(match (deadline, self.stop) {
            (Some(due), _) if due < end => ClockStatus::Breached {
                due,
                overdue: -remaining,
            },
            (_, Some(Stop::Met(at))) => ClockStatus::Met {
                at,
                spare: remaining,
            },
            (_, Some(Stop::Cancelled(at))) => ClockStatus::Cancelled { at, remaining },
            _ if self.runs.last().is_some_and(|run| run.to.is_some()) => {
                ClockStatus::Paused { remaining }
            }
            _ => {
                let due = calendar.add(now, remaining)?;
                if warning.reached(used, target) {
                    ClockStatus::Warning { remaining, due }
                } else {
                    ClockStatus::Running { remaining, due }
                }
            }
        })
    }
}

/// What the case waits on the customer for, if anything: the resolution clock stands
/// still meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Waiting {
    No,
    Answer,
    Choice,
}

/// A complaint's SLA clocks, folded from its events ([SL3], [CO5]); read them with
/// [`SlaClocks::report`].
///
/// [CO5]: crate::requirements#CO5
/// [SL3]: crate::requirements#SL3
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaClocks {
    terms: SlaTerms,
    latest: DateTime<Utc>,
    waiting: Waiting,
    episodes: [Vec<Episode>; 4],
}

impl SlaClocks {
    /// The clocks of a case just received: acknowledgement, first response and
    /// resolution start at the receipt.
    pub fn start(receipt: &Receipt) -> Self {
        let at = receipt.at;
        Self {
            terms: receipt.sla,
            latest: at,
            waiting: Waiting::No,
            episodes: [
                vec![Episode::start(at)],
                vec![Episode::start(at)],
                Vec::new(),
                vec![Episode::start(at)],
            ],
        }
    }

    /// The terms the clocks run on.
    pub fn terms(&self) -> &SlaTerms {
        &self.terms
    }

    /// The same clocks on other terms: an explicit re-evaluation under a new policy.
    pub fn with_terms(self, terms: SlaTerms) -> Self {
        Self { terms, ..self }
    }

    fn latest_episode(&mut self, clock: Clock) -> Option<&mut Episode> {
        self.episodes[clock as usize].last_mut()
    }

    fn is_open(&self, clock: Clock) -> bool {
        self.episodes[clock as usize]
            .last()
            .is_some_and(Episode::is_open)
    }

    fn meet(&mut self, clock: Clock, at: DateTime<Utc>) {
        if let Some(episode) = self.latest_episode(clock) {
            episode.stop(Stop::Met(at));
        }
    }

    fn arm(&mut self, clock: Clock, at: DateTime<Utc>) {
        if !self.is_open(clock) {
            self.episodes[clock as usize].push(Episode::start(at));
        }
    }

    /// A customer-facing message from staff: it answers the open response clocks.
    fn respond(&mut self, at: DateTime<Utc>) {
        self.meet(Clock::FirstResponse, at);
        self.meet(Clock::NextResponse, at);
    }

    fn wait(&mut self, waiting: Waiting, at: DateTime<Utc>) {
        self.waiting = waiting;
        if let Some(episode) = self.latest_episode(Clock::Resolution) {
            match waiting {
                Waiting::No => episode.resume(at),
                Waiting::Answer | Waiting::Choice => episode.pause(at),
            }
        }
    }

    /// The case ended without meeting its open clocks.
    fn cancel(&mut self, at: DateTime<Utc>) {
        self.waiting = Waiting::No;
        for episodes in &mut self.episodes {
            if let Some(episode) = episodes.last_mut() {
                episode.stop(Stop::Cancelled(at));
            }
        }
    }

    /// The clocks after one more event, which comes in order.
    fn folded(&mut self, event: &ComplaintEvent) {
        use ComplaintEvent as E;
        let at = event.at();
        match event {
            E::Acknowledged { .. } => self.meet(Clock::Acknowledgement, at),
            E::CustomerAsked { .. } => {
                self.respond(at);
                self.wait(Waiting::Answer, at);
            }
            E::ResolutionOffered { .. } | E::OfferApproved { .. } | E::DemandRefused { .. } => {
                self.respond(at);
                self.wait(Waiting::Choice, at);
            }
            E::MessageSent { .. } => self.respond(at),
            E::CustomerWrote { .. } => {
                if !self.is_open(Clock::FirstResponse) {
                    self.arm(Clock::NextResponse, at);
                }
                if self.waiting == Waiting::Answer {
                    self.wait(Waiting::No, at);
                }
            }
            E::OptionChosen { .. } | E::OfferDeclined { .. } => self.wait(Waiting::No, at),
            E::Delivered { .. } => self.meet(Clock::Resolution, at),
            E::Reopened { .. } => {
                self.waiting = Waiting::No;
                self.arm(Clock::Resolution, at);
            }
            E::Withdrawn { .. }
            | E::Referred { .. }
            | E::ClosedUnanswered { .. }
            | E::Closed { .. } => self.cancel(at),
            // The order of events admits no second receipt.
            E::Received(_)
            | E::InvestigationStarted { .. }
            | E::ApprovalRequested { .. }
            | E::ApprovalDeclined { .. }
            | E::PromiseBroken { .. }
            | E::PromiseRenegotiated { .. }
            | E::Reassigned { .. }
            | E::RootCauseRecorded { .. }
            | E::AbuseFlagged { .. } => {}
        }
        self.latest = at;
    }

    /// Every tracked clock at `now`, counted on `calendar`: a pure query.
    ///
    /// # Errors
    /// [`SlaError::BeforeLatest`] when `now` is before the latest event;
    /// [`SlaError::Calendar`] at the ends of representable time.
    pub fn report<Tz: TimeZone>(
        &self,
        calendar: &Calendar<Tz>,
        now: DateTime<Utc>,
    ) -> Result<SlaReport, SlaError> {
        if now < self.latest {
            return Err(SlaError::BeforeLatest {
                at: now,
                latest: self.latest,
            });
        }
        let mut clocks = [None; 4];
        for (clock, slot) in Clock::ALL.into_iter().zip(&mut clocks) {
            let Some(budget) = self.terms.targets.get(clock) else {
                continue;
            };
            let mut breaches = 0;
            for episode in &self.episodes[clock as usize] {
                let status = episode.status(budget, self.terms.warning_percent, calendar, now)?;
                breaches += u32::from(matches!(status, ClockStatus::Breached { .. }));
                *slot = Some(ClockReport { status, breaches });
            }
        }
        Ok(SlaReport::new(self.terms.priority, now, clocks))
    }
}

impl CaseView for SlaClocks {
    type Error = ViewError;

    fn start(receipt: &Receipt, _: &()) -> Result<Self, ViewError> {
        Ok(Self::start(receipt))
    }

    fn latest(&self) -> DateTime<Utc> {
        self.latest
    }

    fn fold(&mut self, event: &ComplaintEvent, _: &(), _: InOrder) -> Result<(), ViewError> {
        self.folded(event);
        Ok(())
    }
}
