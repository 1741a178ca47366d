//! Loads JSON as every type the crate stores or receives: the first byte picks the
//! type (`customer_care_fuzz::LOADED`), the rest is the JSON. Whatever loads must
//! survive a round trip unchanged (X3); nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((&kind, json)) = data.split_first() {
        customer_care_fuzz::load(kind, json);
    }
});
