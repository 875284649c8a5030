//! Keyword in context: every occurrence of a word or phrase with the words
//! around it, shown as written in the original text.
//!
//! Matching is on the pipeline's normalized words, so searching القاعدة finds
//! القاعدَة, الـقاعدة and القاعده alike; what is shown are the original bytes,
//! found through the normalizer's offset map.

use crate::error::{ParamError, Result};
use crate::filter::StopWords;
use crate::input::Document;
use crate::normalize::NormalizeOptions;
use crate::pipeline::{Pipeline, PipelineOptions};
use crate::segment::Clitics;

/// The pipeline that keyword-in-context matches and counts context with:
/// every token is a word (no stop words, no length limit), since context is
/// what a reader sees.
pub fn context_pipeline(normalize: NormalizeOptions, clitics: Clitics) -> Result<Pipeline> {
    Pipeline::new(PipelineOptions {
        normalize,
        min_token_length: 1,
        stopwords: StopWords::None,
        clitics,
        ..PipelineOptions::default()
    })
}

/// The words `term` is matched as (a phrase has several); a term with none
/// after normalization is an error naming it.
pub fn phrase(pipeline: &Pipeline, term: &str) -> Result<Vec<String>, ParamError> {
    let words: Vec<String> = pipeline
        .words_with_spans(term)
        .into_iter()
        .map(|w| w.word)
        .collect();
    if words.is_empty() {
        return Err(ParamError::SearchTerm(term.to_owned()));
    }
    Ok(words)
}

/// Where phrases occur across a corpus read end to end (a dispersion plot's data).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Occurrences {
    /// Per phrase, the corpus word offset of each occurrence's first word.
    pub hits: Vec<Vec<usize>>,
    /// Each document's id and the corpus offset of its first word.
    pub documents: Vec<(String, usize)>,
    /// Words in the corpus.
    pub total: usize,
}

/// Where each of `phrases` occurs in `docs`, counting words as `pipeline` does.
pub fn occurrences(
    pipeline: &Pipeline,
    docs: impl Iterator<Item = Result<Document>>,
    phrases: &[Vec<String>],
) -> Result<Occurrences> {
    let mut out = Occurrences {
        hits: vec![Vec::new(); phrases.len()],
        ..Occurrences::default()
    };
    for doc in docs {
        let doc = doc?;
        out.documents.push((doc.id.clone(), out.total));
        for (i, p) in phrases.iter().enumerate() {
            let total = out.total;
            out.hits[i].extend(
                kwic(pipeline, &doc.text, p, 0)
                    .iter()
                    .map(|h| total + h.word),
            );
        }
        out.total += pipeline.words_with_spans(&doc.text).len();
    }
    Ok(out)
}

/// One occurrence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hit {
    /// Position of the match's first word among the document's words (from 0).
    pub word: usize,
    /// Byte offset of the match in the original document.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// Up to `window` words before it, as written (from the first of them
    /// to the match).
    pub left: String,
    /// The match as written.
    pub keyword: String,
    /// Up to `window` words after it, as written.
    pub right: String,
}

/// Every occurrence in `text` of the word sequence `phrase` (words as the
/// `pipeline` produces them), with `window` words of context on each side.
/// Context words are counted among the pipeline's words, so use a pipeline
/// without stop words to count every word.
pub fn kwic(pipeline: &Pipeline, text: &str, phrase: &[String], window: usize) -> Vec<Hit> {
    let words = pipeline.words_with_spans(text);
    if phrase.is_empty() || words.len() < phrase.len() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for i in 0..=words.len() - phrase.len() {
        if !words[i..i + phrase.len()]
            .iter()
            .zip(phrase)
            .all(|(w, p)| &w.word == p)
        {
            continue;
        }
        let last = i + phrase.len() - 1;
        let (start, end) = (words[i].start, words[last].end);
        let from = words[i.saturating_sub(window)].start;
        let to = words[(last + window).min(words.len() - 1)].end;
        hits.push(Hit {
            word: i,
            start,
            end,
            left: text[from..start].trim().to_string(),
            keyword: text[start..end].to_string(),
            right: text[end..to].trim().to_string(),
        });
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::StopWords;
    use crate::pipeline::PipelineOptions;

    fn every_word() -> Pipeline {
        Pipeline::new(PipelineOptions {
            stopwords: StopWords::None,
            min_token_length: 1,
            ..PipelineOptions::default()
        })
        .unwrap()
    }

    fn phrase(p: &Pipeline, s: &str) -> Vec<String> {
        p.words_with_spans(s).into_iter().map(|w| w.word).collect()
    }

    #[test]
    fn matches_on_the_normalized_form_and_shows_the_original() {
        let p = every_word();
        let text = "قال إن الـقاعدَة في اليمن، ثم القاعده هناك";
        let hits = kwic(&p, text, &phrase(&p, "القاعدة"), 2);
        let shown: Vec<(&str, &str, &str)> = hits
            .iter()
            .map(|h| (h.left.as_str(), h.keyword.as_str(), h.right.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("قال إن", "الـقاعدَة", "في اليمن"),
                ("اليمن، ثم", "القاعده", "هناك")
            ]
        );
        assert_eq!(&text[hits[0].start..hits[0].end], "الـقاعدَة");
    }

    #[test]
    fn phrases_and_document_edges() {
        let p = every_word();
        let text = "تنظيم الدولة الإسلامية أعلن";
        let hits = kwic(&p, text, &phrase(&p, "الدولة الاسلامية"), 5);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (
                hits[0].left.as_str(),
                hits[0].keyword.as_str(),
                hits[0].right.as_str()
            ),
            ("تنظيم", "الدولة الإسلامية", "أعلن")
        );
        assert!(kwic(&p, text, &phrase(&p, "القاعدة"), 5).is_empty());
        assert!(kwic(&p, "", &phrase(&p, "القاعدة"), 5).is_empty());
    }
}
