//! The requirements the crate implements, by id, in its own words.
//!
//! The docs and the tests cite these ids: a doc comment names the rule its code
//! enforces, and most tests are named after the id they prove (`co4_…`). Each entry
//! says what the rule asks and where it lives.
//!
//! # Across the crate (X)
//!
//! - <span id="X1"></span>**X1 Pure.** No clock, randomness, I/O, global state or
//!   `unsafe`: the host passes every instant and id, and the same inputs give the same
//!   outputs. `clippy.toml` forbids the clock and printing.
//! - <span id="X2"></span>**X2 Refusals leave things as they were.** A refused command
//!   returns a typed error naming its rule and changes nothing; nothing panics, not even
//!   at chrono's range ends; every cost is linear (or n log n) in its input, with
//!   documented bounds on amounts from outside ([`crate::stream`]).
//! - <span id="X3"></span>**X3 Nothing impossible loads.** Every public type has a stable
//!   JSON shape, loading checks what the constructors check, a stored stream loads only
//!   if its decider could have written it, and [`EventStream::verify`] replays a history
//!   through the rules that need the organisation ([`crate::json`]).
//!
//!   [`EventStream::verify`]: crate::stream::EventStream::verify
//! - <span id="X4"></span>**X4 Event sourced.** State is the fold of numbered events; a
//!   command id makes a retry safe (and is refused with another command); an expected
//!   version refuses a stale writer ([`crate::stream`]).
//! - <span id="X5"></span>**X5 Tables as data.** Each state machine publishes its
//!   transitions, and the README's diagrams are drawn from them ([`crate::diagram`]).
//! - <span id="X6"></span>**X6 Money.** Integer minor units with an ISO 4217 currency,
//!   never a float; mixing currencies is an error ([`crate::money`]).
//! - <span id="X7"></span>**X7 Refusals programs can read.** Every error has a stable code
//!   and the id of its rule, and serialises as `{code, rule, message, details}`
//!   ([`crate::refusal`]).
//!
//! # Customers (CU)
//!
//! - <span id="CU1"></span>**CU1 Anyone may speak**: customers, employees, prospects,
//!   former customers, anyone else, named or not ([`crate::customer`]).
//! - <span id="CU2"></span>**CU2 What they expect** is recorded when they ask (what, by
//!   when), to judge the outcome later as below, met or exceeded.
//! - <span id="CU3"></span>**CU3 What they are entitled to** (the contract, plus a
//!   goodwill margin) is served without argument.
//! - <span id="CU4"></span>**CU4 Beyond the contract, a manager decides**, either way, and
//!   counts what the case already received; calling a customer abusive needs evidence.
//!
//! # Staff and empowerment (ST, EM)
//!
//! - <span id="ST1"></span>**ST1 A top-down hierarchy** of owner, managers, supervisors and
//!   frontline, every line leading up to an owner ([`crate::staff`]).
//! - <span id="ST2"></span>**ST2 Training records**, each with a completion and an optional
//!   expiry.
//! - <span id="ST3"></span>**ST3 Recognition**: praise, delighted ratings and kept promises
//!   are traced to a person.
//! - <span id="ST4"></span>**ST4 Conduct concerns** need evidence, repeated ones call for a
//!   review, and raising a problem is never one ([`crate::conduct`]).
//! - <span id="ST5"></span>**ST5 Staff are customers too**: eNPS per team
//!   ([`crate::metrics`]).
//! - <span id="EM1"></span>**EM1 Everyone may act** within their own authority without
//!   asking ([`crate::empowerment`]).
//! - <span id="EM2"></span>**EM2 Authority** is a limit per role or person, per remedy
//!   kind, per case, handed down the line and never above the giver's own.
//! - <span id="EM3"></span>**EM3 Escalation**: above one's authority only an approval from
//!   someone who holds enough lets a remedy through, valid in its organisation, for its
//!   request, while its approver still holds enough, once per case.
//! - <span id="EM4"></span>**EM4 Training** may be a condition of authority.
//! - <span id="EM5"></span>**EM5 Small gestures** below the goodwill threshold never need
//!   approval or proof.
//!
//! # Complaints (CO)
//!
//! - <span id="CO1"></span>**CO1 A named owner** acknowledges every complaint and takes
//!   responsibility ([`crate::complaint`]).
//! - <span id="CO2"></span>**CO2 No blame** reaches the customer: no message type has a
//!   field for fault, and texts naming a party the organisation never blames, or the
//!   root cause, are refused; the root cause stays inside.
//! - <span id="CO3"></span>**CO3 The customer chooses** among the options offered.
//! - <span id="CO4"></span>**CO4 Nothing is impossible**: only a manager refuses, and
//!   always with an alternative.
//! - <span id="CO5"></span>**CO5 Every message** has an instant and a dated next step, and
//!   is timely when it meets its SLA clock.
//! - <span id="CO6"></span>**CO6 Always owned**: handoffs record from whom, to whom and why.
//! - <span id="CO7"></span>**CO7 Reopening** within a window keeps the case; later, a new
//!   case follows the old one; many reopens go to a supervisor.
//! - <span id="CO8"></span>**CO8 The customer's verdict** is recorded at closing.
//!
//! # Resolutions and promises (RE, PR)
//!
//! - <span id="RE1"></span>**RE1 Remedies**, each with a value ([`crate::remedy`]).
//! - <span id="RE2"></span>**RE2 The packaged recovery**: owned, no blame, chosen by the
//!   customer, delivered by the promise, checkable on any case.
//! - <span id="PR1"></span>**PR1 A promise** records what, to whom, by when and the
//!   estimate, and is judged against the promised date from the customer's side
//!   ([`crate::promise`]).
//! - <span id="PR2"></span>**PR2 Promise little**: the promised date leaves a buffer after
//!   the estimate, and a choice or approval cannot make a promise already broken.
//!
//! # Calendars and SLA clocks (SL)
//!
//! - <span id="SL1"></span>**SL1 Business calendars** in a real time zone
//!   ([`crate::calendar`]).
//! - <span id="SL2"></span>**SL2 Business-time arithmetic** in time proportional to the
//!   weeks and exceptions spanned, not the minutes.
//! - <span id="SL3"></span>**SL3 SLA clocks** per priority, paused while waiting on the
//!   customer, answered only by customer-facing messages, on the terms in force at
//!   receipt ([`crate::sla`], [`crate::clocks`]).
//!
//! # Feedback and improvement (FB)
//!
//! - <span id="FB1"></span>**FB1 Feedback from anyone**, with its kind, channel and
//!   optional rating ([`crate::feedback`]).
//! - <span id="FB2"></span>**FB2 Plan, do, check, act**: feedback grouped into improvement
//!   items, adopted only when the measure improved ([`crate::feedback::improvement`]).
//! - <span id="FB3"></span>**FB3 Close the loop**: everyone identifiable behind an adopted
//!   change is owed a notice until it is sent.
//! - <span id="FB4"></span>**FB4 The weekly review**, a pure function of a period's
//!   records ([`crate::feedback::review`]).
//! - <span id="FB5"></span>**FB5 Customers heard** before a change that affects them.
//!
//! # Metrics (ME)
//!
//! - <span id="ME1"></span>**ME1 The measures** (CSAT, NPS, CES, eNPS, case times, rates),
//!   each with its formula ([`crate::metrics`]).
//! - <span id="ME2"></span>**ME2 Fail once, fail all**: a case is as good as its weakest
//!   step.
//! - <span id="ME3"></span>**ME3 The customer judges** where the measures disagree.
//! - <span id="ME4"></span>**ME4 Always improve**: a goal met becomes the next floor.
//!
//! # The ten principles (DE)
//!
//! - <span id="DE1"></span>**DE1 The principles**, numbered, titled and summarised in
//!   English and Spanish ([`crate::decalogue`]).
//! - <span id="DE2"></span>**DE2 The audit**: each principle judged on a case by a concrete
//!   rule, with the evidence.
//! - <span id="DE3"></span>**DE3 The scorecard**: compliance per principle, graded by the
//!   weakest.
//!
//! # Integration (IN)
//!
//! - <span id="IN1"></span>**IN1 Observed tickets**, in part: a complaint's status in the
//!   six words helpdesks share, and back ([`crate::helpdesk`]); mapping a helpdesk's
//!   ticket histories to complaint events is not built yet.
//! - <span id="IN6"></span>**IN6 Real stores**: the workspace's store crate (`stores/`,
//!   `customer-care-stores`) stores the complaint, the promise and the improvement
//!   cycle in PostgreSQL through esrs and through cqrs-es with postgres-es, with one
//!   adapter per framework over [`Decider`], tested against a server the tests start.
//!
//! IN2 to IN5 and IN7 (Zendesk and Zammad imports, the SLA agreement with a helpdesk's
//! own metrics, a command line, Python) are not built yet.
//!
//! [`Decider`]: crate::stream::Decider
