//! The kit the crate's three deciders are built from: the complaint, the promise and
//! the improvement cycle ([X3], [X4], [X5]).
//!
//! - **Tags.** A state's status and a command's kind are plain enums, each generated
//!   once by one macro with `ALL`, its `snake_case` `name()` (the same as in JSON and
//!   the diagrams), `Display`, and the method that reads it off the state or the
//!   command (`status()`, `kind()`).
//! - **A table.** Every move a decider allows is a row of its transition table, written
//!   compactly: a command from a set of statuses to one status, or a command that keeps
//!   the status as it is in a set of statuses. The table is the decider's data, drawn
//!   as its diagram ([`crate::diagram`]).
//! - **One contract**, [`Machine`]: a command or an event *fits* a state when the table
//!   has its kind in the state's status, and it is *in time* when it is no earlier than
//!   the state's latest event. [`Machine::in_turn`] checks both before any other rule,
//!   in `decide` and in `admit` alike, with the same refusal; `evolve` leaves the state
//!   exactly as it was for an event that does not fit ([`Machine::fits`]). Loading a
//!   history relies on this: [`crate::stream::EventStream::replay`] admits each event
//!   before it folds it, so an event out of turn never reaches `evolve` there.
//!
//! ```
//! use customer_care::complaint::{Complaint, ComplaintCommandKind, ComplaintStatus};
//! use customer_care::machine::Machine;
//!
//! // What a screen may offer for a case that is being investigated.
//! let kinds: Vec<&str> = Complaint::accepted(ComplaintStatus::Investigating)
//!     .map(ComplaintCommandKind::name)
//!     .collect();
//! assert!(kinds.contains(&"offer_resolution"));
//! assert!(!kinds.contains(&"close"));
//! assert_eq!(ComplaintStatus::Investigating.to_string(), "investigating");
//! ```
//!
//! [X3]: crate::requirements#X3
//! [X4]: crate::requirements#X4
//! [X5]: crate::requirements#X5

use crate::diagram::Transition;
use crate::stream::Decider;
use chrono::{DateTime, Utc};

/// Why a command or an event is out of turn: it does not fit the state, or it comes
/// before the state's latest event. Each decider turns it into its own error, under
/// the codes `not_allowed` ([X5]) and `before_latest` ([X4]).
///
/// [X4]: crate::requirements#X4
/// [X5]: crate::requirements#X5
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutOfTurn<S, K> {
    /// The table has no move for `command` in `state` ([X5]).
    ///
    /// [X5]: crate::requirements#X5
    NotAllowed {
        /// The state's status.
        state: S,
        /// The command's kind.
        command: K,
    },
    /// The command or event is earlier than the latest event ([X4]).
    ///
    /// [X4]: crate::requirements#X4
    BeforeLatest {
        /// Its instant.
        at: DateTime<Utc>,
        /// The latest event's.
        latest: DateTime<Utc>,
    },
}

/// A [`Decider`] whose moves are a transition table: the contract shared by the
/// complaint, the promise and the improvement cycle ([X3], [X4], [X5]).
///
/// [X3]: crate::requirements#X3
/// [X4]: crate::requirements#X4
/// [X5]: crate::requirements#X5
pub trait Machine: Decider {
    /// The tag of a state.
    type Status: Copy + Eq + 'static;
    /// The tag of a command, and of the event that answers it.
    type Kind: Copy + Eq + 'static;

    /// Every move: from a status, a kind of command, to a status.
    const TRANSITIONS: &'static [Transition<Self::Status, Self::Kind>];

    /// The status of `state`.
    fn status(state: &Self::State) -> Self::Status;
    /// The instant of the latest event folded into `state`; `None` before the first.
    fn latest(state: &Self::State) -> Option<DateTime<Utc>>;
    /// The kind of `command` and the instant it says it happens.
    fn command_turn(command: &Self::Command) -> (Self::Kind, DateTime<Utc>);
    /// The kind of the command `event` answers, and the instant it happened.
    fn event_turn(event: &Self::Event) -> (Self::Kind, DateTime<Utc>);
    /// The decider's own error for a command or an event out of turn.
    fn out_of_turn(refusal: OutOfTurn<Self::Status, Self::Kind>) -> Self::Error;

    /// Whether the table has a move for `kind` in `status`.
    fn accepts(status: Self::Status, kind: Self::Kind) -> bool {
        Self::TRANSITIONS
            .iter()
            .any(|t| t.from == status && t.command == kind)
    }

    /// The kinds of command the table accepts in `status`, each once, in table order.
    fn accepted(status: Self::Status) -> impl Iterator<Item = Self::Kind> {
        let moves = Self::TRANSITIONS.iter().enumerate();
        moves.filter_map(move |(i, t)| {
            let first = !Self::TRANSITIONS[..i]
                .iter()
                .any(|u| u.from == status && u.command == t.command);
            (t.from == status && first).then_some(t.command)
        })
    }

    /// Whether `event` fits `state`: the table accepts its kind in the state's status.
    /// `evolve` folds only the events that fit, and leaves the state as it was for any
    /// other.
    fn fits(state: &Self::State, event: &Self::Event) -> bool {
        Self::accepts(Self::status(state), Self::event_turn(event).0)
    }

    /// The first check of `decide` and of `admit`: a command or an event of `kind` at
    /// `at` fits `state` and is no earlier than its latest event.
    ///
    /// # Errors
    /// The decider's error for [`OutOfTurn::NotAllowed`] or
    /// [`OutOfTurn::BeforeLatest`], in that order.
    fn in_turn(
        state: &Self::State,
        (kind, at): (Self::Kind, DateTime<Utc>),
    ) -> Result<(), Self::Error> {
        let status = Self::status(state);
        if !Self::accepts(status, kind) {
            return Err(Self::out_of_turn(OutOfTurn::NotAllowed {
                state: status,
                command: kind,
            }));
        }
        match Self::latest(state) {
            Some(latest) if at < latest => {
                Err(Self::out_of_turn(OutOfTurn::BeforeLatest { at, latest }))
            }
            _ => Ok(()),
        }
    }
}

/// Generates a tag enum (a state's status or a command's kind) with `ALL`, `name()`,
/// `Display`, the serde names, and the method of the tagged enum that answers it.
///
/// ```text
/// tags! {
///     /// The tag of a [`PromiseState`].
///     pub enum PromiseStatus for PromiseState::status {
///         NotMade = "not_made",
///         Open = "open",
///     }
/// }
/// ```
macro_rules! tags {
    (
        $(#[$meta:meta])*
        pub enum $tag:ident for $of:ident :: $method:ident {
            $($variant:ident = $name:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        pub enum $tag {
            $(
                #[doc = concat!("See [`", stringify!($of), "::", stringify!($variant), "`].")]
                #[cfg_attr(feature = "serde", serde(rename = $name))]
                $variant,
            )+
        }

        impl $tag {
            /// Every one, in declaration order.
            pub const ALL: [$tag; [$($tag::$variant),+].len()] = [$($tag::$variant),+];

            /// Its `snake_case` name, as in JSON and the diagrams.
            pub const fn name(self) -> &'static str {
                match self {
                    $($tag::$variant => $name,)+
                }
            }
        }

        impl core::fmt::Display for $tag {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl $of {
            #[doc = concat!("Its tag, as in the transition table: a [`", stringify!($tag), "`].")]
            pub fn $method(&self) -> $tag {
                match self {
                    $($of::$variant { .. } => $tag::$variant,)+
                }
            }
        }
    };
}
pub(crate) use tags;

/// A transition table, written compactly: `Kind: From | Other => To;` for the moves,
/// then `Kind: In | Other;` for a command that keeps the status as it is in each
/// status listed. Expands to the `&[Transition]` of every row, in the order written.
macro_rules! table {
    (
        $status:ident, $kind:ident;
        moves { $($k:ident : $($from:ident)|+ => $to:ident;)* }
        stays { $($s:ident : $($in:ident)|+;)* }
    ) => {
        &[
            $($($crate::diagram::Transition::new($status::$from, $kind::$k, $status::$to),)+)*
            $($($crate::diagram::Transition::new($status::$in, $kind::$s, $status::$in),)+)*
        ]
    };
}
pub(crate) use table;
