//! What the benches share: a small shop and a backlog of complaints run through the
//! decider, so every stored event is one the library itself recorded.
//!
//! The shop: an owner, a manager and two frontline clerks. A clerk may refund up to
//! 80 EUR, the manager 150 EUR. The backlog cycles three histories:
//!
//! - settled (8 events): received, acknowledged, investigated, offered two options, one
//!   chosen, delivered, root cause recorded, closed at 5;
//! - approved (11 events): as above, but the clerk asks the customer a question first,
//!   the offer is above the clerk's authority and waits for the manager's approval,
//!   and the case changes hands before closing at 4;
//! - reopened (13 events): settled, closed at 2, reopened the next hour, then offered,
//!   chosen, delivered and closed again at 4.
//!
//! So a backlog of `n` cases holds about `32 / 3 × n` events: 1,066,666 for 100,000.

#![allow(dead_code)] // Each bench uses its own part.

use chrono::{DateTime, Duration, TimeZone, Utc, Weekday};
use customer_care::calendar::{Calendar, CalendarSpec, Interval};
use customer_care::complaint::*;
use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation, ExpectationGap};
use customer_care::empowerment::{EmpowermentPolicy, EmpowermentPolicySpec, Organisation};
use customer_care::id::{CommandId, ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{Priority, SlaPolicy};
use customer_care::staff::{Directory, Position, Role, StaffMember};
use customer_care::stream::{CommandMeta, Envelope, EventStream};
use uuid::Uuid;

pub const OWNER: StaffId = StaffId::from_uuid(Uuid::from_u128(1));
pub const MANAGER: StaffId = StaffId::from_uuid(Uuid::from_u128(2));
pub const CLERK: StaffId = StaffId::from_uuid(Uuid::from_u128(3));
pub const CLERK_TWO: StaffId = StaffId::from_uuid(Uuid::from_u128(4));

/// One complaint's stored history.
pub type History = Vec<Envelope<ComplaintEvent>>;

pub fn eur(euros: u64) -> Money {
    Money::minor(euros * 100, Currency::EUR)
}

/// Monday 4 May 2026, 09:00 UTC, plus `hours`.
pub fn at(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap() + Duration::hours(hours)
}

pub fn organisation() -> Organisation {
    let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(10));
    for (role, limit) in [
        (Role::Owner, 5_000),
        (Role::Manager, 150),
        (Role::Frontline, 80),
    ] {
        spec.set_limit(role, RemedyKind::Refund, eur(limit));
    }
    let staff = Directory::try_new([
        StaffMember::new(OWNER, "owner", Position::Owner),
        StaffMember::new(MANAGER, "manager", Position::Manager { reports_to: OWNER }),
        StaffMember::new(
            CLERK,
            "clerk",
            Position::Frontline {
                reports_to: MANAGER,
            },
        ),
        StaffMember::new(
            CLERK_TWO,
            "second clerk",
            Position::Frontline {
                reports_to: MANAGER,
            },
        ),
    ])
    .unwrap();
    Organisation::try_new(EmpowermentPolicy::try_from(spec).unwrap(), staff, []).unwrap()
}

/// Monday to Friday, 09:00 to 18:00 UTC.
pub fn office_hours() -> Calendar<Utc> {
    let mut spec = CalendarSpec::default();
    for day in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ] {
        spec.set_day(day, vec![Interval::hm(9, 0, 18, 0).unwrap()]);
    }
    Calendar::try_new(Utc, spec).unwrap()
}

fn message(text: &str, by: DateTime<Utc>) -> CustomerMessage {
    CustomerMessage {
        text: text.into(),
        next_step: NextStep {
            action: "we call you tomorrow".into(),
            by,
        },
    }
}

fn options(start: DateTime<Utc>, refunds: &[(u64, &str)]) -> Options {
    refunds
        .iter()
        .map(|&(euros, description)| ResolutionOption {
            remedy: Remedy::new(RemedyKind::Refund, eur(euros)),
            description: description.into(),
            estimate: start + Duration::hours(24),
            due: start + Duration::hours(48),
        })
        .collect::<Vec<_>>()
        .try_into()
        .unwrap()
}

fn verdict(rating: u8, expectation: ExpectationGap) -> Verdict {
    Verdict {
        rating: Some(Satisfaction::try_from(rating).unwrap()),
        expectation: Some(expectation),
    }
}

/// The settled history of one complaint, received at `start` (the complaint bench's
/// lifecycle is its first seven commands).
pub fn settled(id: ComplaintId, start: DateTime<Utc>) -> Vec<ComplaintCommand> {
    let hour = |h| start + Duration::hours(h);
    vec![
        ComplaintCommand::Receive(Receipt {
            id,
            customer: Customer::anonymous(CustomerKind::External),
            summary: "late delivery".into(),
            expectation: Expectation::new(None, None),
            entitlement: Entitlement::new([Remedy::new(RemedyKind::Refund, eur(60))]),
            follows: None,
            sla: SlaPolicy::default().terms(Priority::Normal),
            at: start,
        }),
        ComplaintCommand::Acknowledge {
            owner: CLERK,
            message: message("Sorry, this is ours to fix.", hour(24)),
            at: hour(1),
        },
        ComplaintCommand::Investigate {
            by: CLERK,
            at: hour(2),
        },
        ComplaintCommand::OfferResolution {
            by: CLERK,
            options: options(
                hour(3),
                &[(20, "shipping refunded"), (50, "half the price back")],
            ),
            at: hour(3),
        },
        ComplaintCommand::Choose {
            option: 1,
            at: hour(4),
        },
        ComplaintCommand::Deliver {
            by: CLERK,
            at: hour(20),
        },
        ComplaintCommand::RecordRootCause {
            by: CLERK,
            cause: RootCause {
                origin: Origin::OurTeam {
                    name: "dispatch".into(),
                },
                description: "parcel left in the depot".into(),
            },
            at: hour(20),
        },
        ComplaintCommand::Close {
            verdict: verdict(5, ExpectationGap::Exceeded),
            at: hour(21),
        },
    ]
}

fn approved(id: ComplaintId, start: DateTime<Utc>) -> Vec<ComplaintCommand> {
    let hour = |h| start + Duration::hours(h);
    let mut commands = settled(id, start);
    commands.truncate(3);
    commands.extend([
        ComplaintCommand::AskCustomer {
            by: CLERK,
            message: message("Could you send a photo of the parcel?", hour(26)),
            at: hour(2),
        },
        ComplaintCommand::CustomerWrites {
            text: "Photo attached.".into(),
            at: hour(3),
        },
        ComplaintCommand::OfferResolution {
            by: CLERK,
            options: options(hour(4), &[(120, "the full price back")]),
            at: hour(4),
        },
        ComplaintCommand::Approve {
            approver: MANAGER,
            at: hour(5),
        },
        ComplaintCommand::Choose {
            option: 0,
            at: hour(6),
        },
        ComplaintCommand::Reassign {
            to: CLERK_TWO,
            reason: "the clerk is on leave".into(),
            at: hour(7),
        },
        ComplaintCommand::Deliver {
            by: CLERK_TWO,
            at: hour(22),
        },
        ComplaintCommand::Close {
            verdict: verdict(4, ExpectationGap::Met),
            at: hour(23),
        },
    ]);
    commands
}

fn reopened(id: ComplaintId, start: DateTime<Utc>) -> Vec<ComplaintCommand> {
    let hour = |h| start + Duration::hours(h);
    let mut commands = settled(id, start);
    commands.remove(6);
    commands[6] = ComplaintCommand::Close {
        verdict: verdict(2, ExpectationGap::Below),
        at: hour(21),
    };
    commands.extend([
        ComplaintCommand::Reopen {
            reason: "the refund never arrived".into(),
            at: hour(22),
        },
        ComplaintCommand::Investigate {
            by: CLERK,
            at: hour(23),
        },
        ComplaintCommand::OfferResolution {
            by: CLERK,
            options: options(hour(24), &[(10, "the rest of the price, by transfer")]),
            at: hour(24),
        },
        ComplaintCommand::Choose {
            option: 0,
            at: hour(25),
        },
        ComplaintCommand::Deliver {
            by: CLERK,
            at: hour(30),
        },
        ComplaintCommand::Close {
            verdict: verdict(4, ExpectationGap::Met),
            at: hour(31),
        },
    ]);
    commands
}

/// `cases` complaint histories, case `i` received `7 × i` minutes after the first, each
/// event with its own command id.
pub fn backlog(cases: usize) -> Vec<History> {
    let org = organisation();
    let policy = ComplaintPolicy::default();
    let context = ComplaintContext {
        org: &org,
        policy: &policy,
    };
    (0..cases)
        .map(|i| {
            let id = ComplaintId::from_uuid(Uuid::from_u128(1 << 64 | i as u128));
            let start = at(0) + Duration::minutes(7 * i as i64);
            let commands = match i % 3 {
                0 => settled(id, start),
                1 => approved(id, start),
                _ => reopened(id, start),
            };
            let mut stream = EventStream::<Complaint>::new();
            for (k, command) in commands.into_iter().enumerate() {
                let command_id =
                    CommandId::from_uuid(Uuid::from_u128((i as u128) << 8 | k as u128));
                stream
                    .execute_with(command, &context, CommandMeta::with_id(command_id))
                    .unwrap();
            }
            stream.into_parts().1
        })
        .collect()
}

/// How many events `histories` hold.
pub fn events(histories: &[History]) -> u64 {
    histories.iter().map(|history| history.len() as u64).sum()
}
