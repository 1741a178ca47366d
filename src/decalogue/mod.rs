//! The ten principles of customer service ([DE1]), the audit that checks a case against
//! each of them ([DE2]), and the scorecard over many cases ([DE3]).
//!
//! Every principle has at least one concrete [`Rule`] a record can be checked against.
//! [`CaseAudit`] folds a complaint's events, one at a time or all at once, into a
//! [`Judgement`] per principle: pending until an event decides it, then upheld or
//! violated. Violated is final within a case: one failure fails the principle, however
//! well the rest went ([ME2]). Each judgement rests on a [`Finding`] that names the
//! principle, the rule and the evidence: the events, people, teams, cases or
//! improvement items that decided it. A [`Scorecard`] adds up the audits of many cases;
//! its grade is its weakest principle's compliance, not an average ([ME2], [DE3]), and
//! [`Goals`] ratchet up each period a goal is met ([ME4]).
//!
//! Each principle's judgement follows [`TRANSITIONS`]:
//!
//! ```mermaid
//! stateDiagram-v2
//!     [*] --> pending
//!     pending --> upheld : holds
//!     pending --> violated : breaks
//!     upheld --> upheld : holds
//!     upheld --> violated : breaks
//!     violated --> violated : holds, breaks
//! ```
//!
//! | # | Principle | Rule | Upheld by | Violated by |
//! |---|---|---|---|---|
//! | 1 | The customer comes first | [`Rule::AcknowledgedInTime`] | acknowledgement within the SLA's acknowledgement target | a late acknowledgement; withdrawal or referral past the target unacknowledged |
//! | 2 | Nothing is impossible | [`Rule::RefusedOnlyByManagers`] ([CO4]) | options offered; a manager's refusal with alternatives | a refusal by anyone below manager |
//! | 3 | Keep every promise | [`Rule::PromisesKept`] ([PR1]) | delivery kept or kept early | a late delivery; a promise marked broken |
//! | 4 | Give what the customer expects | [`Rule::ExpectationMet`] ([CU2], [CO8], [ME3]) | closing at met or exceeded | closing below expectation; the customer's word over the business's judgement |
//! | 5 | You make the difference | [`Rule::ActionsAttributable`] ([ST3]) | acknowledgement by a known member of staff | an event naming someone not in the directory |
//! | 6 | Fail once, fail all | [`Rule::RightFirstTime`] ([ME2]) | a closing after delivery with no step failed | a promise late or broken, an SLA clock breached, a reopening, a refusal without an accepted alternative |
//! | 7 | Unhappy staff, unhappy customers | [`Rule::TeamSatisfied`] ([ST5]) | the owner's team eNPS at or above the floor | an owner's team below the floor |
//! | 8 | The customer judges quality | [`Rule::CustomerSatisfied`] ([ME3]) | closing rated 4–5; unrated, a complete recovery ([RE2]) | closing rated 1–3; unrated, an incomplete recovery |
//! | 9 | There is always room to improve | [`Rule::RecurringThemeImproved`] ([ME4]) | the case's theme has an improvement item | the theme recurs and has none |
//! | 10 | One team for the customer | [`Rule::HandoffsRecorded`] ([CO6]) | acknowledgement; a handoff from the owner, with a reason | a handoff from someone else, to the same person, or without a reason |
//!
//! The audit judges what the record shows. A case driven through
//! [`crate::complaint::Complaint`] cannot break rules 2, 5 and 10, since the decider
//! refuses those commands; the audit still checks them, because records also come from
//! imports and other systems.
//!
//! Titles, summaries and findings read in English or Spanish ([`Language`]).
//!
//! ```
//! use customer_care::decalogue::{Language, Principle};
//!
//! let principle = Principle::try_from(3)?;
//! assert_eq!(principle, Principle::KeepPromises);
//! assert_eq!(principle.title(Language::English), "Keep every promise");
//! assert_eq!(principle.title(Language::Spanish), "Cumple lo que prometes");
//! assert_eq!(Principle::ALL.len(), 10);
//! # Ok::<(), customer_care::decalogue::AuditError>(())
//! ```
//!
//! [CU2]: crate::requirements#CU2
//! [ST3]: crate::requirements#ST3
//! [ST5]: crate::requirements#ST5
//! [CO4]: crate::requirements#CO4
//! [CO6]: crate::requirements#CO6
//! [CO8]: crate::requirements#CO8
//! [RE2]: crate::requirements#RE2
//! [PR1]: crate::requirements#PR1
//! [ME2]: crate::requirements#ME2
//! [ME3]: crate::requirements#ME3
//! [ME4]: crate::requirements#ME4
//! [DE1]: crate::requirements#DE1
//! [DE2]: crate::requirements#DE2
//! [DE3]: crate::requirements#DE3

mod audit;
mod scorecard;

pub use audit::{
    AuditContext, AuditError, CaseAudit, Evidence, Finding, Judgement, Rule, Ruling, TRANSITIONS,
    ThemeWatch,
};
pub use scorecard::{Goals, Grade, Line, Scorecard};

use core::fmt;

/// A language the principles and findings are written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Language {
    /// English.
    #[default]
    English,
    /// Spanish.
    Spanish,
}

/// One of the ten principles of customer service (DE1), numbered 1–10.
///
/// In JSON, its number: `3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "u8", into = "u8"))]
#[cfg_attr(feature = "schemars", schemars(extend("minimum" = 1, "maximum" = 10)))]
pub enum Principle {
    /// 1. The customer comes first.
    CustomerFirst = 1,
    /// 2. Nothing is impossible.
    NothingImpossible = 2,
    /// 3. Keep every promise.
    KeepPromises = 3,
    /// 4. Give the customer what they expect.
    GiveWhatIsExpected = 4,
    /// 5. You make the difference.
    YouMakeTheDifference = 5,
    /// 6. Fail once, fail all.
    FailOnceFailAll = 6,
    /// 7. Unhappy staff make unhappy customers.
    HappyStaff = 7,
    /// 8. The customer judges quality.
    CustomerJudges = 8,
    /// 9. There is always room to improve.
    AlwaysImprove = 9,
    /// 10. One team for the customer.
    OneTeam = 10,
}

impl Principle {
    /// The ten, in order.
    pub const ALL: [Principle; 10] = [
        Principle::CustomerFirst,
        Principle::NothingImpossible,
        Principle::KeepPromises,
        Principle::GiveWhatIsExpected,
        Principle::YouMakeTheDifference,
        Principle::FailOnceFailAll,
        Principle::HappyStaff,
        Principle::CustomerJudges,
        Principle::AlwaysImprove,
        Principle::OneTeam,
    ];

    /// Its number, 1–10.
    pub const fn number(self) -> u8 {
        self as u8
    }

    /// Its place in [`Principle::ALL`], 0–9.
    pub(crate) const fn index(self) -> usize {
        self as usize - 1
    }

    /// A short title.
    pub const fn title(self, language: Language) -> &'static str {
        let (english, spanish) = match self {
            Principle::CustomerFirst => ("The customer comes first", "El cliente, lo primero"),
            Principle::NothingImpossible => ("Nothing is impossible", "Nada es imposible"),
            Principle::KeepPromises => ("Keep every promise", "Cumple lo que prometes"),
            Principle::GiveWhatIsExpected => (
                "Give the customer what they expect",
                "Da al cliente lo que espera",
            ),
            Principle::YouMakeTheDifference => {
                ("You make the difference", "Tú marcas la diferencia")
            }
            Principle::FailOnceFailAll => {
                ("Fail once, fail all", "Fallar en algo es fallar en todo")
            }
            Principle::HappyStaff => (
                "Unhappy staff, unhappy customers",
                "Empleado insatisfecho, cliente insatisfecho",
            ),
            Principle::CustomerJudges => (
                "The customer judges quality",
                "La calidad la juzga el cliente",
            ),
            Principle::AlwaysImprove => (
                "There is always room to improve",
                "Siempre se puede mejorar",
            ),
            Principle::OneTeam => (
                "One team for the customer",
                "Un solo equipo para el cliente",
            ),
        };
        pick(language, english, spanish)
    }

    /// One paragraph on what the principle asks, in the crate's own words.
    pub const fn summary(self, language: Language) -> &'static str {
        let (english, spanish) = match self {
            Principle::CustomerFirst => (
                "Customers are the reason the service exists, so their needs set the order \
                 of work. A complaint goes ahead of internal chores, and the first thing it \
                 gets is a prompt acknowledgement from someone who takes it on.",
                "El servicio existe por sus clientes, y sus necesidades marcan el orden del \
                 trabajo. Una queja pasa por delante de las tareas internas, y lo primero \
                 que recibe es un acuse rápido de alguien que se hace cargo de ella.",
            ),
            Principle::NothingImpossible => (
                "A request that looks out of reach deserves effort and imagination before a \
                 no. The person facing the customer never closes the door alone; when a \
                 demand truly cannot be met, a manager decides so and puts another way \
                 forward on the table.",
                "Una petición que parece inalcanzable merece esfuerzo e ingenio antes que \
                 un no. Quien atiende al cliente nunca cierra la puerta por su cuenta; si \
                 algo de verdad no puede hacerse, lo decide un responsable y ofrece otro \
                 camino.",
            ),
            Principle::KeepPromises => (
                "Trust is earned one kept promise at a time and lost with a single broken \
                 one. Promise only what can be delivered, with room to spare, and deliver \
                 it by the date given.",
                "La confianza se gana promesa a promesa y se pierde con una sola rota. \
                 Promete solo lo que puedes cumplir, con margen, y entrégalo en la fecha \
                 dada.",
            ),
            Principle::GiveWhatIsExpected => (
                "Satisfaction comes from meeting what the customer expected, so ask what \
                 that is and write it down. Falling short of it is a failure whatever else \
                 went well; going beyond it is welcome.",
                "La satisfacción llega al cumplir lo que el cliente esperaba, así que hay \
                 que preguntarlo y anotarlo. Quedarse corto es un fallo aunque todo lo \
                 demás saliera bien; superarlo es bienvenido.",
            ),
            Principle::YouMakeTheDifference => (
                "To the customer, the person serving them is the company. Every action on \
                 a case carries the name of someone who answers for it, and good work is \
                 credited to whoever did it.",
                "Para el cliente, quien le atiende es la empresa. Cada acción sobre un caso \
                 lleva el nombre de alguien que responde por ella, y el buen trabajo se \
                 reconoce a quien lo hizo.",
            ),
            Principle::FailOnceFailAll => (
                "A case is as good as its weakest step: a fine product delivered late, or \
                 a fix that does not hold, undoes everything else. A case that has to be \
                 reopened failed, and scores take the minimum, never the average.",
                "Un caso vale lo que su paso más débil: un buen producto entregado tarde, o \
                 un arreglo que no aguanta, echa a perder todo lo demás. Un caso que hay \
                 que reabrir falló, y las notas toman el mínimo, nunca la media.",
            ),
            Principle::HappyStaff => (
                "Employees are the first customers of the business. A team that would not \
                 recommend its own workplace will struggle to delight anyone, so its \
                 satisfaction is measured and read beside the customers'.",
                "Los empleados son los primeros clientes del negocio. Un equipo que no \
                 recomendaría su propio lugar de trabajo difícilmente encantará a nadie, \
                 así que su satisfacción se mide y se lee junto a la de los clientes.",
            ),
            Principle::CustomerJudges => (
                "Internal indicators help, but the verdict that counts is the customer's. \
                 When the two disagree, the customer's word wins, and a customer left \
                 unsatisfied is a failure however good the figures look.",
                "Los indicadores internos ayudan, pero el veredicto que cuenta es el del \
                 cliente. Si no coinciden, gana la palabra del cliente, y un cliente \
                 insatisfecho es un fallo por buenas que parezcan las cifras.",
            ),
            Principle::AlwaysImprove => (
                "A goal reached becomes the floor of the next one. A problem that keeps \
                 coming back calls for a change in how the work is done, not only for \
                 fixing each case as it comes.",
                "Una meta alcanzada pasa a ser el suelo de la siguiente. Un problema que se \
                 repite pide cambiar la forma de trabajar, no solo arreglar cada caso según \
                 llega.",
            ),
            Principle::OneTeam => (
                "Anyone in the business may be needed to satisfy a customer, whatever their \
                 department. A case changes hands in the open, with a reason, and is never \
                 left without someone answering for it.",
                "Cualquiera en el negocio puede hacer falta para satisfacer a un cliente, \
                 sea cual sea su área. Un caso cambia de manos a la vista, con un motivo, y \
                 nunca se queda sin alguien que responda por él.",
            ),
        };
        pick(language, english, spanish)
    }
}

/// The text in `language`.
const fn pick(language: Language, english: &'static str, spanish: &'static str) -> &'static str {
    match language {
        Language::English => english,
        Language::Spanish => spanish,
    }
}

impl TryFrom<u8> for Principle {
    type Error = AuditError;

    /// # Errors
    /// [`AuditError::NoSuchPrinciple`] outside 1–10.
    fn try_from(number: u8) -> Result<Self, Self::Error> {
        Principle::ALL
            .into_iter()
            .find(|principle| principle.number() == number)
            .ok_or(AuditError::NoSuchPrinciple { number })
    }
}

impl From<Principle> for u8 {
    fn from(principle: Principle) -> Self {
        principle.number()
    }
}

impl fmt::Display for Principle {
    /// `3. Keep every promise`, in English; use [`Principle::title`] for Spanish.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}. {}", self.number(), self.title(Language::English))
    }
}
