//! Who may decide what, in a small shop: an owner, a manager and two associates.
//!
//! Four scenes: a refund an associate grants at once (EM1), a larger one escalated to
//! the manager and approved (EM3), a delegation refused because the manager cannot hand
//! down more than she holds (EM2), and a refund refused because an associate's training
//! has expired (EM4). Run it with `cargo run --example empowerment`.
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

use chrono::{DateTime, TimeZone, Utc};
use customer_care::empowerment::{
    Authorization, Delegation, EmpowermentError, EmpowermentPolicy, EmpowermentPolicySpec,
    GrantRequest, Organisation,
};
use customer_care::id::{ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::staff::{Directory, Position, Role, StaffMember, TrainingKind, TrainingRecord};
use std::error::Error;
use uuid::Uuid;

const ROSA: StaffId = StaffId::from_uuid(Uuid::from_u128(1)); // owner
const MATEO: StaffId = StaffId::from_uuid(Uuid::from_u128(2)); // manager
const LUCIA: StaffId = StaffId::from_uuid(Uuid::from_u128(3)); // associate
const DIEGO: StaffId = StaffId::from_uuid(Uuid::from_u128(4)); // associate

fn eur(euros: u64) -> Money {
    Money::minor(euros * 100, Currency::EUR)
}

fn on(month: u32, day: u32) -> Result<DateTime<Utc>, Box<dyn Error>> {
    Utc.with_ymd_and_hms(2026, month, day, 11, 0, 0)
        .single()
        .ok_or_else(|| "no such instant".into())
}

fn customer_service(
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<TrainingRecord, Box<dyn Error>> {
    Ok(TrainingRecord::try_new(
        TrainingKind::CustomerService,
        from,
        Some(until),
    )?)
}

fn shop() -> Result<Organisation, Box<dyn Error>> {
    let mut policy = EmpowermentPolicySpec::new(Currency::EUR, eur(10));
    policy
        .set_limit(Role::Owner, RemedyKind::Refund, eur(2_000))
        .set_limit(Role::Manager, RemedyKind::Refund, eur(300))
        .set_limit(Role::Frontline, RemedyKind::Refund, eur(50))
        .require_training(RemedyKind::Refund, TrainingKind::CustomerService);
    let (jan, next_jan) = (on(1, 15)?, on(12, 31)?);
    let staff = Directory::try_new([
        StaffMember::new(ROSA, "Rosa (owner)", Position::Owner)
            .with_training(customer_service(jan, next_jan)?),
        StaffMember::new(
            MATEO,
            "Mateo (manager)",
            Position::Manager { reports_to: ROSA },
        )
        .with_training(customer_service(jan, next_jan)?),
        StaffMember::new(
            LUCIA,
            "Lucía (associate)",
            Position::Frontline { reports_to: MATEO },
        )
        .with_training(customer_service(jan, next_jan)?),
        // Diego's certificate ran out at the end of February.
        StaffMember::new(
            DIEGO,
            "Diego (associate)",
            Position::Frontline { reports_to: MATEO },
        )
        .with_training(customer_service(on(1, 5)?, on(3, 1)?)?),
    ])?;
    Ok(Organisation::try_new(
        EmpowermentPolicy::try_from(policy)?,
        staff,
        [],
    )?)
}

fn name(org: &Organisation, id: StaffId) -> &str {
    org.staff()
        .get(id)
        .map_or("someone unknown", |m| m.name.as_str())
}

fn why(authorization: Authorization) -> &'static str {
    match authorization {
        Authorization::Goodwill => "it is within the goodwill threshold, so nothing is asked (EM5)",
        Authorization::OwnAuthority => "it is within their own authority and training (EM1)",
        Authorization::Approved { .. } => {
            "it carries an approval from someone who holds enough (EM3)"
        }
        _ => "the policy allows it",
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut org = shop()?;
    let today = on(3, 12)?;
    let case = |n: u128| ComplaintId::from_uuid(Uuid::from_u128(100 + n));
    println!(
        "A shop with a goodwill threshold of {}.",
        org.policy().goodwill_threshold()
    );
    for member in org.staff().members() {
        println!(
            "  {} may refund up to {} per case",
            member.name,
            org.limit(member.id, RemedyKind::Refund)?
        );
    }

    println!("\n1. A customer's kettle arrived dented. Lucía offers a refund of 35 EUR.");
    let small = GrantRequest::new(case(1), LUCIA, Remedy::new(RemedyKind::Refund, eur(35)));
    let granted = org.authorize(&small, None, today)?;
    println!("   Granted at once: {}.", why(granted));

    println!("\n2. A coffee machine failed twice. Lucía wants to refund all of it: 240 EUR.");
    let large = GrantRequest::new(case(2), LUCIA, Remedy::new(RemedyKind::Refund, eur(240)));
    match org.authorize(&large, None, today) {
        Err(EmpowermentError::AuthorityExceeded {
            held,
            escalate_to: Some(to),
            ..
        }) => {
            println!(
                "   Above her {held}; the rules send it to {}.",
                name(&org, to)
            );
            let approval = org.approve(to, &large, today)?;
            println!(
                "   {} approves up to {}.",
                name(&org, approval.approver()),
                approval.up_to()
            );
            let granted = org.authorize(&large, Some(&approval), today)?;
            println!("   Lucía grants the refund herself: {}.", why(granted));
        }
        other => {
            return Err(
                format!("the rules answered otherwise than this story expects: {other:?}").into(),
            );
        }
    }

    println!("\n3. Mateo wants Lucía to handle refunds up to 500 EUR alone.");
    let too_much = Delegation {
        from: MATEO,
        to: LUCIA,
        kind: RemedyKind::Refund,
        limit: eur(500),
    };
    match org.delegate(too_much) {
        Err(EmpowermentError::DelegationExceedsAuthority { held, .. }) => println!(
            "   Refused: {} holds only {held} himself, and nobody hands down more than they hold (EM2).",
            name(&org, MATEO)
        ),
        other => {
            return Err(
                format!("the rules answered otherwise than this story expects: {other:?}").into(),
            );
        }
    }
    org.delegate(Delegation {
        limit: eur(150),
        ..too_much
    })?;
    println!(
        "   He hands her 150 EUR instead; she now holds {}.",
        org.limit(LUCIA, RemedyKind::Refund)?
    );

    println!("\n4. Diego offers a 30 EUR refund for a late delivery.");
    let late = GrantRequest::new(case(3), DIEGO, Remedy::new(RemedyKind::Refund, eur(30)));
    match org.authorize(&late, None, today) {
        Err(EmpowermentError::TrainingRequired {
            training,
            escalate_to,
            ..
        }) => {
            println!("   Refused: his {training} training expired on 1 March (EM4).");
            if let Some(to) = escalate_to {
                println!(
                    "   The case goes to {}, and Diego is booked on the next course.",
                    name(&org, to)
                );
            }
        }
        other => {
            return Err(
                format!("the rules answered otherwise than this story expects: {other:?}").into(),
            );
        }
    }
    let flowers = GrantRequest::new(
        case(3),
        DIEGO,
        Remedy::new(RemedyKind::GoodwillGesture, eur(8)),
    );
    let granted = org.authorize(&flowers, None, today)?;
    println!(
        "   He can still send flowers worth 8 EUR: {}.",
        why(granted)
    );
    Ok(())
}
