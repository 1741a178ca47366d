//! Model-based test of the improvement cycle (proptest-state-machine): a small
//! reference model of the rules and the decider must agree on accepting or refusing
//! every command of random sequences up to 60 long, and every accepted command must
//! move along the transition table (X5, FB2). Checked after every step: the status, the
//! cycle and the notices owed are the model's (FB3); an adopted change that affects
//! customers had them heard (FB5); folding the events gives the live state (X4); a
//! refusal changes nothing (X2).
//!
//! Six people give feedback: 0 an anonymous bystander, 1 and 5 named customers, 2 a
//! named employee, 3 an anonymous former customer, 4 a named prospect.

use chrono::{DateTime, Duration, TimeZone, Utc};
use customer_care::customer::{Customer, CustomerKind};
use customer_care::diagram::allows;
use customer_care::feedback::improvement::*;
use customer_care::id::{CustomerId, FeedbackId, ImprovementId, StaffId};
use customer_care::stream::{CommandMeta, Decider, EventStream};
use proptest::prelude::*;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

use ImprovementStatus as St;

const PEOPLE: usize = 6;

fn person(who: usize) -> Customer {
    let id = CustomerId::from_uuid(Uuid::from_u128(who as u128 + 1));
    match who {
        0 => Customer::anonymous(CustomerKind::Other),
        2 => Customer::identified(CustomerKind::Internal, id),
        3 => Customer::anonymous(CustomerKind::Former),
        4 => Customer::identified(CustomerKind::Prospect, id),
        _ => Customer::identified(CustomerKind::External, id),
    }
}

/// Whether `who` is a customer's voice (FB5): the former customer, the prospect and the
/// two customers.
fn is_customer(who: usize) -> bool {
    matches!(who, 1 | 3 | 4 | 5)
}

fn is_named(who: usize) -> bool {
    !matches!(who, 0 | 3)
}

fn link(feedback: usize, who: usize) -> Link {
    Link {
        feedback: FeedbackId::from_uuid(Uuid::from_u128(100 + feedback as u128)),
        from: person(who),
    }
}

fn t(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap() + Duration::hours(hours)
}

#[derive(Debug, Clone)]
enum Step {
    /// Whether it affects customers; the feedback as (feedback, person).
    Propose(bool, Vec<(usize, usize)>),
    Link(usize, usize),
    /// Whether the summary is blank.
    Consult(bool),
    /// Whether the action is blank.
    Plan(bool),
    Start,
    /// Before, after, higher is better, blank measure.
    Check(i64, i64, bool, bool),
    Adopt,
    /// Whether the reason is blank.
    Drop(bool),
    NewCycle,
    SendNotice(usize),
}

#[derive(Debug, Clone)]
struct Timed {
    step: Step,
    dt: i64,
}

#[derive(Debug, Clone)]
struct Model {
    status: ImprovementStatus,
    now: i64,
    affects: bool,
    /// Linked feedback: feedback number to person.
    linked: BTreeMap<usize, usize>,
    consulted: bool,
    improved: bool,
    cycle: u32,
    /// People owed a notice of the adoption, and whether it was sent.
    notices: BTreeMap<usize, bool>,
    last_accepted: bool,
}

impl Model {
    fn active(&self) -> bool {
        matches!(
            self.status,
            St::Proposed | St::Planned | St::Doing | St::Checking
        )
    }

    /// The model after `timed`, or `None` if the rules refuse it.
    fn step(&self, timed: &Timed) -> Option<Model> {
        let mut next = Model {
            last_accepted: true,
            ..self.clone()
        };
        if self.status != St::NotProposed {
            if timed.dt < 0 {
                return None;
            }
            next.now = self.now + timed.dt;
        }
        match (&timed.step, self.status) {
            (Step::Propose(affects, feedback), St::NotProposed) => {
                let ids: BTreeSet<usize> = feedback.iter().map(|(f, _)| *f).collect();
                if ids.len() < feedback.len() {
                    return None;
                }
                next.status = St::Proposed;
                next.affects = *affects;
                next.linked = feedback.iter().copied().collect();
                next.cycle = 1;
            }
            (Step::Link(feedback, who), _) if self.active() => {
                if self.linked.contains_key(feedback) {
                    return None;
                }
                next.linked.insert(*feedback, *who);
            }
            (Step::Consult(blank), _) if self.active() && !blank => next.consulted = true,
            (Step::Drop(blank), _) if self.active() && !blank => next.status = St::Dropped,
            (Step::Plan(false), St::Proposed) => next.status = St::Planned,
            (Step::Start, St::Planned) => next.status = St::Doing,
            (Step::Check(before, after, higher, false), St::Doing) => {
                next.status = St::Checking;
                next.improved = if *higher {
                    after > before
                } else {
                    after < before
                };
            }
            (Step::Adopt, St::Checking) => {
                let heard = self.consulted || self.linked.values().any(|w| is_customer(*w));
                if !self.improved || (self.affects && !heard) {
                    return None;
                }
                next.status = St::Adopted;
                next.notices = (self.linked.values())
                    .filter(|w| is_named(**w))
                    .map(|w| (*w, false))
                    .collect();
            }
            (Step::SendNotice(who), St::Adopted) => match self.notices.get(who) {
                Some(false) => {
                    next.notices.insert(*who, true);
                }
                _ => return None,
            },
            (Step::NewCycle, St::Adopted) if self.notices.values().all(|sent| *sent) => {
                next.status = St::Proposed;
                next.cycle += 1;
                next.notices.clear();
            }
            (Step::NewCycle, St::Dropped) => {
                next.status = St::Proposed;
                next.cycle += 1;
            }
            _ => return None,
        }
        Some(next)
    }
}

fn who() -> impl Strategy<Value = usize> {
    0..PEOPLE
}

fn any_step() -> BoxedStrategy<Step> {
    let blank = prop_oneof![9 => Just(false), 1 => Just(true)];
    prop_oneof![
        (
            any::<bool>(),
            prop::collection::vec((0usize..8, who()), 0..4)
        )
            .prop_map(|(a, f)| Step::Propose(a, f)),
        (0usize..8, who()).prop_map(|(f, w)| Step::Link(f, w)),
        blank.clone().prop_map(Step::Consult),
        blank.clone().prop_map(Step::Plan),
        Just(Step::Start),
        (0i64..4, 0i64..4, any::<bool>(), blank.clone())
            .prop_map(|(b, a, h, blank)| Step::Check(b, a, h, blank)),
        Just(Step::Adopt),
        blank.prop_map(Step::Drop),
        Just(Step::NewCycle),
        who().prop_map(Step::SendNotice),
    ]
    .boxed()
}

/// Steps that usually move the item on from `status`, so that sequences reach
/// adoption and new cycles often.
fn likely(status: ImprovementStatus) -> BoxedStrategy<Step> {
    match status {
        St::NotProposed => (
            any::<bool>(),
            prop::collection::vec((0usize..8, who()), 0..4),
        )
            .prop_map(|(a, f)| Step::Propose(a, f))
            .boxed(),
        St::Proposed => prop_oneof![Just(Step::Plan(false)), Just(Step::Consult(false))].boxed(),
        St::Planned => Just(Step::Start).boxed(),
        St::Doing => (0i64..4, 0i64..4, any::<bool>())
            .prop_map(|(b, a, h)| Step::Check(b, a, h, false))
            .boxed(),
        St::Checking => prop_oneof![3 => Just(Step::Adopt), 1 => Just(Step::Drop(false))].boxed(),
        St::Adopted => {
            prop_oneof![2 => who().prop_map(Step::SendNotice), 1 => Just(Step::NewCycle)].boxed()
        }
        St::Dropped => Just(Step::NewCycle).boxed(),
    }
}

struct Reference;

impl ReferenceStateMachine for Reference {
    type State = Model;
    type Transition = Timed;

    fn init_state() -> BoxedStrategy<Model> {
        Just(Model {
            status: St::NotProposed,
            now: 0,
            affects: false,
            linked: BTreeMap::new(),
            consulted: false,
            improved: false,
            cycle: 0,
            notices: BTreeMap::new(),
            last_accepted: true,
        })
        .boxed()
    }

    fn transitions(state: &Model) -> BoxedStrategy<Timed> {
        let dt = prop_oneof![9 => 0i64..48, 1 => Just(-1i64)];
        (prop_oneof![3 => likely(state.status), 1 => any_step()], dt)
            .prop_map(|(step, dt)| Timed { step, dt })
            .boxed()
    }

    fn apply(state: Model, transition: &Timed) -> Model {
        state.step(transition).unwrap_or(Model {
            last_accepted: false,
            ..state
        })
    }
}

fn text(blank: bool, words: &str) -> String {
    if blank { " ".into() } else { words.into() }
}

fn command(step: &Step, at: DateTime<Utc>) -> ImprovementCommand {
    match step {
        Step::Propose(affects, feedback) => ImprovementCommand::Propose(Proposal {
            id: ImprovementId::from_uuid(Uuid::from_u128(1)),
            title: "Shorter queues".into(),
            opened_by: StaffId::from_uuid(Uuid::from_u128(50)),
            affects_customers: *affects,
            feedback: feedback.iter().map(|(f, w)| link(*f, *w)).collect(),
            at,
        }),
        Step::Link(f, w) => ImprovementCommand::LinkFeedback {
            link: link(*f, *w),
            at,
        },
        Step::Consult(blank) => ImprovementCommand::Consult {
            summary: text(*blank, "asked at the door"),
            at,
        },
        Step::Plan(blank) => ImprovementCommand::Plan {
            owner: StaffId::from_uuid(Uuid::from_u128(51)),
            action: text(*blank, "open earlier"),
            at,
        },
        Step::Start => ImprovementCommand::Start { at },
        Step::Check(before, after, higher, blank) => ImprovementCommand::Check {
            effect: Effect {
                measure: text(*blank, "minutes queued"),
                before: *before,
                after: *after,
                better: if *higher {
                    Better::Higher
                } else {
                    Better::Lower
                },
            },
            at,
        },
        Step::Adopt => ImprovementCommand::Adopt { at },
        Step::Drop(blank) => ImprovementCommand::Drop {
            reason: text(*blank, "no effect"),
            at,
        },
        Step::NewCycle => ImprovementCommand::NewCycle { at },
        Step::SendNotice(w) => ImprovementCommand::SendNotice {
            to: CustomerId::from_uuid(Uuid::from_u128(*w as u128 + 1)),
            at,
        },
    }
}

struct ImprovementModelTest;

impl StateMachineTest for ImprovementModelTest {
    type SystemUnderTest = EventStream<Improvement>;
    type Reference = Reference;

    fn init_test(_: &Model) -> EventStream<Improvement> {
        EventStream::new()
    }

    fn apply(
        mut sut: EventStream<Improvement>,
        model: &Model,
        timed: Timed,
    ) -> EventStream<Improvement> {
        // `model` is the state after the step; its clock moved only if it accepted.
        let latest = sut
            .state()
            .item()
            .map_or(0, |item| (item.latest() - t(0)).num_hours());
        let command = command(&timed.step, t(latest + timed.dt));
        let (from, kind) = (sut.state().status(), command.kind());
        let before = sut.clone();
        let result = sut.execute_with(command, &(), CommandMeta::NONE);
        assert_eq!(
            result.is_ok(),
            model.last_accepted,
            "model and decider disagree on {timed:?} in {from}: {result:?}"
        );
        if result.is_ok() {
            let to = sut.state().status();
            assert!(
                allows(TRANSITIONS, from, kind, to),
                "{from} --{kind}--> {to} is not in the table"
            );
        } else {
            assert_eq!(sut, before, "a refused command changed the item (X2)");
        }
        let state = sut.state();
        assert_eq!(state.status(), model.status);
        assert_eq!(state.item().map_or(0, Item::cycle), model.cycle);
        let owed: Vec<CustomerId> = state.notices_owed().collect();
        let expected: BTreeSet<CustomerId> = (model.notices.iter())
            .filter(|(_, sent)| !**sent)
            .filter_map(|(w, _)| person(*w).id)
            .collect();
        assert_eq!(owed, expected.into_iter().collect::<Vec<_>>(), "FB3");
        sut
    }

    fn check_invariants(sut: &EventStream<Improvement>, _: &Model) {
        let state = sut.state();
        if let (ImprovementState::Adopted { item, .. }, Some(ImprovementEvent::Adopted { .. })) =
            (state, sut.events().last().map(|e| &e.event))
        {
            assert!(
                !item.affects_customers() || item.customers_heard(),
                "FB5: adopted over customers' heads"
            );
        }
        let folded = Improvement::fold(sut.events().iter().map(|e| &e.event));
        assert_eq!(&folded, state, "X4: the fold differs from the live state");
    }
}

prop_state_machine! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fb2_x5_model_and_decider_agree_on_every_command(sequential 1..60 => ImprovementModelTest);
}
