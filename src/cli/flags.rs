//! The library's parameter names → this program's flags.
//!
//! Library messages name parameters as the library spells them, in backticks
//! (`` `min_df` ``); this table turns them into the flags a user of the
//! command line types, once, where an error is printed (see
//! [`tahlil::error::spell_params`]).

/// Each library parameter and its flag.
const FLAGS: &[(&str, &str)] = &[
    ("alpha", "--alpha"),
    ("beta", "--beta"),
    ("burn_in", "--burn-in"),
    ("by", "--by"),
    ("chart", "--chart"),
    ("cut_distance", "--distance"),
    ("date_column", "--date-column"),
    ("dims", "--dims"),
    ("distance", "--metric"),
    ("group_by", "--group-by"),
    ("height", "--height"),
    ("holdout", "--holdout"),
    ("id_column", "--id-column"),
    ("iterations", "--iterations"),
    ("k", "--k"),
    ("k_max", "--k-max"),
    ("k_min", "--k-min"),
    ("lines", "--lines"),
    ("linkage", "--linkage"),
    ("lossy", "--lossy"),
    ("matrix_format", "--matrix-format"),
    ("max_df", "--max-df"),
    ("max_features", "--max-features"),
    ("max_iterations", "--max-iterations"),
    ("measure", "--measure"),
    ("metadata", "--metadata"),
    ("method", "--method"),
    ("min_df", "--min-df"),
    ("min_score", "--min-score"),
    ("min_token_length", "--min-token-length"),
    ("ngram_range", "--ngram-range"),
    ("optimize_beta", "--optimize-beta"),
    ("optimize_burn_in", "--optimize-burn-in"),
    ("optimize_interval", "--optimize-interval"),
    ("restarts", "--restarts"),
    ("runs", "--runs"),
    ("since", "--since"),
    ("size", "--size"),
    ("skip_bad_dates", "--skip-bad-dates"),
    ("stopwords", "--stopwords"),
    ("target", "--target"),
    ("text_column", "--text-column"),
    ("threads", "--threads"),
    ("tolerance", "--tolerance"),
    ("top_k", "--top-k"),
    ("top_terms", "--top-terms"),
    ("until", "--until"),
    ("where", "--where"),
    ("width", "--width"),
    ("window", "--window"),
];

/// Where a subcommand spells a parameter otherwise: `topics` has one
/// `--iterations` for LDA's sweeps and NMF's iteration limit.
const BY_COMMAND: &[(&str, &str, &str)] = &[("topics", "max_iterations", "--iterations")];

/// `message` in this program's words, for an error of `command`.
pub(crate) fn spell(command: &str, message: &str) -> String {
    tahlil::error::spell_params(message, |name| {
        BY_COMMAND
            .iter()
            .find(|&&(c, n, _)| c == command && n == name)
            .map(|&(_, _, flag)| flag)
            .or_else(|| FLAGS.iter().find(|&&(n, _)| n == name).map(|&(_, f)| f))
            .map(str::to_owned)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_names_become_flags() {
        let e = tahlil::ParamError::MinDfAboveMaxDf {
            min_df: 3.0,
            max_df: 2.0,
        };
        assert_eq!(
            spell("vectorize", &e.to_string()),
            "--min-df (3) is above --max-df (2): lower --min-df or raise --max-df"
        );
        let e = tahlil::ParamError::MaxIterations {
            name: "max_iterations",
            value: 0,
        };
        assert_eq!(
            spell("cluster", &e.to_string()),
            "--max-iterations must be at least 1"
        );
        assert_eq!(
            spell("topics", &e.to_string()),
            "--iterations must be at least 1"
        );
    }

    #[test]
    fn the_table_is_sorted_and_every_flag_is_a_flag() {
        assert!(FLAGS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(FLAGS.iter().all(|(_, f)| f.starts_with("--")));
    }
}
