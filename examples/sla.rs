//! SLA clocks on a Bogotá business calendar with Colombia's 2026 public holidays
//! (SL1–SL3, CO5).
//!
//! A complaint arrives on Friday 13 November 2026 at 16:30, half an hour before closing,
//! at the start of a long weekend: Monday 16 is a public holiday. The example prints
//! every deadline at receipt, then the clocks at several instants as the case goes on:
//! over the weekend, while the case waits on the customer (the resolution clock pauses),
//! near a deadline, and at delivery. Last, it recomputes one deadline under a calendar
//! that forgot the holidays, to show what they are worth.
//! Run it with `cargo run --example sla`.
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use chrono_tz::America::Bogota;
use customer_care::calendar::{Calendar, CalendarSpec};
use customer_care::clocks::SlaClocks;
use customer_care::complaint::{
    Complaint, ComplaintCommand, ComplaintContext, ComplaintPolicy, CustomerMessage, NextStep,
    Receipt, ResolutionOption,
};
use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation};
use customer_care::empowerment::{EmpowermentPolicy, EmpowermentPolicySpec, Organisation};
use customer_care::id::{ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{ClockStatus, Priority, SlaPolicy, SlaReport};
use customer_care::staff::{Directory, Position, Role, StaffMember};
use customer_care::stream::{CommandMeta, EventStream};
use customer_care::view::CaseView;
use std::error::Error;
use uuid::Uuid;

/// The shop's hours, as a CRM would store them (`examples/data/bogota-2026.json`):
/// weekdays 08:00–12:00 and 13:00–17:00, Saturday mornings; closed on Colombia's
/// eighteen public holidays of 2026 (several moved to a Monday by law, making long
/// weekends); half days on 24 and 31 December.
const CALENDAR: &str = include_str!("data/bogota-2026.json");

const VALENTINA: StaffId = StaffId::from_uuid(Uuid::from_u128(1)); // owner
const CAMILA: StaffId = StaffId::from_uuid(Uuid::from_u128(2)); // associate

fn pesos(cop: u64) -> Money {
    Money::minor(cop * 100, Currency::COP)
}

/// November 2026 in Bogotá, as an instant.
fn nov(day: u32, hour: u32, minute: u32) -> Result<DateTime<Utc>, Box<dyn Error>> {
    let local = Bogota.with_ymd_and_hms(2026, 11, day, hour, minute, 0);
    Ok(local
        .single()
        .ok_or("no such time in Bogotá")?
        .with_timezone(&Utc))
}

fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Bogota)
        .format("%a %d %b %H:%M")
        .to_string()
}

fn hours(time: TimeDelta) -> String {
    format!("{} h {:02} min", time.num_hours(), time.num_minutes() % 60)
}

fn says(text: &str, action: &str, by: DateTime<Utc>) -> CustomerMessage {
    CustomerMessage {
        text: text.into(),
        next_step: NextStep {
            action: action.into(),
            by,
        },
    }
}

fn organisation() -> Result<Organisation, Box<dyn Error>> {
    let mut spec = EmpowermentPolicySpec::new(Currency::COP, pesos(20_000));
    for (role, limit) in [(Role::Owner, 10_000_000), (Role::Frontline, 2_000_000)] {
        spec.set_limit(role, RemedyKind::Replacement, pesos(limit));
        spec.set_limit(role, RemedyKind::Refund, pesos(limit));
    }
    let staff = Directory::try_new([
        StaffMember::new(VALENTINA, "Valentina", Position::Owner),
        StaffMember::new(
            CAMILA,
            "Camila",
            Position::Frontline {
                reports_to: VALENTINA,
            },
        ),
    ])?;
    Ok(Organisation::try_new(
        EmpowermentPolicy::try_from(spec)?,
        staff,
        [],
    )?)
}

fn show(report: &SlaReport) {
    println!("  clocks at {}:", local(report.now));
    for (target, clock) in report.iter() {
        let status = match clock.status {
            ClockStatus::Running { remaining, due } => {
                format!("running, {} left, due {}", hours(remaining), local(due))
            }
            ClockStatus::Warning { remaining, due } => {
                format!("WARNING, {} left, due {}", hours(remaining), local(due))
            }
            ClockStatus::Paused { remaining } => {
                format!(
                    "paused (waiting on the customer), {} left",
                    hours(remaining)
                )
            }
            ClockStatus::Breached { due, overdue } => {
                format!("BREACHED, due {}, {} over", local(due), hours(overdue))
            }
            ClockStatus::Met { at, spare } => {
                format!("met {} with {} to spare", local(at), hours(spare))
            }
            ClockStatus::Cancelled { at, remaining } => {
                format!("cancelled {} with {} left", local(at), hours(remaining))
            }
        };
        println!("    {:<16} {status}", target.to_string());
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let calendar = Calendar::try_new(Bogota, serde_json::from_str::<CalendarSpec>(CALENDAR)?)?;
    let sla = SlaPolicy::default();
    let org = organisation()?;
    let policy = ComplaintPolicy::default();
    let context = ComplaintContext {
        org: &org,
        policy: &policy,
    };
    let fridge = pesos(1_800_000);

    let receipt = Receipt {
        id: ComplaintId::from_uuid(Uuid::from_u128(2026)),
        customer: Customer::anonymous(CustomerKind::External),
        summary: "the new fridge does not cool".into(),
        expectation: Expectation::new(Some(Remedy::new(RemedyKind::Replacement, fridge)), None),
        entitlement: Entitlement::new([Remedy::new(RemedyKind::Replacement, fridge)]),
        follows: None,
        sla: sla.terms(Priority::High),
        at: nov(13, 16, 30)?,
    };
    println!("Friday 13 November, 16:30 in Bogotá: the new fridge does not cool. High priority.");
    println!("Monday 16 is a public holiday; the shop opens Saturday morning.");
    let mut case = EventStream::<Complaint>::new();
    case.execute_with(
        ComplaintCommand::Receive(receipt.clone()),
        &context,
        CommandMeta::NONE,
    )?;
    let mut clocks = SlaClocks::start(&receipt);
    println!("\nThe deadlines, counted in business hours only:");
    show(&clocks.report(&calendar, receipt.at)?);

    let mut step = |clocks: &mut SlaClocks, command| -> Result<(), Box<dyn Error>> {
        let event = case
            .execute_with(command, &context, CommandMeta::NONE)?
            .envelope()
            .event
            .clone();
        clocks.apply(&event, &())?;
        Ok(())
    };
    let report_at = |what: &str, now: DateTime<Utc>, clocks: &SlaClocks| {
        println!("\n{what}");
        clocks.report(&calendar, now).map(|report| show(&report))
    };

    step(
        &mut clocks,
        ComplaintCommand::Acknowledge {
            owner: CAMILA,
            message: says(
                "We are sorry: a fridge that does not cool is ours to fix.",
                "Camila will look into it this morning",
                nov(14, 12, 0)?,
            ),
            at: nov(14, 9, 10)?,
        },
    )?;
    step(
        &mut clocks,
        ComplaintCommand::Investigate {
            by: CAMILA,
            at: nov(14, 9, 20)?,
        },
    )?;
    step(
        &mut clocks,
        ComplaintCommand::AskCustomer {
            by: CAMILA,
            message: says(
                "Could you send us a photo of the plate behind the fridge?",
                "we answer within the day once it arrives",
                nov(17, 17, 0)?,
            ),
            at: nov(14, 11, 0)?,
        },
    )?;
    report_at(
        "Saturday 09:10 Camila acknowledged, 11:00 she asked for a photo. Holiday Monday, 10:00:",
        nov(16, 10, 0)?,
        &clocks,
    )?;

    step(
        &mut clocks,
        ComplaintCommand::CustomerWrites {
            text: "here is the photo".into(),
            at: nov(17, 8, 40)?,
        },
    )?;
    report_at(
        "Tuesday 08:40 the photo arrives: resolution runs again, a reply is owed. At 12:30:",
        nov(17, 12, 30)?,
        &clocks,
    )?;

    let replacement = ResolutionOption {
        remedy: Remedy::new(RemedyKind::Replacement, fridge),
        description: "a new fridge, delivered and installed".into(),
        estimate: nov(19, 12, 0)?,
        due: nov(20, 17, 0)?,
    };
    step(
        &mut clocks,
        ComplaintCommand::OfferResolution {
            by: CAMILA,
            options: vec![replacement].try_into()?,
            at: nov(17, 13, 10)?,
        },
    )?;
    step(
        &mut clocks,
        ComplaintCommand::Choose {
            option: 0,
            at: nov(18, 10, 0)?,
        },
    )?;
    step(
        &mut clocks,
        ComplaintCommand::Deliver {
            by: CAMILA,
            at: nov(19, 11, 0)?,
        },
    )?;
    report_at(
        "Tuesday 13:10 Camila offers a new fridge; Wednesday 10:00 the customer accepts; \
         Thursday 11:00 it is installed:",
        nov(19, 11, 0)?,
        &clocks,
    )?;

    let mut forgetful = serde_json::from_str::<CalendarSpec>(CALENDAR)?;
    forgetful.exceptions.clear();
    let forgetful = Calendar::try_new(Bogota, forgetful)?;
    let first = SlaClocks::start(&receipt);
    println!(
        "\nThe same receipt on a calendar that forgot the holidays (an explicit recomputation):"
    );
    show(&first.report(&forgetful, receipt.at)?);
    Ok(())
}
