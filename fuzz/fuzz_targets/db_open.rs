#![no_main]

libfuzzer_sys::fuzz_target!(
    init: depot_fuzz::db_open::init(),
    |data: &[u8]| depot_fuzz::db_open::run(data)
);
