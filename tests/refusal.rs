//! Refusals a program can read (X7): every variant of every public error has a stable
//! snake_case code and a requirement id, and serialises as `{code, rule, message,
//! details}`, valid against `schemas/refusal.json`; a wrapper answers as the refusal it
//! wraps.
#![cfg(feature = "serde")]

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use customer_care::calendar::{self, CalendarError, Interval};
use customer_care::complaint::{self, ComplaintCommandKind, ComplaintError, ComplaintStatus};
use customer_care::customer::CustomerKind;
use customer_care::empowerment::{self, EmpowermentError};
use customer_care::feedback::improvement::{
    ImprovementCommandKind, ImprovementError, ImprovementStatus,
};
use customer_care::feedback::{self, Rating, review};
use customer_care::id::{CommandId, ComplaintId, CustomerId, FeedbackId, StaffId};
use customer_care::metrics::{self, MetricsError, Percent};
use customer_care::money::{self, Currency, Money, MoneyError};
use customer_care::promise::{
    self, PromiseCommandKind, PromiseError, PromiseOutcome, PromiseStatus,
};
use customer_care::refusal::Refusal;
use customer_care::remedy::RemedyKind;
use customer_care::sla::{self, SlaError};
use customer_care::staff::{self, Role, StaffError, TrainingKind};
use customer_care::view::ViewError;
use customer_care::{conduct, decalogue, helpdesk, stream};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn staff(n: u128) -> StaffId {
    StaffId::from_uuid(Uuid::from_u128(n))
}

/// One refusal as a program sees it.
struct Sample {
    /// The error type's name.
    of: &'static str,
    code: &'static str,
    rule: &'static str,
    message: String,
    json: Value,
    /// The JSON of the refusal the variant wraps, if it wraps one.
    inner: Option<Value>,
}

/// A variant with fields of its own.
fn own<E: Refusal + serde::Serialize>(error: E) -> Sample {
    Sample {
        of: std::any::type_name::<E>(),
        code: error.code(),
        rule: error.rule(),
        message: error.to_string(),
        json: serde_json::to_value(&error).unwrap(),
        inner: None,
    }
}

/// A variant that wraps another refusal, `inner`.
fn wrapped<E: Refusal + serde::Serialize, I: serde::Serialize>(
    wrap: impl FnOnce(I) -> E,
    inner: I,
) -> Sample {
    let json = serde_json::to_value(&inner).unwrap();
    Sample {
        inner: Some(json),
        ..own(wrap(inner))
    }
}

/// One of each variant of each public error, wrappers around one refusal each.
fn every_refusal() -> Vec<Sample> {
    vec![
        own(calendar::CalendarError::EmptyInterval {
            start: "the courier".to_owned(),
            end: "the courier".to_owned(),
        }),
        own(calendar::CalendarError::BadTime {
            text: "the courier".to_owned(),
        }),
        own(calendar::CalendarError::Overlap {
            day: "the courier".to_owned(),
            first: Interval::try_new(540, 780).unwrap(),
            second: Interval::try_new(540, 780).unwrap(),
        }),
        own(calendar::CalendarError::NeverOpen),
        own(calendar::CalendarError::Reversed {
            from: at(),
            to: at(),
        }),
        own(calendar::CalendarError::Negative {
            amount: TimeDelta::minutes(-30),
        }),
        own(calendar::CalendarError::OutOfRange),
        own(calendar::CalendarError::BeyondHorizon {
            from: at(),
            days: -1,
        }),
        own(ImprovementError::NotAllowed {
            state: ImprovementStatus::Proposed,
            command: ImprovementCommandKind::Adopt,
        }),
        own(ImprovementError::Blank { field: "summary" }),
        own(ImprovementError::BeforeLatest {
            at: at(),
            latest: at(),
        }),
        own(ImprovementError::OwedMismatch),
        own(ImprovementError::AlreadyLinked {
            feedback: FeedbackId::from_uuid(Uuid::from_u128(5)),
        }),
        own(ImprovementError::NoImprovement {
            measure: "the courier".to_owned(),
            before: -1,
            after: -1,
        }),
        own(ImprovementError::NotConsulted),
        own(ImprovementError::NoticeNotOwed {
            to: CustomerId::from_uuid(Uuid::from_u128(4)),
        }),
        own(ImprovementError::NoticesOwed { count: 4 }),
        own(feedback::FeedbackError::SaysNothing),
        own(feedback::FeedbackError::RatingOutOfScale {
            score: 6,
            scale: Rating::FIVE_POINT,
        }),
        own(feedback::FeedbackError::StaffNotInternal {
            kind: CustomerKind::External,
        }),
        own(feedback::FeedbackError::BlankTheme),
        own(feedback::FeedbackError::EmptyScale { low: 6, high: 6 }),
        own(feedback::review::ReviewError::EmptyPeriod {
            start: at(),
            end: at(),
        }),
        own(decalogue::AuditError::NoSuchPrinciple { number: 6 }),
        own(decalogue::AuditError::Sequence {
            expected: 2,
            found: 2,
        }),
        wrapped(decalogue::AuditError::View, ViewError::NotReceived),
        wrapped(decalogue::AuditError::Calendar, CalendarError::NeverOpen),
        wrapped(
            decalogue::AuditError::Sla,
            SlaError::Threshold { percent: 0 },
        ),
        own(decalogue::AuditError::DuplicateCase {
            id: ComplaintId::from_uuid(Uuid::from_u128(3)),
        }),
        own(decalogue::AuditError::Recurrence { recurs_at: 4 }),
        own(sla::SlaError::Threshold { percent: 6 }),
        own(sla::SlaError::BeforeLatest {
            at: at(),
            latest: at(),
        }),
        wrapped(sla::SlaError::Calendar, CalendarError::NeverOpen),
        own(promise::PromiseError::OutcomeMismatch {
            outcome: PromiseOutcome::KeptEarly,
            due: at(),
            at: at(),
        }),
        own(promise::PromiseError::NotedApart {
            delivered_at: at(),
            noted_at: at(),
        }),
        own(promise::PromiseError::TermsChanged),
        own(promise::PromiseError::NotAllowed {
            state: PromiseStatus::Open,
            command: PromiseCommandKind::Deliver,
        }),
        own(promise::PromiseError::NothingPromised),
        own(promise::PromiseError::DatesOutOfOrder {
            made_at: at(),
            estimate: at(),
            due: at(),
        }),
        own(promise::PromiseError::BufferMissing {
            estimate: at(),
            due: at(),
            earliest: at(),
        }),
        own(promise::PromiseError::BeforeMade {
            at: at(),
            made_at: at(),
        }),
        own(promise::PromiseError::DuePassed {
            due: at(),
            at: at(),
        }),
        own(promise::PromiseError::NotYetDue {
            due: at(),
            at: at(),
        }),
        own(promise::PromiseError::OutOfRange),
        own(money::MoneyError::UnknownCurrency {
            code: "the courier".to_owned(),
        }),
        own(money::MoneyError::CurrencyMismatch {
            left: Currency::EUR,
            right: Currency::EUR,
        }),
        own(money::MoneyError::Overflow),
        own(money::MoneyError::NotAnAmount {
            text: "40,00 EUR".to_owned(),
        }),
        own(money::MoneyError::BelowZero {
            minuend: Money::minor(4_000, Currency::EUR),
            subtrahend: Money::minor(4_000, Currency::EUR),
        }),
        own(conduct::ConductError::NoEvidence),
        own(conduct::ConductError::Messenger {
            feedback: FeedbackId::from_uuid(Uuid::from_u128(5)),
        }),
        own(conduct::ConductError::UnknownFeedback {
            feedback: FeedbackId::from_uuid(Uuid::from_u128(5)),
        }),
        own(conduct::ConductError::BeforeLatest {
            at: at(),
            latest: at(),
        }),
        own(conduct::ConductError::BadPolicy {
            window_days: 3,
            repeats: 3,
        }),
        wrapped(
            stream::StreamError::<MoneyError>::Rejected,
            MoneyError::Overflow,
        ),
        own(stream::StreamError::<MoneyError>::VersionConflict {
            expected: 2,
            actual: 2,
        }),
        own(stream::StreamError::<MoneyError>::SequenceGap {
            expected: 2,
            found: 2,
        }),
        own(stream::StreamError::<MoneyError>::CommandIdReused {
            command_id: CommandId::from_uuid(Uuid::from_u128(7)),
            sequence: 2,
        }),
        own(stream::StreamError::<MoneyError>::BrokenRule {
            sequence: 2,
            error: MoneyError::Overflow,
        }),
        own(stream::StreamError::<MoneyError>::NotWhatTheRulesYield { sequence: 2 }),
        own(stream::StreamError::<MoneyError>::DuplicateCommandId {
            command_id: CommandId::from_uuid(Uuid::from_u128(7)),
            first: 2,
            second: 2,
        }),
        own(complaint::ComplaintError::NotAllowed {
            state: ComplaintStatus::ALL[0],
            command: ComplaintCommandKind::ALL[0],
        }),
        wrapped(
            complaint::ComplaintError::Empowerment,
            EmpowermentError::BlankParty,
        ),
        wrapped(
            complaint::ComplaintError::Promise,
            PromiseError::TermsChanged,
        ),
        wrapped(complaint::ComplaintError::Money, MoneyError::Overflow),
        own(complaint::ComplaintError::BeforeLatest {
            at: at(),
            latest: at(),
        }),
        own(complaint::ComplaintError::Blank { field: "summary" }),
        own(complaint::ComplaintError::NextStepInThePast { by: at(), at: at() }),
        own(complaint::ComplaintError::NoOptions),
        own(complaint::ComplaintError::NoSuchOption {
            option: 4,
            offered: 4,
        }),
        own(complaint::ComplaintError::RefusalNeedsManager {
            role: Role::Frontline,
        }),
        own(complaint::ComplaintError::NoOneCanApprove { by: staff(1) }),
        own(complaint::ComplaintError::ManagerRequired {
            approver: staff(1),
            role: Role::Frontline,
        }),
        own(complaint::ComplaintError::OfferOutdated {
            estimate: at(),
            at: at(),
        }),
        own(complaint::ComplaintError::ConfirmationWindowOpen { until: at() }),
        own(complaint::ComplaintError::ReopenWindowClosed { until: at() }),
        own(complaint::ComplaintError::OptionExpired {
            option: 4,
            due: at(),
            at: at(),
        }),
        own(complaint::ComplaintError::BlamesThirdParty {
            party: "the courier".to_owned(),
        }),
        own(complaint::ComplaintError::TargetTooLong { minutes: 3 }),
        own(complaint::ComplaintError::NotTheOwner {
            named: staff(1),
            owner: staff(1),
        }),
        own(complaint::ComplaintError::EvidenceRequired),
        own(complaint::ComplaintError::AlreadyOwner { owner: staff(1) }),
        own(complaint::ComplaintError::RatingOutOfRange { value: 6 }),
        own(metrics::MetricsError::OutOfScale {
            metric: "summary",
            score: 6,
            low: 6,
            high: 6,
        }),
        own(metrics::MetricsError::FloorOutOfRange {
            floor: Percent::of(1, 4).unwrap(),
        }),
        own(ViewError::NotReceived),
        own(ViewError::AlreadyReceived),
        own(ViewError::OutOfOrder {
            at: at(),
            latest: at(),
        }),
        own(staff::StaffError::NoOwner),
        own(staff::StaffError::ExpiresBeforeCompletion {
            completed_at: at(),
            expires_at: at(),
        }),
        own(staff::StaffError::OwnerReportsToNobody { superior: staff(1) }),
        own(staff::StaffError::SuperiorRequired {
            role: Role::Frontline,
        }),
        own(staff::StaffError::DuplicateStaff { id: staff(1) }),
        own(staff::StaffError::UnknownSuperior {
            member: staff(1),
            superior: staff(1),
        }),
        own(staff::StaffError::JuniorSuperior {
            member: staff(1),
            role: Role::Frontline,
            superior: staff(1),
            superior_role: Role::Frontline,
        }),
        own(staff::StaffError::CyclicReportingLine { member: staff(1) }),
        wrapped(empowerment::EmpowermentError::Staff, StaffError::NoOwner),
        wrapped(empowerment::EmpowermentError::Money, MoneyError::Overflow),
        own(empowerment::EmpowermentError::WrongCurrency {
            expected: Currency::EUR,
            found: Money::minor(4_000, Currency::EUR),
        }),
        own(empowerment::EmpowermentError::UnknownStaff { id: staff(1) }),
        own(empowerment::EmpowermentError::RoleLimitAboveSenior {
            role: Role::Frontline,
            kind: RemedyKind::Refund,
            limit: Money::minor(4_000, Currency::EUR),
            senior: Role::Frontline,
            senior_limit: Money::minor(4_000, Currency::EUR),
        }),
        own(empowerment::EmpowermentError::AboveSuperior {
            member: staff(1),
            superior: staff(1),
            kind: RemedyKind::Refund,
            limit: Money::minor(4_000, Currency::EUR),
            superior_limit: Money::minor(4_000, Currency::EUR),
        }),
        own(empowerment::EmpowermentError::DelegatorNotAbove {
            from: staff(1),
            to: staff(1),
        }),
        own(empowerment::EmpowermentError::DelegationExceedsAuthority {
            from: staff(1),
            kind: RemedyKind::Refund,
            limit: Money::minor(4_000, Currency::EUR),
            held: Money::minor(4_000, Currency::EUR),
        }),
        own(empowerment::EmpowermentError::DuplicateDelegation {
            to: staff(1),
            kind: RemedyKind::Refund,
        }),
        own(empowerment::EmpowermentError::AuthorityExceeded {
            actor: staff(1),
            kind: RemedyKind::Refund,
            needed: Money::minor(4_000, Currency::EUR),
            held: Money::minor(4_000, Currency::EUR),
            escalate_to: Some(staff(2)),
        }),
        own(empowerment::EmpowermentError::TrainingRequired {
            actor: staff(1),
            kind: RemedyKind::Refund,
            training: TrainingKind::CustomerService,
            escalate_to: Some(staff(2)),
        }),
        own(empowerment::EmpowermentError::ApproverNotAbove {
            approver: staff(1),
            actor: staff(1),
        }),
        own(empowerment::EmpowermentError::ApprovalDoesNotMatch),
        own(empowerment::EmpowermentError::BlankParty),
        own(empowerment::EmpowermentError::ApprovalFromAnotherOrganisation),
        own(empowerment::EmpowermentError::ApprovalSpent {
            kind: RemedyKind::Refund,
            approved_after: Money::minor(4_000, Currency::EUR),
            granted: Money::minor(4_000, Currency::EUR),
        }),
        own(empowerment::EmpowermentError::ApprovalAfterGrant {
            approved_at: at(),
            at: at(),
        }),
        own(empowerment::EmpowermentError::ApprovalExpired {
            approved_at: at(),
            until: at(),
        }),
        own(empowerment::EmpowermentError::ApprovalTooSmall {
            approved: Money::minor(4_000, Currency::EUR),
            needed: Money::minor(4_000, Currency::EUR),
        }),
        own(helpdesk::UnknownStatus("archived".to_owned())),
    ]
}

fn is_snake_case(code: &str) -> bool {
    !code.is_empty()
        && code
            .split('_')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase()))
}

fn is_requirement_id(rule: &str) -> bool {
    let digits = rule.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let letters = &rule[..rule.len() - digits.len()];
    [
        "X", "CU", "ST", "EM", "CO", "RE", "PR", "SL", "FB", "ME", "DE", "IN",
    ]
    .contains(&letters)
        && !digits.is_empty()
        && !digits.starts_with('0')
        && digits.bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn x7_every_refusal_has_a_snake_case_code_a_requirement_id_and_its_json_form() {
    for sample in every_refusal() {
        assert!(is_snake_case(sample.code), "{}: {}", sample.of, sample.code);
        assert!(
            is_requirement_id(sample.rule),
            "{}: {}",
            sample.of,
            sample.rule
        );
        assert_eq!(sample.json["code"], sample.code, "{}", sample.of);
        assert_eq!(sample.json["rule"], sample.rule, "{}", sample.of);
        assert_eq!(
            sample.json["message"],
            sample.message.as_str(),
            "{}",
            sample.of
        );
        let object = sample.json.as_object().unwrap();
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["code", "details", "message", "rule"],
            "{}",
            sample.of
        );
        assert!(sample.json["details"].is_object(), "{}", sample.of);
    }
}

#[test]
fn x7_the_samples_hold_each_type_s_codes_in_order_so_every_variant_is_here() {
    let mut by_type: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for sample in every_refusal()
        .iter()
        .filter(|sample| sample.inner.is_none())
    {
        by_type.entry(sample.of).or_default().push(sample.code);
    }
    let declared: [(&str, &[&str]); 16] = [
        (std::any::type_name::<CalendarError>(), CalendarError::CODES),
        (
            std::any::type_name::<ComplaintError>(),
            ComplaintError::CODES,
        ),
        (
            std::any::type_name::<conduct::ConductError>(),
            conduct::ConductError::CODES,
        ),
        (
            std::any::type_name::<decalogue::AuditError>(),
            decalogue::AuditError::CODES,
        ),
        (
            std::any::type_name::<EmpowermentError>(),
            EmpowermentError::CODES,
        ),
        (
            std::any::type_name::<feedback::FeedbackError>(),
            feedback::FeedbackError::CODES,
        ),
        (
            std::any::type_name::<ImprovementError>(),
            ImprovementError::CODES,
        ),
        (
            std::any::type_name::<review::ReviewError>(),
            review::ReviewError::CODES,
        ),
        (
            std::any::type_name::<helpdesk::UnknownStatus>(),
            helpdesk::UnknownStatus::CODES,
        ),
        (std::any::type_name::<MetricsError>(), MetricsError::CODES),
        (std::any::type_name::<MoneyError>(), MoneyError::CODES),
        (std::any::type_name::<PromiseError>(), PromiseError::CODES),
        (std::any::type_name::<SlaError>(), SlaError::CODES),
        (std::any::type_name::<StaffError>(), StaffError::CODES),
        (std::any::type_name::<ViewError>(), ViewError::CODES),
        (
            std::any::type_name::<stream::StreamError<MoneyError>>(),
            stream::StreamError::<MoneyError>::CODES,
        ),
    ];
    for (of, codes) in declared {
        assert_eq!(by_type.remove(of).as_deref(), Some(codes), "{of}");
    }
    assert!(
        by_type.is_empty(),
        "samples of undeclared types: {by_type:?}"
    );
    // And the crate's list is exactly the codes the samples carry.
    let sampled: BTreeSet<&str> = every_refusal().iter().map(|sample| sample.code).collect();
    assert_eq!(
        sampled.into_iter().collect::<Vec<_>>(),
        customer_care::refusal_codes()
    );
}

#[test]
fn x7_a_code_comes_with_one_rule_and_one_shape_of_details_whichever_type_carries_it() {
    let mut seen: BTreeMap<&str, (&str, Vec<String>)> = BTreeMap::new();
    for sample in every_refusal() {
        let keys: Vec<String> = sample.json["details"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let (rule, first_keys) = seen
            .entry(sample.code)
            .or_insert((sample.rule, keys.clone()));
        assert_eq!(*rule, sample.rule, "{} in {}", sample.code, sample.of);
        assert_eq!(*first_keys, keys, "{} in {}", sample.code, sample.of);
    }
}

#[test]
fn x7_a_wrapper_answers_with_the_code_rule_and_json_of_the_refusal_it_wraps() {
    let wrappers: Vec<Sample> = every_refusal()
        .into_iter()
        .filter(|sample| sample.inner.is_some())
        .collect();
    assert_eq!(wrappers.len(), 10);
    for sample in wrappers {
        let inner = sample.inner.unwrap();
        for key in ["code", "rule", "details"] {
            assert_eq!(sample.json[key], inner[key], "{} {key}", sample.of);
        }
        assert!(
            sample.message.contains(inner["message"].as_str().unwrap()),
            "{}",
            sample.of
        );
    }
    let spent = ComplaintError::Empowerment(EmpowermentError::ApprovalFromAnotherOrganisation);
    assert_eq!(spent.code(), "approval_from_another_organisation");
    assert_eq!(spent.rule(), "EM3");
}

#[test]
fn x7_details_hold_the_variant_s_fields_in_their_stored_form() {
    let error = ComplaintError::NoSuchOption {
        option: 4,
        offered: 2,
    };
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({
            "code": "no_such_option",
            "rule": "CO3",
            "message": "option 4 was not offered; there are 2",
            "details": {"option": 4, "offered": 2},
        })
    );
    let error = ComplaintError::Empowerment(EmpowermentError::AuthorityExceeded {
        actor: staff(1),
        kind: RemedyKind::Refund,
        needed: Money::minor(12_000, Currency::EUR),
        held: Money::minor(5_000, Currency::EUR),
        escalate_to: Some(staff(2)),
    });
    let json = serde_json::to_value(&error).unwrap();
    assert_eq!(json["code"], "authority_exceeded");
    assert_eq!(json["details"]["kind"], "refund");
    assert_eq!(
        json["details"]["needed"],
        json!({"minor_units": 12000, "currency": "EUR"})
    );
    assert_eq!(
        json["details"]["escalate_to"],
        "00000000-0000-0000-0000-000000000002"
    );
    // A stored history's refusal carries the decider's own, whole.
    let broken = stream::StreamError::BrokenRule {
        sequence: 3,
        error: ComplaintError::NoOptions,
    };
    let json = serde_json::to_value(&broken).unwrap();
    assert_eq!(json["code"], "broken_rule");
    assert_eq!(json["rule"], "X3");
    assert_eq!(json["details"]["sequence"], 3);
    assert_eq!(json["details"]["error"]["code"], "no_options");
    assert_eq!(json["details"]["error"]["details"], json!({}));
}

#[cfg(feature = "schemars")]
#[test]
fn x7_every_refusal_validates_against_the_published_schema() {
    let schema = serde_json::to_value(customer_care::schema::refusal()).unwrap();
    let mut compiler = boon::Compiler::new();
    let mut schemas = boon::Schemas::new();
    compiler.add_resource("urn:refusal", schema).unwrap();
    let index = compiler.compile("urn:refusal", &mut schemas).unwrap();
    for sample in every_refusal() {
        if let Err(error) = schemas.validate(&sample.json, index) {
            panic!("{}: {error}\n{}", sample.of, sample.json);
        }
    }
    let unknown = json!({"code": "no_such_code", "rule": "CO3", "message": "m", "details": {}});
    assert!(schemas.validate(&unknown, index).is_err());
    let no_rule = json!({"code": "no_options", "rule": "CO", "message": "m", "details": {}});
    assert!(schemas.validate(&no_rule, index).is_err());
}

#[test]
fn x7_the_readme_lists_every_code_with_its_rule() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("| Code | Rule | Refused by |").unwrap();
    let table = &readme[start..readme[start..].find("</details>").unwrap() + start];
    let listed: BTreeMap<&str, &str> = table
        .lines()
        .skip(2)
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            (cells[1].trim_matches('`'), cells[2])
        })
        .collect();
    let rules: BTreeMap<&str, &str> = every_refusal()
        .iter()
        .map(|sample| (sample.code, sample.rule))
        .collect();
    assert_eq!(listed, rules);
    assert!(readme.contains(&format!("<summary>The {} codes</summary>", rules.len())));
}
