#![no_main]

use libfuzzer_sys::fuzz_target;

// The same checks replay the checked-in corpus in `cargo test`.
#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::profile_import(data));
