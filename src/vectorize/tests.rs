use super::*;
use crate::filter::StopWords;
use crate::input::Document;

fn docs(texts: &[&str]) -> impl Iterator<Item = Result<Document>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Ok(Document::new(format!("d{i}"), (*t).to_owned())))
        .collect::<Vec<_>>()
        .into_iter()
}

fn bare() -> PipelineOptions {
    PipelineOptions {
        stopwords: StopWords::None,
        min_token_length: 1,
        ..Default::default()
    }
}

fn fit(texts: &[&str], o: VectorizerOptions) -> Result<(TfidfModel, Vectors)> {
    TfidfVectorizer::new(bare(), o)?.fit_transform(docs(texts), 2)
}

fn dense(v: &Vectors) -> Vec<Vec<f64>> {
    let m = &v.matrix;
    (0..m.rows())
        .map(|r| {
            (0..m.cols())
                .map(|c| m.get(r, c).copied().unwrap_or(0.0))
                .collect()
        })
        .collect()
}

fn assert_close(a: &[Vec<f64>], b: &[&[f64]]) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.len(), y.len());
        for (p, q) in x.iter().zip(y.iter()) {
            assert!((p - q).abs() < 1e-15, "{a:?} vs {b:?}");
        }
    }
}

/// d0 = "aa bb bb", d1 = "bb cc": smooth idf(aa) = idf(cc) = ln(3/2) + 1, idf(bb) = 1.
#[test]
fn tfidf_by_hand() {
    let (model, v) = fit(&["aa bb bb", "bb cc"], VectorizerOptions::default()).unwrap();
    assert_eq!(model.vocabulary, ["aa", "bb", "cc"]);
    assert_eq!(model.df, [1, 2, 1]);
    let idf = model.idf.clone().unwrap();
    assert_eq!(idf, [1.4054651081081644, 1.0, 1.4054651081081644]);
    assert_close(
        &dense(&v),
        &[
            &[0.5749618667993135, 0.8181802073667197, 0.0],
            &[0.0, 0.5797386715376657, 0.8148024746671689],
        ],
    );
    assert_eq!(v.tokens, [3, 2]);
}

#[test]
fn counts_without_idf_or_norm() {
    let o = VectorizerOptions {
        use_idf: false,
        norm: Norm::None,
        ..Default::default()
    };
    let (_, v) = fit(&["aa bb bb", "bb cc"], o).unwrap();
    assert_close(&dense(&v), &[&[1.0, 2.0, 0.0], &[0.0, 1.0, 1.0]]);
}

#[test]
fn sublinear_binary_and_plain_idf() {
    let o = VectorizerOptions {
        sublinear_tf: true,
        smooth_idf: false,
        norm: Norm::None,
        ..Default::default()
    };
    let (_, v) = fit(&["aa bb bb", "bb cc"], o).unwrap();
    let l2 = 2f64.ln() + 1.0;
    // idf(aa) = ln(2/1) + 1; idf(bb) = ln(2/2) + 1 = 1.
    assert_close(&dense(&v), &[&[l2, 2f64.ln() + 1.0, 0.0], &[0.0, 1.0, l2]]);
    let o = VectorizerOptions {
        binary: true,
        use_idf: false,
        norm: Norm::L1,
        ..Default::default()
    };
    let (_, v) = fit(&["aa bb bb", "bb cc"], o).unwrap();
    assert_close(&dense(&v), &[&[0.5, 0.5, 0.0], &[0.0, 0.5, 0.5]]);
}

#[test]
fn min_df_max_df_and_max_features() {
    let texts = ["aa bb cc", "aa bb", "aa dd dd dd", "ee"];
    let o = VectorizerOptions {
        min_df: DocFreq::Count(2),
        ..Default::default()
    };
    assert_eq!(fit(&texts, o).unwrap().0.vocabulary, ["aa", "bb"]);
    let o = VectorizerOptions {
        max_df: DocFreq::Fraction(0.5),
        ..Default::default()
    };
    assert_eq!(
        fit(&texts, o).unwrap().0.vocabulary,
        ["bb", "cc", "dd", "ee"]
    );
    // cf: aa 3, dd 3, bb 2, cc 1, ee 1: the tie aa/dd is kept whole, bb wins over nothing.
    let o = VectorizerOptions {
        max_features: Some(3),
        ..Default::default()
    };
    assert_eq!(fit(&texts, o).unwrap().0.vocabulary, ["aa", "bb", "dd"]);
    // Ties at the cut go to the earlier term: cc before ee.
    let o = VectorizerOptions {
        max_features: Some(4),
        ..Default::default()
    };
    assert_eq!(
        fit(&texts, o).unwrap().0.vocabulary,
        ["aa", "bb", "cc", "dd"]
    );
    // With binary, ranking is by document frequency: aa 3, bb 2, then cc/dd/ee 1.
    let o = VectorizerOptions {
        max_features: Some(3),
        binary: true,
        ..Default::default()
    };
    assert_eq!(fit(&texts, o).unwrap().0.vocabulary, ["aa", "bb", "cc"]);
}

/// A fit weighs rows as it assembles them (`fit_transform`) or from a
/// matrix of counts (`fit_counts`): both give the same model and vectors,
/// whatever is pruned.
#[test]
fn both_ways_of_fitting_agree() {
    let texts = ["aa bb cc", "aa bb", "aa dd dd dd", "ee"];
    for o in [
        VectorizerOptions::default(),
        VectorizerOptions {
            min_df: DocFreq::Count(2),
            ..Default::default()
        },
        VectorizerOptions {
            max_features: Some(3),
            ..Default::default()
        },
        VectorizerOptions {
            max_features: Some(3),
            binary: true,
            sublinear_tf: true,
            ..Default::default()
        },
    ] {
        let v = TfidfVectorizer::new(bare(), o.clone()).unwrap();
        let (model, vectors) = v.fit_transform(docs(&texts), 2).unwrap();
        let counts = count_terms(docs(&texts), v.pipeline(), None, 2).unwrap();
        let (model_c, vectors_c) = v.fit_counts(counts).unwrap();
        assert_eq!(model.vocabulary, model_c.vocabulary, "{o:?}");
        assert_eq!(model.idf, model_c.idf, "{o:?}");
        assert_eq!(dense(&vectors), dense(&vectors_c), "{o:?}");
    }
}

#[test]
fn pruning_everything_says_which_option_to_change() {
    let o = VectorizerOptions {
        min_df: DocFreq::Count(3),
        ..Default::default()
    };
    let err = fit(&["aa", "bb", "cc"], o).unwrap_err().to_string();
    assert!(
        err.contains("no terms remain") && err.contains("lower `min_df`"),
        "{err}"
    );
    let o = VectorizerOptions {
        min_df: DocFreq::Fraction(0.9),
        max_df: DocFreq::Count(1),
        ..Default::default()
    };
    let err = fit(&["aa", "bb"], o).unwrap_err().to_string();
    assert!(err.contains("above `max_df`"), "{err}");
}

#[test]
fn empty_corpus_and_empty_vocabulary() {
    let err = fit(&[], VectorizerOptions::default()).unwrap_err();
    assert!(matches!(err, Error::EmptyCorpus(_)), "{err}");
    let err = fit(&["، . ؟"], VectorizerOptions::default()).unwrap_err();
    assert!(matches!(err, Error::EmptyVocabulary(_)), "{err}");
}

#[test]
fn model_round_trips_and_transforms_into_same_columns() {
    let (model, v) = fit(&["aa bb bb", "bb cc"], VectorizerOptions::default()).unwrap();
    let json = serde_json::to_string(&model).unwrap();
    let back: TfidfModel = serde_json::from_str(&json).unwrap();
    assert_eq!(back, model);
    back.validate("m.json").unwrap();
    let again = back.transform(docs(&["aa bb bb", "bb cc zz"]), 1).unwrap();
    assert_eq!(again.matrix, v.matrix, "unknown terms are ignored");
}

#[test]
fn model_json_is_serde_jsons_bytes_on_any_pool() {
    // write_json formats the long lists in blocks of 2^15 on the pool: with
    // three blocks, strings JSON escapes, Arabic, and floats of every form,
    // it must write what the derived Serialize writes.
    let (mut model, _) = fit(&["aa bb bb", "bb cc"], VectorizerOptions::default()).unwrap();
    let n = 70_000;
    let mut terms: Vec<String> = (0..n).map(|j| format!("كلمة{j}")).collect();
    terms.extend([
        "a\"b".into(),
        "tab\there".into(),
        "back\\slash".into(),
        "\u{1}".into(),
        "\u{1f}\u{7f}".into(),
    ]);
    terms.sort();
    model.vocabulary = TermList::new();
    for t in &terms {
        model.vocabulary.push(t);
    }
    // Small dfs repeat, with other idfs than before (each must be written
    // as it is, not as the last idf of its df), and large ones do not.
    model.df = (0..terms.len() as u64)
        .map(|j| if j % 2 == 0 { j * 7919 } else { j % 5 })
        .collect();
    let odd = [0.1, 1e-7, 1e21, 2.0, 1.0 / 3.0, 123456.789, 5e-324];
    model.idf = Some(
        (0..terms.len())
            .map(|j| odd[j % odd.len()] * (1 + j) as f64)
            .collect(),
    );
    for idf in [model.idf.clone(), None] {
        model.idf = idf;
        let mut want = serde_json::to_vec(&model).unwrap();
        want.push(b'\n');
        for threads in [1, 2, 3] {
            let mut got = Vec::new();
            crate::parallel::with_threads(threads, || model.write_json(&mut got))
                .unwrap()
                .unwrap();
            assert!(
                got == want,
                "{threads} threads, idf {}",
                model.idf.is_some()
            );
        }
    }
}

#[test]
fn same_output_for_any_thread_count() {
    let texts: Vec<String> = crate::seeds::SEEDS
        .iter()
        .flat_map(|(_, t)| t.lines().map(str::to_owned))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
    let (m1, v1) = v.fit_transform(docs(&refs), 1).unwrap();
    for threads in [2, 3, 8] {
        let (m, vt) = v.fit_transform(docs(&refs), threads).unwrap();
        assert_eq!(m, m1);
        assert_eq!(vt.matrix, v1.matrix);
        assert_eq!(vt.tokens, v1.tokens);
    }
}

/// Word n-grams up to 4 words are counted as word-id sequences, longer ones by
/// their text: both paths must give the same terms and counts.
#[test]
fn word_id_and_string_ngram_paths_agree() {
    let texts: Vec<&str> = crate::seeds::SEEDS.iter().map(|s| s.1).collect();
    let o = VectorizerOptions {
        use_idf: false,
        norm: Norm::None,
        ..Default::default()
    };
    let fit_range = |range| {
        let p = PipelineOptions {
            ngram_range: range,
            ..Default::default()
        };
        TfidfVectorizer::new(p, o.clone())
            .unwrap()
            .fit_transform(docs(&texts), 2)
            .unwrap()
    };
    let (m4, v4) = fit_range((2, 4)); // word ids
    let (m5, v5) = fit_range((2, 5)); // strings
    let keep: Vec<usize> = (0..m5.vocabulary.len())
        .filter(|&j| m5.vocabulary[j].matches(' ').count() < 4)
        .collect();
    let restricted: Vec<&str> = keep.iter().map(|&j| &m5.vocabulary[j]).collect();
    assert_eq!(m4.vocabulary.iter().collect::<Vec<_>>(), restricted);
    for r in 0..texts.len() {
        for (k, &j) in keep.iter().enumerate() {
            assert_eq!(
                v4.matrix.get(r, k),
                v5.matrix.get(r, j),
                "{}",
                &m5.vocabulary[j]
            );
        }
    }
}

/// Regression guard for the chunk cache: counting caches the words of each
/// space-separated chunk, which is only right if no normalization or
/// tokenization step reaches across a space. Random text built from the
/// characters that stress those steps (combining marks that compose or
/// reorder, deletions that expose a composition, NFKC expansions that
/// produce spaces, presentation forms, punctuation, upper case) must count
/// exactly as the pipeline's own `terms` on the whole text.
#[test]
fn chunked_counting_matches_the_pipeline_on_adversarial_text() {
    use rand::{Rng, SeedableRng};
    use std::collections::BTreeMap;
    let pool: Vec<&str> = vec![
        " ",
        " ",
        " ",
        "  ",
        "\t",
        "ب",
        "ت",
        "ال",
        "ا",
        "ة",
        "ى",
        "أ",
        "\u{0627}\u{0654}",
        "\u{064E}",
        "\u{0651}",
        "\u{0653}",
        "\u{0655}",
        "\u{0640}",
        "\u{200B}",
        "\u{200C}",
        "\u{FEFB}",
        "\u{FCF2}",
        "\u{00A0}",
        "\u{00A8}",
        "\u{3000}",
        "e",
        "E",
        "\u{0301}",
        "\u{0130}",
        "٣",
        "،",
        ".",
        "داعش",
        "القاعدة",
        "في",
        "من",
        "x\u{200B}\u{0301}",
        // Clitics: one token, several words (split), and tokens met again
        // in chunks of other punctuation (the counter keeps each token's words).
        "والقاعدة",
        "بداعش،",
        "(وبالقاعدة)",
    ];
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
    let texts: Vec<String> = (0..300)
        .map(|_| {
            (0..rng.gen_range(0..40))
                .map(|_| pool[rng.gen_range(0..pool.len())])
                .collect()
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    use crate::segment::Clitics;
    let cases = [crate::filter::Stem::None, crate::filter::Stem::Light]
        .into_iter()
        .flat_map(|stem| [Clitics::Drop, Clitics::Split].map(|c| (stem, c)));
    for (stem, clitics) in cases {
        for range in [(1, 1), (1, 2), (2, 3)] {
            let options = PipelineOptions {
                ngram_range: range,
                stem,
                clitics,
                min_token_length: 1,
                ..Default::default()
            };
            let pipeline = Pipeline::new(options).unwrap();
            let counts = count_terms(docs(&refs), &pipeline, None, 2).unwrap();
            let mut scratch = crate::pipeline::Scratch::default();
            for (r, text) in refs.iter().enumerate() {
                let mut want: BTreeMap<String, u32> = BTreeMap::new();
                let words = pipeline.terms(text, &mut scratch, |t| {
                    *want.entry(t.to_owned()).or_default() += 1
                });
                let row = counts.indptr[r]..counts.indptr[r + 1];
                let got: BTreeMap<String, u32> = counts.indices[row.clone()]
                    .iter()
                    .zip(&counts.counts[row])
                    .map(|(&j, &c)| (counts.terms[j as usize].to_owned(), c))
                    .collect();
                assert_eq!(got, want, "{stem:?} {clitics:?} {range:?} {text:?}");
                assert_eq!(counts.tokens[r], words as u64, "{text:?}");
            }
        }
    }
}

/// N-gram keys pack each word's rank in as few bits as the vocabulary needs:
/// four words of a 70,000-word vocabulary (17 bits each) overflow a `u64`,
/// so the merge sorts `u128` keys. Both widths must count exactly as the
/// pipeline's own `terms` on each text.
#[test]
fn ngrams_over_a_vocabulary_too_wide_for_u64_keys() {
    use std::collections::BTreeMap;
    let words: Vec<String> = (0..70_000u32)
        .map(|i| {
            // Distinct four-letter words, in no particular order.
            let mut x = (i * 7919) % 26u32.pow(4);
            (0..4)
                .map(|_| {
                    let c = char::from(b'a' + (x % 26) as u8);
                    x /= 26;
                    c
                })
                .collect()
        })
        .collect();
    let texts: Vec<String> = words.chunks(50).map(|c| c.join(" ")).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    for range in [(1, 4), (3, 4), (1, 2)] {
        let pipeline = Pipeline::new(PipelineOptions {
            ngram_range: range,
            ..bare()
        })
        .unwrap();
        let counts = count_terms(docs(&refs), &pipeline, None, 2).unwrap();
        let mut scratch = crate::pipeline::Scratch::default();
        let mut want: BTreeMap<String, Vec<(usize, u32)>> = BTreeMap::new();
        for (r, text) in refs.iter().enumerate() {
            let mut row: BTreeMap<String, u32> = BTreeMap::new();
            pipeline.terms(text, &mut scratch, |t| {
                *row.entry(t.to_owned()).or_default() += 1
            });
            for (t, c) in row {
                want.entry(t).or_default().push((r, c));
            }
        }
        let terms: Vec<&String> = want.keys().collect();
        assert_eq!(counts.terms.iter().collect::<Vec<_>>(), terms, "{range:?}");
        let mut got: Vec<Vec<(usize, u32)>> = vec![Vec::new(); counts.terms.len()];
        for r in 0..refs.len() {
            for k in counts.indptr[r]..counts.indptr[r + 1] {
                got[counts.indices[k] as usize].push((r, counts.counts[k]));
            }
        }
        assert!(want.values().eq(got.iter()), "{range:?}");
    }
}

/// The thread count a caller passes holds for the whole call (see
/// `crate::parallel`): every parallel step of a fit or a transform runs on a
/// pool of that many threads, whatever pool the caller is on.
#[test]
fn every_step_runs_on_the_threads_asked_for() {
    let texts: Vec<&str> = crate::seeds::SEEDS.iter().map(|s| s.1).collect();
    let v = TfidfVectorizer::new(PipelineOptions::default(), VectorizerOptions::default()).unwrap();
    for (caller, threads) in [(4, 1), (1, 3), (2, 2)] {
        crate::with_threads(caller, || {
            use crate::parallel::probe;
            let sink = probe::start();
            let (model, _) = v.fit_transform(docs(&texts), threads).unwrap();
            // The document frequencies from the workers' rows, then the
            // assembly that weighs each row.
            assert_eq!(probe::take(&sink), [threads, threads], "fit");
            model.transform(docs(&texts), threads).unwrap();
            assert_eq!(probe::take(&sink), [threads, threads], "transform");
            probe::set(None);
        });
    }
}

#[test]
fn idf_looked_up_by_df_is_the_formula_for_every_df() {
    // Small dfs come from a table, a df over 2^16 from the formula itself:
    // the same bits either way, smoothed or not.
    let n = 1 << 20;
    let df = [1, 2, 1, 65_536, 65_537, 1 << 20, 3];
    for smooth_idf in [true, false] {
        let o = VectorizerOptions {
            smooth_idf,
            ..VectorizerOptions::default()
        };
        let s = u64::from(smooth_idf);
        let want: Vec<f64> = df
            .iter()
            .map(|&d| ((n + s) as f64 / (d + s) as f64).ln() + 1.0)
            .collect();
        let got = idf(&o, n, &df).unwrap();
        assert!(got
            .iter()
            .zip(&want)
            .all(|(a, b)| a.to_bits() == b.to_bits()));
    }
    let off = VectorizerOptions {
        use_idf: false,
        ..VectorizerOptions::default()
    };
    assert_eq!(idf(&off, n, &df), None);
}
