//! The event stream shared by every decider: numbering, idempotent retries, optimistic
//! concurrency, and replay (X2, X4), driven by a small loyalty-card decider.

use customer_care::id::CommandId;
use customer_care::stream::{
    CommandMeta, Decider, Decision, Envelope, EventStream, Outcome, StreamError,
};
use proptest::prelude::*;
use uuid::Uuid;

/// A loyalty card: ten stamps earn a reward; a stamp given by mistake can be voided.
struct Card;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct State {
    stamps: u8,
    rewards: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    Stamp,
    Redeem,
    Void,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
enum Event {
    Stamped,
    Redeemed,
    Voided,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum Refused {
    #[error("the card is full: redeem it first")]
    Full,
    #[error("the card has {0} stamps, ten are needed")]
    NotFull(u8),
    #[error("there is no stamp to void")]
    NothingToVoid,
}

impl Decider for Card {
    type State = State;
    type Command = Command;
    type Event = Event;
    type Error = Refused;
    type Context<'a> = ();

    fn initial() -> State {
        State::default()
    }

    fn decide(state: &State, command: Command, _: &()) -> Result<Event, Refused> {
        match (command, state.stamps) {
            (Command::Stamp, 10) => Err(Refused::Full),
            (Command::Stamp, _) => Ok(Event::Stamped),
            (Command::Redeem, 10) => Ok(Event::Redeemed),
            (Command::Redeem, n) => Err(Refused::NotFull(n)),
            (Command::Void, 0) => Err(Refused::NothingToVoid),
            (Command::Void, _) => Ok(Event::Voided),
        }
    }

    fn evolve(state: State, event: &Event) -> State {
        match event {
            Event::Stamped => State {
                stamps: state.stamps + 1,
                ..state
            },
            Event::Redeemed => State {
                stamps: 0,
                rewards: state.rewards + 1,
            },
            Event::Voided => State {
                stamps: state.stamps - 1,
                ..state
            },
        }
    }

    fn command_of(event: &Event) -> Command {
        match event {
            Event::Stamped => Command::Stamp,
            Event::Redeemed => Command::Redeem,
            Event::Voided => Command::Void,
        }
    }

    fn admit(state: &State, event: &Event) -> Result<(), Refused> {
        Self::decide(state, Self::command_of(event), &()).map(drop)
    }
}

fn command_id(n: u128) -> CommandId {
    CommandId::from_uuid(Uuid::from_u128(n))
}

fn envelope(sequence: u64, id: Option<u128>) -> Envelope<Event> {
    Envelope {
        sequence,
        command_id: id.map(command_id),
        event: Event::Stamped,
    }
}

#[test]
fn x4_events_are_numbered_from_one() {
    let mut stream = EventStream::<Card>::new();
    assert_eq!(stream.version(), 0);
    for expected in 1..=3 {
        let outcome = stream
            .execute_with(Command::Stamp, &(), CommandMeta::NONE)
            .unwrap();
        assert!(outcome.is_new());
        assert_eq!(outcome.envelope().sequence, expected);
    }
    assert_eq!(stream.version(), 3);
    assert_eq!(stream.state().stamps, 3);
}

#[test]
fn x4_a_retried_command_id_records_nothing_new() {
    let mut stream = EventStream::<Card>::new();
    let id = command_id(1);
    let first = stream
        .execute_with(Command::Stamp, &(), CommandMeta::with_id(id))
        .unwrap()
        .envelope()
        .clone();
    stream
        .execute_with(Command::Stamp, &(), CommandMeta::NONE)
        .unwrap();
    // The retry carries the version its sender read, which is stale by now: the
    // recorded event is returned.
    let retry = stream
        .execute_with(
            Command::Stamp,
            &(),
            CommandMeta::with_id(id).and_expecting(0),
        )
        .unwrap();
    assert_eq!(retry, Outcome::Duplicate(&first));
    assert!(!retry.is_new());
    assert_eq!(stream.version(), 2);
}

#[test]
fn x4_a_command_id_reused_for_another_command_is_refused() {
    let mut stream = EventStream::<Card>::new();
    let id = command_id(1);
    stream
        .execute_with(Command::Stamp, &(), CommandMeta::with_id(id))
        .unwrap();
    let before = stream.clone();
    // The rules would accept a void now; under a known id it is still not a retry.
    assert_eq!(
        stream.execute_with(Command::Void, &(), CommandMeta::with_id(id)),
        Err(StreamError::CommandIdReused {
            command_id: id,
            sequence: 1
        })
    );
    assert_eq!(stream, before);
    assert_eq!(
        StreamError::<Refused>::CommandIdReused {
            command_id: id,
            sequence: 1
        }
        .to_string(),
        "command 00000000-0000-0000-0000-000000000001 was recorded at sequence 1 for another command; a retry must repeat the same command"
    );
}

#[test]
fn x4_streams_are_equal_only_with_the_same_state_and_the_same_history() {
    let stamp = |meta| {
        let mut stream = EventStream::<Card>::new();
        stream.execute_with(Command::Stamp, &(), meta).unwrap();
        stream
    };
    let (plain, with_id) = (
        stamp(CommandMeta::NONE),
        stamp(CommandMeta::with_id(command_id(1))),
    );
    assert_eq!(plain.state(), with_id.state());
    assert_ne!(
        plain, with_id,
        "one history carries a command id, the other does not"
    );
    assert_ne!(plain, EventStream::<Card>::new());
    assert_eq!(plain, stamp(CommandMeta::NONE));
    assert!(format!("{plain:?}").starts_with("EventStream { state: "));
}

#[test]
fn x4_command_meta_builds_up_an_id_and_an_expected_version() {
    let id = command_id(3);
    assert_eq!(
        CommandMeta::with_id(id).and_expecting(7),
        CommandMeta {
            command_id: Some(id),
            expected_version: Some(7)
        }
    );
    assert_eq!(
        CommandMeta::expecting(7),
        CommandMeta {
            command_id: None,
            expected_version: Some(7)
        }
    );
}

#[test]
fn x4_a_stale_expected_version_is_refused() {
    let mut stream = EventStream::<Card>::new();
    stream
        .execute_with(Command::Stamp, &(), CommandMeta::expecting(0))
        .unwrap();
    let before = stream.clone();
    assert_eq!(
        stream.execute_with(Command::Stamp, &(), CommandMeta::expecting(0)),
        Err(StreamError::VersionConflict {
            expected: 0,
            actual: 1
        })
    );
    assert_eq!(stream, before);
}

#[test]
fn x2_a_refused_command_leaves_the_stream_as_it_was() {
    let mut stream = EventStream::<Card>::new();
    let before = stream.clone();
    assert_eq!(
        stream.execute_with(Command::Redeem, &(), CommandMeta::with_id(command_id(5))),
        Err(StreamError::Rejected(Refused::NotFull(0)))
    );
    assert_eq!(stream, before);
    // The refused id was not recorded, so sending it again decides again.
    assert!(
        stream
            .execute_with(Command::Stamp, &(), CommandMeta::with_id(command_id(5)))
            .unwrap()
            .is_new()
    );
}

#[test]
fn x4_replay_refuses_a_broken_history() {
    let gap = vec![envelope(1, None), envelope(3, None)];
    assert_eq!(
        EventStream::<Card>::replay(gap),
        Err(StreamError::SequenceGap {
            expected: 2,
            found: 3
        })
    );
    let twice = vec![
        envelope(1, Some(4)),
        envelope(2, None),
        envelope(3, Some(4)),
    ];
    assert_eq!(
        EventStream::<Card>::replay(twice),
        Err(StreamError::DuplicateCommandId {
            command_id: command_id(4),
            first: 1,
            second: 3
        })
    );
}

/// X4: a host that writes to its store first decides without recording, stores the
/// envelope, then appends it; a retry is answered from the history and makes nothing
/// to store.
#[test]
fn x4_decide_makes_the_envelope_to_store_and_append_records_it() {
    let mut stream = EventStream::<Card>::new();
    let id = command_id(7);
    let Decision::New(envelope) = stream
        .decide(
            Command::Stamp,
            &(),
            CommandMeta::with_id(id).and_expecting(0),
        )
        .unwrap()
    else {
        panic!("a first command is recorded");
    };
    assert_eq!((envelope.sequence, envelope.command_id), (1, Some(id)));
    assert_eq!(stream.version(), 0, "deciding records nothing");
    stream.append(envelope.clone()).unwrap();
    assert_eq!((stream.version(), stream.state().stamps), (1, 1));
    assert_eq!(
        stream.decide(Command::Stamp, &(), CommandMeta::with_id(id)),
        Ok(Decision::Duplicate(1))
    );
    assert_eq!(
        stream.decide(Command::Stamp, &(), CommandMeta::expecting(0)),
        Err(StreamError::VersionConflict {
            expected: 0,
            actual: 1
        })
    );
    // X3: append checks what replay checks, and a refused envelope changes nothing.
    let before = stream.clone();
    assert_eq!(
        stream.append(envelope.clone()),
        Err(StreamError::SequenceGap {
            expected: 2,
            found: 1
        })
    );
    let again = Envelope {
        sequence: 2,
        ..envelope
    };
    assert_eq!(
        stream.append(again),
        Err(StreamError::DuplicateCommandId {
            command_id: id,
            first: 1,
            second: 2
        })
    );
    assert_eq!(stream, before);
    let void_then_void = [Event::Voided, Event::Voided].map(|event| Envelope {
        sequence: 2,
        command_id: None,
        event,
    });
    let [first, second] = void_then_void;
    stream.append(first).unwrap();
    let before = stream.clone();
    assert_eq!(
        stream.append(Envelope {
            sequence: 3,
            ..second
        }),
        Err(StreamError::BrokenRule {
            sequence: 3,
            error: Refused::NothingToVoid
        })
    );
    assert_eq!(stream, before);
}

#[cfg(feature = "serde")]
#[test]
fn x3_a_stream_loads_from_json_only_when_its_history_is_whole() {
    let json = r#"[{"schema_version":1,"sequence":1,"command_id":null,"event":{"type":"stamped"}},
                   {"schema_version":1,"sequence":2,"command_id":"00000000-0000-0000-0000-000000000009","event":{"type":"stamped"}}]"#;
    let stream: EventStream<Card> = serde_json::from_str(json).unwrap();
    assert_eq!((stream.version(), stream.state().stamps), (2, 2));
    let broken = json.replace("\"sequence\":2", "\"sequence\":7");
    let error = serde_json::from_str::<EventStream<Card>>(&broken).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("broken history: expected sequence 2, found 7")
    );
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        6 => Just(Command::Stamp),
        1 => Just(Command::Redeem),
        2 => Just(Command::Void),
    ]
}

proptest! {
    /// X2 and X4 over random command sequences with retried ids and stale versions:
    /// each call records at most one event, retries and refusals record nothing, and
    /// folding the recorded events (or loading them back from JSON) gives the live state.
    #[test]
    fn x4_folding_the_emitted_events_gives_the_live_state(
        steps in prop::collection::vec(
            (command(), prop::option::of(0u128..6), prop::option::of(0u64..4), any::<bool>()),
            0..80,
        )
    ) {
        let mut stream = EventStream::<Card>::new();
        for (command, id, lag, send_version) in steps {
            let before = stream.clone();
            let expected = send_version.then(|| before.version().saturating_sub(lag.unwrap_or(0)));
            let meta = CommandMeta { command_id: id.map(command_id), expected_version: expected };
            let recorded = before
                .events()
                .iter()
                .find(|e| e.command_id.is_some() && e.command_id == meta.command_id)
                .cloned();
            let verdict = Card::decide(before.state(), command, &());
            let reused = recorded.as_ref().is_some_and(|e| Card::command_of(&e.event) != command);
            match stream.execute_with(command, &(), meta) {
                Ok(Outcome::Duplicate(envelope)) => {
                    prop_assert!(!reused);
                    prop_assert_eq!(Some(envelope), recorded.as_ref());
                    prop_assert_eq!(&stream, &before);
                }
                Err(StreamError::CommandIdReused { command_id, sequence }) => {
                    prop_assert!(reused);
                    prop_assert_eq!(Some(command_id), meta.command_id);
                    prop_assert_eq!(Some(sequence), recorded.map(|e| e.sequence));
                    prop_assert_eq!(&stream, &before);
                }
                Ok(Outcome::Recorded(envelope)) => {
                    prop_assert!(recorded.is_none());
                    prop_assert_eq!(expected.unwrap_or(before.version()), before.version());
                    prop_assert_eq!(Ok(envelope.event), verdict);
                    prop_assert_eq!(envelope.sequence, before.version() + 1);
                }
                Err(StreamError::VersionConflict { expected: e, actual }) => {
                    prop_assert!(recorded.is_none());
                    prop_assert_eq!((Some(e), actual), (expected, before.version()));
                    prop_assert_ne!(e, actual);
                    prop_assert_eq!(&stream, &before);
                }
                Err(StreamError::Rejected(refused)) => {
                    prop_assert_eq!(Err(refused), verdict);
                    prop_assert_eq!(&stream, &before);
                }
                Err(other) => prop_assert!(false, "unexpected {:?}", other),
            }
        }
        let folded = Card::fold(stream.events().iter().map(|e| &e.event));
        prop_assert_eq!(&folded, stream.state());
        let replayed = EventStream::<Card>::replay(stream.events().to_vec()).unwrap();
        prop_assert_eq!(&replayed, &stream);
        #[cfg(feature = "serde")]
        {
            let json = serde_json::to_string(&stream).unwrap();
            prop_assert_eq!(serde_json::from_str::<EventStream<Card>>(&json).unwrap(), stream);
        }
    }
}
