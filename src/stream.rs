//! The decider pattern and the event stream every state machine in the crate shares.
//!
//! A [`Decider`] is a state machine split in two pure functions:
//!
//! - [`Decider::decide`] checks a command against the state and the rules and returns
//!   exactly one event, or a typed error that names the rule that refused ([X2]);
//! - [`Decider::evolve`] folds an event into the state. It never fails and never runs a
//!   rule, so replaying stored events always rebuilds the same state ([X4]).
//!
//! An [`EventStream`] wraps one decider instance for a host that stores events: it numbers
//! events from 1, recognises a retried command by its [`CommandId`] and answers with the
//! event already recorded instead of recording a second one, and refuses a writer whose
//! expected version is stale ([X4]). A refused command leaves the stream exactly as it
//! was ([X2]).
//!
//! ```
//! use customer_care::id::CommandId;
//! use customer_care::stream::{CommandMeta, Decider, EventStream, StreamError};
//! use uuid::Uuid;
//!
//! /// A customer's request for a call back: it is requested once, then made once.
//! struct Callback;
//!
//! #[derive(Debug, Clone, PartialEq)]
//! enum State { None, Requested, Made }
//! #[derive(Debug, Clone, PartialEq)]
//! enum Command { Request, Call }
//! #[derive(Debug, Clone, PartialEq)]
//! enum Event { Requested, Made }
//! #[derive(Debug, PartialEq, thiserror::Error)]
//! #[error("{command:?} is not allowed while {state:?}")]
//! struct NotAllowed { state: State, command: Command }
//!
//! impl Decider for Callback {
//!     type State = State;
//!     type Command = Command;
//!     type Event = Event;
//!     type Error = NotAllowed;
//!     type Context<'a> = ();
//!
//!     fn initial() -> State { State::None }
//!
//!     fn decide(state: &State, command: Command, _: &()) -> Result<Event, NotAllowed> {
//!         match (state, command) {
//!             (State::None, Command::Request) => Ok(Event::Requested),
//!             (State::Requested, Command::Call) => Ok(Event::Made),
//!             (state, command) => Err(NotAllowed { state: state.clone(), command }),
//!         }
//!     }
//!
//!     fn evolve(_: State, event: &Event) -> State {
//!         match event {
//!             Event::Requested => State::Requested,
//!             Event::Made => State::Made,
//!         }
//!     }
//!
//!     fn command_of(event: &Event) -> Command {
//!         match event {
//!             Event::Requested => Command::Request,
//!             Event::Made => Command::Call,
//!         }
//!     }
//!
//!     // Its only rule needs no context: the event must fit the state.
//!     fn admit(state: &State, event: &Event) -> Result<(), NotAllowed> {
//!         Self::decide(state, Self::command_of(event), &()).map(drop)
//!     }
//! }
//!
//! let mut stream = EventStream::<Callback>::new();
//! let id = CommandId::from_uuid(Uuid::from_u128(1));
//! stream.execute_with(Command::Request, &(), CommandMeta::with_id(id))?;
//!
//! // The same command again, say after a timeout: nothing new is recorded.
//! let retry = stream.execute_with(Command::Request, &(), CommandMeta::with_id(id))?;
//! assert!(!retry.is_new());
//! assert_eq!(stream.version(), 1);
//!
//! // Another command under the same id is the host's mistake, and is refused.
//! let reused = stream.execute_with(Command::Call, &(), CommandMeta::with_id(id));
//! assert!(matches!(reused, Err(StreamError::CommandIdReused { sequence: 1, .. })));
//!
//! // A writer that read version 0 is stale now.
//! let stale = stream.execute_with(Command::Call, &(), CommandMeta::expecting(0));
//! assert!(matches!(stale, Err(StreamError::VersionConflict { expected: 0, actual: 1 })));
//!
//! stream.execute_with(Command::Call, &(), CommandMeta::expecting(1))?;
//! assert_eq!(stream.state(), &State::Made);
//!
//! // Rebuilding from the stored events gives the same state.
//! let stored = stream.events().to_vec();
//! assert_eq!(EventStream::<Callback>::replay(stored.clone())?.state(), &State::Made);
//!
//! // A history it could not have written does not load: the call before the request.
//! let mut swapped = stored;
//! swapped.swap(0, 1);
//! (swapped[0].sequence, swapped[1].sequence) = (1, 2);
//! let refused = EventStream::<Callback>::replay(swapped);
//! assert!(matches!(refused, Err(StreamError::BrokenRule { sequence: 1, .. })));
//! # Ok::<(), StreamError<NotAllowed>>(())
//! ```
//!
//! # JSON
//! An [`Envelope`] is `{"schema_version": 1, "sequence": 1, "command_id": "…" | null,
//! "event": {…}}` ([`SCHEMA_VERSION`]); an [`EventStream`] is the array of its
//! envelopes, and loading one checks the numbering, the command ids and every event
//! against its decider's rules that need no context, as [`EventStream::replay`] does.
//! What needs the organisation is [`EventStream::verify`]'s, after loading.
//!
//! [X2]: crate::requirements#X2
//! [X4]: crate::requirements#X4

use crate::id::CommandId;
use core::fmt;
use std::collections::HashMap;

/// A state machine as two pure functions: `decide` (the rules) and `evolve` (the fold).
///
/// Implemented on a marker type; the state, commands, events and errors are associated
/// types. Nothing here does I/O, reads a clock or allocates on its own ([X1]).
///
/// [X1]: crate::requirements#X1
pub trait Decider {
    /// The state. Its variants hold only the data valid in them.
    type State;
    /// What a caller asks for. Comparable, so that a retried command id can be told
    /// from a reused one ([X4]).
    ///
    /// [X4]: crate::requirements#X4
    type Command: PartialEq;
    /// What happened. Rich enough that `evolve` needs nothing else.
    type Event;
    /// Why a command was refused; each variant names a rule.
    type Error: std::error::Error;
    /// What the rules need from outside (policies, the staff directory), borrowed.
    type Context<'a>;

    /// The state before any event.
    fn initial() -> Self::State;

    /// Checks `command` against `state` and the rules and returns the one event it yields.
    ///
    /// # Errors
    /// The decider's error naming the rule that refused. Nothing changes on refusal.
    fn decide(
        state: &Self::State,
        command: Self::Command,
        context: &Self::Context<'_>,
    ) -> Result<Self::Event, Self::Error>;

    /// Folds one event into the state. Never fails and runs no rule ([X4]).
    ///
    /// An event that [`Decider::admit`] refuses in `state` is one this decider never
    /// emits there; what `evolve` makes of it is unspecified (but it does not panic), and
    /// [`EventStream::replay`] never lets one through.
    ///
    /// [X4]: crate::requirements#X4
    fn evolve(state: Self::State, event: &Self::Event) -> Self::State;

    /// The command that `event` answers: the one that, decided in the state before the
    /// event, gives the event back in a history this decider produced ([X3], [X4]).
    ///
    /// Every event carries its command's fields, so this only rearranges them. It lets
    /// [`EventStream::execute_with`] tell a retry (the same command again) from a command id
    /// reused for another command, and [`EventStream::verify`] replay a history through
    /// the rules.
    ///
    /// [X3]: crate::requirements#X3
    /// [X4]: crate::requirements#X4
    fn command_of(event: &Self::Event) -> Self::Command;

    /// Whether this decider could have emitted `event` in `state`, judged by every rule
    /// that needs nothing from outside: the event fits the state, keeps time order, and
    /// carries what its rules require (text that is not blank, dates in order, …) ([X3]).
    ///
    /// [`EventStream::replay`], and so loading a stream from JSON, runs it on every event;
    /// [`Decider::decide`] runs it on the event it is about to return, so these rules are
    /// written once. The rules that need the context (who is on the staff, who may grant
    /// what) are checked by [`EventStream::verify`].
    ///
    /// # Errors
    /// The decider's error naming the rule the event breaks.
    ///
    /// [X3]: crate::requirements#X3
    fn admit(state: &Self::State, event: &Self::Event) -> Result<(), Self::Error>;

    /// Folds events from the initial state.
    fn fold<'e>(events: impl IntoIterator<Item = &'e Self::Event>) -> Self::State
    where
        Self::Event: 'e,
    {
        events.into_iter().fold(Self::initial(), Self::evolve)
    }
}

/// One stored event with its place in the stream.
///
/// In JSON, `{"schema_version": 1, "sequence": 1, "command_id": "…" | null, "event": {…}}`.
/// Every envelope says which version of the stored shapes wrote it
/// ([`SCHEMA_VERSION`]); loading refuses a missing or different version, and any field
/// the shape does not have, rather than guess ([X3]).
///
/// [X3]: crate::requirements#X3
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope<E> {
    /// The event's position, from 1 without gaps. It is also the stream's version right
    /// after the event.
    pub sequence: u64,
    /// The id of the command that produced the event, when the caller gave one.
    pub command_id: Option<CommandId>,
    /// The event.
    pub event: E,
}

/// The version of the stored JSON shapes this build writes into every [`Envelope`] and
/// the only one it loads ([X3]).
///
/// The shapes are those the crate docs' JSON reference lists. Any change to a stored
/// shape (a field renamed, added or removed, a tag or a unit changed) comes with a new
/// version, so a host can tell old records from new ones before it loads them.
///
/// [X3]: crate::requirements#X3
pub const SCHEMA_VERSION: u32 = 1;

#[cfg(feature = "serde")]
impl<E: serde::Serialize> serde::Serialize for Envelope<E> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut envelope = serializer.serialize_struct("Envelope", 4)?;
        envelope.serialize_field("schema_version", &SCHEMA_VERSION)?;
        envelope.serialize_field("sequence", &self.sequence)?;
        envelope.serialize_field("command_id", &self.command_id)?;
        envelope.serialize_field("event", &self.event)?;
        envelope.end()
    }
}

#[cfg(feature = "serde")]
impl<'de, E: serde::Deserialize<'de>> serde::Deserialize<'de> for Envelope<E> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = StoredEnvelope::<E>::deserialize(deserializer)?;
        if stored.schema_version != SCHEMA_VERSION {
            return Err(serde::de::Error::custom(format_args!(
                "unsupported schema version {}: this build reads version {SCHEMA_VERSION}",
                stored.schema_version
            )));
        }
        Ok(Envelope {
            sequence: stored.sequence,
            command_id: stored.command_id,
            event: stored.event,
        })
    }
}

/// An envelope as loaded: `schema_version` must be [`SCHEMA_VERSION`], `sequence`
/// counts from 1, `command_id` may be missing or `null`, and no other field is allowed.
#[cfg(feature = "schemars")]
impl<E: schemars::JsonSchema> schemars::JsonSchema for Envelope<E> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Envelope_{}", E::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "One stored event with its place in the stream.",
            "type": "object",
            "properties": {
                "schema_version": { "const": SCHEMA_VERSION },
                "sequence": { "type": "integer", "minimum": 1 },
                "command_id": generator.subschema_for::<Option<CommandId>>(),
                "event": generator.subschema_for::<E>(),
            },
            "required": ["schema_version", "sequence", "event"],
            "additionalProperties": false,
        })
    }
}

/// An envelope as stored, before its version is checked.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredEnvelope<E> {
    schema_version: u32,
    sequence: u64,
    command_id: Option<CommandId>,
    event: E,
}

/// What the host says about a command besides the command itself (X4).
///
/// ```
/// # use customer_care::{id::CommandId, stream::CommandMeta};
/// # let id = CommandId::from_uuid(uuid::Uuid::from_u128(9));
/// let meta = CommandMeta { command_id: Some(id), expected_version: Some(3) };
/// assert_eq!(meta, CommandMeta::with_id(id).and_expecting(3));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct CommandMeta {
    /// Makes the command idempotent: if an event with this id is already recorded, it is
    /// returned and nothing new is recorded.
    pub command_id: Option<CommandId>,
    /// Optimistic concurrency: the version the caller read. A different current version
    /// refuses the command with [`StreamError::VersionConflict`].
    pub expected_version: Option<u64>,
}

impl CommandMeta {
    /// Neither an id nor an expected version.
    pub const NONE: CommandMeta = CommandMeta {
        command_id: None,
        expected_version: None,
    };

    /// Only a command id.
    pub const fn with_id(command_id: CommandId) -> Self {
        Self {
            command_id: Some(command_id),
            expected_version: None,
        }
    }

    /// Only an expected version.
    pub const fn expecting(version: u64) -> Self {
        Self {
            command_id: None,
            expected_version: Some(version),
        }
    }

    /// The same, with an expected version as well.
    pub const fn and_expecting(self, version: u64) -> Self {
        Self {
            expected_version: Some(version),
            ..self
        }
    }
}

/// Why a stream refused a command or a stored history.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError<E> {
    /// The decider refused the command; the inner error names the rule ([X2]).
    ///
    /// [X2]: crate::requirements#X2
    #[error(transparent)]
    Rejected(E),
    /// Another writer got there first: the caller read an older version ([X4]).
    ///
    /// [X4]: crate::requirements#X4
    #[error(
        "version conflict: expected version {expected} but the stream is at {actual}; reload and retry"
    )]
    VersionConflict {
        /// The version the caller expected.
        expected: u64,
        /// The stream's version.
        actual: u64,
    },
    /// A stored history skips or repeats a sequence number.
    #[error("broken history: expected sequence {expected}, found {found}")]
    SequenceGap {
        /// The sequence number due.
        expected: u64,
        /// The one found.
        found: u64,
    },
    /// A command id already recorded came with a different command ([X4]). An exact retry
    /// is answered with the recorded event; another command under the same id is a
    /// mistake of the host's (an id generated twice, a key reused) and is refused.
    ///
    /// [X4]: crate::requirements#X4
    #[error(
        "command {command_id} was recorded at sequence {sequence} for another command; a retry must repeat the same command"
    )]
    CommandIdReused {
        /// The id given.
        command_id: CommandId,
        /// The sequence of the event recorded for it.
        sequence: u64,
    },
    /// A stored event is one the decider could not have emitted where it stands: the
    /// inner error names the rule it breaks ([X3]).
    ///
    /// [X3]: crate::requirements#X3
    #[error("broken history at sequence {sequence}: {error}")]
    BrokenRule {
        /// The first event that breaks a rule.
        sequence: u64,
        /// The rule, as the decider's refusal.
        error: E,
    },
    /// A stored event differs from the one its command yields under the rules given to
    /// [`EventStream::verify`]: the decider would have recorded something else (another
    /// approver to escalate to, another promise outcome) ([X3]).
    ///
    /// [X3]: crate::requirements#X3
    #[error(
        "broken history at sequence {sequence}: the rules yield a different event for its command"
    )]
    NotWhatTheRulesYield {
        /// The first event that differs.
        sequence: u64,
    },
    /// A stored history records two events for one command id.
    #[error(
        "broken history: command {command_id} is recorded twice (sequences {first} and {second})"
    )]
    DuplicateCommandId {
        /// The repeated id.
        command_id: CommandId,
        /// The first sequence that carries it.
        first: u64,
        /// The later one.
        second: u64,
    },
}

crate::refusal::refusals! { StreamError<E> {
    VersionConflict { expected, actual } => "version_conflict", "X4";
    SequenceGap { expected, found } => "sequence_gap", "X4";
    CommandIdReused { command_id, sequence } => "command_id_reused", "X4";
    BrokenRule { sequence, error } => "broken_rule", "X3";
    NotWhatTheRulesYield { sequence } => "not_what_the_rules_yield", "X3";
    DuplicateCommandId { command_id, first, second } => "duplicate_command_id", "X4";
} wraps { Rejected } }

/// The answer to a command the stream accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome<'a, E> {
    /// The command was decided and its event recorded now.
    Recorded(&'a Envelope<E>),
    /// The command id was seen before: this is the event recorded then; nothing new was
    /// recorded and no rule was run again.
    Duplicate(&'a Envelope<E>),
}

impl<'a, E> Outcome<'a, E> {
    /// The envelope recorded now or earlier.
    pub fn envelope(&self) -> &'a Envelope<E> {
        match self {
            Outcome::Recorded(envelope) | Outcome::Duplicate(envelope) => envelope,
        }
    }

    /// Whether an event was recorded by this call (and must be stored by the host).
    pub fn is_new(&self) -> bool {
        matches!(self, Outcome::Recorded(_))
    }
}

/// One decider instance with its numbered history ([X4]).
///
/// The state is always the fold of the recorded events. Command ids are kept in a hash
/// index, so recognising a retry costs the same in a history of ten events or of a
/// million ([X2]).
///
/// [X2]: crate::requirements#X2
/// [X4]: crate::requirements#X4
pub struct EventStream<D: Decider> {
    state: D::State,
    events: Vec<Envelope<D::Event>>,
    /// Where each command id was recorded: its index in `events`.
    commands: HashMap<CommandId, usize>,
}

impl<D: Decider> EventStream<D> {
    /// A stream with no events, in the decider's initial state.
    pub fn new() -> Self {
        Self {
            state: D::initial(),
            events: Vec::new(),
            commands: HashMap::new(),
        }
    }

    /// Rebuilds a stream from stored envelopes, admitting each event before folding it
    /// ([X3], [X4]).
    ///
    /// Every event must be one the decider could have emitted where it stands, judged by
    /// [`Decider::admit`]: the rules that need nothing from outside. Those that need the
    /// context (the organisation, the policies) are [`EventStream::verify`]'s.
    ///
    /// # Errors
    /// [`StreamError::SequenceGap`] when the sequence numbers are not 1, 2, 3…;
    /// [`StreamError::DuplicateCommandId`] when a command id appears twice;
    /// [`StreamError::BrokenRule`] naming the first event the decider could not have
    /// emitted, and the rule.
    ///
    /// [X3]: crate::requirements#X3
    /// [X4]: crate::requirements#X4
    pub fn replay(events: Vec<Envelope<D::Event>>) -> Result<Self, StreamError<D::Error>> {
        let with_ids = events.iter().filter(|e| e.command_id.is_some()).count();
        let mut stream = Self {
            state: D::initial(),
            events: Vec::new(),
            commands: HashMap::with_capacity(with_ids),
        };
        for (position, envelope) in events.iter().enumerate() {
            stream.fold_next(position, envelope)?;
        }
        // The envelopes stay where they were loaded: none is copied.
        stream.events = events;
        Ok(stream)
    }

    /// Adds one stored envelope at the end, checked as [`EventStream::replay`] checks each
    /// of its envelopes: the next sequence number, a command id not yet recorded, an
    /// event the decider admits where the stream stands ([X3], [X4]).
    ///
    /// This is how a store that hands back events one at a time (or an event-sourcing
    /// framework folding its rows) rebuilds a stream; [`EventStream::decide`] makes the
    /// envelopes to store.
    ///
    /// # Errors
    /// [`StreamError::SequenceGap`], [`StreamError::DuplicateCommandId`] or
    /// [`StreamError::BrokenRule`], as [`EventStream::replay`]. The stream is unchanged.
    ///
    /// [X3]: crate::requirements#X3
    /// [X4]: crate::requirements#X4
    pub fn append(&mut self, envelope: Envelope<D::Event>) -> Result<(), StreamError<D::Error>> {
        self.fold_next(self.events.len(), &envelope)?;
        self.events.push(envelope);
        Ok(())
    }

    /// Checks `envelope` as the one at `position` (from 0), then folds it into the state
    /// and indexes its command id; it changes nothing when a check fails. The caller
    /// keeps the envelope at `position` of `events`.
    fn fold_next(
        &mut self,
        position: usize,
        envelope: &Envelope<D::Event>,
    ) -> Result<(), StreamError<D::Error>> {
        let sequence = position as u64 + 1;
        if envelope.sequence != sequence {
            return Err(StreamError::SequenceGap {
                expected: sequence,
                found: envelope.sequence,
            });
        }
        if let Some(command_id) = envelope.command_id {
            if let Some(&first) = self.commands.get(&command_id) {
                return Err(StreamError::DuplicateCommandId {
                    command_id,
                    first: first as u64 + 1,
                    second: sequence,
                });
            }
        }
        D::admit(&self.state, &envelope.event)
            .map_err(|error| StreamError::BrokenRule { sequence, error })?;
        self.record(position, envelope);
        Ok(())
    }

    /// Folds an envelope already checked into the state and indexes its command id.
    fn record(&mut self, position: usize, envelope: &Envelope<D::Event>) {
        let state = core::mem::replace(&mut self.state, D::initial());
        self.state = D::evolve(state, &envelope.event);
        if let Some(command_id) = envelope.command_id {
            self.commands.insert(command_id, position);
        }
    }

    /// Replays the history through the rules with `context`, and says where it first
    /// breaks them ([X3]).
    ///
    /// Each event's command ([`Decider::command_of`]) is decided again in the state
    /// before it; the history holds when every one is accepted and yields the very event
    /// stored. This is what loading cannot check alone: that the owner is on the staff,
    /// that a refund was within its giver's authority or approved, that a delivery was
    /// judged against the policy then given. Pass the context the history was made
    /// under; under another one, a sound history may break a rule that changed since.
    ///
    /// # Errors
    /// [`StreamError::BrokenRule`] with the first sequence whose command the rules
    /// refuse, and the refusal; [`StreamError::NotWhatTheRulesYield`] with the first
    /// whose command is accepted but yields another event.
    ///
    /// [X3]: crate::requirements#X3
    pub fn verify(&self, context: &D::Context<'_>) -> Result<(), StreamError<D::Error>>
    where
        D::Event: PartialEq,
    {
        let mut state = D::initial();
        for envelope in &self.events {
            let sequence = envelope.sequence;
            let event = D::decide(&state, D::command_of(&envelope.event), context)
                .map_err(|error| StreamError::BrokenRule { sequence, error })?;
            if event != envelope.event {
                return Err(StreamError::NotWhatTheRulesYield { sequence });
            }
            state = D::evolve(state, &envelope.event);
        }
        Ok(())
    }

    /// The current state.
    pub fn state(&self) -> &D::State {
        &self.state
    }

    /// How many events are recorded; 0 for a new stream.
    pub fn version(&self) -> u64 {
        self.events.len() as u64
    }

    /// The recorded events, oldest first.
    pub fn events(&self) -> &[Envelope<D::Event>] {
        &self.events
    }

    /// Takes the stream apart into its state and its events.
    pub fn into_parts(self) -> (D::State, Vec<Envelope<D::Event>>) {
        (self.state, self.events)
    }

    /// Decides `command` and, if accepted, records its event and evolves the state: the
    /// call for a host that sends neither a command id nor an expected version
    /// ([`EventStream::execute_with`] with [`CommandMeta::NONE`]).
    ///
    /// # Errors
    /// [`StreamError::Rejected`] with the decider's error. The stream is unchanged.
    pub fn execute(
        &mut self,
        command: D::Command,
        context: &D::Context<'_>,
    ) -> Result<&Envelope<D::Event>, StreamError<D::Error>> {
        self.execute_with(command, context, CommandMeta::NONE)
            .map(|outcome| outcome.envelope())
    }

    /// Decides `command` under `meta` (a command id, so a retry is recognised; an
    /// expected version, so a stale writer is refused) and, if accepted, records its
    /// event and evolves the state ([X4]): [`EventStream::decide`], then the envelope
    /// recorded.
    ///
    /// # Errors
    /// As [`EventStream::decide`]. The stream is unchanged.
    ///
    /// [X4]: crate::requirements#X4
    pub fn execute_with(
        &mut self,
        command: D::Command,
        context: &D::Context<'_>,
        meta: CommandMeta,
    ) -> Result<Outcome<'_, D::Event>, StreamError<D::Error>> {
        match self.decide(command, context, meta)? {
            Decision::New(envelope) => {
                let position = self.events.len();
                self.record(position, &envelope);
                self.events.push(envelope);
                Ok(Outcome::Recorded(&self.events[position]))
            }
            Decision::Duplicate(sequence) => {
                Ok(Outcome::Duplicate(&self.events[(sequence - 1) as usize]))
            }
        }
    }

    /// Decides `command` under `meta` without recording anything: the envelope to
    /// store next, or the sequence of the event already recorded for the command id
    /// ([X4]).
    ///
    /// For a host that writes to its store before it updates the stream: store the
    /// envelope (its sequence number is the version the store must not yet hold), then
    /// [`EventStream::append`] it.
    ///
    /// The order of checks: a known command id answers [`Decision::Duplicate`] first when
    /// the command is the one recorded under it (so a retry after a lost reply succeeds
    /// even though its expected version is now stale); then the expected version; then
    /// the rules.
    ///
    /// # Errors
    /// [`StreamError::CommandIdReused`] for a known command id with another command;
    /// [`StreamError::VersionConflict`] for a stale expected version;
    /// [`StreamError::Rejected`] with the decider's error.
    ///
    /// [X4]: crate::requirements#X4
    pub fn decide(
        &self,
        command: D::Command,
        context: &D::Context<'_>,
        meta: CommandMeta,
    ) -> Result<Decision<D::Event>, StreamError<D::Error>> {
        if let Some(command_id) = meta.command_id {
            if let Some(&index) = self.commands.get(&command_id) {
                let recorded = &self.events[index];
                if D::command_of(&recorded.event) != command {
                    return Err(StreamError::CommandIdReused {
                        command_id,
                        sequence: recorded.sequence,
                    });
                }
                return Ok(Decision::Duplicate(recorded.sequence));
            }
        }
        let actual = self.version();
        if let Some(expected) = meta.expected_version {
            if expected != actual {
                return Err(StreamError::VersionConflict { expected, actual });
            }
        }
        let event = D::decide(&self.state, command, context).map_err(StreamError::Rejected)?;
        Ok(Decision::New(Envelope {
            sequence: actual + 1,
            command_id: meta.command_id,
            event,
        }))
    }
}

/// What [`EventStream::decide`] makes of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a new envelope is recorded only once it is stored and appended"]
pub enum Decision<E> {
    /// The command is accepted: this new envelope is to be stored and appended.
    New(Envelope<E>),
    /// The command id was seen before, with this command: the event at this sequence
    /// answers it, and there is nothing new to store.
    Duplicate(u64),
}

impl<D: Decider> Default for EventStream<D> {
    fn default() -> Self {
        Self::new()
    }
}

impl<D: Decider> Clone for EventStream<D>
where
    D::State: Clone,
    D::Event: Clone,
{
    fn clone(&self) -> Self {
        Self {
            state: self.state.clone(),
            events: self.events.clone(),
            commands: self.commands.clone(),
        }
    }
}

impl<D: Decider> PartialEq for EventStream<D>
where
    D::State: PartialEq,
    D::Event: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.events == other.events
    }
}

impl<D: Decider> Eq for EventStream<D>
where
    D::State: Eq,
    D::Event: Eq,
{
}

impl<D: Decider> fmt::Debug for EventStream<D>
where
    D::State: fmt::Debug,
    D::Event: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("state", &self.state)
            .field("events", &self.events)
            .finish()
    }
}

#[cfg(feature = "serde")]
impl<D: Decider> serde::Serialize for EventStream<D>
where
    D::Event: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.events.serialize(serializer)
    }
}

#[cfg(feature = "serde")]
impl<'de, D: Decider> serde::Deserialize<'de> for EventStream<D>
where
    D::Event: serde::Deserialize<'de>,
{
    fn deserialize<De: serde::Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        let events = Vec::<Envelope<D::Event>>::deserialize(deserializer)?;
        Self::replay(events).map_err(serde::de::Error::custom)
    }
}

/// A stream in JSON: the array of its envelopes. That they are numbered 1, 2, 3…,
/// carry each command id at most once and hold only events their decider could have
/// emitted is checked on load, not by the schema.
#[cfg(feature = "schemars")]
impl<D: Decider> schemars::JsonSchema for EventStream<D>
where
    D::Event: schemars::JsonSchema,
{
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("EventStream_{}", D::Event::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Vec::<Envelope<D::Event>>::json_schema(generator)
    }
}
