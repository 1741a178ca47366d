//! The unhappy paths of a complaint, and what the rules do with each.
//!
//! 1. An associate tries to refuse a demand: only a manager may, with an alternative (CO4).
//! 2. A demand beyond what the customer paid for goes to a manager, who declines it with a
//!    reason; the associate, backed, offers what the contract covers (CU4).
//! 3. A resolved case is reopened within the window; after the window, a new case follows
//!    the old one (CO7).
//! 4. A customer withdraws.
//! 5. A customer who rejects the decision is referred to external dispute resolution.
//!
//! Run it with `cargo run --example complaint_lifecycle`.
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

use chrono::{DateTime, Duration, TimeZone, Utc};
use customer_care::complaint::{
    Complaint, ComplaintCommand, ComplaintContext, ComplaintError, ComplaintEvent, ComplaintPolicy,
    CustomerMessage, NextStep, Receipt, ResolutionOption, Verdict,
};
use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation};
use customer_care::empowerment::{EmpowermentPolicy, EmpowermentPolicySpec, Organisation};
use customer_care::id::{ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{Priority, SlaPolicy};
use customer_care::staff::{Directory, Position, Role, StaffMember};
use customer_care::stream::{CommandMeta, EventStream, StreamError};
use std::error::Error;
use uuid::Uuid;

const ELENA: StaffId = StaffId::from_uuid(Uuid::from_u128(1)); // owner
const JORGE: StaffId = StaffId::from_uuid(Uuid::from_u128(2)); // manager
const PILAR: StaffId = StaffId::from_uuid(Uuid::from_u128(3)); // associate

fn eur(euros: u64) -> Money {
    Money::minor(euros * 100, Currency::EUR)
}

fn day(d: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 7, 10, 0, 0).unwrap() + Duration::days(d)
}

struct Desk {
    org: Organisation,
    policy: ComplaintPolicy,
}

impl Desk {
    fn new() -> Result<Self, Box<dyn Error>> {
        let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(10));
        for (role, limit) in [
            (Role::Owner, 3_000),
            (Role::Manager, 600),
            (Role::Frontline, 120),
        ] {
            spec.set_limit(role, RemedyKind::Refund, eur(limit));
            spec.set_limit(role, RemedyKind::Repair, eur(limit));
        }
        let staff = Directory::try_new([
            StaffMember::new(ELENA, "Elena (owner)", Position::Owner),
            StaffMember::new(
                JORGE,
                "Jorge (manager)",
                Position::Manager { reports_to: ELENA },
            ),
            StaffMember::new(
                PILAR,
                "Pilar (associate)",
                Position::Frontline { reports_to: JORGE },
            ),
        ])?;
        Ok(Self {
            org: Organisation::try_new(EmpowermentPolicy::try_from(spec)?, staff, [])?,
            policy: ComplaintPolicy::default(),
        })
    }

    fn run(
        &self,
        case: &mut EventStream<Complaint>,
        command: ComplaintCommand,
    ) -> Result<ComplaintEvent, ComplaintError> {
        let context = ComplaintContext {
            org: &self.org,
            policy: &self.policy,
        };
        match case.execute_with(command, &context, CommandMeta::NONE) {
            Ok(outcome) => Ok(outcome.envelope().event.clone()),
            Err(StreamError::Rejected(refusal)) => Err(refusal),
            Err(other) => panic!("no other stream error is possible here: {other}"),
        }
    }

    /// A bike bought for `paid` euros, received, acknowledged by Pilar and investigated.
    fn open(
        &self,
        n: u128,
        paid: u64,
        follows: Option<ComplaintId>,
    ) -> Result<EventStream<Complaint>, ComplaintError> {
        let mut case = EventStream::new();
        self.run(
            &mut case,
            ComplaintCommand::Receive(Receipt {
                id: ComplaintId::from_uuid(Uuid::from_u128(n)),
                customer: Customer::anonymous(CustomerKind::External),
                summary: "the gears of my new bike slip".into(),
                expectation: Expectation::new(None, Some(day(7))),
                entitlement: Entitlement::new([
                    Remedy::new(RemedyKind::Refund, eur(paid)),
                    Remedy::new(RemedyKind::Repair, eur(paid)),
                ]),
                follows,
                sla: SlaPolicy::default().terms(Priority::Normal),
                at: day(0),
            }),
        )?;
        let message = CustomerMessage {
            text: "Sorry about the gears; I am on it.".into(),
            next_step: NextStep {
                action: "I call you with options".into(),
                by: day(1),
            },
        };
        self.run(
            &mut case,
            ComplaintCommand::Acknowledge {
                owner: PILAR,
                message,
                at: day(0),
            },
        )?;
        self.run(
            &mut case,
            ComplaintCommand::Investigate {
                by: PILAR,
                at: day(0),
            },
        )?;
        Ok(case)
    }
}

impl Desk {
    /// Pilar offers the gear repair, the customer takes it, and it is done on day 3.
    fn repair_delivered(&self, case: &mut EventStream<Complaint>) -> Result<(), ComplaintError> {
        let options = vec![repair()].try_into()?;
        self.run(
            case,
            ComplaintCommand::OfferResolution {
                by: PILAR,
                options,
                at: day(1),
            },
        )?;
        self.run(
            case,
            ComplaintCommand::Choose {
                option: 0,
                at: day(1),
            },
        )?;
        self.run(
            case,
            ComplaintCommand::Deliver {
                by: PILAR,
                at: day(3),
            },
        )?;
        Ok(())
    }
}

/// The free gear repair, offered on day 1.
fn repair() -> ResolutionOption {
    option(
        Remedy::new(RemedyKind::Repair, eur(80)),
        "the gear set replaced, free",
        1,
    )
}

fn option(remedy: Remedy, description: &str, offered: i64) -> ResolutionOption {
    ResolutionOption {
        remedy,
        description: description.into(),
        estimate: day(offered + 2),
        due: day(offered + 3),
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let desk = Desk::new()?;

    println!(
        "1. The customer wants a new bike; Pilar thinks the repair is enough and tries to refuse."
    );
    let mut case = desk.open(1, 400, None)?;
    let refusal = |by| ComplaintCommand::RefuseDemand {
        by,
        reason: "the frame is sound; the gears can be replaced".into(),
        alternatives: vec![repair()].try_into().expect("one option"),
        at: day(1),
    };
    if let Err(refused) = desk.run(&mut case, refusal(PILAR)) {
        println!("   Refused: {refused} (CO4).");
    }
    desk.run(&mut case, refusal(JORGE))?;
    println!("   Jorge refuses the new bike himself and offers the free repair instead (CO4).");

    println!("\n2. A customer who paid 100 EUR asks for 300 EUR for a lost weekend trip.");
    let mut case = desk.open(2, 100, None)?;
    let trip = option(
        Remedy::new(RemedyKind::Refund, eur(300)),
        "300 EUR for the trip",
        1,
    );
    if let ComplaintEvent::ApprovalRequested { escalated_to, .. } = desk.run(
        &mut case,
        ComplaintCommand::OfferResolution {
            by: PILAR,
            options: vec![trip].try_into()?,
            at: day(1),
        },
    )? {
        println!(
            "   Beyond what was paid: the demand goes to {} (CU4).",
            desk.org
                .staff()
                .get(escalated_to)
                .map_or("?", |m| m.name.as_str())
        );
    }
    desk.run(
        &mut case,
        ComplaintCommand::DeclineApproval {
            approver: JORGE,
            reason: "we refund the bike, not the trip".into(),
            at: day(1),
        },
    )?;
    println!("   Jorge declines, saying why; Pilar keeps the case and is backed (CU4).");
    let refund = option(
        Remedy::new(RemedyKind::Refund, eur(100)),
        "the full 100 EUR back",
        1,
    );
    desk.run(
        &mut case,
        ComplaintCommand::OfferResolution {
            by: PILAR,
            options: vec![refund].try_into()?,
            at: day(1),
        },
    )?;
    println!(
        "   She offers the full refund, which she may grant herself: {}.",
        case.state().status()
    );

    println!("\n3. A repair is delivered, then the gears slip again.");
    let mut case = desk.open(3, 400, None)?;
    desk.repair_delivered(&mut case)?;
    desk.run(
        &mut case,
        ComplaintCommand::Reopen {
            reason: "the gears slip again".into(),
            at: day(10),
        },
    )?;
    println!(
        "   Reopened within two weeks: same case, reopened {} time (CO7).",
        case.state().case().map_or(0, |c| c.reopened())
    );
    let mut later = desk.open(4, 400, None)?;
    desk.repair_delivered(&mut later)?;
    if let Err(refused) = desk.run(
        &mut later,
        ComplaintCommand::Reopen {
            reason: "slipping".into(),
            at: day(30),
        },
    ) {
        println!("   Another customer comes back after a month. Refused: {refused}.");
        let follow_up = desk.open(5, 400, Some(ComplaintId::from_uuid(Uuid::from_u128(4))))?;
        println!(
            "   So a new case is opened that follows the old one, {} (CO7).",
            follow_up
                .state()
                .case()
                .and_then(|c| c.follows())
                .map_or("none".into(), |id| format!(
                    "case {}",
                    id.as_uuid().as_u128()
                ))
        );
    }

    println!("\n4. A customer withdraws: she fixed the bike herself.");
    let mut case = desk.open(6, 400, None)?;
    desk.run(
        &mut case,
        ComplaintCommand::Withdraw {
            reason: "fixed it myself".into(),
            at: day(2),
        },
    )?;
    println!(
        "   {}; the case keeps its owner on record: {}.",
        case.state().status(),
        case.state().owner().is_some()
    );

    println!("\n5. A customer rejects every option and asks for an outside view.");
    let mut case = desk.open(7, 400, None)?;
    desk.run(
        &mut case,
        ComplaintCommand::OfferResolution {
            by: PILAR,
            options: vec![repair()].try_into()?,
            at: day(1),
        },
    )?;
    desk.run(
        &mut case,
        ComplaintCommand::DeclineOffer {
            reason: "I want a new bike".into(),
            at: day(2),
        },
    )?;
    desk.run(
        &mut case,
        ComplaintCommand::Refer {
            body: "the regional consumer arbitration board".into(),
            at: day(2),
        },
    )?;
    desk.run(
        &mut case,
        ComplaintCommand::Close {
            verdict: Verdict::default(),
            at: day(40),
        },
    )?;
    println!(
        "   Referred (ISO 10003), then closed after the board's decision: {}.",
        case.state().status()
    );
    Ok(())
}
