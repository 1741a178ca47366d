//! The audit against the ten principles (DE2): for every principle, a case that honours
//! it and one that breaks it, each finding checked with its rule and its evidence;
//! then the scorecard (DE3), the customer's word over internal measures (ME3) and
//! ratcheting targets (ME4).
//!
//! Given: the shop of `common` (Olga owns, Marta manages, Sofía supervises Ana and
//! Luis) on a calendar open around the clock, so the default normal-priority terms
//! give four hours to acknowledge. The case of `common::resolved()` is events 1
//! received, 2 acknowledged by Ana at hour 1, 3 investigating, 4 offered (a €40 or a
//! €20 refund, due at hour 48), 5 the €40 chosen, 6 delivered at hour 30. The customer
//! asked for €40 by hour 72.

mod common;

use common::*;
use customer_care::complaint::*;
use customer_care::customer::{Customer, CustomerKind, ExpectationGap};
use customer_care::decalogue::*;
use customer_care::feedback::improvement::{
    Improvement, ImprovementCommand, ImprovementState, Proposal,
};
use customer_care::feedback::review::CaseRecord;
use customer_care::feedback::{Channel, Feedback, FeedbackKind, FeedbackSpec, Theme};
use customer_care::id::{ComplaintId, FeedbackId, ImprovementId, StaffId};
use customer_care::metrics::{Goal, Percent, TeamPulse};
use customer_care::stream::{CommandMeta, Envelope, EventStream};
use customer_care::view::ViewError;
use uuid::Uuid;

const STRANGER: StaffId = StaffId::from_uuid(Uuid::from_u128(66));

/// What the audit is given besides the events.
#[derive(Default)]
struct Known {
    pulse: TeamPulse,
    themes: ThemeWatch,
}

impl Known {
    fn audit(&self, events: &[Envelope<ComplaintEvent>]) -> CaseAudit {
        let org = shop();
        let calendar = around_the_clock();
        let context = AuditContext {
            directory: org.staff(),
            calendar: &calendar,
            pulse: &self.pulse,
            enps_floor: Percent::ZERO,
            themes: &self.themes,
        };
        CaseAudit::of(events, &context).unwrap()
    }
}

/// The events of a case driven through the decider.
fn history(commands: Vec<ComplaintCommand>) -> Vec<Envelope<ComplaintEvent>> {
    World::given(commands).stream.events().to_vec()
}

/// A history with `event` appended, as an import from another system might hold it.
fn imported(
    mut events: Vec<Envelope<ComplaintEvent>>,
    event: ComplaintEvent,
) -> Vec<Envelope<ComplaintEvent>> {
    let sequence = events.len() as u64 + 1;
    events.push(Envelope {
        sequence,
        command_id: None,
        event,
    });
    events
}

fn audit(commands: Vec<ComplaintCommand>) -> CaseAudit {
    Known::default().audit(&history(commands))
}

fn event(sequence: u64) -> Evidence {
    Evidence::Event { sequence }
}

fn staff(id: StaffId) -> Evidence {
    Evidence::Staff { id }
}

/// Then `principle` stands `judgement` under `rule`, on exactly `evidence`.
#[track_caller]
fn assert_finding(
    audit: &CaseAudit,
    principle: Principle,
    judgement: Judgement,
    rule: Rule,
    evidence: &[Evidence],
) {
    assert_eq!(audit.judgement(principle), judgement, "{principle}");
    let finding = audit.finding(principle).expect("a finding");
    assert_eq!(finding.principle(), principle);
    assert_eq!(finding.rule(), rule);
    assert_eq!(finding.evidence().copied().collect::<Vec<_>>(), evidence);
}

fn close(rating: Option<u8>, expectation: Option<ExpectationGap>, at: i64) -> ComplaintCommand {
    ComplaintCommand::Close {
        verdict: Verdict {
            rating: rating.map(|r| Satisfaction::try_from(r).unwrap()),
            expectation,
        },
        at: h(at),
    }
}

fn acknowledge_at(hour: i64) -> Vec<ComplaintCommand> {
    vec![
        receive(),
        ComplaintCommand::Acknowledge {
            owner: ANA,
            message: message("We are sorry; this is ours to fix.", h(hour + 4)),
            at: h(hour),
        },
    ]
}

#[test]
fn principle_1_customer_first_an_acknowledgement_within_the_target_upholds_it() {
    let audit = audit(acknowledged());
    let evidence = [event(1), event(2)];
    assert_finding(
        &audit,
        Principle::CustomerFirst,
        Judgement::Upheld,
        Rule::AcknowledgedInTime,
        &evidence,
    );
}

#[test]
fn principle_1_customer_first_a_late_acknowledgement_violates_it() {
    let audit = audit(acknowledge_at(5)); // four hours to acknowledge
    let evidence = [event(1), event(2)];
    assert_finding(
        &audit,
        Principle::CustomerFirst,
        Judgement::Violated,
        Rule::AcknowledgedInTime,
        &evidence,
    );
}

#[test]
fn principle_1_customer_first_a_customer_giving_up_unacknowledged_past_the_target_violates_it() {
    let withdraw = |hour| ComplaintCommand::Withdraw {
        reason: "nobody answered".into(),
        at: h(hour),
    };
    let audit_early = audit(vec![receive(), withdraw(3)]);
    assert_eq!(
        audit_early.judgement(Principle::CustomerFirst),
        Judgement::Pending
    );
    let audit = audit(vec![receive(), withdraw(6)]);
    let evidence = [event(1), event(2)];
    assert_finding(
        &audit,
        Principle::CustomerFirst,
        Judgement::Violated,
        Rule::AcknowledgedInTime,
        &evidence,
    );
}

#[test]
fn principle_2_nothing_impossible_options_offered_uphold_it() {
    let audit = audit(offered());
    assert_finding(
        &audit,
        Principle::NothingImpossible,
        Judgement::Upheld,
        Rule::RefusedOnlyByManagers,
        &[event(4)],
    );
}

#[test]
fn principle_2_nothing_impossible_a_managers_refusal_with_alternatives_upholds_it() {
    let refuse = ComplaintCommand::RefuseDemand {
        by: MARTA,
        reason: "the warranty ended last year".into(),
        alternatives: options(vec![refund(20, 24, 48)]),
        at: h(3),
    };
    let audit = audit(then(investigating(), [refuse]));
    let evidence = [event(4), staff(MARTA)];
    assert_finding(
        &audit,
        Principle::NothingImpossible,
        Judgement::Upheld,
        Rule::RefusedOnlyByManagers,
        &evidence,
    );
}

#[test]
fn principle_2_nothing_impossible_a_frontline_refusal_in_an_imported_record_violates_it() {
    let refusal = ComplaintEvent::DemandRefused {
        by: ANA,
        reason: "we cannot do that".into(),
        alternatives: options(vec![refund(20, 24, 48)]),
        at: h(3),
    };
    let audit = Known::default().audit(&imported(history(investigating()), refusal));
    let evidence = [event(4), staff(ANA)];
    assert_finding(
        &audit,
        Principle::NothingImpossible,
        Judgement::Violated,
        Rule::RefusedOnlyByManagers,
        &evidence,
    );
}

#[test]
fn principle_3_keep_promises_a_delivery_by_the_date_upholds_it() {
    let audit = audit(resolved()); // due at 48, delivered at 30
    let evidence = [event(5), event(6)];
    assert_finding(
        &audit,
        Principle::KeepPromises,
        Judgement::Upheld,
        Rule::PromisesKept,
        &evidence,
    );
}

#[test]
fn principle_3_keep_promises_a_late_delivery_or_a_broken_promise_violates_it() {
    let late = audit(then(
        resolving(),
        [ComplaintCommand::Deliver { by: ANA, at: h(50) }],
    ));
    let evidence = [event(5), event(6)];
    assert_finding(
        &late,
        Principle::KeepPromises,
        Judgement::Violated,
        Rule::PromisesKept,
        &evidence,
    );

    let broken = audit(then(
        resolving(),
        [ComplaintCommand::MarkPromiseBroken { by: ANA, at: h(49) }],
    ));
    assert_finding(
        &broken,
        Principle::KeepPromises,
        Judgement::Violated,
        Rule::PromisesKept,
        &evidence,
    );
}

#[test]
fn principle_4_give_what_is_expected_the_customers_met_upholds_it() {
    let audit = audit(then(
        resolved(),
        [close(None, Some(ExpectationGap::Met), 40)],
    ));
    assert_finding(
        &audit,
        Principle::GiveWhatIsExpected,
        Judgement::Upheld,
        Rule::ExpectationMet,
        &[event(7)],
    );
}

#[test]
fn principle_4_give_what_is_expected_the_customers_below_violates_it() {
    let audit = audit(then(
        resolved(),
        [close(None, Some(ExpectationGap::Below), 40)],
    ));
    assert_finding(
        &audit,
        Principle::GiveWhatIsExpected,
        Judgement::Violated,
        Rule::ExpectationMet,
        &[event(7)],
    );
}

#[test]
fn principle_4_give_what_is_expected_without_the_customers_word_the_delivery_is_judged() {
    // €40 asked by hour 72, €40 delivered at 30: met, on the delivery's evidence.
    let audit = audit(then(resolved(), [close(None, None, 40)]));
    let evidence = [event(7), event(6)];
    assert_finding(
        &audit,
        Principle::GiveWhatIsExpected,
        Judgement::Upheld,
        Rule::ExpectationMet,
        &evidence,
    );
}

/// The case where the customer chose the €20 refund: below the €40 they asked for.
fn resolved_with_less() -> Vec<ComplaintCommand> {
    then(
        offered(),
        [
            ComplaintCommand::Choose {
                option: 1,
                at: h(4),
            },
            ComplaintCommand::Deliver { by: ANA, at: h(30) },
        ],
    )
}

#[test]
fn me3_when_the_customer_and_the_internal_measure_disagree_the_customer_wins() {
    let internal = audit(then(resolved_with_less(), [close(None, None, 40)]));
    assert_eq!(
        internal.judgement(Principle::GiveWhatIsExpected),
        Judgement::Violated
    );
    let content = audit(then(
        resolved_with_less(),
        [close(Some(4), Some(ExpectationGap::Met), 40)],
    ));
    assert_finding(
        &content,
        Principle::GiveWhatIsExpected,
        Judgement::Upheld,
        Rule::ExpectationMet,
        &[event(7)],
    );

    // Every internal measure fine (kept, owned, chosen, €40 as asked), the customer unhappy.
    let unhappy = audit(then(
        resolved(),
        [close(Some(2), Some(ExpectationGap::Below), 40)],
    ));
    assert_eq!(
        unhappy.judgement(Principle::KeepPromises),
        Judgement::Upheld
    );
    assert_eq!(
        unhappy.judgement(Principle::GiveWhatIsExpected),
        Judgement::Violated
    );
    assert_eq!(
        unhappy.judgement(Principle::CustomerJudges),
        Judgement::Violated
    );
    assert_eq!(unhappy.outcome(), Judgement::Violated);
}

#[test]
fn principle_5_you_make_the_difference_an_acknowledgement_by_a_known_person_upholds_it() {
    let audit = audit(acknowledged());
    let evidence = [event(2), staff(ANA)];
    assert_finding(
        &audit,
        Principle::YouMakeTheDifference,
        Judgement::Upheld,
        Rule::ActionsAttributable,
        &evidence,
    );
}

#[test]
fn principle_5_you_make_the_difference_a_step_by_nobody_known_violates_it() {
    let message = ComplaintEvent::MessageSent {
        by: STRANGER,
        message: message("On its way.", h(10)),
        at: h(5),
    };
    let audit = Known::default().audit(&imported(history(investigating()), message));
    let evidence = [event(4), staff(STRANGER)];
    assert_finding(
        &audit,
        Principle::YouMakeTheDifference,
        Judgement::Violated,
        Rule::ActionsAttributable,
        &evidence,
    );
}

#[test]
fn principle_6_fail_once_fail_all_a_closing_never_reopened_upholds_it() {
    let audit = audit(then(resolved(), [close(Some(5), None, 40)]));
    assert_finding(
        &audit,
        Principle::FailOnceFailAll,
        Judgement::Upheld,
        Rule::RightFirstTime,
        &[event(7)],
    );
}

#[test]
fn principle_6_fail_once_fail_all_a_case_closed_with_nothing_delivered_was_not_right_first_time() {
    // Referred to an outside body and closed there: nothing was put right by the case.
    let audit = audit(then(
        investigating(),
        [
            ComplaintCommand::Refer {
                body: "the consumer arbitration board".into(),
                at: h(3),
            },
            close(Some(5), None, 100),
        ],
    ));
    assert!(audit.findings().all(|f| f.rule() != Rule::RightFirstTime));
    assert_eq!(audit.facts().map(|facts| facts.id()), Some(CASE));
}

#[test]
fn principle_1_customer_first_giving_up_right_at_the_target_is_in_time() {
    // The acknowledgement target is four hours: leaving at the fourth breaks nothing.
    let audit = audit(vec![
        receive(),
        ComplaintCommand::Withdraw {
            reason: "solved it myself".into(),
            at: h(4),
        },
    ]);
    assert_eq!(
        audit.judgement(Principle::CustomerFirst),
        Judgement::Pending
    );
}

/// Reopened at hour 60, put right again and closed at 75 with a rating of 5.
fn redone() -> Vec<ComplaintCommand> {
    vec![
        ComplaintCommand::Reopen {
            reason: "it burns again".into(),
            at: h(60),
        },
        ComplaintCommand::Investigate { by: ANA, at: h(61) },
        ComplaintCommand::OfferResolution {
            by: ANA,
            options: options(vec![refund(10, 64, 100)]),
            at: h(62),
        },
        ComplaintCommand::Choose {
            option: 0,
            at: h(63),
        },
        ComplaintCommand::Deliver { by: ANA, at: h(70) },
        close(Some(5), None, 75),
    ]
}

#[test]
fn principle_6_fail_once_fail_all_a_reopening_violates_it_for_good() {
    let audit = audit(then(then(resolved(), [close(Some(5), None, 40)]), redone()));
    // The second closing, rated 5, does not mend the reopening of event 8.
    assert_finding(
        &audit,
        Principle::FailOnceFailAll,
        Judgement::Violated,
        Rule::RightFirstTime,
        &[event(8)],
    );
    assert_eq!(audit.outcome(), Judgement::Violated);
}

#[test]
fn principle_6_fail_once_fail_all_a_late_delivery_violates_it_though_never_reopened() {
    // Promised for h48 (option chosen at event 5), delivered at h50: the customer was
    // failed once, however the rest went.
    let audit = audit(then(
        resolving(),
        [
            ComplaintCommand::Deliver { by: ANA, at: h(50) },
            close(Some(5), Some(ExpectationGap::Met), 60),
        ],
    ));
    assert_finding(
        &audit,
        Principle::FailOnceFailAll,
        Judgement::Violated,
        Rule::RightFirstTime,
        &[event(5), event(6)],
    );
}

#[test]
fn principle_6_fail_once_fail_all_a_promise_marked_broken_violates_it() {
    let audit = audit(then(
        resolving(),
        [ComplaintCommand::MarkPromiseBroken { by: ANA, at: h(49) }],
    ));
    assert_finding(
        &audit,
        Principle::FailOnceFailAll,
        Judgement::Violated,
        Rule::RightFirstTime,
        &[event(5), event(6)],
    );
}

#[test]
fn principle_6_fail_once_fail_all_a_breached_sla_clock_violates_it_when_the_case_ends() {
    // The first reply (the offer) comes at h9, past the normal priority's 8 hours.
    let commands = then(
        acknowledged(),
        [
            ComplaintCommand::Investigate { by: ANA, at: h(2) },
            ComplaintCommand::OfferResolution {
                by: ANA,
                options: options(vec![refund(40, 33, 57)]),
                at: h(9),
            },
            ComplaintCommand::Choose {
                option: 0,
                at: h(10),
            },
            ComplaintCommand::Deliver { by: ANA, at: h(30) },
        ],
    );
    let open = audit(commands.clone());
    assert_eq!(
        open.judgement(Principle::FailOnceFailAll),
        Judgement::Pending
    );
    let closed = audit(then(commands, [close(Some(5), None, 31)]));
    assert_finding(
        &closed,
        Principle::FailOnceFailAll,
        Judgement::Violated,
        Rule::RightFirstTime,
        &[
            event(7),
            Evidence::Clock {
                clock: customer_care::sla::Clock::FirstResponse,
            },
        ],
    );
    let finding = closed.finding(Principle::FailOnceFailAll).unwrap();
    let text = finding.describe(Language::English).to_string();
    assert!(
        text.contains("the first response clock, breached"),
        "{text}"
    );
    let texto = finding.describe(Language::Spanish).to_string();
    assert!(
        texto.contains("el plazo de primera respuesta, incumplido"),
        "{texto}"
    );
}

#[test]
fn principle_6_fail_once_fail_all_a_refusal_without_an_accepted_alternative_violates_it() {
    let declined = audit(then(
        refused(),
        [ComplaintCommand::DeclineOffer {
            reason: "I want my money back".into(),
            at: h(5),
        }],
    ));
    assert_finding(
        &declined,
        Principle::FailOnceFailAll,
        Judgement::Violated,
        Rule::RightFirstTime,
        &[event(5), event(6)],
    );
    // The alternative chosen and delivered in time: nothing failed.
    let accepted = audit(then(
        refused(),
        [
            ComplaintCommand::Choose {
                option: 0,
                at: h(5),
            },
            ComplaintCommand::Deliver {
                by: MARTA,
                at: h(30),
            },
            close(Some(4), None, 31),
        ],
    ));
    assert_eq!(
        accepted.judgement(Principle::FailOnceFailAll),
        Judgement::Upheld
    );
}

#[test]
fn principle_7_happy_staff_an_owner_in_a_team_above_the_floor_upholds_it() {
    // Ana is in Sofía's team: eNPS 100 × (2 − 1) / 4 = 25%.
    let known = Known {
        pulse: TeamPulse::tally([(SOFIA, 9), (SOFIA, 10), (SOFIA, 8), (SOFIA, 3)]).unwrap(),
        ..Known::default()
    };
    let audit = known.audit(&history(acknowledged()));
    let team = Evidence::Team {
        lead: SOFIA,
        enps: Percent::of(1, 4).unwrap(),
    };
    assert_finding(
        &audit,
        Principle::HappyStaff,
        Judgement::Upheld,
        Rule::TeamSatisfied,
        &[event(2), team],
    );
}

#[test]
fn principle_7_happy_staff_an_owner_in_a_team_below_the_floor_violates_it() {
    let known = Known {
        pulse: TeamPulse::tally([(SOFIA, 9), (SOFIA, 5), (SOFIA, 4)]).unwrap(),
        ..Known::default()
    };
    let audit = known.audit(&history(acknowledged()));
    let enps = audit
        .finding(Principle::HappyStaff)
        .unwrap()
        .evidence()
        .nth(1)
        .copied();
    let Some(Evidence::Team { lead, enps }) = enps else {
        panic!("no team evidence")
    };
    assert_eq!((lead, enps.rounded()), (SOFIA, -33));
    assert_eq!(audit.judgement(Principle::HappyStaff), Judgement::Violated);
    assert_eq!(
        audit.finding(Principle::HappyStaff).unwrap().rule(),
        Rule::TeamSatisfied
    );
}

#[test]
fn principle_7_happy_staff_without_answers_from_the_team_it_stays_pending() {
    let known = Known {
        pulse: TeamPulse::tally([(MARTA, 2)]).unwrap(), // Marta's team, not Ana's
        ..Known::default()
    };
    assert_eq!(
        known
            .audit(&history(acknowledged()))
            .judgement(Principle::HappyStaff),
        Judgement::Pending
    );
}

#[test]
fn principle_8_customer_judges_a_rating_of_4_or_5_upholds_it() {
    let audit = audit(then(resolved(), [close(Some(4), None, 40)]));
    assert_finding(
        &audit,
        Principle::CustomerJudges,
        Judgement::Upheld,
        Rule::CustomerSatisfied,
        &[event(7)],
    );
}

#[test]
fn principle_8_customer_judges_a_rating_of_3_or_less_violates_it() {
    let audit = audit(then(
        resolved(),
        [close(Some(3), Some(ExpectationGap::Met), 40)],
    ));
    assert_finding(
        &audit,
        Principle::CustomerJudges,
        Judgement::Violated,
        Rule::CustomerSatisfied,
        &[event(7)],
    );
}

#[test]
fn me2_a_later_rating_of_5_does_not_mend_an_earlier_rating_of_2() {
    let audit = audit(then(then(resolved(), [close(Some(2), None, 40)]), redone()));
    assert_finding(
        &audit,
        Principle::CustomerJudges,
        Judgement::Violated,
        Rule::CustomerSatisfied,
        &[event(7)],
    );
}

#[test]
fn principle_8_customer_judges_unrated_the_packaged_recovery_stands_in() {
    let kept = audit(then(resolved(), [close(None, None, 40)]));
    let evidence = [event(7), event(6)];
    assert_finding(
        &kept,
        Principle::CustomerJudges,
        Judgement::Upheld,
        Rule::CustomerSatisfied,
        &evidence,
    );
    let late = then(
        resolving(),
        [
            ComplaintCommand::Deliver { by: ANA, at: h(50) },
            close(None, None, 60),
        ],
    );
    assert_finding(
        &audit(late),
        Principle::CustomerJudges,
        Judgement::Violated,
        Rule::CustomerSatisfied,
        &evidence,
    );
}

#[test]
fn principle_8_customer_judges_unrated_a_recovery_that_pointed_a_finger_is_incomplete() {
    // The customer was told the supplier's name before it was found to be the root
    // cause: unrated, the recovery that stands in for them is not complete (RE2, CO2).
    let commands = then(
        investigating(),
        [
            ComplaintCommand::SendMessage {
                by: ANA,
                message: message("Heating Elements Ltd sent us a faulty part.", h(4)),
                at: h(3),
            },
            ComplaintCommand::OfferResolution {
                by: ANA,
                options: options(vec![refund(40, 24, 48)]),
                at: h(3),
            },
            ComplaintCommand::Choose {
                option: 0,
                at: h(4),
            },
            ComplaintCommand::Deliver { by: ANA, at: h(30) },
            ComplaintCommand::RecordRootCause {
                by: ANA,
                cause: RootCause {
                    origin: Origin::Supplier {
                        name: "Heating Elements Ltd".into(),
                    },
                    description: "a batch of faulty elements".into(),
                },
                at: h(31),
            },
            close(None, None, 40),
        ],
    );
    let world = World::given(commands.clone());
    let blaming = audit(commands);
    assert!(!world.state().recovery().no_blame);
    assert_finding(
        &blaming,
        Principle::CustomerJudges,
        Judgement::Violated,
        Rule::CustomerSatisfied,
        &[event(9), event(7)],
    );
}

fn toasters() -> Theme {
    Theme::try_new("toasters").unwrap()
}

fn case_id(n: u128) -> ComplaintId {
    ComplaintId::from_uuid(Uuid::from_u128(n))
}

fn record(id: ComplaintId) -> CaseRecord {
    CaseRecord {
        id,
        theme: toasters(),
        received_at: h(0),
        resolved: None,
        breached_at: None,
    }
}

/// An improvement item proposed from one piece of feedback on toasters.
fn toaster_item() -> (Feedback, ImprovementState) {
    let feedback = Feedback::try_from(FeedbackSpec {
        id: FeedbackId::from_uuid(Uuid::from_u128(500)),
        from: Customer::anonymous(CustomerKind::External),
        kind: FeedbackKind::Suggestion,
        channel: Channel::Written,
        text: "test toasters before they ship".into(),
        rating: None,
        about: None,
        theme: Some(toasters()),
        from_staff: None,
        received_at: h(-10),
    })
    .unwrap();
    let mut item = EventStream::<Improvement>::new();
    let propose = ImprovementCommand::Propose(Proposal {
        id: ImprovementId::from_uuid(Uuid::from_u128(600)),
        title: "Burn-in test for every toaster".into(),
        opened_by: MARTA,
        affects_customers: false,
        feedback: vec![feedback.link()],
        at: h(-5),
    });
    item.execute_with(propose, &(), CommandMeta::NONE).unwrap();
    (feedback, item.state().clone())
}

#[test]
fn principle_9_always_improve_a_recurring_theme_with_an_improvement_item_upholds_it() {
    let (feedback, item) = toaster_item();
    let cases = [record(CASE), record(case_id(101)), record(case_id(102))];
    let known = Known {
        themes: ThemeWatch::new(&cases, &[item], &[feedback], 3).unwrap(),
        ..Known::default()
    };
    let audit = known.audit(&history(acknowledged()));
    let improvement = Evidence::Improvement {
        id: ImprovementId::from_uuid(Uuid::from_u128(600)),
    };
    assert_finding(
        &audit,
        Principle::AlwaysImprove,
        Judgement::Upheld,
        Rule::RecurringThemeImproved,
        &[event(1), improvement],
    );
    assert_eq!(
        known.themes.unaddressed().count(),
        0,
        "the theme is addressed"
    );
}

#[test]
fn principle_9_always_improve_a_recurring_theme_without_one_violates_it() {
    let cases = [record(case_id(102)), record(CASE), record(case_id(101))];
    let known = Known {
        themes: ThemeWatch::new(&cases, &[], &[], 3).unwrap(),
        ..Known::default()
    };
    let audit = known.audit(&history(acknowledged()));
    // The evidence names the lowest-numbered other case on the theme.
    let other = Evidence::Case { id: case_id(101) };
    assert_finding(
        &audit,
        Principle::AlwaysImprove,
        Judgement::Violated,
        Rule::RecurringThemeImproved,
        &[event(1), other],
    );
    assert_eq!(
        known
            .themes
            .unaddressed()
            .map(|(theme, cases)| (theme.clone(), cases.len()))
            .collect::<Vec<_>>(),
        [(toasters(), 3)]
    );

    // Two cases are not a pattern at a threshold of three.
    let two = Known {
        themes: ThemeWatch::new(&cases[..2], &[], &[], 3).unwrap(),
        ..Known::default()
    };
    assert_eq!(two.themes.unaddressed().count(), 0, "no pattern yet");
    assert_eq!(
        two.audit(&history(acknowledged()))
            .judgement(Principle::AlwaysImprove),
        Judgement::Pending
    );
}

#[test]
fn principle_9_a_theme_watch_refuses_a_case_listed_twice_and_a_threshold_below_two() {
    assert_eq!(
        ThemeWatch::new(&[record(CASE), record(CASE)], &[], &[], 3),
        Err(AuditError::DuplicateCase { id: CASE })
    );
    assert_eq!(
        ThemeWatch::new(&[], &[], &[], 1),
        Err(AuditError::Recurrence { recurs_at: 1 })
    );
}

#[test]
fn principle_10_one_team_a_handoff_by_the_owner_with_a_reason_upholds_it() {
    let reassign = ComplaintCommand::Reassign {
        to: LUIS,
        reason: "Luis knows toasters".into(),
        at: h(3),
    };
    let audit = audit(then(investigating(), [reassign]));
    assert_finding(
        &audit,
        Principle::OneTeam,
        Judgement::Upheld,
        Rule::HandoffsRecorded,
        &[event(4), staff(ANA)],
    );
}

#[test]
fn principle_10_one_team_a_handoff_by_someone_else_or_without_a_reason_violates_it() {
    let handoff = |from, reason: &str| ComplaintEvent::Reassigned {
        from,
        to: LUIS,
        reason: reason.into(),
        at: h(3),
    };
    for (from, reason) in [(SOFIA, "taking it over"), (ANA, "  ")] {
        let audit =
            Known::default().audit(&imported(history(investigating()), handoff(from, reason)));
        assert_finding(
            &audit,
            Principle::OneTeam,
            Judgement::Violated,
            Rule::HandoffsRecorded,
            &[event(4), staff(from)],
        );
    }
}

#[test]
fn de2_an_audit_refuses_events_out_of_sequence_or_before_a_receipt_and_changes_nothing() {
    let org = shop();
    let calendar = around_the_clock();
    let (pulse, themes) = (TeamPulse::default(), ThemeWatch::default());
    let context = AuditContext {
        directory: org.staff(),
        calendar: &calendar,
        pulse: &pulse,
        enps_floor: Percent::ZERO,
        themes: &themes,
    };
    let events = history(acknowledged());
    let mut audit = CaseAudit::new();
    assert_eq!(
        audit.apply(&events[1], &context),
        Err(AuditError::Sequence {
            expected: 1,
            found: 2
        })
    );
    let mut unreceived = events[1].clone();
    unreceived.sequence = 1;
    assert!(matches!(
        audit.apply(&unreceived, &context),
        Err(AuditError::View(ViewError::NotReceived))
    ));
    assert_eq!(audit, CaseAudit::new());

    audit.apply(&events[0], &context).unwrap();
    let before = audit.clone();
    let mut second_receipt = events[0].clone();
    second_receipt.sequence = 2;
    assert!(matches!(
        audit.apply(&second_receipt, &context),
        Err(AuditError::View(ViewError::AlreadyReceived))
    ));
    assert_eq!(audit, before);
}

#[test]
fn de3_the_scorecard_grade_is_the_weakest_principles_compliance() {
    let good = audit(then(
        resolved(),
        [close(Some(5), Some(ExpectationGap::Met), 40)],
    ));
    let late = audit(then(
        resolving(),
        [
            ComplaintCommand::Deliver { by: ANA, at: h(50) },
            close(Some(4), None, 60),
        ],
    ));
    let reopened = audit(then(
        then(resolved(), [close(Some(5), None, 40)]),
        [ComplaintCommand::Reopen {
            reason: "again".into(),
            at: h(60),
        }],
    ));
    let card = Scorecard::of([&good, &late, &reopened, &good]);
    assert_eq!(card.cases(), 4);
    assert_eq!((card.passed(), card.failed()), (2, 2));
    // Promises: 3 of 4 kept; right first time: 2 of 4 (the late delivery and the
    // reopening each fail a step, ME2).
    assert_eq!(card.compliance(Principle::KeepPromises), Percent::of(3, 4));
    assert_eq!(
        card.compliance(Principle::FailOnceFailAll),
        Percent::of(2, 4)
    );
    assert_eq!(card.compliance(Principle::CustomerFirst), Percent::of(4, 4));
    assert_eq!(
        card.line(Principle::HappyStaff),
        Line {
            upheld: 0,
            violated: 0,
            pending: 4
        }
    );
    let grade = card.grade().unwrap();
    assert_eq!(
        (grade.principle, grade.compliance),
        (Principle::FailOnceFailAll, Percent::of(2, 4).unwrap())
    );
    assert_eq!(card.pass_rate(), Percent::of(1, 2));
    // Without the reopening, promises and right first time are both at 75%: the
    // lower-numbered principle is named.
    let tied = Scorecard::of([&good, &late, &good, &good]).grade().unwrap();
    assert_eq!(
        (tied.principle, tied.compliance),
        (Principle::KeepPromises, Percent::of(3, 4).unwrap())
    );
    assert_eq!(Scorecard::new().grade(), None);
}

#[test]
fn me4_a_met_target_becomes_the_next_floor_and_a_missed_one_stays() {
    let good = audit(then(resolved(), [close(Some(5), None, 40)]));
    let late = audit(then(
        resolving(),
        [ComplaintCommand::Deliver { by: ANA, at: h(50) }],
    ));
    let card = Scorecard::of([&good, &good, &good, &late]); // promises 3 of 4, acknowledgement 4 of 4
    let floor = |p, q| Goal::try_new(Percent::of(p, q).unwrap()).unwrap();
    let mut goals = Goals::new();
    goals
        .set(Principle::KeepPromises, floor(9, 10))
        .set(Principle::CustomerFirst, floor(9, 10));
    assert_eq!(
        goals.missed(&card).collect::<Vec<_>>(),
        [Principle::KeepPromises]
    );
    let next = goals.next(&card);
    assert_eq!(next.get(Principle::KeepPromises), Some(floor(9, 10)));
    assert_eq!(next.get(Principle::CustomerFirst), Some(floor(1, 1)));
    assert_eq!(next.get(Principle::OneTeam), None);
}

#[test]
fn de3_the_scorecard_prints_an_aligned_table_in_english_and_spanish() {
    let good = audit(then(
        resolved(),
        [close(Some(5), Some(ExpectationGap::Met), 40)],
    ));
    let late = audit(then(
        resolving(),
        [
            ComplaintCommand::Deliver { by: ANA, at: h(50) },
            close(Some(4), None, 60),
        ],
    ));
    let card = Scorecard::of([&good, &late]);
    let mut goals = Goals::new();
    goals.set(
        Principle::KeepPromises,
        Goal::try_new(Percent::of(9, 10).unwrap()).unwrap(),
    );
    let english = card.table(Language::English, Some(&goals)).to_string();
    let expected = [
        " #  Principle                           Upheld  Violated  Pending  Compliance  Goal",
        " 1  The customer comes first                 2         0        0      100.0%  —",
        " 2  Nothing is impossible                    2         0        0      100.0%  —",
        " 3  Keep every promise                       1         1        0       50.0%  90.0% missed",
        " 4  Give the customer what they expect       2         0        0      100.0%  —",
        " 5  You make the difference                  2         0        0      100.0%  —",
        " 6  Fail once, fail all                      1         1        0       50.0%  —",
        " 7  Unhappy staff, unhappy customers         0         0        2           —  —",
        " 8  The customer judges quality              2         0        0      100.0%  —",
        " 9  There is always room to improve          0         0        2           —  —",
        "10  One team for the customer                2         0        0      100.0%  —",
        "Grade, the weakest principle: 50.0% (3. Keep every promise)",
        "Cases with no principle violated: 1 of 2 (50.0%)",
    ]
    .join("\n");
    assert_eq!(english, expected);
    let spanish = card.table(Language::Spanish, None).to_string();
    assert!(spanish.starts_with(" #  Principio "), "{spanish}");
    assert!(spanish.contains(" 3  Cumple lo que prometes "), "{spanish}");
    assert!(
        spanish.ends_with("Casos sin ningún principio incumplido: 1 de 2 (50.0%)"),
        "{spanish}"
    );
}

#[test]
fn de2_a_finding_reads_in_english_and_spanish_with_its_evidence() {
    let late = audit(then(
        resolving(),
        [ComplaintCommand::Deliver { by: ANA, at: h(50) }],
    ));
    let finding = late.finding(Principle::KeepPromises).unwrap();
    assert_eq!(
        finding.describe(Language::English).to_string(),
        "3. Keep every promise: violated. Rule: every promise delivered by its date. Evidence: event 5, event 6."
    );
    assert_eq!(
        finding.describe(Language::Spanish).to_string(),
        "3. Cumple lo que prometes: incumplido. Regla: cada promesa entregada en su fecha. Pruebas: evento 5, evento 6."
    );
}

#[test]
fn de2_a_named_finding_gives_people_by_name() {
    let known = Known {
        pulse: TeamPulse::tally([(SOFIA, 2)]).unwrap(),
        ..Known::default()
    };
    let audit = known.audit(&history(acknowledged()));
    let finding = audit.finding(Principle::HappyStaff).unwrap();
    let org = shop();
    assert_eq!(
        finding.named(Language::English, org.staff()).to_string(),
        "7. Unhappy staff, unhappy customers: violated. Rule: owned by a team whose eNPS is \
         at or above the floor. Evidence: event 2, the team of Sofía at eNPS -100.0%."
    );
    assert_eq!(
        finding.named(Language::Spanish, org.staff()).to_string(),
        "7. Empleado insatisfecho, cliente insatisfecho: incumplido. Regla: a cargo de un equipo \
         con un eNPS igual o superior al mínimo. Pruebas: evento 2, el equipo de Sofía con eNPS -100.0%."
    );
}

#[test]
fn de1_every_principle_has_a_number_a_title_and_a_summary_in_both_languages() {
    for (n, principle) in (1..=10).zip(Principle::ALL) {
        assert_eq!(Principle::try_from(n), Ok(principle));
        assert_eq!(principle.number(), n);
        for language in [Language::English, Language::Spanish] {
            assert!(!principle.title(language).is_empty());
            assert!(
                principle.summary(language).len() > 100,
                "{principle} {language:?}"
            );
        }
        assert_ne!(
            principle.title(Language::English),
            principle.title(Language::Spanish)
        );
        let rules: Vec<_> = Rule::ALL
            .into_iter()
            .filter(|rule| rule.principle() == principle)
            .collect();
        assert!(!rules.is_empty(), "{principle} has no rule");
    }
    assert_eq!(
        Principle::try_from(0),
        Err(AuditError::NoSuchPrinciple { number: 0 })
    );
    assert_eq!(
        Principle::try_from(11),
        Err(AuditError::NoSuchPrinciple { number: 11 })
    );
    assert_eq!(Principle::KeepPromises.to_string(), "3. Keep every promise");
}

#[test]
fn de2_the_audit_of_a_case_has_a_documented_json_shape() {
    let late = audit(then(
        resolving(),
        [ComplaintCommand::Deliver { by: ANA, at: h(50) }],
    ));
    let json = serde_json::to_value(&late).unwrap();
    assert_eq!(json["case"], serde_json::json!(CASE));
    assert_eq!(json["version"], 6);
    assert_eq!(json["outcome"], "violated");
    assert_eq!(
        json["findings"][2],
        serde_json::json!({
            "principle": 3,
            "rule": "promises_kept",
            "judgement": "violated",
            "evidence": [{"type": "event", "sequence": 5}, {"type": "event", "sequence": 6}],
        })
    );
    assert_eq!(json["findings"][6], serde_json::Value::Null);
}

/// ME4: the default theme watch is one `ThemeWatch::new` builds: no cases, recurring
/// from two on, so nothing recurs.
#[test]
fn me4_the_default_theme_watch_is_a_valid_empty_one() {
    let empty = ThemeWatch::new(&[], &[], &[], 2).unwrap();
    assert_eq!(ThemeWatch::default(), empty);
    assert_eq!(
        ThemeWatch::new(&[], &[], &[], 1),
        Err(AuditError::Recurrence { recurs_at: 1 })
    );
}
