pub mod error;
pub mod filter;
pub mod input;
pub mod normalize;
pub mod pipeline;
pub mod seeds;
pub mod similarity;
pub mod tokenize;
pub mod vectorize;

pub use error::{Error, ParamError, Result};
pub mod io;
pub mod synth;
