//! Transition tables as data, and the Mermaid state diagrams drawn from them ([X5]).
//!
//! Every state machine in the crate publishes its table as a `const` slice of
//! [`Transition`]s: from a state, a kind of command, to a state. Tests check the
//! decider against its table, and the diagrams in the README and the docs are this
//! module's output, so a change to the machine that is not in its table, or a diagram
//! that was not regenerated, fails a test.
//!
//! ```
//! use customer_care::diagram::{Transition, mermaid};
//!
//! #[derive(Clone, Copy, PartialEq, Eq)]
//! enum Door { Closed, Open }
//! impl std::fmt::Display for Door {
//!     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
//!         f.write_str(match self { Door::Closed => "closed", Door::Open => "open" })
//!     }
//! }
//! const TABLE: &[Transition<Door, &str>] = &[
//!     Transition { from: Door::Closed, command: "open", to: Door::Open },
//!     Transition { from: Door::Open, command: "close", to: Door::Closed },
//! ];
//! assert_eq!(
//!     mermaid(Door::Closed, TABLE),
//!     "stateDiagram-v2\n    [*] --> closed\n    closed --> open : open\n    open --> closed : close\n"
//! );
//! ```
//!
//! [X5]: crate::requirements#X5

use core::fmt::{self, Write};

/// One allowed transition: `command` in state `from` leads to state `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Transition<S, C> {
    /// The state before.
    pub from: S,
    /// The kind of command.
    pub command: C,
    /// The state after.
    pub to: S,
}

impl<S, C> Transition<S, C> {
    /// `command` in state `from` leads to state `to`.
    pub const fn new(from: S, command: C, to: S) -> Self {
        Self { from, command, to }
    }
}

/// Whether `table` allows `command` to take `from` to `to`.
pub fn allows<S: PartialEq, C: PartialEq>(
    table: &[Transition<S, C>],
    from: S,
    command: C,
    to: S,
) -> bool {
    table
        .iter()
        .any(|t| t.from == from && t.command == command && t.to == to)
}

/// The Mermaid `stateDiagram-v2` of `table`, entered at `initial`; states with no way
/// out are drawn as final. States and commands are written with their `Display`; the
/// commands that lead from one state to the same other state share one edge, in table
/// order.
pub fn mermaid<S, C>(initial: S, table: &[Transition<S, C>]) -> String
where
    S: fmt::Display + Copy + PartialEq,
    C: fmt::Display,
{
    let mut out = String::from("stateDiagram-v2\n");
    // Writing to a String cannot fail.
    let _ = writeln!(out, "    [*] --> {initial}");
    for (i, t) in table.iter().enumerate() {
        let same_edge = |u: &Transition<S, C>| u.from == t.from && u.to == t.to;
        if table[..i].iter().any(same_edge) {
            continue;
        }
        let _ = write!(out, "    {} --> {} : ", t.from, t.to);
        for (n, u) in table[i..].iter().filter(|u| same_edge(u)).enumerate() {
            let _ = write!(out, "{}{}", if n == 0 { "" } else { ", " }, u.command);
        }
        out.push('\n');
    }
    let mut finals: Vec<S> = Vec::new();
    for t in table {
        let leaves = table.iter().any(|u| u.from == t.to);
        if !leaves && !finals.contains(&t.to) {
            finals.push(t.to);
            let _ = writeln!(out, "    {} --> [*]", t.to);
        }
    }
    out
}
