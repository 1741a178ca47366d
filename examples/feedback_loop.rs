//! Feedback from anyone, one improvement cycle, closing the loop, and the week's review
//! (FB1–FB5, ST3).
//!
//! A bakery café hears the same thing four ways in its first week of November 2026:
//! Lucía, a regular, writes that she waits in the rain before opening. A passer-by, who
//! has never bought anything, says so on social media. Pedro, who bakes, suggests
//! opening the hall earlier. The building's guard, who gives no name, mentions the
//! queue. Marta, the manager, groups the four into one improvement, plans it, tries it
//! for a month and measures the queue. The change affects customers, and Lucía's voice
//! is linked, so it may be adopted. Then the people who can be reached hear what their
//! feedback did, and the next cycle may start. Last, the review of that first week is
//! printed, the way the team would read it on Monday morning.
//! Run it with `cargo run --example feedback_loop`.
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

use chrono::{DateTime, TimeZone, Utc};
use customer_care::customer::{Customer, CustomerKind};
use customer_care::feedback::improvement::{
    Better, Effect, Improvement, ImprovementCommand, ImprovementError, Proposal, notices_owed,
};
use customer_care::feedback::review::{CaseRecord, Period, Resolved, weekly_review};
use customer_care::feedback::{Channel, Feedback, FeedbackKind, FeedbackSpec, Rating, Theme};
use customer_care::id::{ComplaintId, CustomerId, FeedbackId, ImprovementId, StaffId};
use customer_care::promise::{Lifecycle, PromiseCommand, PromisePolicy, PromiseTerms};
use customer_care::staff::{Directory, Position, StaffMember};
use customer_care::stream::{CommandMeta, EventStream, StreamError};
use std::error::Error;
use uuid::Uuid;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH)
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// Runs one command on the item and says what became of it.
fn step(
    item: &mut EventStream<Improvement>,
    command: ImprovementCommand,
) -> Result<(), StreamError<ImprovementError>> {
    let kind = command.kind();
    let result = item.execute_with(command, &(), CommandMeta::NONE);
    match &result {
        Ok(_) => println!("  {kind}: done"),
        Err(error) => println!("  {kind}: refused, {error}"),
    }
    result.map(|_| ())
}

fn main() -> Result<(), Box<dyn Error>> {
    let (olga, marta, pedro_staff, ana) = (
        StaffId::from_uuid(id(1)),
        StaffId::from_uuid(id(2)),
        StaffId::from_uuid(id(3)),
        StaffId::from_uuid(id(4)),
    );
    let directory = Directory::try_new([
        StaffMember::new(olga, "Olga", Position::Owner),
        StaffMember::new(marta, "Marta", Position::Manager { reports_to: olga }),
        StaffMember::new(
            pedro_staff,
            "Pedro",
            Position::Frontline { reports_to: marta },
        ),
        StaffMember::new(ana, "Ana", Position::Frontline { reports_to: marta }),
    ])?;
    let lucia = Customer::identified(CustomerKind::External, CustomerId::from_uuid(id(10)));
    let passer_by = Customer::identified(CustomerKind::Prospect, CustomerId::from_uuid(id(11)));
    let pedro = Customer::identified(CustomerKind::Internal, CustomerId::from_uuid(id(12)));
    let guard = Customer::anonymous(CustomerKind::Other);
    let queue = Theme::try_new("queue at opening")?;

    // FB1: feedback from anyone, through any channel.
    let said = [
        (
            lucia,
            FeedbackKind::Complaint,
            Channel::Written,
            "I wait in the rain every morning before you open",
            Some(2),
            None,
        ),
        (
            passer_by,
            FeedbackKind::Comment,
            Channel::Social,
            "Long queue outside that café at 8:50, I walked on",
            None,
            None,
        ),
        (
            pedro,
            FeedbackKind::Suggestion,
            Channel::SuggestionBox,
            "Open the hall at 8:45, the ovens are ready by then",
            None,
            None,
        ),
        (
            guard,
            FeedbackKind::Comment,
            Channel::InPerson,
            "People queue in the doorway and block the entrance",
            None,
            None,
        ),
        (
            lucia,
            FeedbackKind::Praise,
            Channel::InPerson,
            "Ana found me a table and remembered my order",
            Some(5),
            Some(ana),
        ),
    ];
    let mut feedback = Vec::new();
    for (n, (from, kind, channel, text, score, about)) in said.into_iter().enumerate() {
        let rating = score
            .map(|s| Rating::try_new(Rating::FIVE_POINT, s))
            .transpose()?;
        let theme = (kind != FeedbackKind::Praise).then(|| queue.clone());
        feedback.push(Feedback::try_from(FeedbackSpec {
            id: FeedbackId::from_uuid(id(100 + n as u128)),
            from,
            kind,
            channel,
            text: text.into(),
            rating,
            about,
            theme,
            from_staff: (from == pedro).then_some(pedro_staff),
            received_at: at(2 + n as u32, 9),
        })?);
    }
    println!("Feedback this week:");
    for f in &feedback {
        let who = match f.from().id {
            Some(_) => format!("a named {}", f.from().kind),
            None => format!("an anonymous {}", f.from().kind),
        };
        let kind = f.kind().to_string();
        let (first, rest) = kind.split_at(1);
        println!(
            "  {}{rest} from {who} {}: {}",
            first.to_uppercase(),
            f.channel(),
            f.text()
        );
    }

    // FB2: one improvement item groups the four voices about the queue.
    let mut item = EventStream::<Improvement>::new();
    println!("\nThe improvement cycle:");
    step(
        &mut item,
        ImprovementCommand::Propose(Proposal {
            id: ImprovementId::from_uuid(id(200)),
            title: "Nobody waits outside before opening".into(),
            opened_by: marta,
            affects_customers: true,
            feedback: feedback[..4].iter().map(Feedback::link).collect(),
            at: at(9, 8),
        }),
    )?;
    step(
        &mut item,
        ImprovementCommand::Plan {
            owner: marta,
            action: "open the hall at 8:45 with coffee, for four weeks".into(),
            at: at(9, 9),
        },
    )?;
    step(&mut item, ImprovementCommand::Start { at: at(10, 8) })?;
    let effect = Effect {
        measure: "people waiting outside at 8:55 (daily average)".into(),
        before: 14,
        after: 2,
        better: Better::Lower,
    };
    step(
        &mut item,
        ImprovementCommand::Check {
            effect,
            at: at(30, 18),
        },
    )?;
    step(&mut item, ImprovementCommand::Adopt { at: at(30, 19) })?;

    // FB3: close the loop with everyone who can be reached.
    let owed: Vec<_> = notices_owed([item.state()]).collect();
    println!(
        "\nNotices owed: {} (the guard gave no name, so cannot be told)",
        owed.len()
    );
    // The next cycle waits until everyone is told.
    let waits = step(&mut item, ImprovementCommand::NewCycle { at: at(30, 20) }).is_err();
    assert!(waits);
    for notice in owed {
        step(
            &mut item,
            ImprovementCommand::SendNotice {
                to: notice.to,
                at: at(30, 20),
            },
        )?;
    }
    println!("  Still owed: {}", notices_owed([item.state()]).count());
    step(&mut item, ImprovementCommand::NewCycle { at: at(30, 21) })?;

    // FB4, ST3: the review of the first week, as the team reads it.
    let cases = [
        CaseRecord {
            id: ComplaintId::from_uuid(id(300)),
            theme: queue.clone(),
            received_at: at(3, 10),
            resolved: Some(Resolved {
                by: ana,
                at: at(3, 12),
            }),
            breached_at: None,
        },
        CaseRecord {
            id: ComplaintId::from_uuid(id(301)),
            theme: Theme::try_new("cold coffee")?,
            received_at: at(4, 16),
            resolved: Some(Resolved {
                by: pedro_staff,
                at: at(6, 9),
            }),
            breached_at: Some(at(5, 16)),
        },
    ];
    let policy = PromisePolicy::new(60);
    let mut promise = EventStream::<Lifecycle>::new();
    let terms = PromiseTerms {
        made_by: ana,
        to: lucia,
        what: "a birthday cake on Friday at noon".into(),
        made_at: at(3, 10),
        estimate: at(6, 10),
        due: at(6, 12),
    };
    promise.execute_with(PromiseCommand::Make(terms), &policy, CommandMeta::NONE)?;
    promise.execute_with(
        PromiseCommand::Deliver { at: at(6, 9) },
        &policy,
        CommandMeta::NONE,
    )?;
    let first_week = Period::week_from(at(2, 0))?;
    let agenda = weekly_review(
        first_week,
        &feedback,
        &cases,
        &[promise.state().clone()],
        &[item.state().clone()],
    );
    println!("\n{}", agenda.named(&directory));
    Ok(())
}
