//! Topics: topic models and their coherence.
//!
//! * [`coherence`]: NPMI over sliding windows (gensim's `c_npmi`) and UMass
//!   (gensim's `u_mass`) of topics given as word lists;
//! * [`lda`]: latent Dirichlet allocation by collapsed Gibbs sampling.
//!
//! ```
//! use tahlil::topics::coherence::{c_npmi, u_mass};
//!
//! let texts = vec![vec!["a", "b", "c"], vec!["a", "b"], vec!["c", "d"]];
//! let topics = vec![vec!["a", "b"], vec!["a", "d"]];
//! let npmi = c_npmi(&texts, &topics, 10);
//! assert!(npmi[0] > npmi[1]);
//! let umass = u_mass(&texts, &topics);
//! assert!(umass[0] > umass[1]);
//! ```

pub mod coherence;
pub mod lda;
