//! SLA clocks through complaint stories run by the real decider (SL3, CO5), every value
//! computed by hand.
//!
//! The calendar: Madrid, Monday to Friday 09:00–13:00 and 14:00–18:00 (eight business
//! hours a day). The week of 13 April 2026 (summer time, no holiday). The terms:
//! acknowledgement 1 h, first response 4 h, next response 2 h, resolution 16 h, warning
//! at 75% spent. All times below are Madrid's.

mod common;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Madrid;
use common::*;
use customer_care::calendar::{Calendar, CalendarSpec, Interval};
use customer_care::clocks::SlaClocks;
use customer_care::complaint::*;
use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{
    Clock, ClockReport, ClockStatus, Priority, SlaError, SlaPolicy, SlaTerms, Targets,
    WarningThreshold,
};
use customer_care::view::CaseView;
use customer_care::view::ViewError;

/// 2026-04-`day` at `hour`:`minute` in Madrid.
fn m(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Madrid
        .with_ymd_and_hms(2026, 4, day, hour, minute, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn minutes(n: i64) -> TimeDelta {
    TimeDelta::minutes(n)
}

fn spec() -> CalendarSpec {
    let mut spec = CalendarSpec::default();
    for day in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
    ] {
        spec.set_day(
            day,
            vec![
                Interval::hm(9, 0, 13, 0).unwrap(),
                Interval::hm(14, 0, 18, 0).unwrap(),
            ],
        );
    }
    spec
}

fn calendar() -> Calendar<chrono_tz::Tz> {
    Calendar::try_new(Madrid, spec()).unwrap()
}

fn terms() -> SlaTerms {
    SlaTerms {
        priority: Priority::High,
        targets: Targets::hours(1, 4, 2, 16).unwrap(),
        warning_percent: WarningThreshold::percent(75).unwrap(),
    }
}

fn receive(at: DateTime<Utc>) -> ComplaintCommand {
    ComplaintCommand::Receive(Receipt {
        id: CASE,
        customer: Customer::anonymous(CustomerKind::External),
        summary: "the toaster burns one side".into(),
        expectation: Expectation::new(None, None),
        entitlement: Entitlement::new([Remedy::new(RemedyKind::Refund, eur(40))]),
        follows: None,
        sla: terms(),
        at,
    })
}

fn acknowledge(at: DateTime<Utc>) -> ComplaintCommand {
    ComplaintCommand::Acknowledge {
        owner: ANA,
        message: message("Sorry: this is ours to fix.", at + TimeDelta::days(1)),
        at,
    }
}

fn investigate(at: DateTime<Utc>) -> ComplaintCommand {
    ComplaintCommand::Investigate { by: ANA, at }
}

fn ask(at: DateTime<Utc>) -> ComplaintCommand {
    ComplaintCommand::AskCustomer {
        by: ANA,
        message: message("Which model is it?", at + TimeDelta::days(1)),
        at,
    }
}

fn writes(at: DateTime<Utc>) -> ComplaintCommand {
    ComplaintCommand::CustomerWrites {
        text: "the TX-2".into(),
        at,
    }
}

fn send(at: DateTime<Utc>) -> ComplaintCommand {
    ComplaintCommand::SendMessage {
        by: ANA,
        message: message("We are on it.", at + TimeDelta::days(1)),
        at,
    }
}

/// Receipt Monday 12:30, acknowledged 12:40, investigated 12:45, the customer asked a
/// question at 16:00: resolution has spent 30 + 120 = 150 minutes and pauses.
fn asked_on_monday() -> Vec<ComplaintCommand> {
    vec![
        receive(m(13, 12, 30)),
        acknowledge(m(13, 12, 40)),
        investigate(m(13, 12, 45)),
        ask(m(13, 16, 0)),
    ]
}

/// Received Monday 12:30 and withdrawn at 15:00, nothing done in between.
fn withdrawn_on_monday() -> Vec<ComplaintCommand> {
    vec![
        receive(m(13, 12, 30)),
        ComplaintCommand::Withdraw {
            reason: "sorted it myself".into(),
            at: m(13, 15, 0),
        },
    ]
}

fn clocks(commands: Vec<ComplaintCommand>) -> SlaClocks {
    let world = World::given(commands);
    SlaClocks::from_events(
        world.stream.events().iter().map(|envelope| &envelope.event),
        &(),
    )
    .unwrap()
}

fn status(clocks: &SlaClocks, clock: Clock, now: DateTime<Utc>) -> Option<ClockStatus> {
    let report = clocks.report(&calendar(), now).unwrap();
    report.clock(clock).map(|clock| clock.status)
}

/// SL3: a clock met in time reports when and how much budget was left; only open time
/// counts (the lunch hour does not).
#[test]
fn sl3_met_clocks_count_only_business_time() {
    let clocks = clocks(vec![
        receive(m(13, 12, 30)),
        acknowledge(m(13, 13, 10)),
        investigate(m(13, 13, 20)),
        send(m(13, 15, 0)),
    ]);
    let now = m(13, 15, 0);
    assert_eq!(
        status(&clocks, Clock::Acknowledgement, now),
        Some(ClockStatus::Met {
            at: m(13, 13, 10),
            spare: minutes(30)
        })
    );
    // 12:30–13:00 and 14:00–15:00: 90 of 240 minutes.
    assert_eq!(
        status(&clocks, Clock::FirstResponse, now),
        Some(ClockStatus::Met {
            at: m(13, 15, 0),
            spare: minutes(150)
        })
    );
    // 870 minutes left from Monday 15:00: 180 on Monday, 480 on Tuesday, 210 on
    // Wednesday morning.
    assert_eq!(
        status(&clocks, Clock::Resolution, now),
        Some(ClockStatus::Running {
            remaining: minutes(870),
            due: m(15, 12, 30)
        })
    );
    // The customer has not written since: no next-response clock.
    assert_eq!(status(&clocks, Clock::NextResponse, now), None);
}

/// SL3: met exactly at the deadline is in time; a minute later is a breach.
#[test]
fn sl3_met_at_the_deadline_is_in_time() {
    // 60 minutes from Monday 12:30: 12:30–13:00, then 14:00–14:30.
    let on_time = clocks(vec![receive(m(13, 12, 30)), acknowledge(m(13, 14, 30))]);
    assert_eq!(
        status(&on_time, Clock::Acknowledgement, m(13, 15, 0)),
        Some(ClockStatus::Met {
            at: m(13, 14, 30),
            spare: minutes(0)
        })
    );
    let late = clocks(vec![receive(m(13, 12, 30)), acknowledge(m(13, 14, 31))]);
    assert_eq!(
        status(&late, Clock::Acknowledgement, m(13, 15, 0)),
        Some(ClockStatus::Breached {
            due: m(13, 14, 30),
            overdue: minutes(1)
        })
    );
}

/// SL3: while the case waits on the customer the resolution clock stands still, however
/// long; the customer's answer restarts it and arms the next-response clock.
#[test]
fn sl3_resolution_pauses_while_waiting_on_the_customer() {
    let waiting = clocks(asked_on_monday());
    // Asking is the first response: 30 + 120 = 150 of 240 minutes spent.
    assert_eq!(
        status(&waiting, Clock::FirstResponse, m(15, 12, 0)),
        Some(ClockStatus::Met {
            at: m(13, 16, 0),
            spare: minutes(90)
        })
    );
    for now in [m(15, 12, 0), m(30, 12, 0)] {
        assert_eq!(
            status(&waiting, Clock::Resolution, now),
            Some(ClockStatus::Paused {
                remaining: minutes(810)
            })
        );
    }

    let mut commands = asked_on_monday();
    commands.push(writes(m(16, 10, 0)));
    let answered = clocks(commands);
    // Thursday 10:00–11:00 spent: 750 left, due Friday 16:30 (360 on Thursday, 240 on
    // Friday morning, 150 after lunch).
    assert_eq!(
        status(&answered, Clock::Resolution, m(16, 11, 0)),
        Some(ClockStatus::Running {
            remaining: minutes(750),
            due: m(17, 16, 30)
        })
    );
    assert_eq!(
        status(&answered, Clock::NextResponse, m(16, 11, 0)),
        Some(ClockStatus::Running {
            remaining: minutes(60),
            due: m(16, 12, 0)
        })
    );
}

/// SL3: options offered wait on the customer's choice too; delivery meets resolution.
#[test]
fn sl3_resolution_pauses_while_options_wait_for_a_choice() {
    let option = ResolutionOption {
        remedy: Remedy::new(RemedyKind::Refund, eur(40)),
        description: "a refund of 40 EUR".into(),
        estimate: m(16, 12, 0),
        due: m(17, 18, 0),
    };
    let clocks = clocks(vec![
        receive(m(13, 9, 0)),
        acknowledge(m(13, 9, 30)),
        investigate(m(13, 9, 40)),
        ComplaintCommand::OfferResolution {
            by: ANA,
            options: options(vec![option]),
            at: m(13, 10, 0),
        },
        ComplaintCommand::Choose {
            option: 0,
            at: m(15, 10, 0),
        },
        ComplaintCommand::Deliver {
            by: ANA,
            at: m(15, 11, 0),
        },
    ]);
    // Monday 09:00–10:00 and Wednesday 10:00–11:00: 120 of 960 minutes.
    assert_eq!(
        status(&clocks, Clock::Resolution, m(15, 11, 0)),
        Some(ClockStatus::Met {
            at: m(15, 11, 0),
            spare: minutes(840)
        })
    );
}

/// SL3: a running clock warns once the configured share of its budget is spent.
#[test]
fn sl3_warning_at_the_configured_share_of_the_target() {
    let mut commands = asked_on_monday();
    commands.push(writes(m(16, 10, 0)));
    // Writing again before an answer does not restart the clock.
    commands.push(writes(m(16, 11, 15)));
    let clocks = clocks(commands);
    // 89 of 120 minutes is 74%; 90 is 75%.
    assert_eq!(
        status(&clocks, Clock::NextResponse, m(16, 11, 29)),
        Some(ClockStatus::Running {
            remaining: minutes(31),
            due: m(16, 12, 0)
        })
    );
    assert_eq!(
        status(&clocks, Clock::NextResponse, m(16, 11, 30)),
        Some(ClockStatus::Warning {
            remaining: minutes(30),
            due: m(16, 12, 0)
        })
    );
    // 75 of 120 minutes is past a threshold of 50%.
    let eager = clocks.with_terms(SlaTerms {
        warning_percent: WarningThreshold::percent(50).unwrap(),
        ..terms()
    });
    assert_eq!(
        status(&eager, Clock::NextResponse, m(16, 11, 15)),
        Some(ClockStatus::Warning {
            remaining: minutes(45),
            due: m(16, 12, 0)
        })
    );
}

/// SL3, CO5: past its deadline a clock is breached and counts the business time
/// overdue; a late answer leaves it breached with the overdue time frozen; the next
/// episode starts afresh, and the breach still counts.
#[test]
fn sl3_co5_breach_after_the_deadline_and_a_late_answer() {
    let mut commands = asked_on_monday();
    commands.push(writes(m(16, 10, 0)));
    let unanswered = clocks(commands.clone());
    // Due Thursday 12:00; at 13:30 the lunch hour has added nothing: 10:00–13:00 spent.
    assert_eq!(
        status(&unanswered, Clock::NextResponse, m(16, 13, 30)),
        Some(ClockStatus::Breached {
            due: m(16, 12, 0),
            overdue: minutes(60)
        })
    );

    commands.push(send(m(16, 14, 30)));
    commands.push(writes(m(16, 15, 0)));
    let late = clocks(commands);
    let report = late.report(&calendar(), m(16, 15, 30)).unwrap();
    let next = report.clock(Clock::NextResponse).unwrap();
    assert_eq!(
        next.status,
        ClockStatus::Running {
            remaining: minutes(90),
            due: m(16, 17, 0)
        }
    );
    assert_eq!(next.breaches, 1);
    assert!(report.breached());
}

/// SL3: a deadline at closing time is breached once it passes, with nothing overdue
/// while the calendar stays closed.
#[test]
fn sl3_breached_overnight_with_nothing_overdue_yet() {
    let clocks = clocks(vec![receive(m(13, 17, 0))]);
    assert_eq!(
        status(&clocks, Clock::Acknowledgement, m(13, 20, 0)),
        Some(ClockStatus::Breached {
            due: m(13, 18, 0),
            overdue: minutes(0)
        })
    );
    assert_eq!(
        status(&clocks, Clock::Acknowledgement, m(14, 9, 45)),
        Some(ClockStatus::Breached {
            due: m(13, 18, 0),
            overdue: minutes(45)
        })
    );
}

/// SL3: a case that ends cancels its open clocks; a clock already breached stays so.
#[test]
fn sl3_withdrawal_cancels_open_clocks_and_keeps_breaches() {
    let clocks = clocks(withdrawn_on_monday());
    let now = m(20, 9, 0);
    assert_eq!(
        status(&clocks, Clock::Acknowledgement, now),
        Some(ClockStatus::Breached {
            due: m(13, 14, 30),
            overdue: minutes(30)
        })
    );
    assert_eq!(
        status(&clocks, Clock::FirstResponse, now),
        Some(ClockStatus::Cancelled {
            at: m(13, 15, 0),
            remaining: minutes(150)
        })
    );
}

/// SL3: a reopened case gets a new resolution clock with the whole budget.
#[test]
fn sl3_reopening_arms_a_new_resolution_clock() {
    let mut commands = asked_on_monday();
    commands.extend([
        writes(m(14, 9, 0)),
        ComplaintCommand::OfferResolution {
            by: ANA,
            options: options(vec![ResolutionOption {
                remedy: Remedy::new(RemedyKind::Refund, eur(40)),
                description: "a refund of 40 EUR".into(),
                estimate: m(14, 12, 0),
                due: m(15, 18, 0),
            }]),
            at: m(14, 10, 0),
        },
        ComplaintCommand::Choose {
            option: 0,
            at: m(14, 10, 30),
        },
        ComplaintCommand::Deliver {
            by: ANA,
            at: m(14, 11, 0),
        },
        ComplaintCommand::Reopen {
            reason: "the refund never arrived".into(),
            at: m(15, 12, 0),
        },
    ]);
    let clocks = clocks(commands);
    let report = clocks.report(&calendar(), m(15, 13, 0)).unwrap();
    // Wednesday 12:00–13:00 spent; 900 left: 240 on Wednesday afternoon, 480 on
    // Thursday, 180 on Friday morning.
    assert_eq!(
        report.clock(Clock::Resolution).map(|clock| clock.status),
        Some(ClockStatus::Running {
            remaining: minutes(900),
            due: m(17, 12, 0)
        })
    );
}

/// SL3: the terms come from the receipt; another policy applies only when asked for.
#[test]
fn sl3_terms_recorded_at_receipt_change_only_on_request() {
    let clocks = clocks(vec![receive(m(13, 12, 30))]);
    assert_eq!(clocks.terms(), &terms());
    let mut edited = SlaPolicy::default();
    edited.high.acknowledgement_minutes = core::num::NonZeroU32::new(30);
    let now = m(13, 12, 45);
    assert_eq!(
        status(&clocks, Clock::Acknowledgement, now),
        Some(ClockStatus::Running {
            remaining: minutes(45),
            due: m(13, 14, 30)
        })
    );
    let stricter = clocks.with_terms(edited.terms(Priority::High));
    assert_eq!(
        status(&stricter, Clock::Acknowledgement, now),
        Some(ClockStatus::Running {
            remaining: minutes(15),
            due: m(13, 13, 0)
        })
    );
}

/// SL3: recomputing under a new calendar is one pure call with it: a holiday on
/// Tuesday moves the resolution deadline a business day.
#[test]
fn sl3_recomputing_under_a_new_calendar() {
    let clocks = clocks(vec![
        receive(m(13, 12, 30)),
        acknowledge(m(13, 13, 10)),
        investigate(m(13, 13, 20)),
        send(m(13, 15, 0)),
    ]);
    let mut with_holiday = spec();
    with_holiday.close(NaiveDate::from_ymd_opt(2026, 4, 14).unwrap());
    let with_holiday = Calendar::try_new(Madrid, with_holiday).unwrap();
    let report = clocks.report(&with_holiday, m(13, 15, 0)).unwrap();
    assert_eq!(
        report.clock(Clock::Resolution).map(|clock| clock.status),
        Some(ClockStatus::Running {
            remaining: minutes(870),
            due: m(16, 12, 30)
        })
    );
}

/// SL3: a next-response clock arms only after the first response: before it, the
/// first-response clock already covers the customer's message.
#[test]
fn sl3_next_response_arms_only_after_the_first_response() {
    let clocks = clocks(vec![
        receive(m(13, 12, 30)),
        acknowledge(m(13, 12, 40)),
        writes(m(13, 12, 50)),
    ]);
    assert_eq!(status(&clocks, Clock::NextResponse, m(13, 14, 0)), None);
}

/// SL3: an untracked target reports nothing.
#[test]
fn sl3_untracked_targets_report_nothing() {
    let clocks = clocks(vec![receive(m(13, 12, 30))]).with_terms(SlaTerms {
        targets: Targets {
            acknowledgement_minutes: None,
            ..terms().targets
        },
        ..terms()
    });
    assert_eq!(status(&clocks, Clock::Acknowledgement, m(13, 13, 0)), None);
    assert!(status(&clocks, Clock::Resolution, m(13, 13, 0)).is_some());
}

/// Bad input is refused with a typed error and leaves the clocks as they were.
#[test]
fn sl3_bad_input_is_refused_and_changes_nothing() {
    assert_eq!(SlaClocks::from_events([], &()), Err(ViewError::NotReceived));
    let written = ComplaintEvent::CustomerWrote {
        text: "hello".into(),
        at: m(13, 9, 0),
    };
    assert_eq!(
        SlaClocks::from_events([&written], &()),
        Err(ViewError::NotReceived)
    );

    let world = World::given(vec![receive(m(13, 12, 30)), acknowledge(m(13, 13, 0))]);
    let events: Vec<_> = world
        .stream
        .events()
        .iter()
        .map(|e| e.event.clone())
        .collect();
    let mut clocks = SlaClocks::from_events(&events, &()).unwrap();
    let before = clocks.clone();
    assert_eq!(
        clocks.apply(&events[0], &()),
        Err(ViewError::AlreadyReceived)
    );
    let earlier = ComplaintEvent::CustomerWrote {
        text: "hello".into(),
        at: m(13, 12, 59),
    };
    assert_eq!(
        clocks.apply(&earlier, &()),
        Err(ViewError::OutOfOrder {
            at: m(13, 12, 59),
            latest: m(13, 13, 0)
        })
    );
    assert_eq!(clocks, before);
    assert_eq!(
        clocks.report(&calendar(), m(13, 12, 0)),
        Err(SlaError::BeforeLatest {
            at: m(13, 12, 0),
            latest: m(13, 13, 0)
        })
    );
    for percent in [0, 100] {
        assert_eq!(
            WarningThreshold::percent(percent),
            Err(SlaError::Threshold { percent })
        );
    }
    for percent in [1, 99] {
        assert_eq!(
            WarningThreshold::percent(percent).map(|w| w.get()),
            Ok(percent)
        );
    }
    assert_eq!(Targets::hours(1, 0, 2, 16), None);
}

#[test]
fn sl3_targets_have_their_names() {
    assert_eq!(
        Clock::ALL.map(|clock| clock.to_string()),
        [
            "acknowledgement",
            "first response",
            "next response",
            "resolution"
        ]
    );
}

/// SL3: terms load from JSON only when valid.
#[cfg(feature = "serde")]
#[test]
fn sl3_terms_are_checked_on_load() {
    let json = serde_json::to_value(terms()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "priority": "high",
            "targets": {
                "acknowledgement_minutes": 60,
                "first_response_minutes": 240,
                "next_response_minutes": 120,
                "resolution_minutes": 960
            },
            "warning_percent": 75
        })
    );
    assert_eq!(
        serde_json::from_value::<SlaTerms>(json.clone()).unwrap(),
        terms()
    );
    let broken = |pointer: &str, value: serde_json::Value| {
        let mut json = json.clone();
        *json.pointer_mut(pointer).unwrap() = value;
        serde_json::from_value::<SlaTerms>(json).is_err()
    };
    assert!(broken("/warning_percent", 100.into()));
    assert!(broken("/targets/resolution_minutes", 0.into()));
    assert!(broken("/priority", "whenever".into()));
    let mut unknown = json.clone();
    unknown["targets"]["typo_minutes"] = 5.into();
    assert!(serde_json::from_value::<SlaTerms>(unknown).is_err());
    let partial = serde_json::json!({
        "priority": "low",
        "targets": { "resolution_minutes": 60 },
        "warning_percent": 80
    });
    let partial: SlaTerms = serde_json::from_value(partial).unwrap();
    assert_eq!(partial.targets.get(Clock::Acknowledgement), None);
    assert_eq!(
        partial.targets.get(Clock::Resolution),
        Some(TimeDelta::hours(1))
    );
}

/// SL3: a deadline that falls after a pause is counted from the budget left when the
/// clock resumed, and a breach reports it and how far past it the clock ran.
#[test]
fn sl3_a_breach_after_a_pause_is_due_when_the_budget_left_ran_out() {
    let mut commands = asked_on_monday();
    commands.push(writes(m(16, 10, 0)));
    let answered = clocks(commands);
    // 750 minutes left from Thursday 10:00: due Friday 16:30, as above. By Monday 10:00,
    // Friday's last 90 minutes and Monday's first 60 have run over.
    assert_eq!(
        status(&answered, Clock::Resolution, m(20, 10, 0)),
        Some(ClockStatus::Breached {
            due: m(17, 16, 30),
            overdue: minutes(150)
        })
    );
}

/// SL3: events of one instant fold in their order.
#[test]
fn sl3_events_at_the_same_instant_fold() {
    let same = clocks(vec![
        receive(m(13, 12, 30)),
        acknowledge(m(13, 12, 30)),
        investigate(m(13, 12, 30)),
    ]);
    assert_eq!(
        status(&same, Clock::Acknowledgement, m(13, 12, 30)),
        Some(ClockStatus::Met {
            at: m(13, 12, 30),
            spare: minutes(60)
        })
    );
}

/// SL3: clocks fold a stream from anywhere, and an event that ends a wait which never
/// began changes nothing: a running clock is not counted twice, a stopped one stays
/// stopped.
#[test]
fn sl3_the_end_of_a_wait_that_never_began_leaves_the_clock_alone() {
    let declined = |at| ComplaintEvent::OfferDeclined {
        reason: "no offer was made".into(),
        at,
    };
    let mut running = clocks(vec![receive(m(13, 12, 30))]);
    running.apply(&declined(m(13, 16, 0)), &()).unwrap();
    // Monday 12:30–13:00 and 14:00–17:00 spent: 750 of 960 left, due Wednesday 12:30
    // (60 on Monday, 480 on Tuesday, 210 on Wednesday morning).
    assert_eq!(
        status(&running, Clock::Resolution, m(13, 17, 0)),
        Some(ClockStatus::Running {
            remaining: minutes(750),
            due: m(15, 12, 30)
        })
    );

    let mut withdrawn = clocks(withdrawn_on_monday());
    withdrawn.apply(&declined(m(13, 16, 0)), &()).unwrap();
    assert_eq!(
        status(&withdrawn, Clock::Resolution, m(20, 9, 0)),
        Some(ClockStatus::Cancelled {
            at: m(13, 15, 0),
            remaining: minutes(870)
        })
    );
}

/// SL3: a report prints in words: each status with its business time and its instants,
/// one line per clock, and the earlier breached episodes of a re-armed clock.
#[test]
fn sl3_reports_print_in_words() {
    let mut commands = asked_on_monday();
    commands.push(writes(m(16, 10, 0)));
    let report = clocks(commands).report(&calendar(), m(16, 11, 0)).unwrap();
    assert_eq!(
        report.to_string(),
        [
            format!("high priority, at {}:", m(16, 11, 0)),
            format!(
                "  acknowledgement: met at {}, 50 min to spare",
                m(13, 12, 40)
            ),
            format!(
                "  first response: met at {}, 1 h 30 min to spare",
                m(13, 16, 0)
            ),
            format!(
                "  next response: running, 1 h 00 min left, due {}",
                m(16, 12, 0)
            ),
            format!(
                "  resolution: running, 12 h 30 min left, due {}",
                m(17, 16, 30)
            ),
        ]
        .join("\n")
    );
    let words = |status: ClockStatus| status.to_string();
    assert_eq!(
        words(ClockStatus::Paused {
            remaining: minutes(40)
        }),
        "paused while the case waits on the customer, 40 min left"
    );
    assert_eq!(
        words(ClockStatus::Warning {
            remaining: TimeDelta::seconds(150),
            due: m(16, 12, 0)
        }),
        format!("warning, 2 min 30 s left, due {}", m(16, 12, 0))
    );
    assert_eq!(
        words(ClockStatus::Breached {
            due: m(16, 12, 0),
            overdue: minutes(135)
        }),
        format!("breached, due {}, 2 h 15 min over", m(16, 12, 0))
    );
    assert_eq!(
        words(ClockStatus::Cancelled {
            at: m(16, 12, 0),
            remaining: TimeDelta::seconds(3 * 3600 + 5)
        }),
        format!("cancelled at {}, 3 h 00 min 5 s left", m(16, 12, 0))
    );
    let clock = |status, breaches| ClockReport { status, breaches }.to_string();
    let met = ClockStatus::Met {
        at: m(16, 12, 0),
        spare: minutes(20),
    };
    let breached = ClockStatus::Breached {
        due: m(16, 12, 0),
        overdue: minutes(5),
    };
    assert!(clock(met, 1).ends_with("to spare; 1 earlier episode breached"));
    assert!(clock(met, 3).ends_with("to spare; 3 earlier episodes breached"));
    assert!(clock(breached, 1).ends_with("5 min over"));
    assert!(clock(breached, 2).ends_with("5 min over; 1 earlier episode breached"));
}
