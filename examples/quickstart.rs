//! Quickstart: one complaint from receipt to closing, as a CRM would drive it.
//!
//! The CRM loads its organisation from JSON, then sends each step as a command. The crate
//! decides whether the step is allowed and returns the one event to store. Every
//! instant and id comes from the CRM; the crate reads no clock (X1).
//! Run it with `cargo run --example quickstart`.
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

use chrono::{DateTime, Duration, TimeZone, Utc};
use customer_care::complaint::{
    Complaint, ComplaintCommand, ComplaintContext, ComplaintEvent, ComplaintPolicy,
    CustomerMessage, NextStep, Receipt, ResolutionOption, Satisfaction, Verdict,
};
use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation, ExpectationGap};
use customer_care::empowerment::Organisation;
use customer_care::id::{CommandId, ComplaintId, CustomerId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{Priority, SlaPolicy};
use customer_care::stream::{CommandMeta, EventStream};
use std::error::Error;
use uuid::Uuid;

/// What the CRM keeps in its database: a policy, the staff, any delegations.
const ORGANISATION: &str = r#"{
  "policy": {
    "currency": "COP",
    "goodwill_threshold": {"minor_units": 2000000, "currency": "COP"},
    "limits": {
      "owner":     {"refund": {"minor_units": 500000000, "currency": "COP"},
                    "repair": {"minor_units": 500000000, "currency": "COP"}},
      "manager":   {"refund": {"minor_units": 100000000, "currency": "COP"},
                    "repair": {"minor_units": 100000000, "currency": "COP"}},
      "frontline": {"refund": {"minor_units": 10000000, "currency": "COP"},
                    "repair": {"minor_units": 10000000, "currency": "COP"}}
    }
  },
  "staff": [
    {"id": "6f1c1a62-0000-4000-8000-000000000001", "name": "Valentina", "position": {"role": "owner"}, "training": []},
    {"id": "6f1c1a62-0000-4000-8000-000000000002", "name": "Andrés",
     "position": {"role": "manager", "reports_to": "6f1c1a62-0000-4000-8000-000000000001"}, "training": []},
    {"id": "6f1c1a62-0000-4000-8000-000000000003", "name": "Camila",
     "position": {"role": "frontline", "reports_to": "6f1c1a62-0000-4000-8000-000000000002"}, "training": []}
  ]
}"#;

fn pesos(cop: u64) -> Money {
    Money::minor(cop * 100, Currency::COP)
}

fn main() -> Result<(), Box<dyn Error>> {
    let org: Organisation = serde_json::from_str(ORGANISATION)?;
    let policy = ComplaintPolicy::default(); // one day of buffer on every promise (PR2)
    let context = ComplaintContext {
        org: &org,
        policy: &policy,
    };
    let camila: StaffId = "6f1c1a62-0000-4000-8000-000000000003".parse()?;
    let name = |id: StaffId| org.staff().get(id).map_or("?", |m| m.name.as_str());
    let monday = Utc
        .with_ymd_and_hms(2026, 11, 16, 9, 0, 0)
        .single()
        .ok_or("bad date")?;
    let at = |hours: i64| monday + Duration::hours(hours);
    let says = |text: &str, action: &str, by: DateTime<Utc>| CustomerMessage {
        text: text.into(),
        next_step: NextStep {
            action: action.into(),
            by,
        },
    };

    let mut case = EventStream::<Complaint>::new();
    let mut step = |command: ComplaintCommand, meta: CommandMeta| {
        case.execute_with(command, &context, meta)
            .map(|outcome| (outcome.envelope().event.clone(), outcome.is_new()))
    };

    println!(
        "Monday 09:00. A customer writes: the blender she paid 250,000 COP for arrived broken."
    );
    step(
        ComplaintCommand::Receive(Receipt {
            id: ComplaintId::from_uuid(Uuid::from_u128(0x5eed)),
            customer: Customer::identified(
                CustomerKind::External,
                CustomerId::from_uuid(Uuid::from_u128(42)),
            ),
            summary: "blender arrived with a cracked jug".into(),
            expectation: Expectation::new(
                Some(Remedy::new(RemedyKind::Refund, pesos(250_000))),
                Some(at(4 * 24)),
            ),
            entitlement: Entitlement::new([Remedy::new(RemedyKind::Refund, pesos(250_000))]),
            follows: None,
            sla: SlaPolicy::default().terms(Priority::Normal),
            at: at(0),
        }),
        CommandMeta::NONE,
    )?;
    println!("  Recorded with what she expects: her money back by Friday (CU2).");

    step(
        ComplaintCommand::Acknowledge {
            owner: camila,
            message: says(
                "I am sorry: the jug should never have reached you like this. I will sort it out.",
                "I call you with options",
                at(4),
            ),
            at: at(0) + Duration::minutes(20),
        },
        CommandMeta::NONE,
    )?;
    println!(
        "09:20. {} owns the case and says so, taking responsibility (CO1).",
        name(camila)
    );

    step(
        ComplaintCommand::Investigate {
            by: camila,
            at: at(1),
        },
        CommandMeta::NONE,
    )?;
    let options = vec![
        ResolutionOption {
            remedy: Remedy::new(RemedyKind::Refund, pesos(250_000)),
            description: "the full 250,000 COP back to your card".into(),
            estimate: at(24),
            due: at(48),
        },
        ResolutionOption {
            remedy: Remedy::new(RemedyKind::Repair, pesos(60_000)),
            description: "a new jug fitted at your home".into(),
            estimate: at(26),
            due: at(50),
        },
    ];
    let (offered, _) = step(
        ComplaintCommand::OfferResolution {
            by: camila,
            options: options.try_into()?,
            at: at(2),
        },
        CommandMeta::NONE,
    )?;
    if let ComplaintEvent::ApprovalRequested { escalated_to, .. } = offered {
        println!(
            "11:00. She offers two options. The refund is above her 100,000 COP, so the offer waits for {} (EM3).",
            name(escalated_to)
        );
        step(
            ComplaintCommand::Approve {
                approver: escalated_to,
                at: at(3),
            },
            CommandMeta::NONE,
        )?;
        println!(
            "12:00. {} approves; the options go to the customer (CO3).",
            name(escalated_to)
        );
    }

    step(
        ComplaintCommand::Choose {
            option: 0,
            at: at(5),
        },
        CommandMeta::NONE,
    )?;
    println!(
        "14:00. She chooses the refund. Promised for Wednesday 09:00; we expect Tuesday 09:00 (PR2)."
    );

    // The CRM sends the delivery with a command id; its first attempt timed out, so it
    // sends the same command again. The second answer is the event already recorded.
    let delivered = ComplaintCommand::Deliver {
        by: camila,
        at: at(24),
    };
    let id = CommandMeta::with_id(CommandId::from_uuid(Uuid::from_u128(0xde1)));
    let (event, _) = step(delivered.clone(), id)?;
    let (_, new) = step(delivered, id)?;
    if let ComplaintEvent::Delivered { outcome, .. } = event {
        println!("Tuesday 09:00. The refund is paid: {outcome}, a day before the promise (PR1).");
    }
    println!(
        "  The CRM retried the command after a timeout; {} (X4).",
        if new {
            "it was recorded twice"
        } else {
            "the case recognised it and recorded nothing new"
        }
    );

    step(
        ComplaintCommand::Close {
            verdict: Verdict {
                rating: Some(Satisfaction::try_from(5)?),
                expectation: Some(ExpectationGap::Exceeded),
            },
            at: at(26),
        },
        CommandMeta::NONE,
    )?;
    println!("Tuesday 11:00. Closed. Her verdict: 5 of 5, better than she expected (CO8).");

    let recovery = case.state().recovery();
    let steps = [
        (recovery.responsibility_taken, "owned"),
        (recovery.no_blame, "nobody blamed"),
        (recovery.customer_chose, "the customer chose"),
        (
            recovery.delivered_as_promised == Some(true),
            "delivered as promised",
        ),
    ];
    let done: Vec<&str> = steps
        .iter()
        .filter(|(held, _)| *held)
        .map(|(_, step)| *step)
        .collect();
    let missing: Vec<&str> = steps
        .iter()
        .filter(|(held, _)| !*held)
        .map(|(_, step)| *step)
        .collect();
    if recovery.is_complete() {
        println!("\nPackaged recovery (RE2): complete: {}.", done.join(", "));
    } else {
        println!(
            "\nPackaged recovery (RE2): incomplete; missing: {}.",
            missing.join(", ")
        );
    }
    println!("{} events stored for this case.", case.version());
    Ok(())
}
