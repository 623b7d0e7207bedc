//! The admin area's data and typed failures.

mod error;
mod views;

pub use error::AdminError;
pub use views::*;
