//! Given / when / then for any decider: the one harness of the tests.
//!
//! ```text
//! given(&context, events)            // a history the decider could have written
//!     .and(commands)                 // then these commands, each accepted
//!     .when(command)                 // the command under test
//!     .then([event])                 // recorded exactly this
//!     .then_error("code")            // or refused with this code
//! ```
//!
//! Every refusal is checked to leave the stream exactly as it was (X2), whichever way
//! the test asks for it.

use customer_care::refusal::Refusal;
use customer_care::stream::{CommandMeta, Decider, Envelope, EventStream, StreamError};
use std::fmt::Debug;

/// A decider's stream and the context its commands are decided under.
pub struct Scenario<'c, D: Decider> {
    context: &'c D::Context<'c>,
    stream: EventStream<D>,
}

/// Given these events, loaded as a stored history would be: each must be one the
/// decider could have emitted where it stands.
pub fn given<'c, D>(
    context: &'c D::Context<'c>,
    events: impl IntoIterator<Item = D::Event>,
) -> Scenario<'c, D>
where
    D: Decider,
    D::State: Clone + PartialEq + Debug,
    D::Event: Clone + PartialEq + Debug,
    D::Error: Refusal + Debug,
{
    let envelopes = events
        .into_iter()
        .enumerate()
        .map(|(i, event)| Envelope {
            sequence: i as u64 + 1,
            command_id: None,
            event,
        })
        .collect();
    let stream = EventStream::replay(envelopes)
        .unwrap_or_else(|error| panic!("the given history does not load: {error}"));
    Scenario { context, stream }
}

/// Runs `command` on `stream`: its event, or its refusal, which must leave the stream as
/// it was (X2).
pub fn decide_on<D>(
    stream: &mut EventStream<D>,
    command: D::Command,
    context: &D::Context<'_>,
) -> Result<D::Event, D::Error>
where
    D: Decider,
    D::State: Clone + PartialEq + Debug,
    D::Event: Clone + PartialEq + Debug,
    D::Error: Debug,
{
    let before = stream.clone();
    match stream.execute_with(command, context, CommandMeta::NONE) {
        Ok(outcome) => Ok(outcome.envelope().event.clone()),
        Err(StreamError::Rejected(error)) => {
            assert!(
                *stream == before,
                "X2: the refusal {error:?} changed the stream"
            );
            Err(error)
        }
        Err(other) => panic!("unexpected stream error: {other:?}"),
    }
}

impl<'c, D> Scenario<'c, D>
where
    D: Decider,
    D::State: Clone + PartialEq + Debug,
    D::Event: Clone + PartialEq + Debug,
    D::Error: Refusal + Debug,
{
    /// And then these commands, each of which must be accepted.
    pub fn and(mut self, commands: impl IntoIterator<Item = D::Command>) -> Self
    where
        D::Command: Debug,
    {
        for command in commands {
            let shown = format!("{command:?}");
            if let Err(error) = self.step(command) {
                panic!("given {shown} was refused: {error}");
            }
        }
        self
    }

    /// One command: its event, or its refusal (which changed nothing).
    pub fn step(&mut self, command: D::Command) -> Result<D::Event, D::Error> {
        decide_on(&mut self.stream, command, self.context)
    }

    /// When this command: what came of it, to check with `then` or `then_error`.
    pub fn when(mut self, command: D::Command) -> Then<'c, D> {
        let result = self.step(command);
        Then {
            scenario: self,
            result,
        }
    }

    /// The stream so far.
    pub fn stream(&self) -> &EventStream<D> {
        &self.stream
    }

    /// The events so far.
    pub fn events(&self) -> &[Envelope<D::Event>] {
        self.stream.events()
    }

    /// The state so far.
    pub fn state(&self) -> &D::State {
        self.stream.state()
    }
}

/// What a command under test came to.
pub struct Then<'c, D: Decider> {
    scenario: Scenario<'c, D>,
    result: Result<D::Event, D::Error>,
}

impl<'c, D> Then<'c, D>
where
    D: Decider,
    D::State: Clone + PartialEq + Debug,
    D::Event: Clone + PartialEq + Debug,
    D::Error: Refusal + Debug,
{
    /// Then the command recorded exactly these events (one command, one event), and
    /// the scenario goes on.
    pub fn then(self, events: impl IntoIterator<Item = D::Event>) -> Scenario<'c, D> {
        let expected: Vec<D::Event> = events.into_iter().collect();
        match self.result {
            Ok(event) => assert_eq!(vec![event], expected),
            Err(error) => panic!("expected {expected:?}, refused: {error}"),
        }
        self.scenario
    }

    /// Then the command was refused with this code, changing nothing, and the scenario
    /// goes on.
    pub fn then_error(self, code: &str) -> Scenario<'c, D> {
        match self.result {
            Ok(event) => panic!("expected a refusal `{code}`, recorded {event:?}"),
            Err(error) => assert_eq!(error.code(), code, "refused, but with {error}"),
        }
        self.scenario
    }

    /// The event or the refusal itself, for a closer look.
    pub fn result(self) -> Result<D::Event, D::Error> {
        self.result
    }
}
