//! Metrics (ME1, ME4, ST5): refusals that change nothing, exact shares at the edges,
//! the JSON shapes, and properties against plain counting.

mod common;

use chrono::TimeDelta;
use common::*;
use customer_care::complaint::ComplaintEvent;
use customer_care::id::ComplaintId;
use customer_care::metrics::*;
use customer_care::view::CaseView;
use proptest::prelude::*;

#[test]
fn me1_a_score_off_the_scale_is_refused_and_the_tally_is_unchanged() {
    let mut csat = Csat::tally([5, 4]).unwrap();
    let before = csat;
    assert_eq!(
        csat.add(6),
        Err(MetricsError::OutOfScale {
            metric: "CSAT",
            score: 6,
            low: 1,
            high: 5
        })
    );
    assert_eq!(
        csat.add(0).unwrap_err().to_string(),
        "0 is off the CSAT scale of 1 to 5"
    );
    assert_eq!(csat, before);

    let mut nps = Nps::default();
    assert!(nps.add(11).is_err());
    assert_eq!(nps, Nps::default());
    assert!(Ces1::tally([1, 6]).is_err());
    assert!(Ces2::tally([7, 8]).is_err());
    assert!(Ces2::tally([0]).is_err());
    let mut pulse = TeamPulse::default();
    let team = customer_care::id::StaffId::from_uuid(uuid::Uuid::from_u128(1));
    assert!(pulse.add(team, 11).is_err());
    assert_eq!(pulse, TeamPulse::default());
}

#[test]
fn me1_no_responses_give_no_score_never_nan() {
    assert_eq!(Csat::default().percent(), None);
    assert_eq!(Nps::default().score(), None);
    assert_eq!(Ces1::default().mean(), None);
    assert_eq!(Ces2::default().agree(), None);
    assert_eq!(PromiseTally::default().keeping(), None);
    assert_eq!(
        GapTally::default().share(customer_care::customer::ExpectationGap::Met),
        None
    );
    assert_eq!(first_contact_resolution(&[], TimeDelta::days(7)), None);
    assert_eq!(reopen_rate(&[]), None);
    assert_eq!(sla_compliance([]), None);
    assert_eq!(DurationStats::of([]), None);
}

#[test]
fn me1_each_tally_reports_its_counts_and_an_exact_mean_that_prints_in_hundredths() {
    let csat = Csat::tally([5, 5, 4, 4, 3, 3, 2, 1]).unwrap();
    assert_eq!((csat.satisfied(), csat.responses()), (4, 8));
    let nps = Nps::tally([10, 9, 8, 7, 6, 0, 3]).unwrap();
    assert_eq!(
        (
            nps.promoters(),
            nps.passives(),
            nps.detractors(),
            nps.responses()
        ),
        (2, 2, 3, 7)
    );
    // CES 1.0: 1 + 2 + 2 + 4 = 9 over 4.
    let ces1 = Ces1::tally([1, 2, 2, 4]).unwrap();
    let mean = ces1.mean().unwrap();
    assert_eq!(ces1.responses(), 4);
    assert_eq!((mean.sum(), mean.count(), mean.to_f64()), (9, 4, 2.25));
    assert_eq!(mean.to_string(), "2.25");
    // 2 + 4 = 6 over 2 is 3 over 1, in lowest terms.
    let even = Ces1::tally([2, 4]).unwrap().mean().unwrap();
    assert_eq!(
        (even.sum(), even.count(), even.to_string()),
        (3, 1, "3.00".into())
    );
    // CES 2.0: 7 + 6 + 3 = 16 over 3 = 5.333…, printed rounded; 2 of 3 agree.
    let ces2 = Ces2::tally([7, 6, 3]).unwrap();
    let mean = ces2.mean().unwrap();
    assert_eq!((ces2.responses(), mean.sum(), mean.count()), (3, 16, 3));
    assert_eq!(mean.to_string(), "5.33");
    assert_eq!(
        Ces2::tally([7, 6]).unwrap().mean().unwrap().to_string(),
        "6.50"
    );
    assert_eq!(ces2.agree(), Percent::of(2, 3));
}

#[test]
fn me1_nps_runs_from_minus_100_to_100() {
    let all_promoters = Nps::tally([9, 10, 10]).unwrap().score().unwrap();
    let all_detractors = Nps::tally([0, 6]).unwrap().score().unwrap();
    let only_passives = Nps::tally([7, 8]).unwrap().score().unwrap();
    assert_eq!(all_promoters, Percent::ALL);
    assert_eq!(
        (all_detractors.numerator(), all_detractors.denominator()),
        (-1, 1)
    );
    assert_eq!(all_detractors.to_string(), "-100.0%");
    assert_eq!(only_passives, Percent::ZERO);
    assert!(all_detractors < only_passives && only_passives < all_promoters);
}

#[test]
fn me1_shares_are_exact_fractions_in_lowest_terms() {
    assert_eq!(Percent::of(2, 4), Percent::of(1, 2));
    assert_eq!(Percent::of(3, 2), None);
    assert_eq!(Percent::of(1, 0), None);
    let third = Percent::of(1, 3).unwrap();
    assert_eq!(third.to_string(), "33.3%");
    assert_eq!(Percent::of(2, 3).unwrap().to_string(), "66.7%");
    assert_eq!(Percent::of(2, 3).unwrap().rounded(), 67);
    assert_eq!(Percent::of(1, 8).unwrap().to_string(), "12.5%");
    assert_eq!(Percent::of(1, 16).unwrap().to_string(), "6.3%"); // 6.25, half away from zero
    // Counts near the top of u64 compare exactly.
    let big = Percent::of(u64::MAX - 1, u64::MAX).unwrap();
    assert!(big < Percent::ALL);
    assert!(Percent::of(u64::MAX - 2, u64::MAX).unwrap() < big);
}

#[test]
fn me1_a_percent_has_a_json_shape_checked_on_load() {
    let share = Percent::of(3, 7).unwrap();
    let json = serde_json::to_value(share).unwrap();
    assert_eq!(json, serde_json::json!({"numerator": 3, "denominator": 7}));
    assert_eq!(serde_json::from_value::<Percent>(json).unwrap(), share);
    let reduced: Percent = serde_json::from_str(r#"{"numerator": -4, "denominator": 8}"#).unwrap();
    assert_eq!((reduced.numerator(), reduced.denominator()), (-1, 2));
    for bad in [
        r#"{"numerator": 1, "denominator": 0}"#,
        r#"{"numerator": 9, "denominator": 8}"#,
        r#"{"numerator": -9, "denominator": 8}"#,
    ] {
        assert!(serde_json::from_str::<Percent>(bad).is_err(), "{bad}");
    }
}

#[test]
fn me1_duration_stats_have_their_documented_json_shape() {
    let stats = DurationStats::of([1, 4, 2, 9].map(TimeDelta::hours)).unwrap();
    assert_eq!(
        serde_json::to_value(stats).unwrap(),
        serde_json::json!({"count": 4, "mean": [14400, 0], "median": [10800, 0], "min": [3600, 0], "max": [32400, 0]})
    );
}

#[test]
fn me1_duration_stats_keep_fractions_of_a_second() {
    let stats = DurationStats::of([1_500, 250, 500].map(TimeDelta::milliseconds)).unwrap();
    assert_eq!(
        serde_json::to_value(stats).unwrap(),
        serde_json::json!({"count": 3, "mean": [0, 750_000_000], "median": [0, 500_000_000],
            "min": [0, 250_000_000], "max": [1, 500_000_000]})
    );
}

#[test]
fn me4_a_target_floor_is_never_negative() {
    assert_eq!(
        Goal::try_new(Percent::ZERO).map(|t| t.floor()),
        Ok(Percent::ZERO)
    );
    let below: Percent = serde_json::from_str(r#"{"numerator": -1, "denominator": 2}"#).unwrap();
    assert_eq!(
        Goal::try_new(below),
        Err(MetricsError::FloorOutOfRange { floor: below })
    );
    let json = r#"{"floor": {"numerator": -1, "denominator": 2}}"#;
    assert!(serde_json::from_str::<Goal>(json).is_err());
    let target: Goal =
        serde_json::from_str(r#"{"floor": {"numerator": 9, "denominator": 10}}"#).unwrap();
    assert_eq!(target.floor(), Percent::of(9, 10).unwrap());
}

#[test]
fn me1_me3_case_facts_follow_a_case_through_a_reopening_to_its_final_delivery() {
    use customer_care::complaint::{ComplaintCommand as C, Satisfaction, Verdict};
    use customer_care::customer::ExpectationGap;
    use customer_care::promise::PromiseOutcome;
    use customer_care::remedy::{Remedy, RemedyKind};
    let facts = |world: &World| {
        CaseFacts::from_events(world.stream.events().iter().map(|e| &e.event), &()).unwrap()
    };
    let mut commands = resolved();
    commands.push(C::Reopen {
        reason: "it burns again".into(),
        at: h(40),
    });
    let mut world = World::given(commands);
    let reopened = facts(&world);
    assert_eq!(
        (reopened.id(), reopened.follows(), reopened.received_at()),
        (CASE, None, h(0))
    );
    let earlier = ComplaintId::from_uuid(uuid::Uuid::from_u128(99));
    let follow_up = World::given(vec![receive_with(eur(40), Some(earlier))]);
    assert_eq!(facts(&follow_up).follows(), Some(earlier));
    assert_eq!(reopened.owner(), Some(ANA));
    assert_eq!(
        reopened.chosen(),
        Some(Remedy::new(RemedyKind::Refund, eur(40)))
    );
    // At h30, 18 hours before the promised h48: early, as the customer sees it (PR1).
    assert_eq!(reopened.delivered(), Some(PromiseOutcome::KeptEarly));
    // The offer at h3 is the first reply; the acknowledgement is not a response.
    assert_eq!(reopened.first_response_time(), Some(TimeDelta::hours(3)));
    assert_eq!(reopened.first_resolution_time(), Some(TimeDelta::hours(30)));
    assert_eq!(
        reopened.full_resolution_time(),
        None,
        "the reopened case waits"
    );
    assert_eq!(
        (reopened.reopened(), reopened.repeat_contact_at()),
        (1, Some(h(40)))
    );
    assert!(reopened.was_settled());
    assert_eq!(reopened.internal_gap(), Some(ExpectationGap::Met));

    for command in [
        C::Investigate { by: ANA, at: h(41) },
        C::OfferResolution {
            by: ANA,
            // Within the €40 paid plus the €10 margin, counting the €40 given (CU4).
            options: options(vec![refund(10, 60, 90)]),
            at: h(42),
        },
        C::Choose {
            option: 0,
            at: h(43),
        },
        C::Deliver { by: ANA, at: h(50) },
        C::Close {
            verdict: Verdict {
                rating: Some(Satisfaction::try_from(5).unwrap()),
                expectation: Some(ExpectationGap::Exceeded),
            },
            at: h(51),
        },
    ] {
        world.when(command).unwrap();
    }
    let closed = facts(&world);
    assert_eq!(closed.delivered(), Some(PromiseOutcome::KeptEarly));
    assert_eq!(closed.first_resolution_time(), Some(TimeDelta::hours(30)));
    assert_eq!(closed.full_resolution_time(), Some(TimeDelta::hours(50)));
    assert_eq!(closed.promises().settled(), 2);
    // €10 of the €40 asked is below what they expected, but they say it exceeded it.
    assert_eq!(closed.internal_gap(), Some(ExpectationGap::Below));
    assert_eq!(closed.expectation_gap(), Some(ExpectationGap::Exceeded));
    assert_eq!(
        closed
            .verdict()
            .and_then(|v| v.rating)
            .map(Satisfaction::get),
        Some(5)
    );
}

#[test]
fn me1_st5_team_pulse_promise_keeping_and_expectation_gaps_count_what_they_are_given() {
    use customer_care::customer::ExpectationGap::{Below, Exceeded, Met};
    use customer_care::promise::PromiseOutcome::{Kept, KeptEarly, Late};
    // Two teams, by their leads: Sofía's answers 10, 9 and 3; Marta's a single 8.
    let pulse = TeamPulse::tally([(SOFIA, 10), (SOFIA, 9), (MARTA, 8), (SOFIA, 3)]).unwrap();
    let sofia = pulse.team(SOFIA).unwrap();
    assert_eq!((sofia.promoters(), sofia.detractors()), (2, 1));
    assert_eq!(pulse.enps(SOFIA), Percent::of(1, 3));
    assert_eq!(pulse.enps(MARTA), Some(Percent::ZERO));
    assert_eq!((pulse.team(ANA), pulse.enps(ANA)), (None, None));
    assert_eq!(
        pulse.iter().map(|(team, _)| team).collect::<Vec<_>>(),
        [MARTA, SOFIA]
    );

    let mut promises = PromiseTally::default();
    for outcome in [KeptEarly, Kept, Late] {
        promises.add(outcome);
    }
    let mut more = PromiseTally::default();
    more.add_never_delivered();
    for outcome in [Kept, KeptEarly, Late] {
        more.add(outcome);
    }
    promises.merge(&more);
    assert_eq!(
        (
            promises.kept_early,
            promises.kept,
            promises.late,
            promises.never_delivered
        ),
        (2, 2, 2, 1)
    );
    assert_eq!(promises.settled(), 7);
    assert_eq!(promises.keeping(), Percent::of(4, 7));
    assert_eq!(promises.kept_early_share(), Percent::of(2, 7));

    let gaps = GapTally::tally([Below, Met, Met, Exceeded]);
    assert_eq!(gaps.total(), 4);
    assert_eq!(
        [Below, Met, Exceeded].map(|gap| gaps.share(gap)),
        [Percent::of(1, 4), Percent::of(1, 2), Percent::of(1, 4)]
    );
    assert_eq!(GapTally::default().share(Met), None);
}

/// The facts of the case `commands` leave.
fn facts_of(commands: Vec<customer_care::complaint::ComplaintCommand>) -> CaseFacts {
    let world = World::given(commands);
    CaseFacts::from_events(world.stream.events().iter().map(|e| &e.event), &()).unwrap()
}

#[test]
fn me1_case_facts_count_messages_as_responses_and_a_customer_writing_as_contact() {
    use customer_care::complaint::ComplaintCommand as C;
    let facts = facts_of(then(
        investigating(),
        [
            C::SendMessage {
                by: ANA,
                message: message("We are testing your toaster.", h(8)),
                at: h(5),
            },
            C::CustomerWrites {
                text: "any news?".into(),
                at: h(6),
            },
        ],
    ));
    assert_eq!(facts.first_response_at(), Some(h(5)));
    assert_eq!(facts.repeat_contact_at(), Some(h(6)));
    assert!(!facts.was_settled());
}

#[test]
fn me1_case_facts_know_the_option_chosen_after_approval_a_broken_promise_and_an_unanswered_close() {
    use customer_care::complaint::ComplaintCommand as C;
    use customer_care::remedy::{Remedy, RemedyKind};
    // €120 is above Ana's €80: Sofía approves it at h4, and the customer has it then.
    let mut approved = vec![receive_with(eur(200), None)];
    approved.extend(investigating().into_iter().skip(1));
    let approved = facts_of(then(
        approved,
        [
            C::OfferResolution {
                by: ANA,
                options: options(vec![refund(120, 24, 48)]),
                at: h(3),
            },
            C::Approve {
                approver: SOFIA,
                at: h(4),
            },
            C::Choose {
                option: 0,
                at: h(5),
            },
        ],
    ));
    assert_eq!(approved.first_response_at(), Some(h(4)));
    assert_eq!(
        approved.chosen(),
        Some(Remedy::new(RemedyKind::Refund, eur(120)))
    );

    let broken = facts_of(then(
        resolving(),
        [C::MarkPromiseBroken { by: ANA, at: h(49) }],
    ));
    assert_eq!(broken.promises().never_delivered, 1);
    assert!(!broken.was_settled());

    let unanswered = facts_of(then(
        offered(),
        [C::CloseUnanswered {
            by: ANA,
            at: h(3 + 7 * 24),
        }],
    ));
    assert!(unanswered.was_settled());
    assert_eq!(unanswered.delivered(), None);
}

#[test]
fn me1_reopen_rate_is_over_settled_cases_and_sla_compliance_over_reports() {
    use customer_care::clocks::SlaClocks;
    use customer_care::complaint::ComplaintCommand as C;
    let reopened = facts_of(then(
        resolved(),
        [C::Reopen {
            reason: "it burns again".into(),
            at: h(40),
        }],
    ));
    let (settled, open) = (facts_of(resolved()), facts_of(investigating()));
    assert_eq!(
        reopen_rate(&[reopened, settled.clone(), settled, open]),
        Percent::of(1, 3),
        "one of the three settled cases was reopened; the open one does not count"
    );

    // Five hours on: one acknowledged within its four hours, one not acknowledged.
    let report = |commands| {
        let world = World::given(commands);
        SlaClocks::from_events(world.stream.events().iter().map(|e| &e.event), &())
            .unwrap()
            .report(&around_the_clock(), h(5))
            .unwrap()
    };
    let (kept, breached) = (report(acknowledged()), report(vec![receive()]));
    assert!(breached.breached() && !kept.breached());
    assert_eq!(sla_compliance([&kept, &breached, &kept]), Percent::of(2, 3));
}

#[test]
fn me1_kept_early_counts_as_kept_and_never_above_it() {
    use customer_care::promise::PromiseOutcome::{Kept, KeptEarly};
    let mut early = PromiseTally::default();
    early.add(KeptEarly);
    let mut on_time = PromiseTally::default();
    on_time.add(Kept);
    assert_eq!(early.keeping(), on_time.keeping());
    assert_eq!(early.kept_early_share(), Some(Percent::ALL));
    assert_eq!(on_time.kept_early_share(), Some(Percent::ZERO));
}

#[test]
fn me1_a_follow_up_case_within_the_window_is_a_repeat_contact() {
    // The case of `common::resolved()`: received at hour 0, delivered at 30, nothing
    // more from the customer.
    let events: Vec<ComplaintEvent> = (World::given(resolved()).stream.events().iter())
        .map(|envelope| envelope.event.clone())
        .collect();
    let first = CaseFacts::from_events(&events, &()).unwrap();
    let follow_up = |hours| {
        let ComplaintEvent::Received(mut receipt) = events[0].clone() else {
            panic!("no receipt")
        };
        receipt.id = ComplaintId::from_uuid(uuid::Uuid::from_u128(101));
        receipt.follows = Some(CASE);
        receipt.at = h(hours);
        CaseFacts::start(&receipt)
    };
    let week = TimeDelta::days(7);
    assert_eq!(
        first_contact_resolution(std::slice::from_ref(&first), week),
        Some(Percent::ALL)
    );
    // Back on day 5: neither case was resolved on first contact. On day 9: the first was.
    let back_soon = [first.clone(), follow_up(5 * 24)];
    assert_eq!(
        first_contact_resolution(&back_soon, week),
        Some(Percent::ZERO)
    );
    let back_late = [first, follow_up(9 * 24)];
    assert_eq!(
        first_contact_resolution(&back_late, week),
        Percent::of(1, 2)
    );
}

/// Adds `scores` one at a time, stopping at the first refusal.
fn one_by_one<T: Default>(
    scores: &[u8],
    add: impl Fn(&mut T, u8) -> Result<(), MetricsError>,
) -> Result<T, MetricsError> {
    let mut total = T::default();
    for &score in scores {
        add(&mut total, score)?;
    }
    Ok(total)
}

proptest! {
    /// `tally` reads scores in chunks of 256: across chunk edges, with or without a score
    /// off the scale anywhere, it answers exactly what adding them one by one does.
    #[test]
    fn me1_a_tally_equals_adding_one_score_at_a_time(
        mut scores in prop::collection::vec(0u8..=10, 0..1_200),
        off in prop::option::of((any::<prop::sample::Index>(), 11u8..=255)),
    ) {
        if let (Some((at, score)), false) = (off, scores.is_empty()) {
            let at = at.index(scores.len());
            scores[at] = score;
        }
        let on_five: Vec<u8> = scores.iter().map(|&s| if s <= 10 { s % 5 + 1 } else { s }).collect();
        let on_seven: Vec<u8> = scores.iter().map(|&s| if s <= 10 { s % 7 + 1 } else { s }).collect();
        prop_assert_eq!(Nps::tally(scores.iter().copied()), one_by_one(&scores, Nps::add));
        prop_assert_eq!(Csat::tally(on_five.iter().copied()), one_by_one(&on_five, Csat::add));
        // Unmapped, 0 and 6 to 10 are off the CSAT scale too.
        prop_assert_eq!(Csat::tally(scores.iter().copied()), one_by_one(&scores, Csat::add));
        prop_assert_eq!(Ces1::tally(on_five.iter().copied()), one_by_one(&on_five, Ces1::add));
        prop_assert_eq!(Ces2::tally(on_seven.iter().copied()), one_by_one(&on_seven, Ces2::add));
    }

    #[test]
    fn me1_csat_and_nps_agree_with_plain_counting(scores in prop::collection::vec(0u8..=10, 1..200)) {
        let nps = Nps::tally(scores.iter().copied()).unwrap();
        let promoters = scores.iter().filter(|s| **s >= 9).count() as i128;
        let detractors = scores.iter().filter(|s| **s <= 6).count() as i128;
        let score = nps.score().unwrap();
        // numerator / denominator == (promoters − detractors) / n, cross-multiplied.
        prop_assert_eq!(
            score.numerator() * scores.len() as i128,
            (promoters - detractors) * i128::from(score.denominator())
        );

        let five: Vec<u8> = scores.iter().map(|s| s % 5 + 1).collect();
        let csat = Csat::tally(five.iter().copied()).unwrap();
        let satisfied = five.iter().filter(|s| **s >= 4).count() as u64;
        prop_assert_eq!(csat.percent(), Percent::of(satisfied, five.len() as u64));
    }

    #[test]
    fn me1_percents_order_as_their_values(
        (a, b) in (1u64..1_000_000).prop_flat_map(|b| (0..=b, Just(b))),
        (c, d) in (1u64..1_000_000).prop_flat_map(|d| (0..=d, Just(d))),
    ) {
        let (left, right) = (Percent::of(a, b).unwrap(), Percent::of(c, d).unwrap());
        prop_assert_eq!(left.cmp(&right), (u128::from(a) * u128::from(d)).cmp(&(u128::from(c) * u128::from(b))));
    }
}
