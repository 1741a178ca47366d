//! A month of complaints audited against the ten principles (DE1–DE3), with the
//! metrics beside them (ME1–ME4, ST5).
//!
//! An appliance shop in Madrid runs twenty complaints through the crate in November
//! 2026. Ana and Luis work in Marta's team, Pedro and Eva in Jorge's. The month has
//! its mix: quick and slow acknowledgements, promises kept, kept early and broken,
//! customers who were delighted and some who were not, a handoff, two reopenings. One
//! more case comes from the old helpdesk, imported as stored events, where an
//! associate refused a demand and a stranger sent a message: things the decider
//! would have refused, which the audit still catches.
//!
//! The staff answered the workplace question (eNPS per team, ST5), and the cases are
//! filed under themes, one of which already has an improvement item. Every case is
//! audited; the scorecard is printed against last month's goals, then the findings
//! of the worst case, in English and Spanish, the next month's goals (ME4), and the
//! month's metrics. Run it with `cargo run --example decalogue_audit`.
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

use chrono::{DateTime, Duration, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Madrid;
use customer_care::calendar::{Calendar, CalendarSpec, Interval};
use customer_care::complaint::{
    Complaint, ComplaintCommand, ComplaintContext, ComplaintEvent, ComplaintPolicy,
    CustomerMessage, NextStep, Receipt, ResolutionOption, Satisfaction, Verdict,
};
use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation, ExpectationGap};
use customer_care::decalogue::{
    AuditContext, CaseAudit, Goals, Judgement, Language, Principle, Scorecard, ThemeWatch,
};
use customer_care::empowerment::{EmpowermentPolicy, EmpowermentPolicySpec, Organisation};
use customer_care::feedback::improvement::{Improvement, ImprovementCommand, Proposal};
use customer_care::feedback::review::CaseRecord;
use customer_care::feedback::{Channel, Feedback, FeedbackKind, FeedbackSpec, Theme};
use customer_care::id::{ComplaintId, FeedbackId, ImprovementId, StaffId};
use customer_care::metrics::{
    CaseFacts, Csat, DurationStats, GapTally, Goal, Percent, PromiseTally, TeamPulse,
    first_contact_resolution, reopen_rate,
};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{Priority, SlaPolicy};
use customer_care::staff::{Directory, Position, Role, StaffMember};
use customer_care::stream::{CommandMeta, Envelope, EventStream};
use std::error::Error;
use uuid::Uuid;

const OLGA: StaffId = StaffId::from_uuid(Uuid::from_u128(1)); // owner
const MARTA: StaffId = StaffId::from_uuid(Uuid::from_u128(2)); // manager, leads Ana and Luis
const JORGE: StaffId = StaffId::from_uuid(Uuid::from_u128(3)); // supervisor, leads Pedro and Eva
const ANA: StaffId = StaffId::from_uuid(Uuid::from_u128(4));
const LUIS: StaffId = StaffId::from_uuid(Uuid::from_u128(5));
const PEDRO: StaffId = StaffId::from_uuid(Uuid::from_u128(6));
const EVA: StaffId = StaffId::from_uuid(Uuid::from_u128(7));

fn eur(euros: u64) -> Money {
    Money::minor(euros * 100, Currency::EUR)
}

/// 10:00 in Madrid on a November 2026 day.
fn morning(day: u32) -> DateTime<Utc> {
    Madrid
        .with_ymd_and_hms(2026, 11, day, 10, 0, 0)
        .single()
        .map_or(DateTime::UNIX_EPOCH, |at| at.with_timezone(&Utc))
}

/// How one case went.
struct Script {
    day: u32,
    theme: &'static str,
    owner: StaffId,
    /// Hours from receipt to acknowledgement; the target is four business hours.
    acknowledge: i64,
    /// A handoff after the acknowledgement.
    handoff: Option<StaffId>,
    /// 0: the €60 refund asked for; 1: a €30 credit.
    option: usize,
    /// Hours from the choice to delivery (the estimate is 24, the promise 72); `None`
    /// when the promise is found broken instead.
    deliver: Option<i64>,
    rating: Option<u8>,
    gap: Option<ExpectationGap>,
    reopen: bool,
}

const fn script(day: u32, theme: &'static str, owner: StaffId, acknowledge: i64) -> Script {
    Script {
        day,
        theme,
        owner,
        acknowledge,
        handoff: None,
        option: 0,
        deliver: Some(20),
        rating: Some(5),
        gap: Some(ExpectationGap::Met),
        reopen: false,
    }
}

fn scripts() -> Vec<Script> {
    vec![
        script(2, "late delivery", ANA, 1),
        Script {
            rating: Some(4),
            ..script(2, "damaged on arrival", LUIS, 2)
        },
        Script {
            deliver: Some(80),
            rating: Some(2),
            gap: Some(ExpectationGap::Below),
            ..script(3, "late delivery", PEDRO, 1)
        },
        Script {
            gap: Some(ExpectationGap::Exceeded),
            ..script(3, "damaged on arrival", ANA, 1)
        },
        Script {
            acknowledge: 6,
            rating: Some(3),
            ..script(4, "billing", EVA, 6)
        },
        Script {
            handoff: Some(LUIS),
            ..script(4, "damaged on arrival", ANA, 1)
        },
        Script {
            option: 1,
            rating: None,
            gap: None,
            ..script(5, "late delivery", LUIS, 3)
        },
        Script {
            reopen: true,
            ..script(6, "damaged on arrival", PEDRO, 2)
        },
        Script {
            deliver: None,
            ..script(9, "billing", ANA, 1)
        },
        Script {
            deliver: Some(10),
            ..script(9, "assembly", LUIS, 1)
        },
        Script {
            rating: Some(4),
            gap: None,
            ..script(10, "late delivery", ANA, 2)
        },
        Script {
            acknowledge: 27,
            rating: Some(2),
            gap: Some(ExpectationGap::Below),
            ..script(11, "billing", PEDRO, 27)
        },
        script(12, "damaged on arrival", EVA, 1),
        Script {
            option: 1,
            rating: Some(3),
            gap: Some(ExpectationGap::Below),
            ..script(13, "late delivery", LUIS, 1)
        },
        Script {
            handoff: Some(EVA),
            ..script(16, "assembly", PEDRO, 1)
        },
        Script {
            reopen: true,
            rating: Some(4),
            ..script(17, "late delivery", ANA, 1)
        },
        script(18, "website", LUIS, 1),
        Script {
            deliver: Some(70),
            ..script(19, "damaged on arrival", ANA, 2)
        },
        Script {
            rating: None,
            gap: None,
            ..script(20, "late delivery", EVA, 1)
        },
        script(23, "billing", ANA, 1),
    ]
}

pub struct Shop {
    org: Organisation,
    policy: ComplaintPolicy,
}

impl Shop {
    fn new() -> Result<Self, Box<dyn Error>> {
        let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(10));
        for (role, limit) in [
            (Role::Owner, 5_000),
            (Role::Manager, 500),
            (Role::Supervisor, 200),
            (Role::Frontline, 100),
        ] {
            spec.set_limit(role, RemedyKind::Refund, eur(limit));
            spec.set_limit(role, RemedyKind::Credit, eur(limit));
        }
        let staff = Directory::try_new([
            StaffMember::new(OLGA, "Olga", Position::Owner),
            StaffMember::new(MARTA, "Marta", Position::Manager { reports_to: OLGA }),
            StaffMember::new(JORGE, "Jorge", Position::Supervisor { reports_to: OLGA }),
            StaffMember::new(ANA, "Ana", Position::Frontline { reports_to: MARTA }),
            StaffMember::new(LUIS, "Luis", Position::Frontline { reports_to: MARTA }),
            StaffMember::new(PEDRO, "Pedro", Position::Frontline { reports_to: JORGE }),
            StaffMember::new(EVA, "Eva", Position::Frontline { reports_to: JORGE }),
        ])?;
        Ok(Self {
            org: Organisation::try_new(EmpowermentPolicy::try_from(spec)?, staff, [])?,
            policy: ComplaintPolicy::default(),
        })
    }

    fn name(&self, id: StaffId) -> &str {
        self.org
            .staff()
            .get(id)
            .map_or("?", |member| member.name.as_str())
    }

    /// Runs one case through the decider and returns its stored events.
    fn run(
        &self,
        n: u128,
        script: &Script,
    ) -> Result<Vec<Envelope<ComplaintEvent>>, Box<dyn Error>> {
        let context = ComplaintContext {
            org: &self.org,
            policy: &self.policy,
        };
        let mut case = EventStream::<Complaint>::new();
        let mut run = |command| {
            case.execute_with(command, &context, CommandMeta::NONE)
                .map(|_| ())
        };
        let t0 = morning(script.day);
        let at = |hours: i64| t0 + Duration::hours(hours);
        let say = |text: &str, hours: i64| CustomerMessage {
            text: text.into(),
            next_step: NextStep {
                action: "we write to you again".into(),
                by: at(hours + 24),
            },
        };
        // The first offer: the refund asked for, or a credit. After a reopening the
        // refund is spent, so the second offer is the credit alone.
        let options = |from: i64, again: bool| -> Result<_, Box<dyn Error>> {
            let option = |remedy, description: &str| ResolutionOption {
                remedy,
                description: description.into(),
                estimate: at(from + 24),
                due: at(from + 72),
            };
            let refund = option(Remedy::new(RemedyKind::Refund, eur(60)), "a full refund");
            let credit = option(
                Remedy::new(RemedyKind::Credit, eur(30)),
                "€30 off your next order",
            );
            Ok(if again {
                vec![credit]
            } else {
                vec![refund, credit]
            }
            .try_into()?)
        };
        run(ComplaintCommand::Receive(Receipt {
            id: ComplaintId::from_uuid(Uuid::from_u128(100 + n)),
            customer: Customer::anonymous(CustomerKind::External),
            summary: script.theme.into(),
            expectation: Expectation::new(
                Some(Remedy::new(RemedyKind::Refund, eur(60))),
                Some(at(120)),
            ),
            entitlement: Entitlement::new([
                Remedy::new(RemedyKind::Refund, eur(60)),
                Remedy::new(RemedyKind::Credit, eur(60)),
            ]),
            follows: None,
            sla: SlaPolicy::default().terms(Priority::Normal),
            at: t0,
        }))?;
        let mut h = script.acknowledge;
        run(ComplaintCommand::Acknowledge {
            owner: script.owner,
            message: say("This is ours to put right.", h),
            at: at(h),
        })?;
        let mut owner = script.owner;
        if let Some(to) = script.handoff {
            run(ComplaintCommand::Reassign {
                to,
                reason: "knows this product line".into(),
                at: at(h),
            })?;
            owner = to;
        }
        let mut rounds = if script.reopen { 2 } else { 1 };
        let mut again = false;
        loop {
            run(ComplaintCommand::Investigate {
                by: owner,
                at: at(h + 1),
            })?;
            run(ComplaintCommand::OfferResolution {
                by: owner,
                options: options(h + 2, again)?,
                at: at(h + 2),
            })?;
            let option = if again { 0 } else { script.option };
            run(ComplaintCommand::Choose {
                option,
                at: at(h + 3),
            })?;
            let Some(deliver) = script.deliver else {
                run(ComplaintCommand::MarkPromiseBroken {
                    by: owner,
                    at: at(h + 76),
                })?;
                return Ok(case.events().to_vec()); // still open at the month's end
            };
            h += 3 + deliver;
            run(ComplaintCommand::Deliver {
                by: owner,
                at: at(h),
            })?;
            rounds -= 1;
            let verdict = if rounds == 0 {
                Verdict {
                    rating: script.rating.map(Satisfaction::try_from).transpose()?,
                    expectation: script.gap,
                }
            } else {
                Verdict {
                    rating: Some(Satisfaction::try_from(2)?),
                    expectation: Some(ExpectationGap::Below),
                }
            };
            run(ComplaintCommand::Close {
                verdict,
                at: at(h + 24),
            })?;
            if rounds == 0 {
                return Ok(case.events().to_vec());
            }
            h += 48;
            again = true;
            run(ComplaintCommand::Reopen {
                reason: "it failed again".into(),
                at: at(h),
            })?;
        }
    }
}

/// A case from the old helpdesk, loaded as it was stored.
fn imported() -> Result<Vec<Envelope<ComplaintEvent>>, Box<dyn Error>> {
    let json = format!(
        r#"[
        {{"schema_version": 1, "sequence": 1, "command_id": null, "event": {{"type": "received", "id": "{case}",
          "customer": {{"kind": "external", "id": null}}, "summary": "billing",
          "expectation": {{"asked": null, "by": null}}, "entitlement": [], "follows": null,
          "sla": {sla}, "at": "2026-11-24T09:00:00Z"}}}},
        {{"schema_version": 1, "sequence": 2, "command_id": null, "event": {{"type": "acknowledged", "owner": "{ana}",
          "message": {{"text": "Noted.", "next_step": {{"action": "we look into it", "by": "2026-11-25T09:00:00Z"}}}},
          "at": "2026-11-24T10:00:00Z"}}}},
        {{"schema_version": 1, "sequence": 3, "command_id": null, "event": {{"type": "demand_refused", "by": "{ana}",
          "reason": "we never refund shipping", "alternatives": [{{"remedy": {{"kind": "credit",
          "value": {{"minor_units": 500, "currency": "EUR"}}}}, "description": "a €5 voucher",
          "estimate": "2026-11-24T12:00:00Z", "due": "2026-11-25T12:00:00Z"}}],
          "at": "2026-11-24T11:00:00Z"}}}},
        {{"schema_version": 1, "sequence": 4, "command_id": null, "event": {{"type": "message_sent", "by": "{stranger}",
          "message": {{"text": "See our terms.", "next_step": {{"action": "none", "by": "2026-11-25T12:00:00Z"}}}},
          "at": "2026-11-24T12:00:00Z"}}}}
        ]"#,
        case = Uuid::from_u128(200),
        ana = ANA,
        stranger = Uuid::from_u128(99),
        sla = serde_json::to_string(&SlaPolicy::default().terms(Priority::Normal))?,
    );
    Ok(serde_json::from_str(&json)?)
}

/// The month, audited: what `main` prints, and what the README's scorecard is checked
/// against (`tests/readme_scorecard.rs`).
pub struct Month {
    pub shop: Shop,
    pub calendar: Calendar<chrono_tz::Tz>,
    pub pulse: TeamPulse,
    pub histories: Vec<(&'static str, Vec<Envelope<ComplaintEvent>>)>,
    pub audits: Vec<CaseAudit>,
    pub card: Scorecard,
    pub goals: Goals,
}

/// Runs the month's cases, imports the old one, and audits them all.
pub fn audit_month() -> Result<Month, Box<dyn Error>> {
    let shop = Shop::new()?;
    let mut week = CalendarSpec::default();
    for day in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ] {
        week.set_day(day, vec![Interval::hm(9, 0, 18, 0)?]);
    }
    let calendar = Calendar::try_new(Madrid, week)?;

    let scripts = scripts();
    let mut histories = Vec::new();
    for (n, script) in (1..).zip(&scripts) {
        histories.push((script.theme, shop.run(n, script)?));
    }
    histories.push(("billing", imported()?));

    // ST5: the workplace question, answered per team.
    let pulse = TeamPulse::tally([
        (MARTA, 9),
        (MARTA, 10),
        (MARTA, 8),
        (MARTA, 9),
        (MARTA, 7),
        (JORGE, 6),
        (JORGE, 5),
        (JORGE, 9),
        (JORGE, 7),
    ])?;

    // Rule 9: the month's themes, and the improvement item already open on damages.
    let records: Vec<CaseRecord> = histories
        .iter()
        .filter_map(|(theme, events)| {
            let Some(ComplaintEvent::Received(receipt)) = events.first().map(|e| &e.event) else {
                return None;
            };
            Some(Theme::try_new(theme).map(|theme| CaseRecord {
                id: receipt.id,
                theme,
                received_at: receipt.at,
                resolved: None,
                breached_at: None,
            }))
        })
        .collect::<Result<_, _>>()?;
    let packaging = Feedback::try_from(FeedbackSpec {
        id: FeedbackId::from_uuid(Uuid::from_u128(300)),
        from: Customer::anonymous(CustomerKind::External),
        kind: FeedbackKind::Suggestion,
        channel: Channel::Web,
        text: "pack the kettles in more than a paper bag".into(),
        rating: None,
        about: None,
        theme: Some(Theme::try_new("damaged on arrival")?),
        from_staff: None,
        received_at: morning(2),
    })?;
    let mut item = EventStream::<Improvement>::new();
    item.execute_with(
        ImprovementCommand::Propose(Proposal {
            id: ImprovementId::from_uuid(Uuid::from_u128(400)),
            title: "Double boxes for fragile goods".into(),
            opened_by: MARTA,
            affects_customers: false,
            feedback: vec![packaging.link()],
            at: morning(3),
        }),
        &(),
        CommandMeta::NONE,
    )?;
    let themes = ThemeWatch::new(&records, &[item.state().clone()], &[packaging], 3)?;

    let context = AuditContext {
        directory: shop.org.staff(),
        calendar: &calendar,
        pulse: &pulse,
        enps_floor: Percent::ZERO,
        themes: &themes,
    };
    let audits = histories
        .iter()
        .map(|(_, events)| CaseAudit::of(events, &context))
        .collect::<Result<Vec<_>, _>>()?;

    let card = Scorecard::of(&audits);
    let eighty = Goal::try_new(Percent::of(4, 5).ok_or("no share")?)?;
    let mut goals = Goals::new();
    Principle::ALL.into_iter().for_each(|p| {
        goals.set(p, eighty);
    });
    Ok(Month {
        shop,
        calendar,
        pulse,
        histories,
        audits,
        card,
        goals,
    })
}

fn main() -> Result<(), Box<dyn Error>> {
    let Month {
        shop,
        calendar,
        pulse,
        histories,
        audits,
        card,
        goals,
    } = audit_month()?;
    println!("Twenty-one complaints of November 2026, audited against the ten principles:\n");
    for (n, ((theme, events), audit)) in (1..).zip(histories.iter().zip(&audits)) {
        let owner = audit
            .facts()
            .and_then(CaseFacts::owner)
            .map_or("?", |id| shop.name(id));
        let broken: Vec<String> = Principle::ALL
            .into_iter()
            .filter(|p| audit.judgement(*p) == Judgement::Violated)
            .map(|p| p.number().to_string())
            .collect();
        let verdict = if broken.is_empty() {
            "passes".to_owned()
        } else {
            format!("breaks {}", broken.join(", "))
        };
        println!(
            "  case {n:>2}  {theme:<19} {owner:<6} {:>2} events  {verdict}",
            events.len()
        );
    }
    println!("\n{}\n", card.table(Language::English, Some(&goals)));

    let violations = |audit: &CaseAudit| {
        audit
            .findings()
            .filter(|f| f.judgement() == Judgement::Violated)
            .count()
    };
    let (worst, audit) = (1..)
        .zip(&audits)
        .max_by_key(|(n, audit)| (violations(audit), std::cmp::Reverse(*n)))
        .ok_or("no cases")?;
    println!("The worst case, case {worst}:");
    for finding in audit.findings() {
        println!("  {}", finding.named(Language::English, shop.org.staff()));
    }
    println!("El mismo caso, lo incumplido:");
    for finding in audit
        .findings()
        .filter(|f| f.judgement() == Judgement::Violated)
    {
        println!("  {}", finding.named(Language::Spanish, shop.org.staff()));
    }
    println!("\nNext month's goals (ME4: a goal met becomes the floor):");
    let next = goals.next(&card);
    for principle in Principle::ALL {
        if let Some(goal) = next.get(principle) {
            println!(
                "  {:>2}. {:<36} {}",
                principle.number(),
                principle.title(Language::English),
                goal.floor()
            );
        }
    }

    println!("\nThe month's metrics (ME1):");
    let facts: Vec<CaseFacts> = audits
        .iter()
        .filter_map(|audit| audit.facts().cloned())
        .collect();
    let mut csat = Csat::default();
    let (mut promises, mut gaps) = (PromiseTally::default(), GapTally::default());
    for case in &facts {
        if let Some(rating) = case.verdict().and_then(|v| v.rating) {
            csat.add(rating.get())?;
        }
        promises.merge(case.promises());
        if let Some(gap) = case.expectation_gap() {
            gaps.add(gap);
        }
    }
    let show = |share: Option<Percent>| share.map_or("—".to_owned(), |s| s.to_string());
    let line = |label: &str, value: String| println!("  {label:<36} {value}");
    line(
        "CSAT",
        format!("{} of {} rated", show(csat.percent()), csat.responses()),
    );
    line(
        "promise keeping",
        format!(
            "{} (kept early: {})",
            show(promises.keeping()),
            show(promises.kept_early_share())
        ),
    );
    line(
        "expectations below / met / exceeded",
        format!("{} / {} / {}", gaps.below, gaps.met, gaps.exceeded),
    );
    line(
        "first-contact resolution, 7 days",
        show(first_contact_resolution(&facts, Duration::days(7))),
    );
    line("reopen rate", show(reopen_rate(&facts)));
    let business = facts
        .iter()
        .filter_map(|case| {
            case.first_response_at()
                .map(|at| calendar.between(case.received_at(), at))
        })
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(stats) = DurationStats::of(business) {
        let minutes = format!(
            "median {} min, mean {} min",
            stats.median.num_minutes(),
            stats.mean.num_minutes()
        );
        line("first response, business time", minutes);
    }
    for (team, nps) in pulse.iter() {
        line(
            &format!("eNPS, {}'s team", shop.name(team)),
            format!("{} of {} answers", show(nps.score()), nps.responses()),
        );
    }
    Ok(())
}
