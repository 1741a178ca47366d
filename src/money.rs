//! Money in integer minor units, with an ISO 4217 currency ([X6]).
//!
//! Remedy values, authority limits and goodwill thresholds are all [`Money`]. An amount is
//! a whole number of the currency's minor units (cents for `EUR`, yen for `JPY`), never a
//! float, and never negative: a refund or a limit below zero means nothing here, so the
//! type cannot hold one. Arithmetic is checked: adding two currencies, overflowing or
//! going below zero is a typed [`MoneyError`], never a silent wrap or a panic.
//!
//! ```
//! use customer_care::money::{Currency, Money, MoneyError};
//!
//! let eur: Currency = "EUR".parse()?;
//! let refund = Money::minor(2_500, eur);
//! let credit = Money::minor(750, eur);
//! assert_eq!(refund.checked_add(credit)?.to_string(), "32.50 EUR");
//!
//! let yen = Money::minor(500, Currency::JPY);
//! assert!(matches!(refund.checked_add(yen), Err(MoneyError::CurrencyMismatch { .. })));
//! assert!(matches!("XYZ".parse::<Currency>(), Err(MoneyError::UnknownCurrency { .. })));
//! # Ok::<(), MoneyError>(())
//! ```
//!
//! # JSON
//! A currency is its code, `"EUR"`; an amount is
//! `{"minor_units": 2500, "currency": "EUR"}`. Loading refuses unknown codes and negative
//! or fractional amounts.
//!
//! [X6]: crate::requirements#X6

use core::cmp::Ordering;
use core::fmt;
use core::str::FromStr;

/// Why an amount or a currency was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// The text is not an active ISO 4217 code (three upper-case letters from the list).
    #[error("unknown currency code `{code}`: expected an active ISO 4217 code such as `EUR`")]
    UnknownCurrency {
        /// The text that was given.
        code: String,
    },
    /// Two amounts in different currencies were combined or compared ([X6]).
    ///
    /// [X6]: crate::requirements#X6
    #[error("cannot combine {left} with {right}: amounts are in different currencies")]
    CurrencyMismatch {
        /// The currency of the left operand.
        left: Currency,
        /// The currency of the right operand.
        right: Currency,
    },
    /// The result does not fit in 64 bits of minor units.
    #[error("amount overflow: the result exceeds {max} minor units", max = u64::MAX)]
    Overflow,
    /// A text that is not an amount as [`Money`] writes one: `40.00 EUR`, `500 JPY` ([X6]).
    ///
    /// [X6]: crate::requirements#X6
    #[error(
        "`{text}` is not an amount: write the major units, the minor digits the currency has after a point, a space and the code, such as `40.00 EUR`"
    )]
    NotAnAmount {
        /// The text given.
        text: String,
    },
    /// The result would be below zero, and money here is never negative.
    #[error("amount below zero: cannot subtract {subtrahend} from {minuend}")]
    BelowZero {
        /// The amount subtracted from.
        minuend: Money,
        /// The larger amount that was subtracted.
        subtrahend: Money,
    },
}

crate::refusal::refusals! { MoneyError {
    UnknownCurrency { code } => "unknown_currency", "X6";
    CurrencyMismatch { left, right } => "currency_mismatch", "X6";
    Overflow {} => "overflow", "X6";
    NotAnAmount { text } => "not_an_amount", "X6";
    BelowZero { minuend, subtrahend } => "below_zero", "X6";
} wraps {  } }

/// The active ISO 4217 currencies (2025 list, funds and precious metals left out) with
/// their number of minor-unit digits, sorted by code for binary search.
#[rustfmt::skip]
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2), ("AFN", 2), ("ALL", 2), ("AMD", 2), ("AOA", 2), ("ARS", 2), ("AUD", 2),
    ("AWG", 2), ("AZN", 2), ("BAM", 2), ("BBD", 2), ("BDT", 2), ("BGN", 2), ("BHD", 3),
    ("BIF", 0), ("BMD", 2), ("BND", 2), ("BOB", 2), ("BRL", 2), ("BSD", 2), ("BTN", 2),
    ("BWP", 2), ("BYN", 2), ("BZD", 2), ("CAD", 2), ("CDF", 2), ("CHF", 2), ("CLP", 0),
    ("CNY", 2), ("COP", 2), ("CRC", 2), ("CUP", 2), ("CVE", 2), ("CZK", 2), ("DJF", 0),
    ("DKK", 2), ("DOP", 2), ("DZD", 2), ("EGP", 2), ("ERN", 2), ("ETB", 2), ("EUR", 2),
    ("FJD", 2), ("FKP", 2), ("GBP", 2), ("GEL", 2), ("GHS", 2), ("GIP", 2), ("GMD", 2),
    ("GNF", 0), ("GTQ", 2), ("GYD", 2), ("HKD", 2), ("HNL", 2), ("HTG", 2), ("HUF", 2),
    ("IDR", 2), ("ILS", 2), ("INR", 2), ("IQD", 3), ("IRR", 2), ("ISK", 0), ("JMD", 2),
    ("JOD", 3), ("JPY", 0), ("KES", 2), ("KGS", 2), ("KHR", 2), ("KMF", 0), ("KPW", 2),
    ("KRW", 0), ("KWD", 3), ("KYD", 2), ("KZT", 2), ("LAK", 2), ("LBP", 2), ("LKR", 2),
    ("LRD", 2), ("LSL", 2), ("LYD", 3), ("MAD", 2), ("MDL", 2), ("MGA", 2), ("MKD", 2),
    ("MMK", 2), ("MNT", 2), ("MOP", 2), ("MRU", 2), ("MUR", 2), ("MVR", 2), ("MWK", 2),
    ("MXN", 2), ("MYR", 2), ("MZN", 2), ("NAD", 2), ("NGN", 2), ("NIO", 2), ("NOK", 2),
    ("NPR", 2), ("NZD", 2), ("OMR", 3), ("PAB", 2), ("PEN", 2), ("PGK", 2), ("PHP", 2),
    ("PKR", 2), ("PLN", 2), ("PYG", 0), ("QAR", 2), ("RON", 2), ("RSD", 2), ("RUB", 2),
    ("RWF", 0), ("SAR", 2), ("SBD", 2), ("SCR", 2), ("SDG", 2), ("SEK", 2), ("SGD", 2),
    ("SHP", 2), ("SLE", 2), ("SOS", 2), ("SRD", 2), ("SSP", 2), ("STN", 2), ("SVC", 2),
    ("SYP", 2), ("SZL", 2), ("THB", 2), ("TJS", 2), ("TMT", 2), ("TND", 3), ("TOP", 2),
    ("TRY", 2), ("TTD", 2), ("TWD", 2), ("TZS", 2), ("UAH", 2), ("UGX", 0), ("USD", 2),
    ("UYU", 2), ("UZS", 2), ("VES", 2), ("VND", 0), ("VUV", 0), ("WST", 2), ("XAF", 0),
    ("XCD", 2), ("XCG", 2), ("XOF", 0), ("XPF", 0), ("YER", 2), ("ZAR", 2), ("ZMW", 2),
    ("ZWG", 2),
];

/// An active ISO 4217 currency, such as `EUR` or `COP`.
///
/// Only codes on the ISO list can be built, so every `Currency` knows how many
/// minor-unit digits it has. It is `Copy` and four bytes wide.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Currency {
    code: [u8; 3],
    minor_digits: u8,
}

/// A currency in JSON: one of the codes [`Currency::from_code`] knows.
#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Currency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Currency".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = CURRENCIES.iter().map(|(code, _)| *code).collect();
        schemars::json_schema!({
            "description": "An active ISO 4217 currency code.",
            "type": "string",
            "enum": codes,
        })
    }
}

impl Currency {
    /// The euro.
    pub const EUR: Currency = Currency::known(*b"EUR", 2);
    /// The United States dollar.
    pub const USD: Currency = Currency::known(*b"USD", 2);
    /// The pound sterling.
    pub const GBP: Currency = Currency::known(*b"GBP", 2);
    /// The Colombian peso.
    pub const COP: Currency = Currency::known(*b"COP", 2);
    /// The Mexican peso.
    pub const MXN: Currency = Currency::known(*b"MXN", 2);
    /// The Japanese yen, which has no minor unit.
    pub const JPY: Currency = Currency::known(*b"JPY", 0);

    const fn known(code: [u8; 3], minor_digits: u8) -> Self {
        Self { code, minor_digits }
    }

    /// Looks up an ISO 4217 code (three upper-case letters).
    ///
    /// # Errors
    /// [`MoneyError::UnknownCurrency`] when the code is not on the active ISO 4217 list.
    pub fn from_code(code: &str) -> Result<Self, MoneyError> {
        CURRENCIES
            .binary_search_by(|(c, _)| c.cmp(&code))
            .ok()
            .and_then(|i| CURRENCIES.get(i))
            .and_then(|&(c, digits)| {
                let bytes: [u8; 3] = c.as_bytes().try_into().ok()?;
                Some(Self::known(bytes, digits))
            })
            .ok_or_else(|| MoneyError::UnknownCurrency {
                code: code.to_owned(),
            })
    }

    /// The three-letter code, such as `"EUR"`.
    pub fn code(&self) -> &str {
        // Every Currency is built from an ASCII entry of the table.
        core::str::from_utf8(&self.code).unwrap_or("???")
    }

    /// How many digits of minor units the currency has: 2 for `EUR`, 0 for `JPY`, 3 for
    /// `KWD`.
    pub const fn minor_digits(&self) -> u8 {
        self.minor_digits
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = MoneyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_code(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;

    fn try_from(code: String) -> Result<Self, Self::Error> {
        Self::from_code(&code)
    }
}

impl From<Currency> for String {
    fn from(currency: Currency) -> Self {
        currency.code().to_owned()
    }
}

/// A non-negative amount of money: a count of minor units in one currency (X6).
///
/// Amounts in different currencies do not compare or add: use [`Money::checked_cmp`]
/// and [`Money::checked_add`], which say so with [`MoneyError::CurrencyMismatch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Money {
    minor_units: u64,
    currency: Currency,
}

impl Money {
    /// An amount of `minor_units` (cents, pence, yen…) of `currency`:
    /// `Money::minor(4_000, Currency::EUR)` is 40.00 EUR.
    pub const fn minor(minor_units: u64, currency: Currency) -> Self {
        Self {
            minor_units,
            currency,
        }
    }

    /// Nothing, in `currency`.
    pub const fn zero(currency: Currency) -> Self {
        Self::minor(0, currency)
    }

    /// The amount in minor units.
    pub const fn minor_units(&self) -> u64 {
        self.minor_units
    }

    /// The currency.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is zero.
    pub const fn is_zero(&self) -> bool {
        self.minor_units == 0
    }

    fn same_currency(&self, other: &Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            })
        }
    }

    /// The sum of two amounts in the same currency.
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`] for different currencies,
    /// [`MoneyError::Overflow`] past `u64::MAX` minor units.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        self.minor_units
            .checked_add(other.minor_units)
            .map(|sum| Money::minor(sum, self.currency))
            .ok_or(MoneyError::Overflow)
    }

    /// The difference of two amounts in the same currency.
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`] for different currencies,
    /// [`MoneyError::BelowZero`] when `other` is larger than `self`.
    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(&other)?;
        self.minor_units
            .checked_sub(other.minor_units)
            .map(|difference| Money::minor(difference, self.currency))
            .ok_or(MoneyError::BelowZero {
                minuend: self,
                subtrahend: other,
            })
    }

    /// Compares two amounts in the same currency.
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`] for different currencies: there is no exchange
    /// rate inside this crate.
    pub fn checked_cmp(&self, other: &Money) -> Result<Ordering, MoneyError> {
        self.same_currency(other)?;
        Ok(self.minor_units.cmp(&other.minor_units))
    }
}

impl fmt::Display for Money {
    /// Major units, a decimal point and the minor digits, then the code: `32.50 EUR`,
    /// `500 JPY`, `1.250 KWD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = u32::from(self.currency.minor_digits);
        let scale = 10_u64.pow(digits);
        let (major, minor) = (self.minor_units / scale, self.minor_units % scale);
        if digits == 0 {
            write!(f, "{major} {}", self.currency)
        } else {
            let width = digits as usize;
            write!(f, "{major}.{minor:0width$} {}", self.currency)
        }
    }
}

impl FromStr for Money {
    type Err = MoneyError;

    /// Reads an amount as [`Money`]'s `Display` writes it: the major units, then, for a
    /// currency with minor units, a point and exactly that many digits, a space and the
    /// code: `40.00 EUR`, `1.250 KWD`, `500 JPY`. Whole amounts may leave out the
    /// point: `40 EUR`. The major units have no leading zero (`0.50 EUR`, not
    /// `00.50 EUR`).
    ///
    /// # Errors
    /// [`MoneyError::NotAnAmount`] for any other text (a sign, a comma, missing or extra
    /// digits); [`MoneyError::UnknownCurrency`] for an unknown code;
    /// [`MoneyError::Overflow`] beyond `u64::MAX` minor units.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let not_an_amount = || MoneyError::NotAnAmount {
            text: text.to_owned(),
        };
        let (number, code) = text.rsplit_once(' ').ok_or_else(not_an_amount)?;
        let (major, minor) = match number.split_once('.') {
            Some((major, minor)) => (major, Some(minor)),
            None => (number, None),
        };
        let is_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        let leading_zero = major.len() > 1 && major.starts_with('0');
        if !is_digits(major) || leading_zero || minor.is_some_and(|minor| !is_digits(minor)) {
            return Err(not_an_amount());
        }
        let currency = Currency::from_code(code)?;
        if minor.is_some_and(|minor| minor.len() != usize::from(currency.minor_digits)) {
            return Err(not_an_amount());
        }
        let parse = |part: &str| part.parse::<u64>().map_err(|_| MoneyError::Overflow);
        let scale = 10_u64.pow(u32::from(currency.minor_digits));
        let minor_units = parse(major)?
            .checked_mul(scale)
            .and_then(|units| units.checked_add(minor.map_or(Ok(0), parse).ok()?))
            .ok_or(MoneyError::Overflow)?;
        Ok(Money::minor(minor_units, currency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn currency_table_is_sorted_unique_and_well_formed() {
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
        for (code, digits) in CURRENCIES {
            assert_eq!(code.len(), 3);
            assert!(code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(*digits <= 3);
        }
    }

    #[test]
    fn named_currency_constants_match_the_table() {
        for c in [
            Currency::EUR,
            Currency::USD,
            Currency::GBP,
            Currency::COP,
            Currency::MXN,
            Currency::JPY,
        ] {
            assert_eq!(Currency::from_code(c.code()), Ok(c));
        }
    }

    #[test]
    fn x6_unknown_or_lower_case_codes_are_refused() {
        for bad in ["", "EU", "EURO", "eur", "XYZ", "XAU", "€"] {
            assert_eq!(
                Currency::from_code(bad),
                Err(MoneyError::UnknownCurrency { code: bad.into() })
            );
        }
    }

    #[test]
    fn x6_display_uses_the_currency_minor_digits() {
        assert_eq!(Money::minor(3_250, Currency::EUR).to_string(), "32.50 EUR");
        assert_eq!(Money::minor(5, Currency::EUR).to_string(), "0.05 EUR");
        assert_eq!(Money::minor(500, Currency::JPY).to_string(), "500 JPY");
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(Money::minor(1_250, kwd).to_string(), "1.250 KWD");
    }

    #[test]
    fn x6_each_currency_knows_its_minor_digits_and_debugs_as_its_code() {
        let digits = |code| Currency::from_code(code).unwrap().minor_digits();
        assert_eq!([digits("EUR"), digits("JPY"), digits("KWD")], [2, 0, 3]);
        assert_eq!(format!("{:?}", Currency::COP), "Currency(COP)");
    }

    #[test]
    fn x6_mixing_currencies_is_a_typed_error() {
        let eur = Money::minor(1, Currency::EUR);
        let usd = Money::minor(1, Currency::USD);
        let mismatch = MoneyError::CurrencyMismatch {
            left: Currency::EUR,
            right: Currency::USD,
        };
        assert_eq!(eur.checked_add(usd), Err(mismatch.clone()));
        assert_eq!(eur.checked_sub(usd), Err(mismatch.clone()));
        assert_eq!(eur.checked_cmp(&usd), Err(mismatch));
    }

    #[test]
    fn x6_overflow_and_below_zero_are_typed_errors() {
        let max = Money::minor(u64::MAX, Currency::EUR);
        let one = Money::minor(1, Currency::EUR);
        assert_eq!(max.checked_add(one), Err(MoneyError::Overflow));
        assert_eq!(
            one.checked_sub(max),
            Err(MoneyError::BelowZero {
                minuend: one,
                subtrahend: max
            })
        );
    }

    proptest! {
        #[test]
        fn x6_add_then_sub_round_trips(a in 0..u64::MAX / 2, b in 0..u64::MAX / 2) {
            let (a, b) = (Money::minor(a, Currency::EUR), Money::minor(b, Currency::EUR));
            let sum = a.checked_add(b).unwrap();
            prop_assert_eq!(sum, b.checked_add(a).unwrap());
            prop_assert_eq!(sum.checked_sub(b).unwrap(), a);
            prop_assert_eq!(a.checked_cmp(&sum).unwrap(), if b.is_zero() { Ordering::Equal } else { Ordering::Less });
        }
    }

    #[test]
    fn x6_amounts_read_as_they_print() {
        let read = |text: &str| text.parse::<Money>();
        assert_eq!(read("40.00 EUR"), Ok(Money::minor(4_000, Currency::EUR)));
        assert_eq!(read("40 EUR"), Ok(Money::minor(4_000, Currency::EUR)));
        assert_eq!(read("0.05 EUR"), Ok(Money::minor(5, Currency::EUR)));
        assert_eq!(read("0 EUR"), Ok(Money::zero(Currency::EUR)));
        assert_eq!(read("500 JPY"), Ok(Money::minor(500, Currency::JPY)));
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(read("1.250 KWD"), Ok(Money::minor(1_250, kwd)));
        let max = Money::minor(u64::MAX, Currency::EUR);
        assert_eq!(read(&max.to_string()), Ok(max));
        for text in [
            "40.0 EUR",
            "40.000 EUR",
            "40,00 EUR",
            "-1.00 EUR",
            "+1.00 EUR",
            ".50 EUR",
            "40. EUR",
            "EUR",
            "40.00",
            "40.00EUR",
            "500.0 JPY",
            "4 0 EUR",
            "١٠ EUR",
            "007.50 EUR",
            "00 EUR",
            "abc xyz",
            "",
        ] {
            assert_eq!(
                read(text),
                Err(MoneyError::NotAnAmount {
                    text: text.to_owned()
                }),
                "{text}"
            );
        }
        assert!(matches!(
            read("40.00 eur"),
            Err(MoneyError::UnknownCurrency { .. })
        ));
        assert_eq!(read("184467440737095516.16 EUR"), Err(MoneyError::Overflow));
        assert_eq!(read("99999999999999999999 EUR"), Err(MoneyError::Overflow));
    }

    proptest! {
        #[test]
        fn x6_any_amount_reads_back_from_its_text(units: u64, index in 0..CURRENCIES.len()) {
            let currency = Currency::from_code(CURRENCIES[index].0).unwrap();
            let money = Money::minor(units, currency);
            prop_assert_eq!(money.to_string().parse::<Money>(), Ok(money));
        }
    }
}
