//! The default corpus, embedded in the binary.
//!
//! Five Arabic news articles from 2017 on ISIS and al-Qaeda (see
//! `seeds/README.md`). Every command run without input analyses them, so
//! `tahlil vectorize --out out` works on a fresh install with no data.

/// The seeds' metadata: `id,date,date_basis,source,cites` (see `seeds/README.md`).
pub const METADATA: &str = include_str!("../seeds/metadata.csv");

/// `(id, text)` of each seed document; the id is the file stem.
pub const SEEDS: &[(&str, &str)] = &[
    (
        "000_8f3d4c0966bd4c89",
        include_str!("../seeds/000_8f3d4c0966bd4c89.txt"),
    ),
    (
        "001_4f56bcbfe1360681",
        include_str!("../seeds/001_4f56bcbfe1360681.txt"),
    ),
    (
        "002_bdcee222e9551d32",
        include_str!("../seeds/002_bdcee222e9551d32.txt"),
    ),
    (
        "003_d15ce51793b59504",
        include_str!("../seeds/003_d15ce51793b59504.txt"),
    ),
    (
        "004_13d98289a079afbf",
        include_str!("../seeds/004_13d98289a079afbf.txt"),
    ),
];
