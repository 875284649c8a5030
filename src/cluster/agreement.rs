//! How well two clusterings of the same documents agree.
//!
//! The adjusted Rand index (Hubert and Arabie, 1985), as scikit-learn's
//! `adjusted_rand_score`: the share of document pairs that both clusterings
//! put together or both keep apart, corrected for chance, so that 1 means
//! the same partition (whatever the cluster numbers) and about 0 a random one.
//!
//! ```
//! use tahlil::cluster::adjusted_rand_index;
//!
//! assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
//! let ari = adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]);
//! assert!((ari - 0.5714285714285714).abs() < 1e-12);
//! ```

use std::collections::HashMap;

/// The adjusted Rand index of two labellings of the same documents (see the
/// notes at the top of `src/cluster/agreement.rs`). Two labellings that each put every document in one
/// cluster, or each in its own, agree fully (1), as scikit-learn has it.
///
/// # Panics
/// If the labellings differ in length.
pub fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    assert_eq!(a.len(), b.len(), "two labellings of the same documents");
    let pairs = |n: u64| n * n.saturating_sub(1) / 2;
    let mut cells: HashMap<(usize, usize), u64> = HashMap::new();
    let mut rows: HashMap<usize, u64> = HashMap::new();
    let mut cols: HashMap<usize, u64> = HashMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *cells.entry((x, y)).or_default() += 1;
        *rows.entry(x).or_default() += 1;
        *cols.entry(y).or_default() += 1;
    }
    let n = a.len() as u64;
    let index = cells.values().map(|&c| pairs(c)).sum::<u64>() as f64;
    let (sa, sb) = (
        rows.values().map(|&c| pairs(c)).sum::<u64>() as f64,
        cols.values().map(|&c| pairs(c)).sum::<u64>() as f64,
    );
    let expected = sa * sb / pairs(n).max(1) as f64;
    let max = (sa + sb) / 2.0;
    if max == expected {
        // Both trivial (one cluster, or all singletons): scikit-learn says 1.
        return 1.0;
    }
    (index - expected) / (max - expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values from scikit-learn 1.6.1's `adjusted_rand_score`.
    #[test]
    fn matches_scikit_learn() {
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 1]), 1.0);
        assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0);
        let close = |x: f64, y: f64| (x - y).abs() < 1e-12;
        assert!(close(
            adjusted_rand_index(&[0, 0, 1, 2], &[0, 0, 1, 1]),
            0.5714285714285714
        ));
        assert!(close(
            adjusted_rand_index(&[0, 0, 1, 1], &[0, 1, 0, 1]),
            -0.5
        ));
        assert!(close(
            adjusted_rand_index(&[0, 0, 0, 1, 1, 1, 2, 2, 2], &[0, 0, 1, 1, 1, 2, 2, 2, 2]),
            0.35714285714285715
        ));
        assert_eq!(adjusted_rand_index(&[0, 0, 0], &[5, 5, 5]), 1.0);
        assert_eq!(adjusted_rand_index(&[0, 1, 2], &[2, 0, 1]), 1.0);
    }
}
