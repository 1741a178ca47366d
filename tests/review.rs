//! The weekly review (FB4) and recognition candidates (ST3): one hand-computed week,
//! the printed agenda, and the property that the order of the records never changes
//! the agenda.

use chrono::{DateTime, Duration, TimeZone, Utc};
use customer_care::customer::{Customer, CustomerKind};
use customer_care::feedback::improvement::*;
use customer_care::feedback::review::*;
use customer_care::feedback::{Channel, Feedback, FeedbackKind, FeedbackSpec, Rating, Theme};
use customer_care::id::{ComplaintId, FeedbackId, ImprovementId, StaffId};
use customer_care::metrics::Percent;
use customer_care::promise::{
    Lifecycle, PromiseCommand, PromisePolicy, PromiseState, PromiseTerms,
};
use customer_care::staff::{Directory, Position, StaffMember};
use customer_care::stream::{CommandMeta, EventStream};
use proptest::prelude::*;
use uuid::Uuid;

/// Monday 2 November 2026, 00:00 UTC, plus `hours`.
fn t(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap() + Duration::hours(hours)
}

fn staff(n: u128) -> StaffId {
    StaffId::from_uuid(Uuid::from_u128(n))
}

fn theme(name: &str) -> Theme {
    Theme::try_new(name).unwrap()
}

fn week() -> Period {
    Period::week_from(t(0)).unwrap()
}

fn feedback(
    n: u128,
    kind: FeedbackKind,
    about: Option<StaffId>,
    rating: Option<u8>,
    topic: Option<&str>,
    at: i64,
) -> Feedback {
    Feedback::try_from(FeedbackSpec {
        id: FeedbackId::from_uuid(Uuid::from_u128(n)),
        from: Customer::anonymous(CustomerKind::External),
        kind,
        channel: Channel::Web,
        text: "words".into(),
        rating: rating.map(|score| Rating::try_new(Rating::FIVE_POINT, score).unwrap()),
        about,
        theme: topic.map(theme),
        from_staff: None,
        received_at: t(at),
    })
    .unwrap()
}

fn case(
    n: u128,
    topic: &str,
    at: i64,
    resolved: Option<(u128, i64)>,
    breached: Option<i64>,
) -> CaseRecord {
    CaseRecord {
        id: ComplaintId::from_uuid(Uuid::from_u128(n)),
        theme: theme(topic),
        received_at: t(at),
        resolved: resolved.map(|(by, at)| Resolved {
            by: staff(by),
            at: t(at),
        }),
        breached_at: breached.map(t),
    }
}

/// A promise by `by`, due at hour `due`, delivered at `delivered` (or marked broken the
/// hour after it is due).
fn promise(by: u128, what: &str, due: i64, delivered: Option<i64>) -> PromiseState {
    let policy = PromisePolicy::new(0);
    let mut stream = EventStream::<Lifecycle>::new();
    let terms = PromiseTerms {
        made_by: staff(by),
        to: Customer::anonymous(CustomerKind::External),
        what: what.into(),
        made_at: t(-200),
        estimate: t(due),
        due: t(due),
    };
    stream
        .execute_with(PromiseCommand::Make(terms), &policy, CommandMeta::NONE)
        .unwrap();
    let settle = match delivered {
        Some(at) => PromiseCommand::Deliver { at: t(at) },
        None => PromiseCommand::MarkBroken { at: t(due + 1) },
    };
    stream
        .execute_with(settle, &policy, CommandMeta::NONE)
        .unwrap();
    stream.state().clone()
}

fn improvement(n: u128, title: &str, steps: usize) -> ImprovementState {
    let commands = [
        ImprovementCommand::Propose(Proposal {
            id: ImprovementId::from_uuid(Uuid::from_u128(n)),
            title: title.into(),
            opened_by: staff(1),
            affects_customers: false,
            feedback: vec![],
            at: t(0),
        }),
        ImprovementCommand::Plan {
            owner: staff(1),
            action: "act".into(),
            at: t(1),
        },
        ImprovementCommand::Drop {
            reason: "no".into(),
            at: t(2),
        },
    ];
    let mut stream = EventStream::<Improvement>::new();
    for command in commands.into_iter().take(steps) {
        stream
            .execute_with(command, &(), CommandMeta::NONE)
            .unwrap();
    }
    stream.state().clone()
}

#[derive(Clone)]
struct Week {
    feedback: Vec<Feedback>,
    cases: Vec<CaseRecord>,
    promises: Vec<PromiseState>,
    improvements: Vec<ImprovementState>,
}

/// Ana (2) is praised twice, once with a 5; Luis (3) gets a 4 and keeps a promise early;
/// Ana keeps one and breaks one; billing has three complaints this week (two cases, one
/// by feedback) and one breach, delivery one; last week's billing case was resolved by
/// Luis, this week's by Ana (twice) and Sofía (4).
fn the_week() -> Week {
    Week {
        feedback: vec![
            feedback(1, FeedbackKind::Praise, Some(staff(2)), Some(5), None, 10),
            feedback(2, FeedbackKind::Praise, Some(staff(2)), None, None, 20),
            feedback(3, FeedbackKind::Comment, Some(staff(3)), Some(4), None, 30),
            feedback(
                4,
                FeedbackKind::Complaint,
                None,
                Some(1),
                Some("billing"),
                40,
            ),
            feedback(5, FeedbackKind::Praise, Some(staff(3)), None, None, -5), // last week
            feedback(6, FeedbackKind::Complaint, None, None, None, 50),        // not sorted
        ],
        cases: vec![
            case(10, "billing", 12, Some((2, 30)), Some(20)),
            case(11, "billing", 40, Some((2, 60)), None),
            case(12, "delivery", 50, Some((4, 70)), None),
            case(13, "billing", -50, Some((3, -40)), Some(-45)), // last week
            case(14, "billing", 100, Some((4, 110)), None),
        ],
        promises: vec![
            promise(3, "a call back", 40, Some(30)),
            promise(2, "a refund", 50, Some(50)),
            promise(2, "a new kettle", 60, None),
            promise(2, "a voucher", -30, Some(-31)), // last week
        ],
        improvements: vec![
            improvement(21, "Shorter queues", 2),
            improvement(20, "Clearer bills", 1),
            improvement(22, "Weekend phone line", 3),
        ],
    }
}

fn review(week: &Week) -> Agenda {
    weekly_review(
        self::week(),
        &week.feedback,
        &week.cases,
        &week.promises,
        &week.improvements,
    )
}

#[test]
fn fb4_the_agenda_says_what_works_what_must_work_better_whom_to_ask_and_what_is_open() {
    let agenda = review(&the_week());
    assert_eq!(
        (agenda.praise, agenda.delighted, agenda.promises_kept),
        (2, 1, 2)
    );
    assert_eq!(
        agenda.themes,
        [
            ThemeLine {
                theme: theme("billing"),
                complaints: 4,
                breaches: 1
            },
            ThemeLine {
                theme: theme("delivery"),
                complaints: 1,
                breaches: 0
            },
        ]
    );
    assert_eq!(
        agenda.breaches,
        [ComplaintId::from_uuid(Uuid::from_u128(10))]
    );
    assert_eq!(agenda.broken_promises.len(), 1);
    assert_eq!(agenda.broken_promises[0].what, "a new kettle");
    assert_eq!(agenda.broken_promises[0].made_by, staff(2));
    // A promise found broken last week was last week's business.
    let mut with_last_week = the_week();
    with_last_week
        .promises
        .push(promise(3, "a repair", -40, None));
    assert_eq!(
        review(&with_last_week).broken_promises,
        agenda.broken_promises
    );
    assert_eq!(
        agenda.ask,
        [
            Experts {
                theme: theme("billing"),
                people: vec![(staff(2), 2), (staff(3), 1), (staff(4), 1)]
            },
            Experts {
                theme: theme("delivery"),
                people: vec![(staff(4), 1)]
            },
        ]
    );
    // Against last week: its one case was breached, its one promise kept early; this
    // week 3 of 4 cases kept their service level and 2 of 3 promises were kept. Last
    // week had no ratings, so CSAT has nothing to compare with.
    let pct = |p, q| Percent::of(p, q).unwrap();
    assert_eq!(
        agenda.improving,
        [Trend {
            measure: Measure::ServiceLevel,
            before: pct(0, 1),
            now: pct(3, 4)
        }]
    );
    assert_eq!(
        agenda.worsening,
        [Trend {
            measure: Measure::PromiseKeeping,
            before: pct(1, 1),
            now: pct(2, 3)
        }]
    );
    let open: Vec<(u128, ImprovementStatus)> = agenda
        .open_improvements
        .iter()
        .map(|item| (item.id.as_uuid().as_u128(), item.status))
        .collect();
    assert_eq!(
        open,
        [
            (20, ImprovementStatus::Proposed),
            (21, ImprovementStatus::Planned)
        ]
    );
}

#[test]
fn st3_praise_delighted_ratings_and_promises_kept_are_attributed_to_the_person() {
    let agenda = review(&the_week());
    assert_eq!(
        agenda.recognition,
        [
            Recognition {
                staff: staff(2),
                praise: 2,
                delighted: 1,
                promises_kept: 1
            },
            // Luis's 4 is not delighted, and his praise was last week.
            Recognition {
                staff: staff(3),
                praise: 0,
                delighted: 0,
                promises_kept: 1
            },
        ]
    );
}

#[test]
fn fb4_the_agenda_says_nothing_must_work_better_only_when_nothing_was_reported() {
    let mut quiet = the_week();
    quiet.feedback.clear();
    quiet.cases.clear();
    quiet.promises.clear();
    assert!(review(&quiet).to_string().contains("nothing reported"));
    quiet.promises.push(promise(2, "a new kettle", 60, None));
    let printed = review(&quiet).to_string();
    assert!(printed.contains("broken promise"), "{printed}");
    assert!(!printed.contains("nothing reported"), "{printed}");
}

#[test]
fn fb4_the_printed_agenda_reads_as_a_meeting_plan() {
    let directory = Directory::try_new([
        StaffMember::new(staff(1), "Olga", Position::Owner),
        StaffMember::new(
            staff(2),
            "Ana",
            Position::Frontline {
                reports_to: staff(1),
            },
        ),
        StaffMember::new(
            staff(3),
            "Luis",
            Position::Frontline {
                reports_to: staff(1),
            },
        ),
        StaffMember::new(
            staff(4),
            "Sofía",
            Position::Frontline {
                reports_to: staff(1),
            },
        ),
    ])
    .unwrap();
    let agenda = review(&the_week());
    let printed = agenda.named(&directory).to_string();
    let breach = ComplaintId::from_uuid(Uuid::from_u128(10));
    assert_eq!(
        printed,
        format!(
            "Weekly review, 2026-11-02 00:00 to 2026-11-09 00:00

What works
  - 2 praise, 1 delighted ratings, 2 promises kept
  - improving: cases within their service level 0.0% -> 75.0%
  - Recognise Ana: 2 praise, 1 delighted, 1 promises kept
  - Recognise Luis: 0 praise, 0 delighted, 1 promises kept

What must work better
  - worsening: promise keeping 100.0% -> 66.7%
  - billing: 4 complaints, 1 service-level breaches
  - delivery: 1 complaints, 0 service-level breaches
  - breached: case {breach}
  - broken promise by Ana: a new kettle (noted 2026-11-04 13:00)

Whom to ask
  - billing: Ana (2 resolved), Luis (1 resolved), Sofía (1 resolved)
  - delivery: Sofía (1 resolved)

Open improvements
  - [proposed] Clearer bills (cycle 1)
  - [planned] Shorter queues (cycle 1)
"
        )
    );
    assert!(
        agenda.to_string().contains(&staff(2).to_string()),
        "ids without a directory"
    );
}

#[test]
fn fb4_ratings_are_compared_with_the_week_before_on_their_own_scales() {
    let rated = |n, scale, score, at| {
        Feedback::try_from(FeedbackSpec {
            id: FeedbackId::from_uuid(Uuid::from_u128(n)),
            from: Customer::anonymous(CustomerKind::External),
            kind: FeedbackKind::Comment,
            channel: Channel::Survey,
            text: String::new(),
            rating: Some(Rating::try_new(scale, score).unwrap()),
            about: None,
            theme: None,
            from_staff: None,
            received_at: t(at),
        })
        .unwrap()
    };
    let five = Rating::FIVE_POINT;
    let ten = Rating::ZERO_TO_TEN;
    let feedback = [
        // Last week (hours -168 to 0): CSAT 1 of 2, NPS 100 × 1 / 1.
        rated(1, five, 5, -100),
        rated(2, five, 2, -168),
        rated(3, ten, 10, -1),
        // This week: CSAT 2 of 3, NPS 100 × (1 − 1) / 2. Hour 168 is next week's.
        rated(4, five, 5, 0),
        rated(5, five, 4, 50),
        rated(6, five, 3, 100),
        rated(7, ten, 10, 10),
        rated(8, ten, 0, 20),
        rated(9, five, 1, 168),
    ];
    let agenda = weekly_review(week(), &feedback, &[], &[], &[]);
    let pct = |p, q| Percent::of(p, q).unwrap();
    assert_eq!(
        agenda.improving,
        [Trend {
            measure: Measure::Csat,
            before: pct(1, 2),
            now: pct(2, 3)
        }]
    );
    assert_eq!(
        agenda.worsening,
        [Trend {
            measure: Measure::Nps,
            before: pct(1, 1),
            now: Percent::ZERO
        }]
    );
}

#[test]
fn fb4_a_period_must_end_after_it_starts() {
    assert_eq!(
        Period::try_new(t(5), t(5)),
        Err(ReviewError::EmptyPeriod {
            start: t(5),
            end: t(5)
        })
    );
    let week = week();
    assert!(week.contains(t(0)) && week.contains(t(167)) && !week.contains(t(168)));
}

const KINDS: [FeedbackKind; 5] = [
    FeedbackKind::Complaint,
    FeedbackKind::Suggestion,
    FeedbackKind::Praise,
    FeedbackKind::Comment,
    FeedbackKind::Question,
];
const THEMES: [&str; 3] = ["billing", "delivery", "staff"];

/// Random weeks, ids and people drawn from small sets so that ties and repeats are
/// common; times from the week before to the week after.
fn any_week() -> impl Strategy<Value = Week> {
    let hour = || -100i64..270;
    let feedback = prop::collection::vec((0..5usize, 0..4u128, 0..6u8, 0..4usize, hour()), 0..20)
        .prop_map(|items| {
            items
                .into_iter()
                .enumerate()
                .map(|(n, (kind, about, rating, topic, at))| {
                    let about = (about > 0).then(|| staff(about));
                    let rating = (rating > 0).then_some(rating);
                    let topic = topic.checked_sub(1).map(|i| THEMES[i]);
                    feedback(n as u128, KINDS[kind], about, rating, topic, at)
                })
                .collect()
        });
    let cases = prop::collection::vec(
        (
            0..8u128,
            0..3usize,
            hour(),
            prop::option::of((1..5u128, 0..50i64)),
            prop::option::of(0..50i64),
        ),
        0..20,
    )
    .prop_map(|items| {
        items
            .into_iter()
            .map(|(id, topic, at, resolved, breached)| {
                let resolved = resolved.map(|(by, after)| (by, at + after));
                case(
                    id,
                    THEMES[topic],
                    at,
                    resolved,
                    breached.map(|after| at + after),
                )
            })
            .collect()
    });
    let promises = prop::collection::vec(
        (1..4u128, 0..3usize, hour(), prop::option::of(-20..20i64)),
        0..10,
    )
    .prop_map(|items| {
        items
            .into_iter()
            .map(|(by, what, due, delivered)| {
                let what = ["a call back", "a refund", "a visit"][what];
                promise(by, what, due, delivered.map(|late| due + late))
            })
            .collect()
    });
    let improvements = prop::collection::vec((0..4u128, 1..4usize), 0..6).prop_map(|items| {
        items
            .into_iter()
            .map(|(id, steps)| improvement(id, "an item", steps))
            .collect()
    });
    (feedback, cases, promises, improvements).prop_map(
        |(feedback, cases, promises, improvements)| Week {
            feedback,
            cases,
            promises,
            improvements,
        },
    )
}

/// A week and the same records in other orders.
fn week_and_shuffle() -> impl Strategy<Value = (Week, Week)> {
    any_week().prop_flat_map(|week| {
        let shuffled = (
            Just(week.feedback.clone()).prop_shuffle(),
            Just(week.cases.clone()).prop_shuffle(),
            Just(week.promises.clone()).prop_shuffle(),
            Just(week.improvements.clone()).prop_shuffle(),
        )
            .prop_map(|(feedback, cases, promises, improvements)| Week {
                feedback,
                cases,
                promises,
                improvements,
            });
        (Just(week), shuffled)
    })
}

impl core::fmt::Debug for Week {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{} feedback, {} cases, {} promises, {} improvements",
            self.feedback.len(),
            self.cases.len(),
            self.promises.len(),
            self.improvements.len()
        )
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// FB4: the agenda is a function of the records, not of their order.
    #[test]
    fn fb4_shuffling_the_records_gives_the_same_agenda((week, shuffled) in week_and_shuffle()) {
        let agenda = review(&week);
        prop_assert_eq!(review(&shuffled), agenda.clone());
        prop_assert_eq!(review(&shuffled).to_string(), agenda.to_string());
    }
}
