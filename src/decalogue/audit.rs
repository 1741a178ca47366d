//! The audit of one case against the ten principles ([DE2]).
//!
//! [DE2]: crate::requirements#DE2

use super::{Language, Principle, pick};
use crate::calendar::{Calendar, CalendarError};
use crate::clocks::SlaClocks;
use crate::complaint::{ComplaintEvent, RootCause, blamed};
use crate::customer::ExpectationGap;
use crate::diagram::Transition;
use crate::feedback::improvement::{ImprovementState, ImprovementStatus};
use crate::feedback::review::CaseRecord;
use crate::feedback::{Feedback, Theme};
use crate::id::{ComplaintId, FeedbackId, ImprovementId, StaffId};
use crate::metrics::{CaseFacts, Percent, TeamPulse};
use crate::promise::PromiseOutcome;
use crate::sla::{Clock, SlaError};
use crate::staff::{Directory, Role};
use crate::stream::Envelope;
use crate::view::{CaseView, InOrder, ViewError};
use chrono::{DateTime, TimeZone, Utc};
use core::fmt;
use std::collections::BTreeMap;

/// Why an audit could not be set up or could not take a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuditError {
    /// A principle number outside 1–10.
    #[error("there is no principle {number}: they are numbered 1 to 10")]
    NoSuchPrinciple {
        /// The number given.
        number: u8,
    },
    /// An event out of its stream's numbering.
    #[error(
        "expected event number {expected}, got {found}: audit a case's events in order, from 1"
    )]
    Sequence {
        /// The number due next.
        expected: u64,
        /// The number given.
        found: u64,
    },
    /// The case's events do not come in the order of a case ([X4]).
    ///
    /// [X4]: crate::requirements#X4
    #[error(transparent)]
    View(#[from] ViewError),
    /// The acknowledgement deadline could not be computed.
    #[error("the acknowledgement deadline cannot be computed: {0}")]
    Calendar(#[from] CalendarError),
    /// The SLA clocks could not be judged (rule 6).
    #[error("the SLA clocks cannot be judged: {0}")]
    Sla(#[from] SlaError),
    /// A case listed twice for the theme watch.
    #[error("case {id} is listed twice")]
    DuplicateCase {
        /// The case.
        id: ComplaintId,
    },
    /// A recurrence threshold below two cases.
    #[error("a theme recurs from 2 cases on; {recurs_at} cannot be the threshold")]
    Recurrence {
        /// The threshold given.
        recurs_at: usize,
    },
}

crate::refusal::refusals! { AuditError {
    NoSuchPrinciple { number } => "no_such_principle", "DE1";
    Sequence { expected, found } => "sequence_gap", "X4";
    DuplicateCase { id } => "duplicate_case", "DE3";
    Recurrence { recurs_at } => "recurrence_below_two", "DE3";
} wraps { View, Calendar, Sla } }

/// A concrete rule the audit checks, each serving one principle (DE2).
///
/// In JSON, its `snake_case` name: `"promises_kept"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Rule {
    /// 1: a named owner acknowledges the case within the SLA's acknowledgement target
    /// (CO1, SL3). Upheld on time, violated late, or when the customer withdraws or the
    /// case is referred past the target with nobody having acknowledged it.
    AcknowledgedInTime,
    /// 2: the customer gets options; only a manager or the owner refuses a demand, and
    /// always with alternatives (CO4).
    RefusedOnlyByManagers,
    /// 3: every promise is delivered by its date (PR1): kept early or kept upholds, a
    /// late delivery or a promise marked broken violates.
    PromisesKept,
    /// 4: at closing, the outcome met or exceeded what the customer expected (CU2,
    /// CO8). The customer's own verdict decides when given; otherwise the business's
    /// judgement of the delivery stands in (ME3).
    ExpectationMet,
    /// 5: every person an event names is a known member of staff, so every step is
    /// attributable (ST3).
    ActionsAttributable,
    /// 6: fail once, fail all (ME2): no step of the case failed. Any of these violates
    /// it for good: a promise delivered late or marked broken (PR1), an SLA clock
    /// breached (SL3, judged when the case ends: closing, withdrawal or referral), a
    /// reopening (CO7), a demand refused and the case left without an accepted
    /// alternative (the customer declined it, or the case closed or ended first,
    /// CO4). It is upheld at a closing after a delivery with none of them.
    RightFirstTime,
    /// 7: the team of whoever owns the case has an eNPS at or above the floor (ST5).
    TeamSatisfied,
    /// 8: the customer rates the case 4 or 5 at closing; without a rating, the packaged
    /// recovery (RE2) stands in (ME3): owned, no text for the customer naming the
    /// party recorded as the root cause, the customer's choice, delivered on time.
    CustomerSatisfied,
    /// 9: a case on a recurring theme finds an improvement item on that theme (ME4).
    RecurringThemeImproved,
    /// 10: the case is owned from acknowledgement on, and every handoff is made by the
    /// owner, to someone else, with a reason (CO6).
    HandoffsRecorded,
}

impl Rule {
    /// Every rule, in the order of the principles.
    pub const ALL: [Rule; 10] = [
        Rule::AcknowledgedInTime,
        Rule::RefusedOnlyByManagers,
        Rule::PromisesKept,
        Rule::ExpectationMet,
        Rule::ActionsAttributable,
        Rule::RightFirstTime,
        Rule::TeamSatisfied,
        Rule::CustomerSatisfied,
        Rule::RecurringThemeImproved,
        Rule::HandoffsRecorded,
    ];

    /// The principle it serves.
    pub const fn principle(self) -> Principle {
        match self {
            Rule::AcknowledgedInTime => Principle::CustomerFirst,
            Rule::RefusedOnlyByManagers => Principle::NothingImpossible,
            Rule::PromisesKept => Principle::KeepPromises,
            Rule::ExpectationMet => Principle::GiveWhatIsExpected,
            Rule::ActionsAttributable => Principle::YouMakeTheDifference,
            Rule::RightFirstTime => Principle::FailOnceFailAll,
            Rule::TeamSatisfied => Principle::HappyStaff,
            Rule::CustomerSatisfied => Principle::CustomerJudges,
            Rule::RecurringThemeImproved => Principle::AlwaysImprove,
            Rule::HandoffsRecorded => Principle::OneTeam,
        }
    }

    /// What the rule asks, in a line.
    pub const fn describe(self, language: Language) -> &'static str {
        let (english, spanish) = match self {
            Rule::AcknowledgedInTime => (
                "acknowledged by a named owner within the acknowledgement target",
                "acusado por un responsable con nombre dentro del plazo de acuse",
            ),
            Rule::RefusedOnlyByManagers => (
                "answered with options; refused only by a manager, with alternatives",
                "respondido con opciones; solo un responsable puede negarse, y con alternativas",
            ),
            Rule::PromisesKept => (
                "every promise delivered by its date",
                "cada promesa entregada en su fecha",
            ),
            Rule::ExpectationMet => (
                "the outcome met what the customer expected, in their own words when given",
                "el resultado cumplió lo que el cliente esperaba, según su palabra si la dio",
            ),
            Rule::ActionsAttributable => (
                "every step taken by a known member of staff",
                "cada paso lo dio alguien conocido del personal",
            ),
            Rule::RightFirstTime => (
                "no step failed: promises kept, SLA clocks met, never reopened, no refusal left without an accepted alternative",
                "ningún paso falló: promesas cumplidas, plazos del SLA respetados, sin reaperturas, ninguna negativa sin una alternativa aceptada",
            ),
            Rule::TeamSatisfied => (
                "owned by a team whose eNPS is at or above the floor",
                "a cargo de un equipo con un eNPS igual o superior al mínimo",
            ),
            Rule::CustomerSatisfied => (
                "rated 4 or 5 by the customer; unrated, a complete recovery",
                "valorado con 4 o 5 por el cliente; sin valoración, una recuperación completa",
            ),
            Rule::RecurringThemeImproved => (
                "a recurring theme has an improvement item",
                "un tema que se repite tiene una mejora en marcha",
            ),
            Rule::HandoffsRecorded => (
                "always owned; each handoff made by the owner, with a reason",
                "siempre con responsable; cada traspaso lo hace quien lo tiene, con un motivo",
            ),
        };
        pick(language, english, spanish)
    }
}

/// Where a principle stands in a case.
///
/// In JSON: `"pending"`, `"upheld"` or `"violated"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Judgement {
    /// Nothing in the record has decided it yet.
    Pending,
    /// The record honours it, so far.
    Upheld,
    /// The record breaks it. Final within the case (ME2).
    Violated,
}

impl Judgement {
    /// The word for it.
    pub const fn word(self, language: Language) -> &'static str {
        match self {
            Judgement::Pending => pick(language, "pending", "pendiente"),
            Judgement::Upheld => pick(language, "upheld", "cumplido"),
            Judgement::Violated => pick(language, "violated", "incumplido"),
        }
    }
}

impl fmt::Display for Judgement {
    /// `pending`, `upheld` or `violated`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word(Language::English))
    }
}

/// What a rule finds of a principle at an event: that the record holds to it, or
/// breaks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ruling {
    /// The record holds to the principle.
    Holds,
    /// The record breaks it.
    Breaks,
}

impl fmt::Display for Ruling {
    /// `holds` or `breaks`, as in the diagram.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Ruling::Holds => "holds",
            Ruling::Breaks => "breaks",
        })
    }
}

/// How a principle's judgement moves when a rule rules on it ([ME2]), as data ([X5]): a
/// ruling that holds upholds a pending or upheld principle, one that breaks violates
/// it, and nothing moves a violated principle. The audit follows this table, and the
/// diagram in the module docs is drawn from it.
///
/// [X5]: crate::requirements#X5
/// [ME2]: crate::requirements#ME2
pub const TRANSITIONS: &[Transition<Judgement, Ruling>] = &[
    Transition::new(Judgement::Pending, Ruling::Holds, Judgement::Upheld),
    Transition::new(Judgement::Pending, Ruling::Breaks, Judgement::Violated),
    Transition::new(Judgement::Upheld, Ruling::Holds, Judgement::Upheld),
    Transition::new(Judgement::Upheld, Ruling::Breaks, Judgement::Violated),
    Transition::new(Judgement::Violated, Ruling::Holds, Judgement::Violated),
    Transition::new(Judgement::Violated, Ruling::Breaks, Judgement::Violated),
];

/// What a finding rests on.
///
/// In JSON, tagged by `type`: `{"type": "event", "sequence": 4}`,
/// `{"type": "team", "lead": "…", "enps": {…}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Evidence {
    /// An event of the case, by its sequence number.
    Event {
        /// Its sequence number in the case's stream.
        sequence: u64,
    },
    /// A person an event names.
    Staff {
        /// Who.
        id: StaffId,
    },
    /// A team's eNPS ([ST5]).
    ///
    /// [ST5]: crate::requirements#ST5
    Team {
        /// The team's lead.
        lead: StaffId,
        /// Its eNPS.
        enps: Percent,
    },
    /// Another case on the same theme.
    Case {
        /// The case.
        id: ComplaintId,
    },
    /// An improvement item.
    Improvement {
        /// The item.
        id: ImprovementId,
    },
    /// An SLA clock of the case that was breached.
    Clock {
        /// Which clock.
        clock: Clock,
    },
}

impl Evidence {
    fn event(sequence: u64) -> Option<Evidence> {
        Some(Evidence::Event { sequence })
    }
}

/// A judgement on one principle in one case, with the rule and the evidence it rests
/// on ([DE2]).
///
/// In JSON: `{"principle": 3, "rule": "promises_kept", "judgement": "violated",
/// "evidence": [{"type": "event", "sequence": 6}, …]}`.
///
/// [DE2]: crate::requirements#DE2
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Finding {
    principle: Principle,
    rule: Rule,
    judgement: Judgement,
    #[cfg_attr(feature = "serde", serde(serialize_with = "present"))]
    evidence: [Option<Evidence>; 2],
}

#[cfg(feature = "serde")]
fn present<S: serde::Serializer>(
    evidence: &[Option<Evidence>; 2],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(evidence.iter().flatten())
}

impl Finding {
    fn new(rule: Rule, holds: bool, evidence: [Option<Evidence>; 2]) -> Self {
        Self {
            principle: rule.principle(),
            rule,
            judgement: if holds {
                Judgement::Upheld
            } else {
                Judgement::Violated
            },
            evidence,
        }
    }

    /// The principle judged.
    pub const fn principle(&self) -> Principle {
        self.principle
    }

    /// The rule applied.
    pub const fn rule(&self) -> Rule {
        self.rule
    }

    /// Upheld or violated; a finding is never pending.
    pub const fn judgement(&self) -> Judgement {
        self.judgement
    }

    /// What it rests on, in the order cited.
    pub fn evidence(&self) -> impl Iterator<Item = &Evidence> {
        self.evidence.iter().flatten()
    }

    /// The finding as a line in `language`, with people, cases and items by id:
    /// `3. Keep every promise: violated. Rule: every promise delivered by its date.
    /// Evidence: event 5, event 6.`
    pub fn describe(&self, language: Language) -> impl fmt::Display + '_ {
        Described {
            finding: self,
            language,
            directory: None,
        }
    }

    /// The same line with people by their names in `directory`.
    pub fn named<'a>(
        &'a self,
        language: Language,
        directory: &'a Directory,
    ) -> impl fmt::Display + 'a {
        Described {
            finding: self,
            language,
            directory: Some(directory),
        }
    }
}

struct Described<'a> {
    finding: &'a Finding,
    language: Language,
    directory: Option<&'a Directory>,
}

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (finding, language) = (self.finding, self.language);
        write!(
            f,
            "{}. {}: {}. {}: {}.",
            finding.principle.number(),
            finding.principle.title(language),
            finding.judgement.word(language),
            pick(language, "Rule", "Regla"),
            finding.rule.describe(language),
        )?;
        for (n, evidence) in finding.evidence().enumerate() {
            f.write_str(match n {
                0 => pick(language, " Evidence: ", " Pruebas: "),
                _ => ", ",
            })?;
            match evidence {
                Evidence::Event { sequence } => {
                    write!(f, "{} {sequence}", pick(language, "event", "evento"))?;
                }
                Evidence::Staff { id } => {
                    write!(f, "{}", Directory::name_or_id(self.directory, *id))?
                }
                Evidence::Team { lead, enps } => {
                    write!(
                        f,
                        "{}{}{}{enps}",
                        pick(language, "the team of ", "el equipo de "),
                        Directory::name_or_id(self.directory, *lead),
                        pick(language, " at eNPS ", " con eNPS "),
                    )?;
                }
                Evidence::Case { id } => write!(f, "{} {id}", pick(language, "case", "caso"))?,
                Evidence::Improvement { id } => {
                    write!(f, "{} {id}", pick(language, "improvement", "mejora"))?;
                }
                Evidence::Clock { clock } => {
                    let (english, spanish) = match clock {
                        Clock::Acknowledgement => ("acknowledgement", "acuse"),
                        Clock::FirstResponse => ("first response", "primera respuesta"),
                        Clock::NextResponse => ("next response", "siguiente respuesta"),
                        Clock::Resolution => ("resolution", "resolución"),
                    };
                    match language {
                        Language::English => write!(f, "the {english} clock, breached")?,
                        Language::Spanish => write!(f, "el plazo de {spanish}, incumplido")?,
                    }
                }
            }
        }
        if finding.evidence().next().is_some() {
            f.write_str(".")?;
        }
        Ok(())
    }
}

/// The themes of a period's cases and the improvement items that address them, for
/// rule 9 ([ME4]).
///
/// A theme recurs when at least `recurs_at` of the cases given are filed under it. An
/// improvement item addresses the themes of the feedback linked to it, while it is in
/// its cycle or once adopted; a dropped item addresses nothing until its next cycle.
///
/// It serialises, for inspection, as its four fields: `theme_of`, `cases`, `improving`
/// and `recurs_at`.
///
/// [ME4]: crate::requirements#ME4
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ThemeWatch {
    theme_of: BTreeMap<ComplaintId, Theme>,
    cases: BTreeMap<Theme, Vec<ComplaintId>>,
    improving: BTreeMap<Theme, ImprovementId>,
    recurs_at: usize,
}

impl Default for ThemeWatch {
    /// A watch over no cases, with the lowest threshold [`ThemeWatch::new`] takes: a
    /// theme recurs from two cases on.
    fn default() -> Self {
        Self {
            theme_of: BTreeMap::new(),
            cases: BTreeMap::new(),
            improving: BTreeMap::new(),
            recurs_at: 2,
        }
    }
}

impl ThemeWatch {
    /// Files the cases by theme and finds, for each theme, the improvement item with the
    /// lowest id that addresses it.
    ///
    /// # Errors
    /// [`AuditError::Recurrence`] for a threshold below 2;
    /// [`AuditError::DuplicateCase`] for a case listed twice.
    pub fn new(
        cases: &[CaseRecord],
        improvements: &[ImprovementState],
        feedback: &[Feedback],
        recurs_at: usize,
    ) -> Result<Self, AuditError> {
        if recurs_at < 2 {
            return Err(AuditError::Recurrence { recurs_at });
        }
        let mut watch = Self {
            recurs_at,
            ..Self::default()
        };
        for case in cases {
            if watch.theme_of.insert(case.id, case.theme.clone()).is_some() {
                return Err(AuditError::DuplicateCase { id: case.id });
            }
            watch
                .cases
                .entry(case.theme.clone())
                .or_default()
                .push(case.id);
        }
        watch.cases.values_mut().for_each(|ids| ids.sort_unstable());
        let themes: BTreeMap<FeedbackId, &Theme> = feedback
            .iter()
            .filter_map(|item| item.theme().map(|theme| (item.id(), theme)))
            .collect();
        for state in improvements {
            let status = state.status();
            let Some(item) = state.item() else { continue };
            if !(status.is_open() || status == ImprovementStatus::Adopted) {
                continue;
            }
            for link in item.feedback() {
                if let Some(theme) = themes.get(&link.feedback) {
                    let id = watch.improving.entry((*theme).clone()).or_insert(item.id());
                    *id = (*id).min(item.id());
                }
            }
        }
        Ok(watch)
    }

    /// The theme a case is filed under.
    pub fn theme_of(&self, case: ComplaintId) -> Option<&Theme> {
        self.theme_of.get(&case)
    }

    /// The cases filed under `theme`, by id.
    pub fn cases(&self, theme: &Theme) -> &[ComplaintId] {
        self.cases.get(theme).map_or(&[], Vec::as_slice)
    }

    /// Whether `theme` recurs.
    pub fn recurs(&self, theme: &Theme) -> bool {
        self.cases(theme).len() >= self.recurs_at
    }

    /// The improvement item with the lowest id that addresses `theme`.
    pub fn improvement(&self, theme: &Theme) -> Option<ImprovementId> {
        self.improving.get(theme).copied()
    }

    /// Themes that recur with no improvement item, by name, with their cases.
    pub fn unaddressed(&self) -> impl Iterator<Item = (&Theme, &[ComplaintId])> {
        self.cases
            .iter()
            .filter(|(theme, _)| self.recurs(theme) && self.improvement(theme).is_none())
            .map(|(theme, ids)| (theme, ids.as_slice()))
    }
}

/// What the audit needs besides a case's events, borrowed.
#[derive(Debug)]
pub struct AuditContext<'a, Tz: TimeZone> {
    /// The staff, as they were over the period audited (rules 2, 5, 7).
    pub directory: &'a Directory,
    /// The business calendar the SLA runs on (rule 1).
    pub calendar: &'a Calendar<Tz>,
    /// The period's eNPS per team (rule 7, [ST5]); empty leaves rule 7 pending.
    ///
    /// [ST5]: crate::requirements#ST5
    pub pulse: &'a TeamPulse,
    /// The least eNPS a team may have for rule 7 to hold.
    pub enps_floor: Percent,
    /// Themes and improvement items (rule 9); empty leaves rule 9 pending.
    pub themes: &'a ThemeWatch,
}

/// One case audited against the ten principles ([DE2]): a fold over its events.
///
/// Apply the case's events one at a time with [`CaseAudit::apply`], as they are
/// recorded, or all at once with [`CaseAudit::of`]; both give the same audit. Each
/// principle starts [`Judgement::Pending`]; an event that bears on it sets it upheld or
/// violated, with a [`Finding`]. A later upheld finding replaces an earlier one, and a
/// violation is never replaced: the principle stays violated for the rest of the case
/// ([ME2]). Folding an event without text allocates nothing but the runs its SLA clocks
/// keep (one each time a clock starts or resumes), which rule 6 judges when the case
/// ends; an event with text keeps what the customer was told, for rule 8.
///
/// [ME2]: crate::requirements#ME2
/// [DE2]: crate::requirements#DE2
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseAudit {
    facts: Option<CaseFacts>,
    /// The SLA clocks, for rule 6.
    clocks: Option<SlaClocks>,
    version: u64,
    acknowledge_by: Option<DateTime<Utc>>,
    chosen: Option<u64>,
    delivered: Option<u64>,
    /// A refusal whose alternatives the customer has not yet accepted, for rule 6.
    refused: Option<u64>,
    /// The texts the customer was given, and the root cause once recorded: a recovery
    /// that pointed a finger is not complete (rule 8, [RE2]).
    ///
    /// [RE2]: crate::requirements#RE2
    told: Vec<String>,
    root_cause: Option<RootCause>,
    findings: [Option<Finding>; 10],
}

impl Default for CaseAudit {
    fn default() -> Self {
        Self::new()
    }
}

impl CaseAudit {
    /// An audit before any event: every principle pending.
    pub const fn new() -> Self {
        Self {
            facts: None,
            clocks: None,
            version: 0,
            acknowledge_by: None,
            chosen: None,
            delivered: None,
            refused: None,
            told: Vec::new(),
            root_cause: None,
            findings: [None; 10],
        }
    }

    /// Audits a whole history.
    ///
    /// # Errors
    /// As [`CaseAudit::apply`], at the first event refused.
    pub fn of<'e, Tz: TimeZone>(
        events: impl IntoIterator<Item = &'e Envelope<ComplaintEvent>>,
        context: &AuditContext<'_, Tz>,
    ) -> Result<Self, AuditError> {
        let mut audit = Self::new();
        for envelope in events {
            audit.apply(envelope, context)?;
        }
        Ok(audit)
    }

    /// Folds the case's next event.
    ///
    /// # Errors
    /// [`AuditError::Sequence`] unless the event is numbered one after the last;
    /// [`AuditError::View`] when the first event is not the receipt, for a second
    /// receipt, or for an event earlier than the last; [`AuditError::Calendar`] when
    /// the acknowledgement deadline falls outside representable time. The audit is
    /// unchanged on error.
    pub fn apply<Tz: TimeZone>(
        &mut self,
        envelope: &Envelope<ComplaintEvent>,
        context: &AuditContext<'_, Tz>,
    ) -> Result<(), AuditError> {
        let expected = self.version + 1;
        if envelope.sequence != expected {
            return Err(AuditError::Sequence {
                expected,
                found: envelope.sequence,
            });
        }
        match (&self.facts, &envelope.event) {
            (None, ComplaintEvent::Received(receipt)) => {
                *self = <Self as CaseView<_>>::start(receipt, context)?;
                Ok(())
            }
            (None, _) => Err(ViewError::NotReceived.into()),
            (Some(_), event) => CaseView::apply(self, event, context),
        }
    }

    /// Records a finding, unless the principle is already violated ([ME2]).
    ///
    /// [ME2]: crate::requirements#ME2
    fn record(&mut self, finding: Finding) {
        if let Some(slot) = self.findings.get_mut(finding.principle.index()) {
            if slot.is_none_or(|standing| standing.judgement != Judgement::Violated) {
                *slot = Some(finding);
            }
        }
    }

    /// Rule 9, decided on receipt from what the host knows of the period.
    fn received<Tz: TimeZone>(
        &mut self,
        case: ComplaintId,
        sequence: u64,
        context: &AuditContext<'_, Tz>,
    ) {
        let themes = context.themes;
        let Some(theme) = themes.theme_of(case) else {
            return;
        };
        let receipt = Evidence::event(sequence);
        if let Some(id) = themes.improvement(theme) {
            let item = Some(Evidence::Improvement { id });
            self.record(Finding::new(
                Rule::RecurringThemeImproved,
                true,
                [receipt, item],
            ));
        } else if themes.recurs(theme) {
            let other = themes.cases(theme).iter().find(|other| **other != case);
            let other = other.map(|id| Evidence::Case { id: *id });
            self.record(Finding::new(
                Rule::RecurringThemeImproved,
                false,
                [receipt, other],
            ));
        }
    }

    /// Every rule an event after the receipt bears on. `owner` is who owned the case
    /// before the event.
    fn judge<Tz: TimeZone>(
        &mut self,
        sequence: u64,
        event: &ComplaintEvent,
        owner: Option<StaffId>,
        context: &AuditContext<'_, Tz>,
    ) {
        use ComplaintEvent as E;
        let this = Evidence::event(sequence);
        let directory = context.directory;
        let unknown = named(event)
            .into_iter()
            .flatten()
            .find(|id| directory.get(*id).is_none());
        if let Some(id) = unknown {
            let who = Some(Evidence::Staff { id });
            self.record(Finding::new(Rule::ActionsAttributable, false, [this, who]));
        }
        self.told.extend(event.customer_texts().map(str::to_owned));
        if let E::RootCauseRecorded { cause, .. } = event {
            self.root_cause = Some(cause.clone());
        }
        match event {
            E::Acknowledged { owner, at, .. } => {
                let on_time = self.acknowledge_by.is_none_or(|due| *at <= due);
                let receipt = Evidence::event(1);
                self.record(Finding::new(
                    Rule::AcknowledgedInTime,
                    on_time,
                    [receipt, this],
                ));
                if unknown.is_none() {
                    let who = Some(Evidence::Staff { id: *owner });
                    self.record(Finding::new(Rule::ActionsAttributable, true, [this, who]));
                }
                self.record(Finding::new(Rule::HandoffsRecorded, true, [this, None]));
                self.team(*owner, sequence, context);
            }
            E::Withdrawn { at, .. } | E::Referred { at, .. }
                if owner.is_none() && self.acknowledge_by.is_some_and(|due| *at > due) =>
            {
                let receipt = Evidence::event(1);
                self.record(Finding::new(
                    Rule::AcknowledgedInTime,
                    false,
                    [receipt, this],
                ));
            }
            E::ResolutionOffered { .. } | E::OfferApproved { .. } => {
                self.record(Finding::new(
                    Rule::RefusedOnlyByManagers,
                    true,
                    [this, None],
                ));
            }
            E::DemandRefused { by, .. } => {
                self.refused = Some(sequence);
                let manager = directory
                    .get(*by)
                    .is_some_and(|member| member.role() >= Role::Manager);
                let who = Some(Evidence::Staff { id: *by });
                self.record(Finding::new(
                    Rule::RefusedOnlyByManagers,
                    manager,
                    [this, who],
                ));
            }
            E::OptionChosen { .. } => {
                self.chosen = Some(sequence);
                self.refused = None;
            }
            E::OfferDeclined { .. }
            | E::ClosedUnanswered { .. }
            | E::Withdrawn { .. }
            | E::Referred { .. }
                if self.refused.is_some() =>
            {
                // ME2: a refusal whose alternatives were never accepted failed a step.
                let refusal = self.refused.take().and_then(Evidence::event);
                self.record(Finding::new(Rule::RightFirstTime, false, [refusal, this]));
            }
            E::Delivered { outcome, .. } => {
                let kept = *outcome != PromiseOutcome::Late;
                let chosen = self.chosen.and_then(Evidence::event);
                self.record(Finding::new(Rule::PromisesKept, kept, [chosen, this]));
                if !kept {
                    self.record(Finding::new(Rule::RightFirstTime, false, [chosen, this]));
                }
                self.delivered = Some(sequence);
            }
            E::PromiseBroken { .. } => {
                let chosen = self.chosen.and_then(Evidence::event);
                self.record(Finding::new(Rule::PromisesKept, false, [chosen, this]));
                self.record(Finding::new(Rule::RightFirstTime, false, [chosen, this]));
            }
            E::Closed { verdict, .. } => self.closed(sequence, verdict),
            E::Reopened { escalated_to, .. } => {
                self.record(Finding::new(Rule::RightFirstTime, false, [this, None]));
                if let Some(to) = escalated_to {
                    self.team(*to, sequence, context);
                }
            }
            E::Reassigned {
                from, to, reason, ..
            } => {
                let handed = owner == Some(*from) && from != to && !crate::text::is_blank(reason);
                let who = Some(Evidence::Staff { id: *from });
                self.record(Finding::new(Rule::HandoffsRecorded, handed, [this, who]));
                self.team(*to, sequence, context);
            }
            _ => {}
        }
    }

    /// Rules 4, 6 and 8 at a closing with the customer's verdict.
    fn closed(&mut self, sequence: u64, verdict: &crate::complaint::Verdict) {
        let this = Evidence::event(sequence);
        let delivered = self.delivered.and_then(Evidence::event);
        let Some(facts) = &self.facts else { return };
        let (reopened, internal_gap, outcome) =
            (facts.reopened(), facts.internal_gap(), facts.delivered());
        let recovered = facts.owner().is_some()
            && blamed(&self.told, self.root_cause.as_ref()).is_none()
            && self.chosen.is_some()
            && outcome.is_some_and(|outcome| outcome != PromiseOutcome::Late);
        // ME3: the customer's word first; the business's judgement of the delivery, with
        // the delivery as evidence, only without it.
        let gap = match (verdict.expectation, internal_gap) {
            (Some(gap), _) => Some((gap, None)),
            (None, Some(gap)) => Some((gap, delivered)),
            (None, None) => None,
        };
        if let Some((gap, also)) = gap {
            let met = gap != ExpectationGap::Below;
            self.record(Finding::new(Rule::ExpectationMet, met, [this, also]));
        }
        if reopened == 0 && outcome.is_some() {
            self.record(Finding::new(Rule::RightFirstTime, true, [this, None]));
        }
        let (satisfied, also) = match verdict.rating {
            Some(rating) => (rating.get() >= 4, None),
            None => (recovered, delivered),
        };
        self.record(Finding::new(
            Rule::CustomerSatisfied,
            satisfied,
            [this, also],
        ));
    }

    /// Rule 7 for a new owner: their team's eNPS, when the team answered.
    fn team<Tz: TimeZone>(
        &mut self,
        owner: StaffId,
        sequence: u64,
        context: &AuditContext<'_, Tz>,
    ) {
        let Some(lead) = context.directory.team_of(owner) else {
            return;
        };
        let Some(enps) = context.pulse.enps(lead) else {
            return;
        };
        let team = Some(Evidence::Team { lead, enps });
        let satisfied = enps >= context.enps_floor;
        let this = Evidence::event(sequence);
        self.record(Finding::new(Rule::TeamSatisfied, satisfied, [this, team]));
    }

    /// The case audited, once its receipt is in.
    pub fn case(&self) -> Option<ComplaintId> {
        self.facts.as_ref().map(CaseFacts::id)
    }

    /// The number of the last event audited; 0 before any.
    pub const fn version(&self) -> u64 {
        self.version
    }

    /// The metrics' view of the case, once its receipt is in.
    pub const fn facts(&self) -> Option<&CaseFacts> {
        self.facts.as_ref()
    }

    /// Where `principle` stands.
    pub fn judgement(&self, principle: Principle) -> Judgement {
        self.finding(principle)
            .map_or(Judgement::Pending, |finding| finding.judgement)
    }

    /// The finding `principle` stands on, once judged.
    pub fn finding(&self, principle: Principle) -> Option<&Finding> {
        self.findings.get(principle.index())?.as_ref()
    }

    /// Every finding, in the order of the principles.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().flatten()
    }

    /// The case's outcome, its weakest judged principle ([ME2]): violated when any
    /// principle is; upheld when none is and at least one is upheld; pending when
    /// nothing has been judged. Principles still pending do not count.
    ///
    /// [ME2]: crate::requirements#ME2
    pub fn outcome(&self) -> Judgement {
        let mut outcome = Judgement::Pending;
        for finding in self.findings() {
            match finding.judgement {
                Judgement::Violated => return Judgement::Violated,
                Judgement::Upheld => outcome = Judgement::Upheld,
                Judgement::Pending => {}
            }
        }
        outcome
    }
}

/// The audit as a view of a case's events: it starts from the receipt with the
/// acknowledgement deadline and rule 9, and folds the facts and the clocks it holds
/// without checking the order again.
impl<'a, Tz: TimeZone> CaseView<AuditContext<'a, Tz>> for CaseAudit {
    type Error = AuditError;

    fn start(
        receipt: &crate::complaint::Receipt,
        context: &AuditContext<'a, Tz>,
    ) -> Result<Self, AuditError> {
        let mut audit = Self::new();
        audit.acknowledge_by = match receipt.sla.targets.get(Clock::Acknowledgement) {
            Some(budget) => Some(context.calendar.add(receipt.at, budget)?),
            None => None,
        };
        audit.facts = Some(CaseFacts::start(receipt));
        audit.clocks = Some(SlaClocks::start(receipt));
        audit.version = 1;
        audit.received(receipt.id, 1, context);
        Ok(audit)
    }

    fn latest(&self) -> DateTime<Utc> {
        self.facts
            .as_ref()
            .map_or(DateTime::<Utc>::MIN_UTC, CaseView::latest)
    }

    fn fold(
        &mut self,
        event: &ComplaintEvent,
        context: &AuditContext<'a, Tz>,
        order: InOrder,
    ) -> Result<(), AuditError> {
        let sequence = self.version + 1;
        let Some(facts) = &mut self.facts else {
            return Err(ViewError::NotReceived.into());
        };
        // Judged once a case ends, and only while rule 6 still stands: a case closed and
        // reopened many times costs one report, not one per closing.
        let standing = self.findings.get(Principle::FailOnceFailAll.index());
        let violated = standing
            .and_then(Option::as_ref)
            .is_some_and(|finding| finding.judgement == Judgement::Violated);
        let judged = ends_case(event) && !violated;
        let breached = match judged {
            true => breached(self.clocks.as_ref(), event.at(), context.calendar)?,
            false => None,
        };
        let owner = facts.owner();
        // Neither fold can fail once the order is proven, so the audit changes only
        // after every check above has passed.
        facts.fold(event, &(), order)?;
        if let Some(clocks) = &mut self.clocks {
            clocks.fold(event, &(), order)?;
        }
        self.judge(sequence, event, owner, context);
        if let Some(clock) = breached {
            let breach = Some(Evidence::Clock { clock });
            let this = Evidence::event(sequence);
            self.record(Finding::new(Rule::RightFirstTime, false, [this, breach]));
        }
        self.version = sequence;
        Ok(())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for CaseAudit {
    /// `{"case": "…" | null, "version": 9, "outcome": "violated", "findings": […]}`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut audit = serializer.serialize_struct("CaseAudit", 4)?;
        audit.serialize_field("case", &self.case())?;
        audit.serialize_field("version", &self.version)?;
        audit.serialize_field("outcome", &self.outcome())?;
        audit.serialize_field("findings", &self.findings)?;
        audit.end()
    }
}

/// Whether `event` ends the case, so that its SLA clocks are judged (rule 6).
fn ends_case(event: &ComplaintEvent) -> bool {
    use ComplaintEvent as E;
    matches!(
        event,
        E::Closed { .. } | E::ClosedUnanswered { .. } | E::Withdrawn { .. } | E::Referred { .. }
    )
}

/// The first clock breached by `at`, judged before the event at `at` folds in: an
/// ending event only stops the clocks at its instant, so the verdict is the same.
fn breached<Tz: TimeZone>(
    clocks: Option<&SlaClocks>,
    at: DateTime<Utc>,
    calendar: &Calendar<Tz>,
) -> Result<Option<Clock>, AuditError> {
    let Some(clocks) = clocks else {
        return Ok(None);
    };
    match clocks.report(calendar, at) {
        Ok(report) => Ok(report.first_breached()),
        // Unreachable once `in_order` has passed; answered in the order's own words
        // rather than assumed away.
        Err(SlaError::BeforeLatest { at, latest }) => {
            Err(ViewError::OutOfOrder { at, latest }.into())
        }
        Err(other) => Err(AuditError::Sla(other)),
    }
}

/// Everyone an event names, for rule 5.
fn named(event: &ComplaintEvent) -> [Option<StaffId>; 2] {
    use ComplaintEvent as E;
    match event {
        E::Acknowledged { owner: by, .. }
        | E::InvestigationStarted { by, .. }
        | E::CustomerAsked { by, .. }
        | E::ResolutionOffered { by, .. }
        | E::OfferApproved { approver: by, .. }
        | E::ApprovalDeclined { approver: by, .. }
        | E::DemandRefused { by, .. }
        | E::ClosedUnanswered { by, .. }
        | E::Delivered { by, .. }
        | E::PromiseBroken { by, .. }
        | E::MessageSent { by, .. }
        | E::RootCauseRecorded { by, .. }
        | E::AbuseFlagged { by, .. } => [Some(*by), None],
        E::ApprovalRequested {
            by, escalated_to, ..
        } => [Some(*by), Some(*escalated_to)],
        E::Reassigned { from, to, .. } => [Some(*from), Some(*to)],
        E::Reopened { escalated_to, .. } => [*escalated_to, None],
        E::Received(_)
        | E::CustomerWrote { .. }
        | E::OptionChosen { .. }
        | E::OfferDeclined { .. }
        | E::PromiseRenegotiated { .. }
        | E::Closed { .. }
        | E::Withdrawn { .. }
        | E::Referred { .. } => [None, None],
    }
}
