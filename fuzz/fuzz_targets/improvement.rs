//! Random command sequences against the improvement (plan-do-check-act) decider. Checks: see the fuzz crate's docs (X2, X3,
//! X4).
#![no_main]

use customer_care_fuzz::improvement::{Input, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: Input| {
    run(input);
});
