//! Feedback and the improvement cycle, one test per rule (FB1, FB2, FB3, FB5), told
//! in the given / when / then order: given the events so far, when a command, then the
//! event or the refusal.

use chrono::{DateTime, Duration, TimeZone, Utc};
use customer_care::customer::{Customer, CustomerKind};
use customer_care::feedback::improvement::*;
use customer_care::feedback::{
    Channel, Feedback, FeedbackError, FeedbackKind, FeedbackSpec, Rating, Scale, Theme,
};
use customer_care::id::{CustomerId, FeedbackId, ImprovementId, StaffId};
use customer_care::stream::{Decider, EventStream};
use uuid::Uuid;

#[cfg(feature = "serde")]
mod common;

use common::given::{Scenario, given};

fn day(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap() + Duration::days(n)
}

fn customer(n: u128, kind: CustomerKind) -> Customer {
    Customer::identified(kind, CustomerId::from_uuid(Uuid::from_u128(n)))
}

fn link(n: u128, from: Customer) -> Link {
    Link {
        feedback: FeedbackId::from_uuid(Uuid::from_u128(100 + n)),
        from,
    }
}

const MARTA: StaffId = StaffId::from_uuid(Uuid::from_u128(2));

fn proposal(affects_customers: bool, feedback: Vec<Link>) -> ImprovementCommand {
    ImprovementCommand::Propose(Proposal {
        id: ImprovementId::from_uuid(Uuid::from_u128(1)),
        title: "Shorter queues at opening".into(),
        opened_by: MARTA,
        affects_customers,
        feedback,
        at: day(0),
    })
}

fn effect(before: i64, after: i64) -> Effect {
    Effect {
        measure: "minutes queued at 9:00".into(),
        before,
        after,
        better: Better::Lower,
    }
}

/// A new item after these commands, each accepted.
fn after(commands: Vec<ImprovementCommand>) -> Scenario<'static, Improvement> {
    given(&(), []).and(commands)
}

/// Proposed, planned, started and checked with `effect`.
fn to_checking(
    affects_customers: bool,
    feedback: Vec<Link>,
    effect: Effect,
) -> Vec<ImprovementCommand> {
    vec![
        proposal(affects_customers, feedback),
        ImprovementCommand::Plan {
            owner: MARTA,
            action: "open the hall at 8:45".into(),
            at: day(1),
        },
        ImprovementCommand::Start { at: day(2) },
        ImprovementCommand::Check {
            effect,
            at: day(30),
        },
    ]
}

fn spec(from: Customer, text: &str, rating: Option<Rating>) -> FeedbackSpec {
    FeedbackSpec {
        id: FeedbackId::from_uuid(Uuid::from_u128(1)),
        from,
        kind: FeedbackKind::Suggestion,
        channel: Channel::InPerson,
        text: text.into(),
        rating,
        about: None,
        theme: None,
        from_staff: None,
        received_at: day(0),
    }
}

#[test]
fn fb1_feedback_from_anyone_named_or_not_must_say_something() {
    let guard = Customer::anonymous(CustomerKind::Other);
    let words = Feedback::try_from(spec(guard, "open earlier when it rains", None)).unwrap();
    assert_eq!(words.from(), guard);
    assert_eq!(words.text(), "open earlier when it rains");

    let five = Rating::try_new(Rating::FIVE_POINT, 5).unwrap();
    let prospect = customer(3, CustomerKind::Prospect);
    let only_a_score = Feedback::try_from(spec(prospect, "  ", Some(five))).unwrap();
    assert_eq!(only_a_score.rating(), Some(five));

    assert_eq!(
        Feedback::try_from(spec(guard, " \n", None)),
        Err(FeedbackError::SaysNothing)
    );
}

#[test]
fn fb1_a_rating_lies_on_its_scale_and_delight_is_its_top() {
    assert_eq!(
        Rating::try_new(Rating::ZERO_TO_TEN, 11),
        Err(FeedbackError::RatingOutOfScale {
            score: 11,
            scale: Rating::ZERO_TO_TEN
        })
    );
    assert_eq!(
        Rating::try_new(Rating::FIVE_POINT, 0),
        Err(FeedbackError::RatingOutOfScale {
            score: 0,
            scale: Rating::FIVE_POINT
        })
    );
    assert_eq!(
        Rating::try_new(Scale { low: 3, high: 3 }, 3),
        Err(FeedbackError::EmptyScale { low: 3, high: 3 })
    );
    let delighted = |scale, score| Rating::try_new(scale, score).unwrap().is_delighted();
    assert!(delighted(Rating::FIVE_POINT, 5));
    assert!(!delighted(Rating::FIVE_POINT, 4));
    assert!(delighted(Rating::ZERO_TO_TEN, 9));
    assert!(!delighted(Rating::ZERO_TO_TEN, 8));
    assert_eq!(
        Rating::try_new(Rating::FIVE_POINT, 6)
            .unwrap_err()
            .to_string(),
        "a score of 6 is outside the scale 1–5"
    );
}

#[test]
fn fb4_a_theme_is_trimmed_and_never_blank() {
    let theme = Theme::try_new("  billing ").unwrap();
    assert_eq!(
        (theme.as_str(), theme.to_string()),
        ("billing", "billing".into())
    );
    assert_eq!(Theme::try_new(" \t"), Err(FeedbackError::BlankTheme));
}

#[cfg(feature = "serde")]
#[test]
fn fb4_a_theme_is_a_string_in_json_checked_on_load() {
    let theme = Theme::try_new("delivery").unwrap();
    assert_eq!(serde_json::to_value(&theme).unwrap(), "delivery");
    assert_eq!(
        serde_json::from_str::<Theme>(r#"" delivery ""#).unwrap(),
        theme
    );
    assert!(serde_json::from_str::<Theme>(r#""  ""#).is_err());
}

#[cfg(feature = "serde")]
#[test]
fn fb1_loading_feedback_checks_it() {
    let json = r#"{"id":"00000000-0000-0000-0000-000000000001",
        "from":{"kind":"other","id":null},"kind":"praise","channel":"phone",
        "text":"","rating":{"score":6,"scale":{"low":1,"high":5}},
        "about":null,"theme":null,"from_staff":null,"received_at":"2026-11-02T09:00:00Z"}"#;
    let error = serde_json::from_str::<Feedback>(json).unwrap_err();
    assert!(error.to_string().contains("outside the scale"), "{error}");
    let fine = json.replace(r#""score":6"#, r#""score":5"#);
    let feedback: Feedback = serde_json::from_str(&fine).unwrap();
    assert_eq!(feedback.kind(), FeedbackKind::Praise);
    assert_eq!(
        serde_json::to_value(&feedback).unwrap(),
        serde_json::from_str::<serde_json::Value>(&fine).unwrap()
    );
}

#[test]
fn fb2_an_item_runs_plan_do_check_act_and_starts_again_after_dropping() {
    let lucia = customer(7, CustomerKind::External);
    let mut item = after(to_checking(false, vec![link(1, lucia)], effect(12, 12)));
    assert_eq!(
        item.step(ImprovementCommand::Drop {
            reason: " ".into(),
            at: day(31)
        }),
        Err(ImprovementError::Blank { field: "reason" })
    );
    item.step(ImprovementCommand::Drop {
        reason: "the queue did not shorten".into(),
        at: day(31),
    })
    .unwrap();
    assert_eq!(item.state().status(), ImprovementStatus::Dropped);

    item.step(ImprovementCommand::NewCycle { at: day(32) })
        .unwrap();
    let item = item.state().item().unwrap();
    assert_eq!(item.cycle(), 2);
    assert_eq!(
        item.feedback(),
        [link(1, lucia)],
        "the feedback stays linked"
    );
}

#[test]
fn fb2_each_piece_of_feedback_is_linked_once() {
    let lucia = customer(7, CustomerKind::External);
    let twice = proposal(false, vec![link(1, lucia), link(1, lucia)]);
    assert_eq!(
        Improvement::decide(&ImprovementState::NotProposed, twice, &()),
        Err(ImprovementError::AlreadyLinked {
            feedback: link(1, lucia).feedback
        })
    );
    let mut item = after(vec![proposal(false, vec![link(1, lucia)])]);
    let again = ImprovementCommand::LinkFeedback {
        link: link(1, lucia),
        at: day(1),
    };
    assert_eq!(
        item.step(again),
        Err(ImprovementError::AlreadyLinked {
            feedback: link(1, lucia).feedback
        })
    );
    let guard = Customer::anonymous(CustomerKind::Other);
    let new = ImprovementCommand::LinkFeedback {
        link: link(2, guard),
        at: day(1),
    };
    assert!(item.step(new).is_ok());
}

#[test]
fn fb2_only_a_measured_improvement_is_adopted() {
    let mut worse = after(to_checking(false, vec![], effect(12, 15)));
    assert_eq!(
        worse.step(ImprovementCommand::Adopt { at: day(31) }),
        Err(ImprovementError::NoImprovement {
            measure: "minutes queued at 9:00".into(),
            before: 12,
            after: 15
        })
    );
    let mut same = after(to_checking(false, vec![], effect(12, 12)));
    assert!(
        same.step(ImprovementCommand::Adopt { at: day(31) })
            .is_err()
    );
    let higher = Effect {
        measure: "CSAT %".into(),
        before: 70,
        after: 78,
        better: Better::Higher,
    };
    let mut better = after(to_checking(false, vec![], higher));
    assert!(
        better
            .step(ImprovementCommand::Adopt { at: day(31) })
            .is_ok()
    );
}

#[test]
fn fb2_nothing_is_dated_before_the_latest_event_and_steps_keep_their_order() {
    let mut item = after(vec![proposal(false, vec![])]);
    assert_eq!(
        item.step(ImprovementCommand::Start { at: day(1) }),
        Err(ImprovementError::NotAllowed {
            state: ImprovementStatus::Proposed,
            command: ImprovementCommandKind::Start
        })
    );
    let early = ImprovementCommand::Plan {
        owner: MARTA,
        action: "open at 8:45".into(),
        at: day(-1),
    };
    assert_eq!(
        item.step(early),
        Err(ImprovementError::BeforeLatest {
            at: day(-1),
            latest: day(0)
        })
    );
}

#[test]
fn fb3_an_adoption_owes_a_notice_to_every_identifiable_submitter_until_sent() {
    let (lucia, pedro) = (
        customer(7, CustomerKind::External),
        customer(8, CustomerKind::Internal),
    );
    let anonymous = Customer::anonymous(CustomerKind::Other);
    let feedback = vec![link(1, lucia), link(2, anonymous), link(3, pedro)];
    let mut commands = to_checking(false, feedback, effect(12, 1));
    commands.push(ImprovementCommand::Adopt { at: day(31) });
    let mut item = after(commands);

    let owed = |item: &EventStream<Improvement>| -> Vec<CustomerId> {
        notices_owed([item.state()]).map(|n| n.to).collect()
    };
    let mut expected = vec![lucia.id.unwrap(), pedro.id.unwrap()];
    expected.sort();
    assert_eq!(
        owed(item.stream()),
        expected,
        "the anonymous guard cannot be told"
    );

    let stranger = CustomerId::from_uuid(Uuid::from_u128(99));
    let to_stranger = ImprovementCommand::SendNotice {
        to: stranger,
        at: day(32),
    };
    assert_eq!(
        item.step(to_stranger),
        Err(ImprovementError::NoticeNotOwed { to: stranger })
    );
    assert_eq!(
        item.step(ImprovementCommand::NewCycle { at: day(32) }),
        Err(ImprovementError::NoticesOwed { count: 2 })
    );
    let to_lucia = ImprovementCommand::SendNotice {
        to: lucia.id.unwrap(),
        at: day(32),
    };
    item.step(to_lucia.clone()).unwrap();
    assert_eq!(owed(item.stream()), [pedro.id.unwrap()]);
    assert_eq!(
        item.step(to_lucia),
        Err(ImprovementError::NoticeNotOwed {
            to: lucia.id.unwrap()
        }),
        "a notice is sent once"
    );
    let to_pedro = ImprovementCommand::SendNotice {
        to: pedro.id.unwrap(),
        at: day(33),
    };
    item.step(to_pedro).unwrap();
    assert_eq!(owed(item.stream()), []);
    assert!(
        item.step(ImprovementCommand::NewCycle { at: day(34) })
            .is_ok()
    );
}

#[test]
fn fb3_the_owed_notices_are_listed_across_items() {
    let lucia = customer(7, CustomerKind::External);
    let mut commands = to_checking(false, vec![link(1, lucia)], effect(12, 1));
    commands.push(ImprovementCommand::Adopt { at: day(31) });
    let adopted = after(commands);
    let open = after(vec![proposal(false, vec![link(2, lucia)])]);
    let all: Vec<OwedNotice> = notices_owed([
        open.state(),
        adopted.state(),
        &ImprovementState::NotProposed,
    ])
    .collect();
    assert_eq!(
        all,
        [OwedNotice {
            improvement: ImprovementId::from_uuid(Uuid::from_u128(1)),
            to: lucia.id.unwrap()
        }]
    );
}

#[test]
fn fb5_a_change_affecting_customers_needs_their_voice_before_adoption() {
    let staff_only = vec![
        link(1, customer(8, CustomerKind::Internal)),
        link(2, Customer::anonymous(CustomerKind::Other)),
    ];
    let mut item = after(to_checking(true, staff_only.clone(), effect(12, 1)));
    assert_eq!(
        item.step(ImprovementCommand::Adopt { at: day(31) }),
        Err(ImprovementError::NotConsulted)
    );
    let asked = ImprovementCommand::Consult {
        summary: "20 customers asked at the door; 17 prefer 8:45".into(),
        at: day(31),
    };
    item.step(asked).unwrap();
    let recorded = item.state().item().unwrap();
    assert!(recorded.affects_customers());
    assert_eq!(
        recorded
            .consultations()
            .iter()
            .map(|c| (c.summary.as_str(), c.at))
            .collect::<Vec<_>>(),
        [("20 customers asked at the door; 17 prefer 8:45", day(31))]
    );
    assert!(item.step(ImprovementCommand::Adopt { at: day(31) }).is_ok());

    // A customer's own feedback is their voice too, even anonymous.
    let mut heard = staff_only;
    heard.push(link(3, Customer::anonymous(CustomerKind::Former)));
    let mut item = after(to_checking(true, heard, effect(12, 1)));
    assert!(item.step(ImprovementCommand::Adopt { at: day(31) }).is_ok());

    // A change that does not affect customers needs no consultation.
    let mut internal = after(to_checking(false, vec![], effect(12, 1)));
    assert!(
        internal
            .step(ImprovementCommand::Adopt { at: day(31) })
            .is_ok()
    );
}

#[cfg(feature = "serde")]
#[test]
fn fb2_commands_and_events_have_the_documented_json_shape() {
    use serde_json::json;
    let plan = ImprovementCommand::Plan {
        owner: MARTA,
        action: "open at 8:45".into(),
        at: day(1),
    };
    let plan_json = json!({"type": "plan", "owner": MARTA.to_string(),
        "action": "open at 8:45", "at": "2026-11-03T09:00:00Z"});
    assert_eq!(serde_json::to_value(&plan).unwrap(), plan_json);
    assert_eq!(
        serde_json::from_value::<ImprovementCommand>(plan_json).unwrap(),
        plan
    );
    let lucia = customer(7, CustomerKind::External);
    let adopted = ImprovementEvent::Adopted {
        at: day(2),
        owed: vec![lucia.id.unwrap()],
    };
    assert_eq!(
        serde_json::to_value(&adopted).unwrap(),
        json!({"type": "adopted", "at": "2026-11-04T09:00:00Z",
            "owed": [lucia.id.unwrap().to_string()]})
    );
    let check = ImprovementCommand::Check {
        effect: effect(12, 1),
        at: day(3),
    };
    assert_eq!(
        serde_json::to_value(&check).unwrap()["effect"],
        json!({"measure": "minutes queued at 9:00", "before": 12, "after": 1, "better": "lower"})
    );
    assert_eq!(
        serde_json::to_value(link(1, lucia)).unwrap(),
        json!({"feedback": link(1, lucia).feedback.to_string(),
            "from": {"kind": "external", "id": lucia.id.unwrap().to_string()}})
    );
}

#[cfg(feature = "serde")]
#[test]
fn x3_one_event_and_one_command_of_every_kind_match_the_snapshots() {
    let lucia = customer(7, CustomerKind::External);
    let adopted = vec![
        proposal(true, vec![link(1, lucia)]),
        ImprovementCommand::LinkFeedback {
            link: link(2, Customer::anonymous(CustomerKind::Prospect)),
            at: day(1),
        },
        ImprovementCommand::Consult {
            summary: "20 customers asked at the door; 17 prefer 8:45".into(),
            at: day(1),
        },
        ImprovementCommand::Plan {
            owner: MARTA,
            action: "open the hall at 8:45".into(),
            at: day(2),
        },
        ImprovementCommand::Start { at: day(3) },
        ImprovementCommand::Check {
            effect: effect(12, 1),
            at: day(30),
        },
        ImprovementCommand::Adopt { at: day(31) },
        ImprovementCommand::SendNotice {
            to: lucia.id.unwrap(),
            at: day(32),
        },
        ImprovementCommand::NewCycle { at: day(33) },
    ];
    let dropped = vec![
        proposal(false, vec![]),
        ImprovementCommand::Drop {
            reason: "the hall cannot open earlier".into(),
            at: day(1),
        },
    ];
    let mut events = Vec::new();
    for story in [&adopted, &dropped] {
        events.extend(
            after(story.clone())
                .stream()
                .events()
                .iter()
                .map(|e| e.event.clone()),
        );
    }
    let events = common::one_of_each_type(&events);
    assert_eq!(events.len(), 10, "one event of each kind: {events:#?}");
    common::snapshot("tests/snapshots/improvement_events.json", &events);
    let commands = common::one_of_each_type(&[adopted, dropped].concat());
    assert_eq!(
        commands.len(),
        10,
        "one command of each kind: {commands:#?}"
    );
    common::snapshot("tests/snapshots/improvement_commands.json", &commands);
}

#[test]
fn fb1_kinds_and_channels_print_as_words() {
    use customer_care::feedback::{Channel, FeedbackKind};
    let kinds = [
        FeedbackKind::Complaint,
        FeedbackKind::Suggestion,
        FeedbackKind::Praise,
        FeedbackKind::Comment,
        FeedbackKind::Question,
    ]
    .map(|kind| kind.to_string());
    assert_eq!(
        kinds,
        ["complaint", "suggestion", "praise", "comment", "question"]
    );
    let channels = [
        Channel::InPerson,
        Channel::Phone,
        Channel::Written,
        Channel::Chat,
        Channel::Web,
        Channel::Social,
        Channel::Survey,
        Channel::SuggestionBox,
    ]
    .map(|channel| channel.to_string());
    assert_eq!(
        channels,
        [
            "in person",
            "by phone",
            "in writing",
            "by chat",
            "on the web",
            "on social media",
            "in a survey",
            "through the suggestion box",
        ]
    );
}
