//! The scorecard over many audited cases ([DE3]), and goals that ratchet ([ME4]).
//!
//! [ME4]: crate::requirements#ME4
//! [DE3]: crate::requirements#DE3

use super::audit::{CaseAudit, Judgement};
use super::{Language, Principle, pick};
use crate::metrics::{Goal, Percent};
use core::fmt;

/// How one principle fared across the cases of a scorecard.
///
/// In JSON: `{"upheld": 18, "violated": 2, "pending": 0}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Line {
    /// Cases that honour it.
    pub upheld: u64,
    /// Cases that break it.
    pub violated: u64,
    /// Cases where nothing has decided it.
    pub pending: u64,
}

impl Line {
    /// Compliance: 100 × upheld / (upheld + violated); `None` when no case was judged
    /// on it. Pending cases do not count.
    pub fn compliance(&self) -> Option<Percent> {
        Percent::of(self.upheld, self.upheld + self.violated)
    }
}

/// The weakest principle and its compliance: the scorecard's grade ([ME2], [DE3]).
///
/// [ME2]: crate::requirements#ME2
/// [DE3]: crate::requirements#DE3
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Grade {
    /// The principle with the lowest compliance; the lowest-numbered one on a tie.
    pub principle: Principle,
    /// Its compliance.
    pub compliance: Percent,
}

/// The audits of many cases added up ([DE3]): compliance per principle, and a grade that
/// is the weakest principle's compliance, never an average ([ME2]).
///
/// A case passes when its [`CaseAudit::outcome`] is upheld and fails when it is
/// violated: one broken principle fails the whole case.
///
/// In JSON: `{"cases": 20, "passed": 12, "failed": 8, "lines": [{…}, …]}`, with the
/// ten lines in the order of the principles.
///
/// [ME2]: crate::requirements#ME2
/// [DE3]: crate::requirements#DE3
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Scorecard {
    cases: u64,
    passed: u64,
    failed: u64,
    lines: [Line; 10],
}

impl Scorecard {
    /// A scorecard of no cases.
    pub fn new() -> Self {
        Self::default()
    }

    /// The scorecard of `audits`.
    pub fn of<'a>(audits: impl IntoIterator<Item = &'a CaseAudit>) -> Self {
        let mut card = Self::new();
        audits.into_iter().for_each(|audit| card.add(audit));
        card
    }

    /// Adds one case.
    pub fn add(&mut self, audit: &CaseAudit) {
        self.cases += 1;
        match audit.outcome() {
            Judgement::Upheld => self.passed += 1,
            Judgement::Violated => self.failed += 1,
            Judgement::Pending => {}
        }
        for (principle, line) in Principle::ALL.into_iter().zip(&mut self.lines) {
            match audit.judgement(principle) {
                Judgement::Upheld => line.upheld += 1,
                Judgement::Violated => line.violated += 1,
                Judgement::Pending => line.pending += 1,
            }
        }
    }

    /// Cases added.
    pub const fn cases(&self) -> u64 {
        self.cases
    }

    /// Cases with at least one principle upheld and none violated.
    pub const fn passed(&self) -> u64 {
        self.passed
    }

    /// Cases with a principle violated.
    pub const fn failed(&self) -> u64 {
        self.failed
    }

    /// 100 × passed / (passed + failed); `None` when no case was judged ([ME2]).
    ///
    /// [ME2]: crate::requirements#ME2
    pub fn pass_rate(&self) -> Option<Percent> {
        Percent::of(self.passed, self.passed + self.failed)
    }

    /// How `principle` fared.
    pub fn line(&self, principle: Principle) -> Line {
        self.lines
            .get(principle.index())
            .copied()
            .unwrap_or_default()
    }

    /// The compliance with `principle`; `None` when no case was judged on it.
    pub fn compliance(&self, principle: Principle) -> Option<Percent> {
        self.line(principle).compliance()
    }

    /// The grade: the weakest principle's compliance ([ME2], [DE3]); `None` when no
    /// principle was judged in any case.
    ///
    /// [ME2]: crate::requirements#ME2
    /// [DE3]: crate::requirements#DE3
    pub fn grade(&self) -> Option<Grade> {
        Principle::ALL
            .into_iter()
            .filter_map(|principle| {
                self.compliance(principle).map(|compliance| Grade {
                    principle,
                    compliance,
                })
            })
            .min_by_key(|grade| grade.compliance)
    }

    /// The scorecard as an aligned table in `language`, with each principle's goal
    /// beside it when `goals` are given.
    pub fn table<'a>(
        &'a self,
        language: Language,
        goals: Option<&'a Goals>,
    ) -> impl fmt::Display + 'a {
        Table {
            card: self,
            language,
            goals,
        }
    }
}

struct Table<'a> {
    card: &'a Scorecard,
    language: Language,
    goals: Option<&'a Goals>,
}

impl fmt::Display for Table<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Table {
            card,
            language,
            goals,
        } = *self;
        let text = |english, spanish| pick(language, english, spanish);
        let width = Principle::ALL
            .iter()
            .map(|principle| principle.title(language).chars().count())
            .max()
            .unwrap_or(0);
        let heads = [
            text("Upheld", "Cumplidos"),
            text("Violated", "Incumplidos"),
            text("Pending", "Pendientes"),
            text("Compliance", "Cumplimiento"),
        ];
        let [upheld_w, violated_w, pending_w, compliance_w] = heads.map(|h| h.chars().count());
        write!(
            f,
            "{:>2}  {:<width$}  {}  {}  {}  {}",
            "#",
            text("Principle", "Principio"),
            heads[0],
            heads[1],
            heads[2],
            heads[3],
        )?;
        if goals.is_some() {
            write!(f, "  {}", text("Goal", "Meta"))?;
        }
        writeln!(f)?;
        let dash = "—";
        for principle in Principle::ALL {
            let line = card.line(principle);
            let compliance = line.compliance();
            let shown = compliance.map_or_else(|| dash.to_owned(), |c| c.to_string());
            write!(
                f,
                "{:>2}  {:<width$}  {:>upheld_w$}  {:>violated_w$}  {:>pending_w$}  {:>compliance_w$}",
                principle.number(),
                principle.title(language),
                line.upheld,
                line.violated,
                line.pending,
                shown,
            )?;
            if let Some(goals) = goals {
                match goals.get(principle) {
                    Some(goal) => {
                        let verdict = match compliance {
                            Some(c) if goal.is_met(c) => text("met", "cumplida"),
                            Some(_) => text("missed", "no cumplida"),
                            None => text("not measured", "sin medir"),
                        };
                        write!(f, "  {} {verdict}", goal.floor())?;
                    }
                    None => write!(f, "  {dash}")?,
                }
            }
            writeln!(f)?;
        }
        match card.grade() {
            Some(grade) => writeln!(
                f,
                "{}: {} ({}. {})",
                text(
                    "Grade, the weakest principle",
                    "Nota, el principio más débil"
                ),
                grade.compliance,
                grade.principle.number(),
                grade.principle.title(language),
            )?,
            None => writeln!(f, "{}: {dash}", text("Grade", "Nota"))?,
        }
        let rate = card
            .pass_rate()
            .map_or_else(|| dash.to_owned(), |rate| rate.to_string());
        write!(
            f,
            "{}: {} {} {} ({rate})",
            text(
                "Cases with no principle violated",
                "Casos sin ningún principio incumplido"
            ),
            card.passed,
            text("of", "de"),
            card.passed + card.failed,
        )
    }
}

/// A goal per principle (ME4), ratcheting: each period a goal is met, what was
/// achieved becomes the next period's floor.
///
/// In JSON: `{"floors": [null, {"floor": {…}}, …]}`, ten entries in the order of the
/// principles.
///
/// ```
/// use customer_care::decalogue::{Principle, Scorecard, Goals};
/// use customer_care::metrics::{Percent, Goal};
///
/// let mut goals = Goals::new();
/// goals.set(Principle::KeepPromises, Goal::try_new(Percent::of(9, 10).unwrap())?);
/// let empty = Scorecard::new();
/// assert_eq!(goals.next(&empty), goals); // nothing measured: nothing moves
/// # Ok::<(), customer_care::metrics::MetricsError>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Goals {
    floors: [Option<Goal>; 10],
}

impl Goals {
    /// No goals.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the goal of `principle`.
    pub fn set(&mut self, principle: Principle, goal: Goal) -> &mut Self {
        if let Some(slot) = self.floors.get_mut(principle.index()) {
            *slot = Some(goal);
        }
        self
    }

    /// The goal of `principle`, if set.
    pub fn get(&self, principle: Principle) -> Option<Goal> {
        self.floors.get(principle.index()).copied().flatten()
    }

    /// The principles whose goal `card` misses: measured and below the floor.
    pub fn missed<'a>(&'a self, card: &'a Scorecard) -> impl Iterator<Item = Principle> + 'a {
        Principle::ALL.into_iter().filter(move |principle| {
            let goal = self.get(*principle);
            let compliance = card.compliance(*principle);
            matches!((goal, compliance), (Some(t), Some(c)) if !t.is_met(c))
        })
    }

    /// Next period's goals ([ME4]): each goal `card` met rises to the compliance
    /// achieved; the rest stay as they are.
    ///
    /// [ME4]: crate::requirements#ME4
    pub fn next(&self, card: &Scorecard) -> Goals {
        let mut next = *self;
        for principle in Principle::ALL {
            if let Some(goal) = self.get(principle) {
                next.set(principle, goal.next(card.compliance(principle)));
            }
        }
        next
    }
}
