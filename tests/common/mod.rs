//! The shared complaint fixture: the shop, the customer, and the complaint's world over
//! the given / when / then harness of `given.rs`.
//!
//! The shop: Olga (owner), Marta (manager), Sofía (supervisor), Ana and Luis (frontline).
//! Refund limits €5,000 / €500 / €150 / €80, goodwill threshold €10, refunds need
//! customer-service training (everyone has it). The customer paid €40: that is their
//! refund entitlement.
#![allow(dead_code)] // each test binary uses a different part

use chrono::{DateTime, Duration, TimeZone, Utc, Weekday};
use customer_care::calendar::{Calendar, CalendarSpec, Interval};
use customer_care::complaint::*;
use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation};
use customer_care::empowerment::{EmpowermentPolicy, EmpowermentPolicySpec, Organisation};
use customer_care::id::{ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{Priority, SlaPolicy};
use customer_care::staff::{Directory, Position, Role, StaffMember, TrainingKind, TrainingRecord};
use customer_care::stream::EventStream;
use uuid::Uuid;

pub mod given;

pub const OLGA: StaffId = StaffId::from_uuid(Uuid::from_u128(1));
pub const MARTA: StaffId = StaffId::from_uuid(Uuid::from_u128(2));
pub const SOFIA: StaffId = StaffId::from_uuid(Uuid::from_u128(3));
pub const ANA: StaffId = StaffId::from_uuid(Uuid::from_u128(4));
pub const LUIS: StaffId = StaffId::from_uuid(Uuid::from_u128(5));
pub const CASE: ComplaintId = ComplaintId::from_uuid(Uuid::from_u128(100));

pub fn eur(euros: u64) -> Money {
    Money::minor(euros * 100, Currency::EUR)
}

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 6, 9, 0, 0).unwrap()
}

pub fn h(hours: i64) -> DateTime<Utc> {
    t0() + Duration::hours(hours)
}

pub fn shop() -> Organisation {
    let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(10));
    for (role, limit) in [
        (Role::Owner, 5_000),
        (Role::Manager, 500),
        (Role::Supervisor, 150),
        (Role::Frontline, 80),
    ] {
        spec.set_limit(role, RemedyKind::Refund, eur(limit));
    }
    spec.require_training(RemedyKind::Refund, TrainingKind::CustomerService);
    let trained = |m: StaffMember| {
        m.with_training(
            TrainingRecord::try_new(TrainingKind::CustomerService, h(-1_000), None).unwrap(),
        )
    };
    let staff = Directory::try_new([
        trained(StaffMember::new(OLGA, "Olga", Position::Owner)),
        trained(StaffMember::new(
            MARTA,
            "Marta",
            Position::Manager { reports_to: OLGA },
        )),
        trained(StaffMember::new(
            SOFIA,
            "Sofía",
            Position::Supervisor { reports_to: MARTA },
        )),
        trained(StaffMember::new(
            ANA,
            "Ana",
            Position::Frontline { reports_to: SOFIA },
        )),
        trained(StaffMember::new(
            LUIS,
            "Luis",
            Position::Frontline { reports_to: SOFIA },
        )),
    ])
    .unwrap();
    Organisation::try_new(EmpowermentPolicy::try_from(spec).unwrap(), staff, []).unwrap()
}

pub struct World {
    pub org: Organisation,
    pub policy: ComplaintPolicy,
    pub stream: EventStream<Complaint>,
}

pub fn message(text: &str, by: DateTime<Utc>) -> CustomerMessage {
    CustomerMessage {
        text: text.into(),
        next_step: NextStep {
            action: "we will call you".into(),
            by,
        },
    }
}

pub fn refund(euros: u64, estimate: i64, due: i64) -> ResolutionOption {
    ResolutionOption {
        remedy: Remedy::new(RemedyKind::Refund, eur(euros)),
        description: format!("a refund of {euros} EUR"),
        estimate: h(estimate),
        due: h(due),
    }
}

pub fn options(list: Vec<ResolutionOption>) -> Options {
    list.try_into().unwrap()
}

pub fn receive() -> ComplaintCommand {
    receive_with(eur(40), None)
}

/// A complaint from a customer who paid `paid`, following up case `follows` if given.
pub fn receive_with(paid: Money, follows: Option<ComplaintId>) -> ComplaintCommand {
    ComplaintCommand::Receive(Receipt {
        id: CASE,
        customer: Customer::anonymous(CustomerKind::External),
        summary: "the toaster burns one side".into(),
        expectation: Expectation::new(Some(Remedy::new(RemedyKind::Refund, eur(40))), Some(h(72))),
        entitlement: Entitlement::new([Remedy::new(RemedyKind::Refund, paid)]),
        follows,
        sla: SlaPolicy::default().terms(Priority::Normal),
        at: h(0),
    })
}

impl World {
    /// Given these commands, all accepted.
    pub fn given(commands: Vec<ComplaintCommand>) -> Self {
        let mut world = World {
            org: shop(),
            policy: ComplaintPolicy::default(),
            stream: EventStream::new(),
        };
        for command in commands {
            let kind = command.kind();
            world
                .when(command)
                .unwrap_or_else(|e| panic!("given {kind} was refused: {e}"));
        }
        world
    }

    /// When this command: its event, or its refusal, which must change nothing (X2).
    pub fn when(&mut self, command: ComplaintCommand) -> Result<ComplaintEvent, ComplaintError> {
        let context = ComplaintContext::new(&self.org, &self.policy);
        given::decide_on(&mut self.stream, command, &context)
    }

    pub fn state(&self) -> &ComplaintState {
        self.stream.state()
    }

    pub fn status(&self) -> ComplaintStatus {
        self.state().status()
    }
}

pub fn acknowledged() -> Vec<ComplaintCommand> {
    vec![
        receive(),
        ComplaintCommand::Acknowledge {
            owner: ANA,
            message: message("We are sorry; this is ours to fix.", h(4)),
            at: h(1),
        },
    ]
}

pub fn investigating() -> Vec<ComplaintCommand> {
    let mut commands = acknowledged();
    commands.push(ComplaintCommand::Investigate { by: ANA, at: h(2) });
    commands
}

pub fn offered() -> Vec<ComplaintCommand> {
    let mut commands = investigating();
    commands.push(ComplaintCommand::OfferResolution {
        by: ANA,
        options: options(vec![refund(40, 24, 48), refund(20, 24, 48)]),
        at: h(3),
    });
    commands
}

pub fn resolving() -> Vec<ComplaintCommand> {
    let mut commands = offered();
    commands.push(ComplaintCommand::Choose {
        option: 0,
        at: h(4),
    });
    commands
}

pub fn resolved() -> Vec<ComplaintCommand> {
    let mut commands = resolving();
    commands.push(ComplaintCommand::Deliver { by: ANA, at: h(30) });
    commands
}

/// Envelopes numbered 1, 2, 3… around `events`, with no command ids.
pub fn numbered<E>(events: Vec<E>) -> Vec<customer_care::stream::Envelope<E>> {
    events
        .into_iter()
        .zip(1..)
        .map(|(event, sequence)| customer_care::stream::Envelope {
            sequence,
            command_id: None,
            event,
        })
        .collect()
}

/// The audit of `events` on `calendar`, in the shared shop, with no team answers, no
/// themes and no eNPS floor.
pub fn audit_on<Tz: chrono::TimeZone>(
    events: &[customer_care::stream::Envelope<ComplaintEvent>],
    calendar: &Calendar<Tz>,
) -> Result<customer_care::decalogue::CaseAudit, customer_care::decalogue::AuditError> {
    use customer_care::decalogue::{AuditContext, CaseAudit, ThemeWatch};
    use customer_care::metrics::{Percent, TeamPulse};
    let org = shop();
    let (pulse, themes) = (TeamPulse::default(), ThemeWatch::default());
    let context = AuditContext {
        directory: org.staff(),
        calendar,
        pulse: &pulse,
        enps_floor: Percent::ZERO,
        themes: &themes,
    };
    CaseAudit::of(events, &context)
}

/// A manager's refusal with an alternative, after the case was handed to her.
pub fn refused() -> Vec<ComplaintCommand> {
    then(
        investigating(),
        [
            ComplaintCommand::Reassign {
                to: MARTA,
                reason: "a manager decides".into(),
                at: h(3),
            },
            ComplaintCommand::RefuseDemand {
                by: MARTA,
                reason: "out of warranty".into(),
                alternatives: options(vec![refund(30, 28, 52)]),
                at: h(4),
            },
        ],
    )
}

/// `story` followed by `more`.
pub fn then(
    mut story: Vec<ComplaintCommand>,
    more: impl IntoIterator<Item = ComplaintCommand>,
) -> Vec<ComplaintCommand> {
    story.extend(more);
    story
}

/// The seven days, Monday first.
pub const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// A calendar in `zone` open `interval` on each of `days`.
pub fn open<Tz: chrono::TimeZone>(zone: Tz, days: &[Weekday], interval: Interval) -> Calendar<Tz> {
    let mut spec = CalendarSpec::default();
    for day in days {
        spec.set_day(*day, vec![interval]);
    }
    Calendar::try_new(zone, spec).unwrap()
}

/// A calendar open around the clock, every day: business time is calendar time.
pub fn around_the_clock() -> Calendar<Utc> {
    open(Utc, &WEEK, Interval::hm(0, 0, 24, 0).unwrap())
}

/// Every object inside `value`, by its JSON pointer, `value` itself included.
#[cfg(feature = "serde")]
fn objects(value: &serde_json::Value, at: String, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(fields) => {
            found.push(at.clone());
            for (name, field) in fields {
                objects(field, format!("{at}/{name}"), found);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                objects(item, format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// X3: `value` loads as `T`, and with a stray field put into any one of its objects
/// (nested ones included) it is refused, naming the field. Returns how many objects
/// were tried.
#[cfg(feature = "serde")]
pub fn refuses_stray_fields<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> usize {
    if let Err(error) = serde_json::from_value::<T>(value.clone()) {
        panic!("the untouched value does not load: {error}");
    }
    let mut pointers = Vec::new();
    objects(value, String::new(), &mut pointers);
    for pointer in &pointers {
        let mut tampered = value.clone();
        tampered.pointer_mut(pointer).unwrap()["unexpected"] = true.into();
        match serde_json::from_value::<T>(tampered) {
            Ok(_) => panic!("loaded with a stray field at {pointer:?}: {value}"),
            Err(error) => assert!(
                error.to_string().contains("unexpected"),
                "at {pointer:?}: {error}"
            ),
        }
    }
    pointers.len()
}

/// X3: checks that `values`, written as pretty JSON, are the snapshot at `path` (under
/// the crate root), each loads back as `T` unchanged, and refuses a stray field
/// anywhere. With `UPDATE_SNAPSHOTS=1` the file is rewritten first; review its diff.
#[cfg(feature = "serde")]
pub fn snapshot<T>(path: &str, values: &[T])
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json: Vec<serde_json::Value> = values
        .iter()
        .map(|value| serde_json::to_value(value).unwrap())
        .collect();
    for (value, json) in values.iter().zip(&json) {
        assert_eq!(&serde_json::from_value::<T>(json.clone()).unwrap(), value);
        refuses_stray_fields::<T>(json);
    }
    let actual = serde_json::to_string_pretty(&json).unwrap() + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        #[allow(clippy::disallowed_methods)] // a test may rewrite its own snapshot
        std::fs::write(path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("{path} is missing: run with UPDATE_SNAPSHOTS=1"));
    assert!(
        expected == actual,
        "the stored JSON in {path} changed; if intended, run with UPDATE_SNAPSHOTS=1 and \
         review its diff"
    );
}

/// The first of `values` with each JSON `type` tag, in order.
#[cfg(feature = "serde")]
pub fn one_of_each_type<T: serde::Serialize + Clone>(values: &[T]) -> Vec<T> {
    let mut seen = std::collections::BTreeSet::new();
    values
        .iter()
        .filter(|value| {
            let json = serde_json::to_value(value).unwrap();
            seen.insert(json["type"].as_str().unwrap_or_default().to_owned())
        })
        .cloned()
        .collect()
}
