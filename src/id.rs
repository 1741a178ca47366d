//! Typed identifiers.
//!
//! Every record the crate talks about is named by a newtype over [`uuid::Uuid`], so a
//! staff id can never be passed where a complaint id is expected (C-NEWTYPE). The crate
//! never generates an id itself (X1): the host creates them (with `Uuid::new_v4`, a
//! database sequence mapped to a UUID, …) and passes them in.
//!
//! ```
//! use customer_care::id::StaffId;
//! use uuid::Uuid;
//!
//! let id = StaffId::from_uuid(Uuid::from_u128(7));
//! assert_eq!(id.to_string(), "00000000-0000-0000-0000-000000000007");
//! assert_eq!(id, "00000000-0000-0000-0000-000000000007".parse()?);
//! # Ok::<(), uuid::Error>(())
//! ```

use core::fmt;
use core::str::FromStr;
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// In JSON it is the UUID's hyphenated string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID the host created.
            pub const fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The id of the UUID with this 128-bit value: `from_u128(42)` is
            /// `00000000-0000-0000-0000-00000000002a`. For tests, examples and hosts
            /// whose ids are numbers.
            pub const fn from_u128(value: u128) -> Self {
                Self(Uuid::from_u128(value))
            }

            /// The UUID inside.
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::from_str(s).map(Self)
            }
        }
    };
}

typed_id! {
    /// Identifies a member of staff (owner, manager, supervisor or frontline associate).
    StaffId
}

typed_id! {
    /// Identifies a customer of any kind: external, internal, prospect or anyone else.
    CustomerId
}

typed_id! {
    /// Identifies one complaint case, from receipt to closing, across reopens.
    ComplaintId
}

typed_id! {
    /// Identifies one command sent by the host, so that a retried command is recognised
    /// and not applied twice (X4).
    CommandId
}

typed_id! {
    /// Identifies one piece of feedback: a complaint, suggestion, praise, comment or
    /// question from anyone (FB1).
    FeedbackId
}

typed_id! {
    /// Identifies one improvement item, across all its plan-do-check-act cycles (FB2).
    ImprovementId
}
