//! The rules: what may be written and what follows from a write. Each module validates what
//! the caller entered, decides, and calls [`crate::queries`] for the SQL; the queries hold no
//! rule, and nothing in `queries` calls back into here.

pub mod conference;
pub mod part;
pub mod rollout;
pub mod task;
