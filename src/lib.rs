pub mod error;
pub mod filter;
pub mod input;
pub mod normalize;
pub mod pipeline;
pub mod seeds;
pub mod tokenize;

pub use error::{Error, ParamError, Result};
