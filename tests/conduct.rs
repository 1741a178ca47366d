//! Conduct concerns (ST4): evidence, patterns within a window, and the messenger guard.

use chrono::{DateTime, Duration, TimeZone, Utc};
use customer_care::conduct::*;
use customer_care::customer::{Customer, CustomerKind};
use customer_care::feedback::{Channel, Feedback, FeedbackError, FeedbackKind, FeedbackSpec};
use customer_care::id::{CustomerId, FeedbackId, StaffId};
use uuid::Uuid;

const MARTA: StaffId = StaffId::from_uuid(Uuid::from_u128(2));
const LUIS: StaffId = StaffId::from_uuid(Uuid::from_u128(3));
const ANA: StaffId = StaffId::from_uuid(Uuid::from_u128(4));

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap() + Duration::days(n)
}

fn concern(about: StaffId, at: i64, cites: Vec<FeedbackId>) -> Concern {
    Concern {
        about,
        behaviour: Behaviour::Complaining,
        evidence: vec!["told two customers the new rota is a joke".into()],
        cites,
        raised_by: MARTA,
        at: day(at),
    }
}

fn spec(n: u128, from: Customer, from_staff: Option<StaffId>) -> FeedbackSpec {
    FeedbackSpec {
        id: FeedbackId::from_uuid(Uuid::from_u128(n)),
        from,
        kind: FeedbackKind::Complaint,
        channel: Channel::SuggestionBox,
        text: "the rota leaves the counter alone at lunch".into(),
        rating: None,
        about: None,
        theme: None,
        from_staff,
        received_at: day(0),
    }
}

fn policy() -> ConductPolicy {
    ConductPolicy::try_new(10, 2).unwrap()
}

#[test]
fn st4_a_concern_needs_evidence() {
    let mut log = ConductLog::new();
    let none = Concern {
        evidence: vec![],
        ..concern(LUIS, 0, vec![])
    };
    assert_eq!(
        log.record(none, &[], &policy()),
        Err(ConductError::NoEvidence)
    );
    let blank = Concern {
        evidence: vec!["rude to Ana".into(), "  ".into()],
        ..concern(LUIS, 0, vec![])
    };
    assert_eq!(
        log.record(blank, &[], &policy()),
        Err(ConductError::NoEvidence)
    );
    assert!(log.concerns().is_empty(), "X2: a refusal recorded nothing");
}

#[test]
fn st4_a_concern_citing_the_persons_own_feedback_is_refused() {
    let internal = |n| {
        Customer::identified(
            CustomerKind::Internal,
            CustomerId::from_uuid(Uuid::from_u128(n)),
        )
    };
    let by_luis = Feedback::try_from(spec(1, internal(30), Some(LUIS))).unwrap();
    let by_ana = Feedback::try_from(spec(2, internal(31), Some(ANA))).unwrap();
    let feedback = [by_luis.clone(), by_ana.clone()];
    let mut log = ConductLog::new();

    let messenger = concern(LUIS, 0, vec![by_ana.id(), by_luis.id()]);
    assert_eq!(
        log.record(messenger, &feedback, &policy()),
        Err(ConductError::Messenger {
            feedback: by_luis.id()
        })
    );
    let unknown = FeedbackId::from_uuid(Uuid::from_u128(99));
    assert_eq!(
        log.record(concern(LUIS, 0, vec![unknown]), &feedback, &policy()),
        Err(ConductError::UnknownFeedback { feedback: unknown })
    );
    assert!(log.concerns().is_empty(), "X2: a refusal recorded nothing");

    // Ana's feedback may be cited about Luis: it is not his own.
    let fair = concern(LUIS, 0, vec![by_ana.id()]);
    assert_eq!(
        log.record(fair, &feedback, &policy()),
        Ok(Recorded::Noted { in_window: 1 })
    );
}

#[test]
fn st4_feedback_from_staff_comes_from_an_internal_customer() {
    let outsider = Customer::anonymous(CustomerKind::External);
    assert_eq!(
        Feedback::try_from(spec(1, outsider, Some(LUIS))),
        Err(FeedbackError::StaffNotInternal {
            kind: CustomerKind::External
        })
    );
}

#[test]
fn st4_repeated_concerns_within_the_window_raise_a_management_review() {
    let mut log = ConductLog::new();
    let mut record = |about, at| log.record(concern(about, at, vec![]), &[], &policy());
    assert_eq!(record(LUIS, 0), Ok(Recorded::Noted { in_window: 1 }));
    assert_eq!(
        record(ANA, 3),
        Ok(Recorded::Noted { in_window: 1 }),
        "one person's pattern is theirs alone"
    );
    // Ten days on, the first concern has left the ten-day window.
    assert_eq!(record(LUIS, 10), Ok(Recorded::Noted { in_window: 1 }));
    assert_eq!(
        record(LUIS, 15),
        Ok(Recorded::ManagementReview { in_window: 2 })
    );
    assert_eq!(
        record(LUIS, 14),
        Err(ConductError::BeforeLatest {
            at: day(14),
            latest: day(15)
        })
    );
}

#[test]
fn st4_two_concerns_of_one_instant_are_both_kept_in_order_and_make_a_pattern() {
    let mut log = ConductLog::new();
    let first = concern(LUIS, 4, vec![]);
    let second = Concern {
        behaviour: Behaviour::Gossip,
        ..concern(LUIS, 4, vec![])
    };
    assert_eq!(
        log.record(first.clone(), &[], &policy()),
        Ok(Recorded::Noted { in_window: 1 })
    );
    assert_eq!(
        log.record(second.clone(), &[], &policy()),
        Ok(Recorded::ManagementReview { in_window: 2 })
    );
    assert_eq!(log.concerns(), [first, second]);
}

#[test]
fn st4_a_pattern_needs_a_window_and_at_least_two_concerns() {
    assert_eq!(
        ConductPolicy::try_new(0, 3),
        Err(ConductError::BadPolicy {
            window_days: 0,
            repeats: 3
        })
    );
    assert_eq!(
        ConductPolicy::try_new(30, 1),
        Err(ConductError::BadPolicy {
            window_days: 30,
            repeats: 1
        })
    );
    let policy = ConductPolicy::try_new(30, 2).unwrap();
    assert_eq!((policy.window(), policy.repeats()), (Duration::days(30), 2));
}

#[cfg(feature = "serde")]
#[test]
fn st4_loading_a_policy_checks_it() {
    let error =
        serde_json::from_str::<ConductPolicy>(r#"{"window_days":30,"repeats":1}"#).unwrap_err();
    assert!(
        error.to_string().contains("at least two concerns"),
        "{error}"
    );
    let policy: ConductPolicy = serde_json::from_str(r#"{"window_days":30,"repeats":3}"#).unwrap();
    assert_eq!(policy, ConductPolicy::try_new(30, 3).unwrap());
    assert_eq!(
        serde_json::to_string(&policy).unwrap(),
        r#"{"window_days":30,"repeats":3}"#
    );
}
