//! Model-based test of the complaint decider (proptest-state-machine): a small reference
//! model of the rules and the decider must agree on accepting or refusing every command
//! of random sequences up to 50 long, and every accepted command must move along the
//! transition table (X5). Invariants checked after every step: the case is owned from
//! acknowledgement on (CO6), nothing is resolved without the customer's choice (CO3),
//! folding the events gives the live state (X4), and a refusal changes nothing (X2).
//!
//! The shop is fixed: Olga (owner, €5,000), Marta (manager, €500), Sofía (supervisor,
//! €150), Ana and Luis (frontline, €80), refund limits per case, goodwill threshold €10;
//! the customer paid €40.

use chrono::{DateTime, Duration, TimeZone, Utc};
use customer_care::complaint::*;
use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation};
use customer_care::diagram::allows;
use customer_care::empowerment::{EmpowermentPolicy, EmpowermentPolicySpec, Organisation};
use customer_care::id::{ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{Priority, SlaPolicy};
use customer_care::staff::{Directory, Position, Role, StaffMember};
use customer_care::stream::{CommandMeta, Decider, EventStream};
use proptest::prelude::*;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};
use uuid::Uuid;

use ComplaintStatus as St;

/// (role, refund limit in euros, index of the superior)
const STAFF: [(Role, u64, Option<usize>); 5] = [
    (Role::Owner, 5_000, None),
    (Role::Manager, 500, Some(0)),
    (Role::Supervisor, 150, Some(1)),
    (Role::Frontline, 80, Some(2)),
    (Role::Frontline, 80, Some(2)),
];
const THRESHOLD: u64 = 10;
const PAID: u64 = 40;
const AMOUNTS: [u64; 6] = [5, 30, 60, 120, 600, 6_000];
const BUFFER_H: i64 = 24;
const CONFIRM_H: i64 = 7 * 24;
const REOPEN_H: i64 = 14 * 24;
const MAX_REOPENS: u32 = 2;

fn staff_id(i: usize) -> StaffId {
    StaffId::from_uuid(Uuid::from_u128(i as u128 + 1))
}

fn above(mut i: usize) -> impl Iterator<Item = usize> {
    core::iter::from_fn(move || {
        i = STAFF[i].2?;
        Some(i)
    })
}

fn is_above(boss: usize, i: usize) -> bool {
    above(i).any(|j| j == boss)
}

fn t(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap() + Duration::hours(hours)
}

#[derive(Debug, Clone)]
enum Step {
    Receive,
    Acknowledge(usize),
    Investigate(usize),
    Ask(usize),
    Write,
    /// Offerer, amounts, and whether the dates leave the buffer.
    Offer(usize, Vec<u64>, bool),
    Approve(usize),
    DeclineApproval(usize),
    Refuse(usize, u64),
    Choose(usize),
    DeclineOffer,
    CloseUnanswered(usize),
    Deliver(usize),
    MarkBroken(usize),
    Renegotiate,
    Close,
    Reopen,
    Withdraw,
    Refer,
    Reassign(usize),
    Send(usize),
    RootCause(usize),
    Flag(usize, bool),
}

/// A step and how many hours after the latest accepted event it happens (-1: before).
#[derive(Debug, Clone)]
struct Timed {
    step: Step,
    dt: i64,
}

#[derive(Debug, Clone)]
struct Offered {
    by: usize,
    amounts: Vec<u64>,
    /// When the options were dated: estimate and due count from here.
    dates_at: i64,
    /// When the customer got the offer: the confirmation window counts from here.
    at: i64,
    escalated_to: Option<usize>,
}

#[derive(Debug, Clone)]
struct Model {
    status: ComplaintStatus,
    owner: Option<usize>,
    now: i64,
    offer: Option<Offered>,
    due: i64,
    settled_at: i64,
    reopened: u32,
    granted: u64,
    /// The amount of the option chosen, given when delivered.
    chosen: u64,
    last_accepted: bool,
}

/// What one option needs: (approval, manager), or `None` when it can never be offered.
fn need(model: &Model, by: usize, amount: u64) -> (bool, bool) {
    let total = model.granted + amount;
    let approval = total > THRESHOLD && total > STAFF[by].1;
    // CU4: the contract counts what the case already received.
    let manager = total > PAID + THRESHOLD && STAFF[by].0 < Role::Manager;
    (approval, manager)
}

fn may_approve(model: &Model, by: usize, approver: usize, amounts: &[u64]) -> bool {
    is_above(approver, by)
        && amounts.iter().all(|&a| {
            let (approval, manager) = need(model, by, a);
            !(approval || manager)
                || (STAFF[approver].1 >= model.granted + a
                    && (!manager || STAFF[approver].0 >= Role::Manager))
        })
}

const OWNED_OPEN: [St; 9] = [
    St::Acknowledged,
    St::Investigating,
    St::AwaitingCustomer,
    St::AwaitingApproval,
    St::ResolutionOffered,
    St::Resolving,
    St::Resolved,
    St::Reopened,
    St::Referred,
];

impl Model {
    /// The model's verdict on `step`: the state after it, or `None` for a refusal.
    fn step(&self, timed: &Timed) -> Option<Model> {
        let at = self.now + timed.dt;
        if self.status != St::New && timed.dt < 0 {
            return None;
        }
        let mut next = Model {
            now: at,
            last_accepted: true,
            ..self.clone()
        };
        let s = self.status;
        let owned_open = OWNED_OPEN.contains(&s);
        match &timed.step {
            Step::Receive if s == St::New => next.status = St::Received,
            Step::Acknowledge(w) if s == St::Received => {
                next.status = St::Acknowledged;
                next.owner = Some(*w);
            }
            Step::Investigate(_) if matches!(s, St::Acknowledged | St::Reopened) => {
                next.status = St::Investigating;
            }
            Step::Ask(_) if s == St::Investigating => next.status = St::AwaitingCustomer,
            Step::Write if s == St::AwaitingCustomer => next.status = St::Investigating,
            Step::Write if s == St::Received || (owned_open && s != St::AwaitingCustomer) => {}
            Step::Offer(by, amounts, buffered) if s == St::Investigating && *buffered => {
                let needed = amounts.iter().any(|&a| {
                    let (approval, manager) = need(self, *by, a);
                    approval || manager
                });
                let escalated_to = if needed {
                    Some(above(*by).find(|&x| may_approve(self, *by, x, amounts))?)
                } else {
                    None
                };
                next.status = if needed {
                    St::AwaitingApproval
                } else {
                    St::ResolutionOffered
                };
                next.offer = Some(Offered {
                    by: *by,
                    amounts: amounts.clone(),
                    dates_at: at,
                    at,
                    escalated_to,
                });
            }
            Step::Approve(w) if s == St::AwaitingApproval => {
                let offer = self.offer.as_ref()?;
                let outdated = at > offer.dates_at + BUFFER_H;
                if outdated || !may_approve(self, offer.by, *w, &offer.amounts) {
                    return None;
                }
                next.status = St::ResolutionOffered;
                next.offer = Some(Offered {
                    at,
                    ..offer.clone()
                });
            }
            Step::DeclineApproval(w) if s == St::AwaitingApproval => {
                // CU4: only someone who could approve it decides it, either way.
                let offer = self.offer.as_ref()?;
                if !may_approve(self, offer.by, *w, &offer.amounts) {
                    return None;
                }
                next.status = St::Investigating;
            }
            Step::Refuse(w, a) if s == St::Investigating => {
                let total = self.granted + a;
                let within = total <= THRESHOLD || total <= STAFF[*w].1;
                if STAFF[*w].0 < Role::Manager || !within {
                    return None;
                }
                next.status = St::ResolutionOffered;
                next.offer = Some(Offered {
                    by: *w,
                    amounts: vec![*a],
                    dates_at: at,
                    at,
                    escalated_to: None,
                });
            }
            Step::Choose(i) if s == St::ResolutionOffered => {
                let offer = self.offer.as_ref()?;
                next.chosen = *offer.amounts.get(*i)?;
                next.due = offer.dates_at + 2 * BUFFER_H;
                // PR1: a choice after the promised date is refused.
                if at > next.due {
                    return None;
                }
                next.status = St::Resolving;
            }
            Step::DeclineOffer if s == St::ResolutionOffered => next.status = St::Investigating,
            Step::CloseUnanswered(_) if s == St::ResolutionOffered => {
                if at < self.offer.as_ref()?.at + CONFIRM_H {
                    return None;
                }
                next.status = St::Closed;
                next.settled_at = at;
            }
            Step::Deliver(_) if s == St::Resolving => {
                next.granted += self.chosen;
                next.status = St::Resolved;
                next.settled_at = at;
            }
            Step::MarkBroken(_) if s == St::Resolving => {
                if at <= self.due {
                    return None;
                }
                next.status = St::Investigating;
            }
            Step::Renegotiate if s == St::Resolving => {
                if at > self.due {
                    return None;
                }
                next.due = at + 2 * BUFFER_H;
            }
            Step::Close if matches!(s, St::Resolved | St::Referred) => {
                next.status = St::Closed;
                next.settled_at = at;
            }
            Step::Reopen if matches!(s, St::Resolved | St::Closed) => {
                if at > self.settled_at + REOPEN_H {
                    return None;
                }
                if self.reopened >= MAX_REOPENS {
                    let owner = self.owner?;
                    if let Some(x) = above(owner).find(|&x| STAFF[x].0 >= Role::Supervisor) {
                        next.owner = Some(x);
                    }
                }
                next.reopened += 1;
                next.status = St::Reopened;
            }
            Step::Withdraw
                if matches!(
                    s,
                    St::Received
                        | St::Acknowledged
                        | St::Investigating
                        | St::AwaitingCustomer
                        | St::AwaitingApproval
                        | St::ResolutionOffered
                        | St::Resolving
                        | St::Reopened
                ) =>
            {
                next.status = St::Withdrawn
            }
            Step::Refer
                if matches!(s, St::Investigating | St::ResolutionOffered | St::Reopened) =>
            {
                next.status = St::Referred
            }
            Step::Reassign(w) if owned_open => {
                if self.owner == Some(*w) {
                    return None;
                }
                next.owner = Some(*w);
            }
            Step::Send(_) if owned_open => {}
            Step::RootCause(_) if owned_open || s == St::Closed => {}
            Step::Flag(_, evidence) if owned_open && *evidence => {}
            _ => return None,
        }
        Some(next)
    }
}

struct Reference;

fn who() -> impl Strategy<Value = usize> {
    0..STAFF.len()
}

fn any_step() -> BoxedStrategy<Step> {
    prop_oneof![
        Just(Step::Receive),
        who().prop_map(Step::Acknowledge),
        who().prop_map(Step::Investigate),
        who().prop_map(Step::Ask),
        Just(Step::Write),
        (
            who(),
            prop::collection::vec(prop::sample::select(&AMOUNTS[..]), 1..3),
            prop::bool::weighted(0.9)
        )
            .prop_map(|(w, a, b)| Step::Offer(w, a, b)),
        who().prop_map(Step::Approve),
        who().prop_map(Step::DeclineApproval),
        (who(), prop::sample::select(&AMOUNTS[..])).prop_map(|(w, a)| Step::Refuse(w, a)),
        (0usize..3).prop_map(Step::Choose),
        Just(Step::DeclineOffer),
        who().prop_map(Step::CloseUnanswered),
        who().prop_map(Step::Deliver),
        who().prop_map(Step::MarkBroken),
        Just(Step::Renegotiate),
        Just(Step::Close),
        Just(Step::Reopen),
        Just(Step::Withdraw),
        Just(Step::Refer),
        who().prop_map(Step::Reassign),
        who().prop_map(Step::Send),
        who().prop_map(Step::RootCause),
        (who(), any::<bool>()).prop_map(|(w, e)| Step::Flag(w, e)),
    ]
    .boxed()
}

/// The steps that usually come next in a status, so that sequences get deep.
fn likely(status: ComplaintStatus) -> BoxedStrategy<Step> {
    let offer = (
        who(),
        prop::collection::vec(prop::sample::select(&AMOUNTS[..3]), 1..3),
    )
        .prop_map(|(w, a)| Step::Offer(w, a, true));
    match status {
        St::New => Just(Step::Receive).boxed(),
        St::Received => who().prop_map(Step::Acknowledge).boxed(),
        St::Acknowledged | St::Reopened => who().prop_map(Step::Investigate).boxed(),
        St::Investigating => prop_oneof![4 => offer, 1 => who().prop_map(Step::Ask)].boxed(),
        St::AwaitingCustomer => Just(Step::Write).boxed(),
        St::AwaitingApproval => prop_oneof![3 => who().prop_map(Step::Approve), 1 => who().prop_map(Step::DeclineApproval)].boxed(),
        St::ResolutionOffered => prop_oneof![4 => (0usize..2).prop_map(Step::Choose), 1 => Just(Step::DeclineOffer)].boxed(),
        St::Resolving => prop_oneof![
            4 => who().prop_map(Step::Deliver),
            1 => Just(Step::Renegotiate),
            1 => who().prop_map(Step::MarkBroken),
        ]
        .boxed(),
        St::Resolved | St::Closed => prop_oneof![Just(Step::Close), Just(Step::Reopen)].boxed(),
        _ => any_step(),
    }
}

impl ReferenceStateMachine for Reference {
    type State = Model;
    type Transition = Timed;

    fn init_state() -> BoxedStrategy<Model> {
        Just(Model {
            status: St::New,
            owner: None,
            now: 0,
            offer: None,
            due: 0,
            settled_at: 0,
            reopened: 0,
            granted: 0,
            chosen: 0,
            last_accepted: true,
        })
        .boxed()
    }

    fn transitions(state: &Model) -> BoxedStrategy<Timed> {
        let dt = prop_oneof![8 => 0i64..30, 1 => 150i64..400, 1 => Just(-1i64)];
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

struct Sut {
    org: Organisation,
    policy: ComplaintPolicy,
    stream: EventStream<Complaint>,
}

fn eur(euros: u64) -> Money {
    Money::minor(euros * 100, Currency::EUR)
}

fn option(amount: u64, at: DateTime<Utc>, buffered: bool) -> ResolutionOption {
    let estimate = at + Duration::hours(BUFFER_H);
    ResolutionOption {
        remedy: Remedy::new(RemedyKind::Refund, eur(amount)),
        description: format!("refund of {amount} EUR"),
        estimate,
        due: estimate + Duration::hours(if buffered { BUFFER_H } else { BUFFER_H - 1 }),
    }
}

fn message(at: DateTime<Utc>) -> CustomerMessage {
    CustomerMessage {
        text: "We are on it.".into(),
        next_step: NextStep {
            action: "we call you".into(),
            by: at + Duration::hours(4),
        },
    }
}

fn command(step: &Step, at: DateTime<Utc>) -> ComplaintCommand {
    use ComplaintCommand as C;
    match step.clone() {
        Step::Receive => C::Receive(Receipt {
            id: ComplaintId::from_uuid(Uuid::from_u128(77)),
            customer: Customer::anonymous(CustomerKind::External),
            summary: "the kettle leaks".into(),
            expectation: Expectation::new(None, None),
            entitlement: Entitlement::new([Remedy::new(RemedyKind::Refund, eur(PAID))]),
            follows: None,
            sla: SlaPolicy::default().terms(Priority::Normal),
            at,
        }),
        Step::Acknowledge(w) => C::Acknowledge {
            owner: staff_id(w),
            message: message(at),
            at,
        },
        Step::Investigate(w) => C::Investigate {
            by: staff_id(w),
            at,
        },
        Step::Ask(w) => C::AskCustomer {
            by: staff_id(w),
            message: message(at),
            at,
        },
        Step::Write => C::CustomerWrites {
            text: "here is the photo".into(),
            at,
        },
        Step::Offer(w, amounts, buffered) => C::OfferResolution {
            by: staff_id(w),
            options: amounts
                .iter()
                .map(|&a| option(a, at, buffered))
                .collect::<Vec<_>>()
                .try_into()
                .unwrap(),
            at,
        },
        Step::Approve(w) => C::Approve {
            approver: staff_id(w),
            at,
        },
        Step::DeclineApproval(w) => C::DeclineApproval {
            approver: staff_id(w),
            reason: "too much".into(),
            at,
        },
        Step::Refuse(w, a) => C::RefuseDemand {
            by: staff_id(w),
            reason: "beyond the contract".into(),
            alternatives: vec![option(a, at, true)].try_into().unwrap(),
            at,
        },
        Step::Choose(i) => C::Choose { option: i, at },
        Step::DeclineOffer => C::DeclineOffer {
            reason: "not enough".into(),
            at,
        },
        Step::CloseUnanswered(w) => C::CloseUnanswered {
            by: staff_id(w),
            at,
        },
        Step::MarkBroken(w) => C::MarkPromiseBroken {
            by: staff_id(w),
            at,
        },
        Step::Deliver(w) => C::Deliver {
            by: staff_id(w),
            at,
        },
        Step::Renegotiate => C::RenegotiatePromise {
            estimate: at + Duration::hours(BUFFER_H),
            due: at + Duration::hours(2 * BUFFER_H),
            consented_at: at,
        },
        Step::Close => C::Close {
            verdict: Verdict::default(),
            at,
        },
        Step::Reopen => C::Reopen {
            reason: "it leaks again".into(),
            at,
        },
        Step::Withdraw => C::Withdraw {
            reason: "bought another".into(),
            at,
        },
        Step::Refer => C::Refer {
            body: "the arbitration board".into(),
            at,
        },
        Step::Reassign(w) => C::Reassign {
            to: staff_id(w),
            reason: "holiday".into(),
            at,
        },
        Step::Send(w) => C::SendMessage {
            by: staff_id(w),
            message: message(at),
            at,
        },
        Step::RootCause(w) => C::RecordRootCause {
            by: staff_id(w),
            cause: RootCause {
                origin: Origin::Unknown,
                description: "seal".into(),
            },
            at,
        },
        Step::Flag(w, evidence) => C::FlagAbuse {
            by: staff_id(w),
            evidence: if evidence {
                vec!["recorded call".into()]
            } else {
                vec![]
            },
            at,
        },
    }
}

struct ComplaintModelTest;

impl StateMachineTest for ComplaintModelTest {
    type SystemUnderTest = Sut;
    type Reference = Reference;

    fn init_test(_: &Model) -> Sut {
        let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(THRESHOLD));
        let mut members = Vec::new();
        for (i, (role, limit, superior)) in STAFF.iter().enumerate() {
            spec.set_limit(*role, RemedyKind::Refund, eur(*limit));
            let position = Position::try_new(*role, superior.map(staff_id)).unwrap();
            members.push(StaffMember::new(staff_id(i), format!("s{i}"), position));
        }
        let org = Organisation::try_new(
            EmpowermentPolicy::try_from(spec).unwrap(),
            Directory::try_new(members).unwrap(),
            [],
        )
        .unwrap();
        let policy = ComplaintPolicy {
            promise: customer_care::promise::PromisePolicy::new((BUFFER_H * 60) as u32),
            confirmation_window_minutes: (CONFIRM_H * 60) as u32,
            reopen_window_minutes: (REOPEN_H * 60) as u32,
            max_reopens: MAX_REOPENS,
        };
        Sut {
            org,
            policy,
            stream: EventStream::new(),
        }
    }

    fn apply(mut sut: Sut, model: &Model, timed: Timed) -> Sut {
        // `model` is the state after the step; its clock moved only if it accepted.
        let latest = sut
            .stream
            .state()
            .case()
            .map_or(0, |c| (c.last_at() - t(0)).num_hours());
        let command = command(&timed.step, t(latest + timed.dt));
        let (from, kind) = (sut.stream.state().status(), command.kind());
        let before = sut.stream.clone();
        let context = ComplaintContext {
            org: &sut.org,
            policy: &sut.policy,
        };
        let result = sut
            .stream
            .execute_with(command, &context, CommandMeta::NONE);
        assert_eq!(
            result.is_ok(),
            model.last_accepted,
            "model and decider disagree on {timed:?} in {from}: {result:?}"
        );
        if let Ok(outcome) = &result {
            if let ComplaintEvent::ApprovalRequested { escalated_to, .. } = outcome.envelope().event
            {
                let expected = model.offer.as_ref().and_then(|o| o.escalated_to);
                assert_eq!(
                    Some(escalated_to),
                    expected.map(staff_id),
                    "EM3: wrong approver"
                );
            }
        }
        if result.is_ok() {
            let to = sut.stream.state().status();
            assert!(
                allows(TRANSITIONS, from, kind, to),
                "{from} --{kind}--> {to} is not in the table"
            );
            assert_eq!(to, model.status);
            assert_eq!(sut.stream.state().owner(), model.owner.map(staff_id));
        } else {
            assert_eq!(
                sut.stream, before,
                "a refused command changed the case (X2)"
            );
        }
        sut
    }

    fn check_invariants(sut: &Sut, _: &Model) {
        let state = sut.stream.state();
        let acknowledged = sut
            .stream
            .events()
            .iter()
            .any(|e| matches!(e.event, ComplaintEvent::Acknowledged { .. }));
        if acknowledged {
            assert!(
                state.owner().is_some(),
                "CO6: an acknowledged case lost its owner"
            );
        }
        if state.recovery().customer_chose {
            let chose = sut
                .stream
                .events()
                .iter()
                .any(|e| matches!(e.event, ComplaintEvent::OptionChosen { .. }));
            assert!(chose, "CO3: resolving without the customer's choice");
        }
        let folded = Complaint::fold(sut.stream.events().iter().map(|e| &e.event));
        assert_eq!(&folded, state, "X4: the fold differs from the live state");
    }
}

prop_state_machine! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn x5_model_and_decider_agree_on_every_command(sequential 1..50 => ComplaintModelTest);
}
