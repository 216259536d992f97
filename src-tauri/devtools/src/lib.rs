//! # dondoc-devtools
//!
//! What tests, benchmarks and headless checks need and the office's app does not, kept out
//! of `dondoc-core` so the core holds the domain only:
//!
//! - [`recorder`]: a notification server on the session bus that records every notification
//!   (and can "click" it), for the reminder tests and `dondoc-cli notification-server`;
//! - [`bus`]: a private session bus with no service activation, for those tests;
//! - [`benchdata`]: the deterministic benchmark store behind `dondoc-cli bench`,
//!   `bench-data` and `crash`, and the core's tests at scale;
//! - [`damage`]: a store damaged as a failing disk would, for the damaged-store tests.
#![deny(missing_docs)]

pub mod benchdata;
pub mod bus;
pub mod damage;
pub mod recorder;
