//! The whole pipeline — load, lower, emit — on arbitrary bytes: it may
//! return an error, it must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = generator::fuzz_one(data);
});
