//! Every JSON shape the crate stores or receives, in one place ([X3]).
//!
//! Hosts keep events for years and load them back from databases other programs also
//! write. These are the shapes, version [`SCHEMA_VERSION`](crate::stream::SCHEMA_VERSION)
//! of them. The event and command lists below are the crate's snapshot files, included
//! as they are: the snapshot tests fail when a shape changes, so the page cannot drift
//! from the code. The other examples on this page are tests that load the JSON and
//! write it back unchanged.
//!
//! # Conventions
//!
//! - **Ids** are UUID strings: `"0c3a7e10-0000-4000-8000-000000000004"`.
//! - **Instants** are RFC 3339 in UTC: `"2026-11-23T09:30:00Z"`.
//! - **Money** is integer minor units with an ISO 4217 code, never a float ([X6]):
//!   `{"minor_units": 4000, "currency": "EUR"}`.
//! - **Kinds and statuses** are `snake_case` strings: `"refund"`, `"awaiting_customer"`.
//!   Helpdesk statuses are the exception, written as helpdesks write them: `"on-hold"`.
//! - **Commands and events** are objects tagged by `"type"`: `{"type": "choose",
//!   "option": 0, "at": "…"}`.
//! - **Every field is written**, `null` when it is empty. On load, a missing optional
//!   field reads as `null`.
//! - **A field the shape does not have is refused**, at any depth, with
//!   `unknown field `…``. So is any value a constructor would refuse: an offer without
//!   options, a hierarchy with a cycle, an unknown currency, a rating off its scale.
//!
//! # Envelopes and streams
//!
//! A stored event is an envelope. A stream is the array of its envelopes, numbered
//! from 1 without gaps, with each command id at most once; loading a stream checks
//! both ([`EventStream`](crate::stream::EventStream)):
//!
//! ```json
//! {"schema_version": 1, "sequence": 1, "command_id": "…" | null, "event": {"type": "…", …}}
//! ```
//!
//! An envelope without `schema_version`, or with another version, is refused:
//! `unsupported schema version 2: this build reads version 1`.
//!
//! A command travels with its metadata ([`CommandMeta`](crate::stream::CommandMeta)):
//! `{"command_id": "…" | null, "expected_version": 3 | null}`.
//!
//! # Complaints
//!
//! [`ComplaintEvent`](crate::complaint::ComplaintEvent), one of each of the 24 kinds,
//! from `tests/snapshots/complaint_events.json`:
//!
//!
//! [X3]: crate::requirements#X3
//! [X6]: crate::requirements#X6
#![doc = "```json"]
#![doc = include_str!("../tests/snapshots/complaint_events.json")]
#![doc = "```"]
//!
//! [`ComplaintCommand`](crate::complaint::ComplaintCommand), one of each of the 23
//! kinds, from `tests/snapshots/complaint_commands.json`:
//!
#![doc = "```json"]
#![doc = include_str!("../tests/snapshots/complaint_commands.json")]
#![doc = "```"]
//!
//! # Promises
//!
//! [`PromiseEvent`](crate::promise::PromiseEvent), from
//! `tests/snapshots/promise_events.json`:
//!
#![doc = "```json"]
#![doc = include_str!("../tests/snapshots/promise_events.json")]
#![doc = "```"]
//!
//! [`PromiseCommand`](crate::promise::PromiseCommand), from
//! `tests/snapshots/promise_commands.json`:
//!
#![doc = "```json"]
#![doc = include_str!("../tests/snapshots/promise_commands.json")]
#![doc = "```"]
//!
//! # Improvement items
//!
//! [`ImprovementEvent`](crate::feedback::improvement::ImprovementEvent), from
//! `tests/snapshots/improvement_events.json`:
//!
#![doc = "```json"]
#![doc = include_str!("../tests/snapshots/improvement_events.json")]
#![doc = "```"]
//!
//! [`ImprovementCommand`](crate::feedback::improvement::ImprovementCommand), from
//! `tests/snapshots/improvement_commands.json`:
//!
#![doc = "```json"]
#![doc = include_str!("../tests/snapshots/improvement_commands.json")]
#![doc = "```"]
//!
//! # Configuration and records
//!
//! What a host keeps beside the events. Each of these loads and writes back unchanged.
//!
//! ```
//! use customer_care::complaint::ComplaintPolicy;
//! use customer_care::conduct::ConductPolicy;
//! use customer_care::decalogue::Goals;
//! use customer_care::empowerment::{Delegation, Organisation};
//! use customer_care::feedback::Feedback;
//! use customer_care::feedback::review::CaseRecord;
//! use customer_care::sla::SlaPolicy;
//! use serde::{Serialize, de::DeserializeOwned};
//! use serde_json::Value;
//!
//! fn same<T: Serialize + DeserializeOwned>(json: &str) -> Result<(), serde_json::Error> {
//!     let loaded: T = serde_json::from_str(json)?;
//!     assert_eq!(serde_json::to_value(&loaded)?, serde_json::from_str::<Value>(json)?);
//!     Ok(())
//! }
//!
//! // The organisation (EM1–EM5): per role, how much of each remedy one person may
//! // grant in one case; the trainings a remedy needs; how long an approval stays
//! // valid; the staff, top-down; and the delegations that hand someone their own limit.
//! same::<Organisation>(r#"{
//!   "policy": {
//!     "currency": "EUR",
//!     "goodwill_threshold": {"minor_units": 1000, "currency": "EUR"},
//!     "limits": {
//!       "frontline": {"refund": {"minor_units": 8000, "currency": "EUR"}},
//!       "owner": {"refund": {"minor_units": 500000, "currency": "EUR"}}
//!     },
//!     "training_required": {"refund": [{"type": "customer_service"}]},
//!     "approval_valid_minutes": 1440
//!   },
//!   "staff": [
//!     {"id": "00000000-0000-0000-0000-000000000001", "name": "Olga",
//!      "position": {"role": "owner"},
//!      "training": [{"kind": {"type": "customer_service"},
//!                    "completed_at": "2026-01-05T09:00:00Z", "expires_at": null}]},
//!     {"id": "00000000-0000-0000-0000-000000000004", "name": "Ana",
//!      "position": {"role": "frontline", "reports_to": "00000000-0000-0000-0000-000000000001"},
//!      "training": [{"kind": {"type": "cross_training", "area": "billing"},
//!                    "completed_at": "2026-01-05T09:00:00Z", "expires_at": "2027-01-05T09:00:00Z"}]}
//!   ],
//!   "delegations": [
//!     {"from": "00000000-0000-0000-0000-000000000001", "to": "00000000-0000-0000-0000-000000000004",
//!      "kind": "refund", "limit": {"minor_units": 20000, "currency": "EUR"}}
//!   ]
//! }"#)?;
//!
//! // Service levels per priority, in business minutes (SL1–SL3).
//! same::<SlaPolicy>(r#"{
//!   "low": {"acknowledgement_minutes": 480, "first_response_minutes": 960,
//!           "next_response_minutes": 960, "resolution_minutes": 4800},
//!   "normal": {"acknowledgement_minutes": 240, "first_response_minutes": 480,
//!              "next_response_minutes": 480, "resolution_minutes": 2400},
//!   "high": {"acknowledgement_minutes": 60, "first_response_minutes": 240,
//!            "next_response_minutes": 240, "resolution_minutes": 960},
//!   "urgent": {"acknowledgement_minutes": 60, "first_response_minutes": 120,
//!              "next_response_minutes": 120, "resolution_minutes": null},
//!   "warning_percent": 80
//! }"#)?;
//!
//! // The complaint's windows (CO3, CO7), the promise buffer (PR2) and early margin (PR1), in minutes.
//! same::<ComplaintPolicy>(r#"{"promise": {"buffer_minutes": 1440, "early_margin_minutes": 60},
//!   "confirmation_window_minutes": 10080, "reopen_window_minutes": 20160, "max_reopens": 2}"#)?;
//!
//! // Chronic negativity: this many concerns about one person within the window (ST4).
//! same::<ConductPolicy>(r#"{"window_days": 90, "repeats": 3}"#)?;
//!
//! // Feedback from anyone (FB1); the rating carries its scale.
//! same::<Feedback>(r#"{"id": "00000000-0000-0000-0000-000000000009",
//!   "from": {"kind": "external", "id": null}, "kind": "praise", "channel": "written",
//!   "text": "Ana sorted it in one call", "rating": {"scale": {"low": 1, "high": 5}, "score": 5},
//!   "about": "00000000-0000-0000-0000-000000000004", "theme": "billing", "from_staff": null,
//!   "received_at": "2026-04-06T09:00:00Z"}"#)?;
//!
//! // What the weekly review needs of one complaint (FB4).
//! same::<CaseRecord>(r#"{"id": "00000000-0000-0000-0000-000000000064", "theme": "billing",
//!   "received_at": "2026-04-06T09:00:00Z",
//!   "resolved": {"by": "00000000-0000-0000-0000-000000000004", "at": "2026-04-07T09:00:00Z"},
//!   "breached_at": null}"#)?;
//!
//! // Scorecard floors, one per principle in the decalogue's order; null is no target.
//! same::<Goals>(r#"{"floors": [null, null, null, null, null, null, null, null, null, null]}"#)?;
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! A business calendar ([`CalendarSpec`](crate::calendar::CalendarSpec)) is its weekly
//! hours and its exceptions by date, local times in the calendar's zone:
//! `{"week": {"mon": [{"start": "09:00", "end": "14:00"}, …], …}, "exceptions":
//! {"2026-12-25": [], …}}` (see `examples/data/madrid-2026.json`).
//!
//! # JSON Schema
//!
//! With the `schemars` feature every shape on this page has a JSON Schema (draft
//! 2020-12) generated from the code that loads it ([`schema`](crate::schema)). The
//! commands, events and envelopes of the three deciders are kept in the repository's
//! `schemas/` folder for hosts in other languages, and a test fails when a file there
//! differs from what the code generates.
