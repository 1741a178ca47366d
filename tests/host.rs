//! The host's shortest path (issue 21, item 6): the constructors a one-person shop
//! needs, each equal to what the checked constructors build, and `execute` without a
//! command id beside `execute_with`.

use chrono::{TimeDelta, TimeZone, Utc};
use customer_care::complaint::NextStep;
use customer_care::empowerment::{EmpowermentPolicy, EmpowermentPolicySpec};
use customer_care::prelude::*;
use customer_care::sla::{Priority, SlaPolicy};
use customer_care::staff::{Directory, Position, Role, StaffMember};
use uuid::Uuid;

fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

#[test]
fn st1_a_one_person_organisation_is_the_one_the_checked_constructors_build() {
    let ana = StaffId::from_u128(1);
    let mut spec = EmpowermentPolicySpec::new(Currency::EUR, Money::zero(Currency::EUR));
    for kind in RemedyKind::ALL {
        spec.set_limit(Role::Owner, kind, Money::minor(u64::MAX, Currency::EUR));
    }
    let staff = Directory::try_new([StaffMember::new(ana, "Ana", Position::Owner)]).unwrap();
    assert_eq!(Directory::of_owner(ana, "Ana"), staff);
    let checked =
        Organisation::try_new(EmpowermentPolicy::try_from(spec).unwrap(), staff, []).unwrap();
    let org = Organisation::run_by(ana, "Ana", Currency::EUR);
    assert_eq!(org, checked);
    // EM2: the owner may grant anything; nobody else is on the staff.
    assert_eq!(
        org.limit(ana, RemedyKind::Refund),
        Ok(Money::minor(u64::MAX, Currency::EUR))
    );
    assert_eq!(org.staff().len(), 1);
    // X3: it stores and loads like any organisation.
    let json = serde_json::to_string(&org).unwrap();
    assert_eq!(serde_json::from_str::<Organisation>(&json).unwrap(), org);
}

#[test]
fn x4_a_receipt_defaults_what_the_customer_did_not_say() {
    let id = ComplaintId::from_u128(7);
    let customer = Customer::anonymous(CustomerKind::External);
    let receipt = Receipt::new(id, customer, "The jug arrived cracked", monday());
    assert_eq!(
        receipt,
        Receipt {
            id,
            customer,
            summary: "The jug arrived cracked".into(),
            expectation: Expectation::new(None, None),
            entitlement: Entitlement::default(),
            follows: None,
            sla: SlaPolicy::default().terms(Priority::Normal),
            at: monday(),
        }
    );
    let refund = Remedy::new(RemedyKind::Refund, Money::minor(4_000, Currency::EUR));
    let earlier = ComplaintId::from_u128(6);
    let urgent = SlaPolicy::default().terms(Priority::Urgent);
    let set = receipt
        .with_expectation(Expectation::new(Some(refund), None))
        .with_entitlement(Entitlement::new([refund]))
        .following(earlier)
        .with_sla(urgent);
    assert_eq!(set.expectation.asked, Some(refund));
    assert_eq!(set.entitlement, Entitlement::new([refund]));
    assert_eq!(set.follows, Some(earlier));
    assert_eq!(set.sla, urgent);
}

#[test]
fn co5_messages_and_options_have_positional_constructors() {
    let by = monday() + TimeDelta::hours(3);
    assert_eq!(
        CustomerMessage::new("Sorry.", "I call you", by),
        CustomerMessage {
            text: "Sorry.".into(),
            next_step: NextStep {
                action: "I call you".into(),
                by,
            },
        }
    );
    let refund = Remedy::new(RemedyKind::Refund, Money::minor(4_000, Currency::EUR));
    let due = by + TimeDelta::days(1);
    assert_eq!(
        ResolutionOption::new(refund, "Your money back", by, due),
        ResolutionOption {
            remedy: refund,
            description: "Your money back".into(),
            estimate: by,
            due,
        }
    );
    assert_eq!(
        StaffId::from_u128(42),
        StaffId::from_uuid(Uuid::from_u128(42))
    );
}

#[test]
fn x4_execute_records_without_a_command_id_and_a_refusal_changes_nothing() {
    let ana = StaffId::from_u128(1);
    let org = Organisation::run_by(ana, "Ana", Currency::EUR);
    let policy = ComplaintPolicy::default();
    let context = ComplaintContext::new(&org, &policy);
    let mut case = EventStream::<Complaint>::new();
    let receipt = Receipt::new(
        ComplaintId::from_u128(7),
        Customer::anonymous(CustomerKind::External),
        "The jug arrived cracked",
        monday(),
    );
    let recorded = case
        .execute(ComplaintCommand::Receive(receipt), &context)
        .unwrap();
    assert_eq!(recorded.sequence, 1);
    assert_eq!(recorded.command_id, None);
    let before = case.clone();
    // Investigating before anyone owns the case is refused.
    let refused = case.execute(
        ComplaintCommand::Investigate {
            by: ana,
            at: monday(),
        },
        &context,
    );
    assert_eq!(refused.unwrap_err().code(), "not_allowed");
    assert!(case == before);
}
