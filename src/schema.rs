//! JSON Schema for what a host sends and stores (feature `schemars`, [X3]).
//!
//! A host that is not written in Rust can check a command before sending it, or a
//! stored event before loading it, against these schemas (JSON Schema draft 2020-12).
//! They are generated from the same types and serde attributes that load the JSON, in
//! the loading direction, so they refuse what loading refuses wherever a schema can say
//! it: a field the shape does not have, a missing field, an unknown `type` tag or
//! currency, a rating off its scale, an offer without options, an envelope of another
//! `schema_version`.
//!
//! A schema cannot check rules that relate one value to another or to the state: that a
//! promised date leaves the buffer after the estimate, that a reporting line has no
//! cycle, who may grant what. Loading and [`decide`](crate::stream::Decider::decide)
//! check those, with the typed errors of their modules.
//!
//! Every type that loads from JSON implements [`schemars::JsonSchema`] with this
//! feature, so a host builds any schema it needs with [`of`] or `schemars::schema_for!`.
//! The commands, events and envelopes of the three deciders, and the [`refusal`] every
//! error serialises as, are [`published`]: the repository keeps them in `schemas/`, and
//! a test fails when a file differs from what the code generates.
//!
//! ```
//! use customer_care::complaint::ComplaintCommand;
//!
//! let schema = customer_care::schema::of::<ComplaintCommand>();
//! let json = serde_json::to_value(&schema)?;
//! assert_eq!(json["title"], "ComplaintCommand");
//! assert_eq!(json["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! [X3]: crate::requirements#X3

use crate::complaint::{ComplaintCommand, ComplaintEvent};
use crate::feedback::improvement::{ImprovementCommand, ImprovementEvent};
use crate::promise::{PromiseCommand, PromiseEvent};
use crate::stream::{CommandMeta, Envelope};
use schemars::{JsonSchema, Schema};

/// The schema of `T` as the crate loads it, with the definitions it refers to under
/// `$defs`.
pub fn of<T: JsonSchema>() -> Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// The published schemas, each with its file name in the repository's `schemas/`
/// folder: for each decider its command, its event, and its stored envelope.
pub fn published() -> Vec<(&'static str, Schema)> {
    vec![
        ("command_meta.json", of::<CommandMeta>()),
        ("complaint_command.json", of::<ComplaintCommand>()),
        ("complaint_event.json", of::<ComplaintEvent>()),
        ("complaint_envelope.json", of::<Envelope<ComplaintEvent>>()),
        ("promise_command.json", of::<PromiseCommand>()),
        ("promise_event.json", of::<PromiseEvent>()),
        ("promise_envelope.json", of::<Envelope<PromiseEvent>>()),
        ("improvement_command.json", of::<ImprovementCommand>()),
        ("improvement_event.json", of::<ImprovementEvent>()),
        (
            "improvement_envelope.json",
            of::<Envelope<ImprovementEvent>>(),
        ),
        ("refusal.json", refusal()),
    ]
}

/// The schema of a refusal as every error of the crate serialises ([X7]): its `code` one
/// of [`refusal_codes`](crate::refusal_codes), its `rule` a requirement id, its
/// `message` for people and its `details` an object of the refusal's own fields.
///
/// [X7]: crate::requirements#X7
pub fn refusal() -> Schema {
    schemars::json_schema!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Refusal",
        "description": "Why a command, a stored history or a value was refused (X7).",
        "type": "object",
        "properties": {
            "code": {
                "description": "The stable snake_case code of the refusal.",
                "enum": crate::refusal_codes(),
            },
            "rule": {
                "description": "The id of the requirement whose rule refused.",
                "type": "string",
                "pattern": "^(X|CU|ST|EM|CO|RE|PR|SL|FB|ME|DE|IN)[1-9][0-9]*$",
            },
            "message": {
                "description": "The refusal in words, for people.",
                "type": "string",
                "minLength": 1,
            },
            "details": {
                "description": "The refusal's fields under their own names; empty when it has none.",
                "type": "object",
            },
        },
        "required": ["code", "rule", "message", "details"],
        "additionalProperties": false,
    })
}
