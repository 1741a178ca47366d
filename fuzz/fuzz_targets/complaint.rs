//! Random command sequences against the complaint decider, in a fixed shop whose complaint policy
//! (buffer, windows, reopen limit) comes from the input. Checks: see the fuzz crate's docs (X2, X3,
//! X4).
#![no_main]

use customer_care_fuzz::complaint::{Input, run};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: Input| {
    run(input);
});
