#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| depot_fuzz::import_targets::run(data));
