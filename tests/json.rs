//! X3: every public data type has a stable JSON shape, round-trips, and is refused on
//! load when it breaks a rule its constructor enforces. Also the C-GOOD-ERR checks.
#![cfg(feature = "serde")]

mod common;

use chrono::{TimeZone, Utc};
use customer_care::empowerment::{
    Approval, Authorization, Delegation, EmpowermentError, EmpowermentPolicy,
    EmpowermentPolicySpec, GrantRequest, Organisation,
};
use customer_care::id::{CommandId, ComplaintId, CustomerId, StaffId};
use customer_care::money::{Currency, Money, MoneyError};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::staff::{Directory, Position, Role, StaffError, TrainingKind, TrainingRecord};
use customer_care::stream::{CommandMeta, Envelope, StreamError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use uuid::Uuid;

const OWNER: &str = "00000000-0000-0000-0000-000000000001";
const CLERK: &str = "00000000-0000-0000-0000-000000000002";

fn id(n: u128) -> StaffId {
    StaffId::from_uuid(Uuid::from_u128(n))
}

fn eur(cents: u64) -> Money {
    Money::minor(cents, Currency::EUR)
}

/// Serialises `value`, checks the JSON against `shape`, and loads it back unchanged;
/// the shape with a stray field anywhere is refused.
fn round_trip<T>(value: &T, shape: Value)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_value(value).unwrap();
    assert_eq!(json, shape);
    assert_eq!(&serde_json::from_value::<T>(json).unwrap(), value);
    common::refuses_stray_fields::<T>(&shape);
}

/// Loads `shape` as `T` and returns the error message.
fn refused<T: DeserializeOwned + std::fmt::Debug>(shape: Value) -> String {
    serde_json::from_value::<T>(shape).unwrap_err().to_string()
}

fn organisation_json() -> Value {
    json!({
        "policy": {
            "currency": "EUR",
            "goodwill_threshold": {"minor_units": 1000, "currency": "EUR"},
            "limits": {
                "owner": {"refund": {"minor_units": 100000, "currency": "EUR"}},
                "frontline": {"refund": {"minor_units": 5000, "currency": "EUR"}}
            },
            "training_required": {"refund": [{"type": "customer_service"}]},
            "approval_valid_minutes": 1440
        },
        "staff": [
            {"id": OWNER, "name": "Olga", "position": {"role": "owner"},
             "training": [{"kind": {"type": "customer_service"},
                           "completed_at": "2025-11-20T09:00:00Z", "expires_at": "2027-11-20T09:00:00Z"}]},
            {"id": CLERK, "name": "Carl", "position": {"role": "frontline", "reports_to": OWNER},
             "training": [{"kind": {"type": "customer_service"},
                           "completed_at": "2026-01-05T09:00:00Z", "expires_at": null}]}
        ],
        "delegations": [
            {"from": OWNER, "to": CLERK, "kind": "refund",
             "limit": {"minor_units": 8000, "currency": "EUR"}}
        ]
    })
}

#[test]
fn x3_ids_money_and_remedies_have_their_documented_shape() {
    round_trip(&id(1), json!(OWNER));
    round_trip(&CustomerId::from_uuid(Uuid::from_u128(1)), json!(OWNER));
    round_trip(&ComplaintId::from_uuid(Uuid::from_u128(1)), json!(OWNER));
    round_trip(&CommandId::from_uuid(Uuid::from_u128(1)), json!(OWNER));
    round_trip(&Currency::COP, json!("COP"));
    round_trip(&eur(2_500), json!({"minor_units": 2500, "currency": "EUR"}));
    round_trip(
        &Remedy::new(RemedyKind::ExpeditedDelivery, eur(900)),
        json!({"kind": "expedited_delivery", "value": {"minor_units": 900, "currency": "EUR"}}),
    );
    for kind in RemedyKind::ALL {
        let name = serde_json::to_value(kind).unwrap();
        assert_eq!(name.as_str().unwrap().replace('_', " "), kind.name());
    }
}

#[test]
fn x3_staff_types_have_their_documented_shape() {
    round_trip(&Role::Supervisor, json!("supervisor"));
    round_trip(&Position::Owner, json!({"role": "owner"}));
    round_trip(
        &Position::Manager { reports_to: id(1) },
        json!({"role": "manager", "reports_to": OWNER}),
    );
    round_trip(
        &TrainingKind::CrossTraining {
            area: "warehouse".into(),
        },
        json!({"type": "cross_training", "area": "warehouse"}),
    );
    let completed = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
    let record = TrainingRecord::try_new(TrainingKind::Software, completed, None).unwrap();
    round_trip(
        &record,
        json!({"kind": {"type": "software"}, "completed_at": "2026-01-05T09:00:00Z", "expires_at": null}),
    );
}

#[test]
fn x3_an_organisation_round_trips() {
    let org: Organisation = serde_json::from_value(organisation_json()).unwrap();
    assert_eq!(org.limit(id(2), RemedyKind::Refund), Ok(eur(8_000)));
    assert_eq!(org.staff().len(), 2);
    round_trip(&org, organisation_json());
    round_trip(org.policy(), organisation_json()["policy"].clone());
    round_trip(org.staff(), organisation_json()["staff"].clone());
    let spec = EmpowermentPolicySpec::from(org.policy().clone());
    assert_eq!(
        EmpowermentPolicy::try_from(spec.clone()).as_ref(),
        Ok(org.policy())
    );
    round_trip(&spec, organisation_json()["policy"].clone());
}

#[test]
fn x3_requests_authorizations_and_envelopes_round_trip() {
    let case = ComplaintId::from_uuid(Uuid::from_u128(3));
    let request =
        GrantRequest::new(case, id(2), Remedy::new(RemedyKind::Refund, eur(100))).after(eur(50));
    round_trip(
        &request,
        json!({
            "case": "00000000-0000-0000-0000-000000000003", "actor": CLERK,
            "remedy": {"kind": "refund", "value": {"minor_units": 100, "currency": "EUR"}},
            "already_granted": {"minor_units": 50, "currency": "EUR"}
        }),
    );
    round_trip(
        &Authorization::Approved { approver: id(1) },
        json!({"type": "approved", "approver": OWNER}),
    );
    round_trip(&Authorization::Goodwill, json!({"type": "goodwill"}));
    round_trip(
        &Delegation {
            from: id(1),
            to: id(2),
            kind: RemedyKind::Credit,
            limit: eur(1),
        },
        json!({"from": OWNER, "to": CLERK, "kind": "credit", "limit": {"minor_units": 1, "currency": "EUR"}}),
    );
    round_trip(
        &Envelope {
            sequence: 4,
            command_id: Some(CommandId::from_uuid(Uuid::from_u128(1))),
            event: RemedyKind::Refund,
        },
        json!({"schema_version": 1, "sequence": 4, "command_id": OWNER, "event": "refund"}),
    );
    round_trip(
        &CommandMeta::expecting(3),
        json!({"command_id": null, "expected_version": 3}),
    );
}

#[test]
fn x3_an_approval_serialises_for_logs() {
    let org: Organisation = serde_json::from_value(organisation_json()).unwrap();
    let case = ComplaintId::from_uuid(Uuid::from_u128(3));
    let request = GrantRequest::new(case, id(2), Remedy::new(RemedyKind::Refund, eur(9_000)));
    let at = Utc.with_ymd_and_hms(2026, 2, 1, 12, 0, 0).unwrap();
    let approval: Approval = org.approve(id(1), &request, at).unwrap();
    assert_eq!(
        serde_json::to_value(&approval).unwrap(),
        json!({
            "case": "00000000-0000-0000-0000-000000000003", "actor": CLERK, "approver": OWNER,
            "kind": "refund", "up_to": {"minor_units": 9000, "currency": "EUR"},
            "after": {"minor_units": 0, "currency": "EUR"}, "approved_at": "2026-02-01T12:00:00Z"
        })
    );
}

#[test]
fn x3_negative_or_fractional_amounts_are_refused_on_load() {
    for amount in [json!(-500), json!(12.5)] {
        let message = refused::<Money>(json!({"minor_units": amount, "currency": "EUR"}));
        assert!(message.contains("expected u64"), "{message}");
    }
    let mut org = organisation_json();
    org["policy"]["limits"]["frontline"]["refund"]["minor_units"] = json!(-1);
    assert!(refused::<Organisation>(org).contains("expected u64"));
}

#[test]
fn x3_unknown_currencies_are_refused_on_load() {
    let message = refused::<Money>(json!({"minor_units": 5, "currency": "EUROS"}));
    assert!(
        message.contains("unknown currency code `EUROS`"),
        "{message}"
    );
    let mut org = organisation_json();
    org["policy"]["currency"] = json!("ZZZ");
    assert!(refused::<Organisation>(org).contains("unknown currency code `ZZZ`"));
}

#[test]
fn x3_a_delegation_beyond_authority_is_refused_on_load() {
    let mut org = organisation_json();
    org["delegations"][0]["limit"]["minor_units"] = json!(200_000);
    let message = refused::<Organisation>(org);
    assert_eq!(
        message,
        format!("{OWNER} cannot delegate 2000.00 EUR for refund: they hold only 1000.00 EUR")
    );
}

#[test]
fn x3_a_cyclic_hierarchy_is_refused_on_load() {
    let a = "00000000-0000-0000-0000-00000000000a";
    let b = "00000000-0000-0000-0000-00000000000b";
    let staff = json!([
        {"id": a, "name": "A", "position": {"role": "manager", "reports_to": b}, "training": []},
        {"id": b, "name": "B", "position": {"role": "manager", "reports_to": a}, "training": []}
    ]);
    assert_eq!(
        refused::<Directory>(staff),
        format!("the reporting line above {a} is a cycle and never reaches an owner")
    );
}

#[test]
fn st1_an_empty_directory_or_an_organisation_with_no_staff_is_refused_on_load() {
    assert_eq!(
        refused::<Directory>(json!([])),
        "a directory needs an owner; it has nobody"
    );
    let mut nobody = organisation_json();
    nobody["staff"] = json!([]);
    nobody["delegations"] = json!([]);
    assert_eq!(
        refused::<Organisation>(nobody),
        "a directory needs an owner; it has nobody"
    );
}

#[test]
fn co2_the_parties_never_blamed_round_trip_with_the_organisation() {
    let mut shape = organisation_json();
    shape["never_blamed"] = json!(["Rápido Couriers", "the warehouse"]);
    let org: Organisation = serde_json::from_value(shape.clone()).unwrap();
    assert_eq!(org.never_blamed(), ["Rápido Couriers", "the warehouse"]);
    assert_eq!(serde_json::to_value(&org).unwrap(), shape);
    shape["never_blamed"] = json!([" "]);
    assert_eq!(
        refused::<Organisation>(shape),
        "a party the customer must never be pointed at needs a name"
    );
}

#[test]
fn x3_a_key_given_twice_in_a_map_is_refused_on_load() {
    let money = r#"{"minor_units": 100, "currency": "EUR"}"#;
    let policy = |limits: &str, training: &str| {
        format!(
            r#"{{"currency": "EUR", "goodwill_threshold": {money}, "limits": {limits}, "training_required": {training}}}"#
        )
    };
    let load = |json: String| serde_json::from_str::<EmpowermentPolicy>(&json).map(drop);
    let once = format!(r#"{{"owner": {{"refund": {money}, "credit": {money}}}}}"#);
    assert!(load(policy(&once, "{}")).is_ok());
    for (limits, training) in [
        (
            format!(r#"{{"owner": {{"refund": {money}}}, "owner": {{"credit": {money}}}}}"#),
            "{}".to_owned(),
        ),
        (
            format!(r#"{{"owner": {{"refund": {money}, "refund": {money}}}}}"#),
            "{}".to_owned(),
        ),
        (
            once.clone(),
            r#"{"refund": [{"type": "software"}], "refund": []}"#.to_owned(),
        ),
    ] {
        let message = load(policy(&limits, &training)).unwrap_err().to_string();
        assert!(message.contains("duplicate key"), "{message}");
    }
    for calendar in [
        r#"{"week": {"mon": [], "mon": [{"start": "09:00", "end": "17:00"}]}}"#,
        r#"{"exceptions": {"2026-12-25": [], "2026-12-25": []}}"#,
    ] {
        let message = serde_json::from_str::<customer_care::calendar::CalendarSpec>(calendar)
            .unwrap_err()
            .to_string();
        assert!(message.contains("duplicate key"), "{message}");
    }
}

#[test]
fn x3_other_broken_records_are_refused_on_load() {
    let owner_with_boss = json!({"role": "owner", "reports_to": CLERK});
    assert!(refused::<Position>(owner_with_boss).contains("an owner reports to nobody"));
    assert!(refused::<Position>(json!({"role": "frontline"})).contains("must report to someone"));
    let backwards = json!({"kind": {"type": "software"},
        "completed_at": "2026-01-05T09:00:00Z", "expires_at": "2025-01-05T09:00:00Z"});
    assert!(refused::<TrainingRecord>(backwards).contains("not after its completion"));
    let mut policy = organisation_json()["policy"].clone();
    policy["limits"]["frontline"]["refund"]["minor_units"] = json!(100_001);
    assert!(refused::<EmpowermentPolicy>(policy).contains("above the owner limit"));
    let mut mixed = organisation_json()["policy"].clone();
    mixed["goodwill_threshold"]["currency"] = json!("USD");
    assert!(refused::<EmpowermentPolicy>(mixed).contains("is not in the policy currency EUR"));
}

#[test]
fn c_good_err_errors_and_main_types_are_send_sync_and_static() {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<MoneyError>();
    send_sync::<StaffError>();
    send_sync::<EmpowermentError>();
    send_sync::<StreamError<EmpowermentError>>();
    send_sync::<Organisation>();
    send_sync::<Approval>();
    send_sync::<Directory>();
    send_sync::<customer_care::feedback::FeedbackError>();
    send_sync::<customer_care::feedback::improvement::ImprovementError>();
    send_sync::<customer_care::feedback::review::ReviewError>();
    send_sync::<customer_care::conduct::ConductError>();
    send_sync::<customer_care::feedback::Feedback>();
    send_sync::<customer_care::feedback::improvement::ImprovementState>();
    send_sync::<customer_care::feedback::review::Agenda>();
    send_sync::<customer_care::conduct::ConductLog>();
    send_sync::<customer_care::metrics::MetricsError>();
    send_sync::<customer_care::view::ViewError>();
    send_sync::<customer_care::decalogue::AuditError>();
    send_sync::<customer_care::decalogue::CaseAudit>();
    send_sync::<customer_care::decalogue::Scorecard>();
    send_sync::<customer_care::metrics::TeamPulse>();
}

#[test]
fn c_good_err_messages_are_lower_case_without_a_trailing_period() {
    let messages = [
        MoneyError::Overflow.to_string(),
        StaffError::SuperiorRequired {
            role: Role::Frontline,
        }
        .to_string(),
        EmpowermentError::ApprovalDoesNotMatch.to_string(),
        EmpowermentError::AuthorityExceeded {
            actor: id(2),
            kind: RemedyKind::Refund,
            needed: eur(2),
            held: eur(1),
            escalate_to: None,
        }
        .to_string(),
        customer_care::feedback::FeedbackError::SaysNothing.to_string(),
        customer_care::feedback::improvement::ImprovementError::NotConsulted.to_string(),
        customer_care::feedback::improvement::ImprovementError::NoticesOwed { count: 2 }
            .to_string(),
        customer_care::conduct::ConductError::NoEvidence.to_string(),
        customer_care::conduct::ConductError::BadPolicy {
            window_days: 0,
            repeats: 1,
        }
        .to_string(),
        customer_care::view::ViewError::NotReceived.to_string(),
        customer_care::metrics::MetricsError::FloorOutOfRange {
            floor: customer_care::metrics::Percent::ZERO,
        }
        .to_string(),
        customer_care::decalogue::AuditError::Sequence {
            expected: 1,
            found: 3,
        }
        .to_string(),
        customer_care::decalogue::AuditError::NoSuchPrinciple { number: 0 }.to_string(),
        customer_care::decalogue::AuditError::Recurrence { recurs_at: 1 }.to_string(),
    ];
    for message in messages {
        let first = message.chars().next().unwrap();
        assert!(!first.is_uppercase(), "{message}");
        assert!(!message.ends_with('.'), "{message}");
    }
}

mod customers_and_promises {
    use super::*;
    use customer_care::customer::{
        Customer, CustomerKind, Entitlement, Expectation, ExpectationGap,
    };
    use customer_care::promise::{
        Promise, PromiseCommand, PromiseEvent, PromiseOutcome, PromisePolicy, PromiseState,
        PromiseTerms,
    };

    const ANNA: &str = "00000000-0000-0000-0000-000000000005";

    fn terms_json() -> Value {
        json!({
            "made_by": CLERK, "to": {"kind": "external", "id": ANNA},
            "what": "a new screen fitted", "made_at": "2026-06-01T09:00:00Z",
            "estimate": "2026-06-03T09:00:00Z", "due": "2026-06-04T09:00:00Z"
        })
    }

    #[test]
    fn x3_customer_types_have_their_documented_shape() {
        let anna = CustomerId::from_uuid(Uuid::from_u128(5));
        round_trip(
            &Customer::identified(CustomerKind::Former, anna),
            json!({"kind": "former", "id": ANNA}),
        );
        round_trip(
            &Customer::anonymous(CustomerKind::Other),
            json!({"kind": "other", "id": null}),
        );
        round_trip(
            &Expectation::new(Some(Remedy::new(RemedyKind::Repair, eur(0))), None),
            json!({"asked": {"kind": "repair", "value": {"minor_units": 0, "currency": "EUR"}}, "by": null}),
        );
        round_trip(&ExpectationGap::Exceeded, json!("exceeded"));
        round_trip(
            &Entitlement::new([Remedy::new(RemedyKind::Refund, eur(900))]),
            json!([{"kind": "refund", "value": {"minor_units": 900, "currency": "EUR"}}]),
        );
    }

    #[test]
    fn x3_promise_types_have_their_documented_shape() {
        let promise: Promise = serde_json::from_value(terms_json()).unwrap();
        round_trip(&promise, terms_json());
        round_trip(
            &PromisePolicy::new(90),
            json!({"buffer_minutes": 90, "early_margin_minutes": 60}),
        );
        // PR1: a policy stored before the early margin existed loads with the default.
        let older: PromisePolicy = serde_json::from_value(json!({"buffer_minutes": 90})).unwrap();
        assert_eq!(older, PromisePolicy::new(90));
        let PromiseTerms { estimate, .. } = promise.terms().clone();
        let mut make = terms_json();
        make["type"] = json!("make");
        round_trip(&PromiseCommand::Make(promise.terms().clone()), make);
        round_trip(
            &PromiseCommand::Deliver { at: estimate },
            json!({"type": "deliver", "at": "2026-06-03T09:00:00Z"}),
        );
        round_trip(
            &PromiseEvent::Delivered {
                at: estimate,
                outcome: PromiseOutcome::KeptEarly,
            },
            json!({"type": "delivered", "at": "2026-06-03T09:00:00Z", "outcome": "kept_early"}),
        );
        round_trip(
            &PromiseEvent::Made {
                promise: promise.clone(),
            },
            json!({"type": "made", "promise": terms_json()}),
        );
        round_trip(
            &PromiseState::Open {
                promise,
                renegotiations: 2,
            },
            json!({"status": "open", "promise": terms_json(), "renegotiations": 2}),
        );
    }

    #[test]
    fn x3_a_promise_with_dates_out_of_order_or_nothing_promised_is_refused_on_load() {
        let mut backwards = terms_json();
        backwards["due"] = json!("2026-06-02T09:00:00Z");
        assert!(refused::<Promise>(backwards).contains("promise dates out of order"));
        let mut blank = terms_json();
        blank["what"] = json!(" ");
        assert_eq!(
            refused::<Promise>(blank),
            "a promise must say what is promised"
        );
    }
}

#[test]
fn x3_an_envelope_names_its_schema_version_and_loads_no_other() {
    let stored = |version: Value| {
        let mut envelope = json!({"sequence": 1, "command_id": null, "event": "refund"});
        if !version.is_null() {
            envelope["schema_version"] = version;
        }
        envelope
    };
    assert_eq!(
        serde_json::from_value::<Envelope<RemedyKind>>(stored(json!(1))).unwrap(),
        Envelope {
            sequence: 1,
            command_id: None,
            event: RemedyKind::Refund
        }
    );
    assert!(
        refused::<Envelope<RemedyKind>>(stored(Value::Null))
            .contains("missing field `schema_version`")
    );
    for other in [0, 2] {
        assert_eq!(
            refused::<Envelope<RemedyKind>>(stored(json!(other))),
            format!("unsupported schema version {other}: this build reads version 1")
        );
    }
}

#[test]
fn x3_a_missing_optional_field_reads_as_null() {
    assert_eq!(
        serde_json::from_value::<CommandMeta>(json!({})).unwrap(),
        CommandMeta::NONE
    );
    let envelope: Envelope<RemedyKind> =
        serde_json::from_value(json!({"schema_version": 1, "sequence": 1, "event": "refund"}))
            .unwrap();
    assert_eq!(envelope.command_id, None);
}
