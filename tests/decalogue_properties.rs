//! Properties of the audit (DE2, ME2) and the scorecard (DE3) over arbitrary records:
//! histories of any events in any order, by known and unknown people, as an import
//! could hold them.
//!
//! - Auditing one event at a time, resuming a stored audit part-way, and auditing the
//!   whole history give the same audit.
//! - A violated principle stays violated, on the same finding, for the rest of the case.
//! - The scorecard's grade is never above any principle's compliance, and is one of
//!   them.

mod common;

use chrono::Utc;
use common::*;
use customer_care::calendar::Calendar;
use customer_care::complaint::*;
use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation, ExpectationGap};
use customer_care::decalogue::*;
use customer_care::feedback::Theme;
use customer_care::feedback::review::CaseRecord;
use customer_care::id::{ComplaintId, StaffId};
use customer_care::metrics::{Percent, TeamPulse};
use customer_care::promise::PromiseOutcome;
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{Priority, SlaPolicy};
use customer_care::stream::Envelope;
use proptest::prelude::*;
use uuid::Uuid;

const PEOPLE: [StaffId; 6] = [
    OLGA,
    MARTA,
    SOFIA,
    ANA,
    LUIS,
    StaffId::from_uuid(Uuid::from_u128(66)),
];

fn case_id(n: u128) -> ComplaintId {
    ComplaintId::from_uuid(Uuid::from_u128(100 + n))
}

/// One step of a history: which event, who, a small parameter, and hours later.
#[derive(Debug, Clone, Copy)]
struct Step {
    kind: u8,
    who: usize,
    other: usize,
    param: u8,
    hours: i64,
}

fn step() -> impl Strategy<Value = Step> {
    (0u8..14, 0..PEOPLE.len(), 0..PEOPLE.len(), 0u8..12, 0i64..8).prop_map(
        |(kind, who, other, param, hours)| Step {
            kind,
            who,
            other,
            param,
            hours,
        },
    )
}

fn history() -> impl Strategy<Value = Vec<Envelope<ComplaintEvent>>> {
    (0u128..4, prop::collection::vec(step(), 0..30)).prop_map(|(case, steps)| build(case, &steps))
}

fn build(case: u128, steps: &[Step]) -> Vec<Envelope<ComplaintEvent>> {
    let mut at = 0;
    let mut events = vec![ComplaintEvent::Received(Receipt {
        id: case_id(case),
        customer: Customer::anonymous(CustomerKind::External),
        summary: "the toaster burns one side".into(),
        expectation: Expectation::new(Some(Remedy::new(RemedyKind::Refund, eur(40))), Some(h(72))),
        entitlement: Entitlement::default(),
        follows: None,
        sla: SlaPolicy::default().terms(Priority::Normal),
        at: h(0),
    })];
    for step in steps {
        at += step.hours;
        let (by, other) = (PEOPLE[step.who], PEOPLE[step.other]);
        let outcomes = [
            PromiseOutcome::KeptEarly,
            PromiseOutcome::Kept,
            PromiseOutcome::Late,
        ];
        let gaps = [
            None,
            Some(ExpectationGap::Below),
            Some(ExpectationGap::Met),
            Some(ExpectationGap::Exceeded),
        ];
        let event = match step.kind {
            0 => ComplaintEvent::Acknowledged {
                owner: by,
                message: message("ours to fix", h(at + 4)),
                at: h(at),
            },
            1 => ComplaintEvent::InvestigationStarted { by, at: h(at) },
            2 => ComplaintEvent::ResolutionOffered {
                by,
                options: options(vec![
                    refund(40, at + 10, at + 40),
                    refund(20, at + 10, at + 40),
                ]),
                at: h(at),
            },
            3 => ComplaintEvent::DemandRefused {
                by,
                reason: "out of warranty".into(),
                alternatives: options(vec![refund(20, at + 10, at + 40)]),
                at: h(at),
            },
            4 => ComplaintEvent::OptionChosen {
                option: usize::from(step.param % 3),
                at: h(at),
            },
            5 => ComplaintEvent::Delivered {
                by,
                outcome: outcomes[usize::from(step.param % 3)],
                at: h(at),
            },
            6 => ComplaintEvent::PromiseBroken { by, at: h(at) },
            7 => ComplaintEvent::Closed {
                verdict: Verdict {
                    rating: (step.param % 6 > 0)
                        .then(|| Satisfaction::try_from(step.param % 6).unwrap()),
                    expectation: gaps[usize::from(step.param % 4)],
                },
                at: h(at),
            },
            8 => ComplaintEvent::Reopened {
                reason: "again".into(),
                escalated_to: (step.param % 2 == 0).then_some(other),
                at: h(at),
            },
            9 => ComplaintEvent::Reassigned {
                from: by,
                to: other,
                reason: if step.param % 3 == 0 {
                    " "
                } else {
                    "shift ends"
                }
                .into(),
                at: h(at),
            },
            10 => ComplaintEvent::MessageSent {
                by,
                message: message("on its way", h(at + 4)),
                at: h(at),
            },
            11 => ComplaintEvent::CustomerWrote {
                text: "any news?".into(),
                at: h(at),
            },
            12 => ComplaintEvent::Withdrawn {
                reason: "never mind".into(),
                at: h(at),
            },
            _ => ComplaintEvent::Referred {
                body: "the consumer arbitration board".into(),
                at: h(at),
            },
        };
        events.push(event);
    }
    numbered(events)
}

struct Setting {
    org: customer_care::empowerment::Organisation,
    calendar: Calendar<Utc>,
    pulse: TeamPulse,
    themes: ThemeWatch,
}

/// Sofía's team is unhappy, Marta's and Olga's are content; cases 0–2 share a theme.
fn setting() -> Setting {
    let theme = Theme::try_new("toasters").unwrap();
    let records: Vec<_> = (0..3)
        .map(|n| CaseRecord {
            id: case_id(n),
            theme: theme.clone(),
            received_at: h(0),
            resolved: None,
            breached_at: None,
        })
        .collect();
    Setting {
        org: shop(),
        calendar: around_the_clock(),
        pulse: TeamPulse::tally([(SOFIA, 2), (SOFIA, 9), (MARTA, 9), (OLGA, 10)]).unwrap(),
        themes: ThemeWatch::new(&records, &[], &[], 3).unwrap(),
    }
}

impl Setting {
    fn context(&self) -> AuditContext<'_, Utc> {
        AuditContext {
            directory: self.org.staff(),
            calendar: &self.calendar,
            pulse: &self.pulse,
            enps_floor: Percent::ZERO,
            themes: &self.themes,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn de2_incremental_resumed_and_whole_history_audits_agree(
        events in history(),
        split in any::<prop::sample::Index>(),
    ) {
        let setting = setting();
        let context = setting.context();
        let whole = CaseAudit::of(&events, &context).unwrap();

        let mut live = CaseAudit::new();
        for envelope in &events {
            live.apply(envelope, &context).unwrap();
        }
        prop_assert_eq!(&live, &whole);

        // An audit stored after `split` events and resumed later.
        let split = split.index(events.len() + 1);
        let stored = CaseAudit::of(&events[..split], &context).unwrap();
        let mut resumed = stored.clone();
        for envelope in &events[split..] {
            resumed.apply(envelope, &context).unwrap();
        }
        prop_assert_eq!(&resumed, &whole);
        prop_assert_eq!(whole.version(), events.len() as u64);
    }

    #[test]
    fn me2_a_violated_principle_never_returns_within_a_case(events in history()) {
        let setting = setting();
        let context = setting.context();
        let mut audit = CaseAudit::new();
        let mut violated: Vec<(Principle, Finding)> = Vec::new();
        for envelope in &events {
            let before = audit.clone();
            audit.apply(envelope, &context).unwrap();
            // Every move follows the published table (X5); no ruling, no move.
            for principle in Principle::ALL {
                let (from, to) = (before.judgement(principle), audit.judgement(principle));
                let ruled = customer_care::decalogue::TRANSITIONS.iter().any(|t| t.from == from && t.to == to);
                prop_assert!(ruled || from == to, "{principle}: {from} -> {to}");
            }
            for (principle, finding) in &violated {
                prop_assert_eq!(audit.judgement(*principle), Judgement::Violated);
                prop_assert_eq!(audit.finding(*principle), Some(finding));
            }
            for principle in Principle::ALL {
                if audit.judgement(principle) == Judgement::Violated
                    && !violated.iter().any(|(p, _)| *p == principle)
                {
                    violated.push((principle, *audit.finding(principle).unwrap()));
                }
            }
            // The case's outcome is its weakest judged principle.
            let any_violated = Principle::ALL.iter().any(|p| audit.judgement(*p) == Judgement::Violated);
            let any_upheld = Principle::ALL.iter().any(|p| audit.judgement(*p) == Judgement::Upheld);
            let expected = if any_violated {
                Judgement::Violated
            } else if any_upheld {
                Judgement::Upheld
            } else {
                Judgement::Pending
            };
            prop_assert_eq!(audit.outcome(), expected);
        }
    }

    #[test]
    fn de3_the_grade_is_never_above_any_principles_compliance(
        histories in prop::collection::vec(history(), 0..12),
    ) {
        let setting = setting();
        let context = setting.context();
        let audits: Vec<_> = histories
            .iter()
            .map(|events| CaseAudit::of(events, &context).unwrap())
            .collect();
        let card = Scorecard::of(&audits);
        prop_assert_eq!(card.cases(), audits.len() as u64);
        let failed = audits.iter().filter(|a| a.outcome() == Judgement::Violated).count();
        prop_assert_eq!(card.failed(), failed as u64);
        match card.grade() {
            None => {
                for principle in Principle::ALL {
                    prop_assert_eq!(card.compliance(principle), None);
                }
            }
            Some(grade) => {
                prop_assert_eq!(card.compliance(grade.principle), Some(grade.compliance));
                for principle in Principle::ALL {
                    if let Some(compliance) = card.compliance(principle) {
                        prop_assert!(grade.compliance <= compliance, "{principle}");
                    }
                }
            }
        }
    }
}
