//! Refusals a program can read ([X7]).
//!
//! Every error type the crate defines is a [`Refusal`]: besides its message for people, it has a
//! stable snake_case [`code`](Refusal::code) and the id of the requirement whose rule
//! refused ([`rule`](Refusal::rule), one of the ids of `DOMAIN.md`, such as `CO3`). A
//! host in any language branches on the code, never on the English.
//!
//! With the `serde` feature every error serialises as one JSON object:
//!
//! ```json
//! {"code": "no_such_option", "rule": "CO3",
//!  "message": "option 4 was not offered; there are 2",
//!  "details": {"option": 4, "offered": 2}}
//! ```
//!
//! `details` holds the variant's fields under their own names, each in its own stored
//! form (ids as uuids, instants as RFC 3339, amounts as money); it is `{}` for a
//! refusal without fields. An error that wraps another (a complaint refused by an
//! empowerment rule, a stream whose decider refused) carries that one's code, rule and
//! details, with its own message (which may say more): a host meets each code with one
//! shape of details. The JSON Schema is `schemas/refusal.json`, and [`crate::refusal_codes`] lists
//! every code.
//!
//! Codes are stable: a code, once published, keeps its meaning; a new rule gets a new
//! code. The same code always comes with the same rule, whichever type carries it
//! (`blank`, `before_latest`, `not_allowed`…).
//!
//! [X7]: crate::requirements#X7

/// An error that says, for programs, which rule refused ([X7]).
///
/// [X7]: crate::requirements#X7
pub trait Refusal: std::error::Error {
    /// The stable snake_case code of the refusal, such as `approval_spent`.
    fn code(&self) -> &'static str;

    /// The id of the requirement whose rule refused, such as `EM3`.
    fn rule(&self) -> &'static str;
}

/// A refusal's own fields, as the `details` of its JSON form (feature `serde`): an
/// object of the variant's fields under their names, `{}` when it has none; for a
/// wrapper, those of the refusal it wraps.
#[cfg(feature = "serde")]
pub trait SerializeDetails {
    /// Writes the details object.
    fn serialize_details<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// A refusal's details on their own, to serialise (feature `serde`).
///
/// ```
/// use customer_care::complaint::ComplaintError;
/// use customer_care::refusal::Details;
///
/// let error = ComplaintError::NoSuchOption { option: 4, offered: 2 };
/// let details = serde_json::to_value(Details(&error))?;
/// assert_eq!(details, serde_json::json!({"option": 4, "offered": 2}));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[cfg(feature = "serde")]
#[derive(Debug, Clone, Copy)]
pub struct Details<'a, T>(pub &'a T);

#[cfg(feature = "serde")]
impl<T: SerializeDetails> serde::Serialize for Details<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_details(serializer)
    }
}

/// Writes `refusal` as `{"code", "rule", "message", "details"}`.
#[cfg(feature = "serde")]
pub(crate) fn serialize<T, S>(refusal: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Refusal + SerializeDetails,
    S: serde::Serializer,
{
    use serde::ser::SerializeStruct;
    let mut object = serializer.serialize_struct("Refusal", 4)?;
    object.serialize_field("code", refusal.code())?;
    object.serialize_field("rule", refusal.rule())?;
    object.serialize_field("message", &refusal.to_string())?;
    object.serialize_field("details", &Details(refusal))?;
    object.end()
}

/// Makes an error enum a [`Refusal`]: each variant with its fields, its code and its
/// rule, then the variants that wrap another refusal (which answer with that one's
/// code, rule and JSON form). The matches are exhaustive, so a new variant does not
/// compile until it has a code; `CODES` lists the type's own codes. An enum generic
/// over the refusal it wraps (`StreamError<E>`) names its parameter after the type.
macro_rules! refusals {
    ($error:ident $(<$inner:ident>)? {
        $($variant:ident { $($field:ident),* } => $code:literal, $rule:literal;)*
    } wraps { $($wrap:ident),* }) => {
        impl$(<$inner: $crate::refusal::Refusal>)? $crate::refusal::Refusal
            for $error$(<$inner>)?
        {
            fn code(&self) -> &'static str {
                match self {
                    $(Self::$wrap(inner) => $crate::refusal::Refusal::code(inner),)*
                    $(Self::$variant { .. } => $code,)*
                }
            }

            fn rule(&self) -> &'static str {
                match self {
                    $(Self::$wrap(inner) => $crate::refusal::Refusal::rule(inner),)*
                    $(Self::$variant { .. } => $rule,)*
                }
            }
        }

        impl$(<$inner>)? $error$(<$inner>)? {
            /// The codes of this type's own refusals ([X7]), in declaration order; those of
            /// the errors it wraps are theirs.
            ///
            /// [X7]: crate::requirements#X7
            pub const CODES: &'static [&'static str] = &[$($code),*];
        }

        #[cfg(feature = "serde")]
        impl$(<$inner>)? serde::Serialize for $error$(<$inner>)?
        where
            $($inner: $crate::refusal::Refusal + $crate::refusal::SerializeDetails
                + serde::Serialize,)?
        {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::refusal::serialize(self, serializer)
            }
        }

        #[cfg(feature = "serde")]
        impl$(<$inner>)? $crate::refusal::SerializeDetails for $error$(<$inner>)?
        where
            $($inner: $crate::refusal::SerializeDetails + serde::Serialize,)?
        {
            fn serialize_details<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                match self {
                    $(Self::$wrap(inner) => inner.serialize_details(serializer),)*
                    $(Self::$variant { $($field),* } => {
                        let fields: &[&str] = &[$(stringify!($field)),*];
                        #[allow(unused_mut)]
                        let mut map = serializer.serialize_map(Some(fields.len()))?;
                        $(map.serialize_entry(stringify!($field), $field)?;)*
                        map.end()
                    })*
                }
            }
        }
    };
}

pub(crate) use refusals;
