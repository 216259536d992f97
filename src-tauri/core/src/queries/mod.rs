//! SQL, one module per table or aggregate. Reads take `&Connection`, writes `&Transaction`,
//! so a caller always decides where a transaction begins and ends.

pub mod assignments;
pub mod attendees;
pub mod audit;
pub mod conference_search;
pub mod conferences;
pub mod coordination;
pub mod directives;
pub mod document_numbers;
pub mod evidence;
pub mod figures;
pub mod meta;
pub mod notices;
pub mod par;
pub mod par_tags;
pub mod people;
pub mod portal_page;
pub mod stats;
pub(crate) mod tally;
pub mod tasks;
pub mod unit_lookup;
pub mod units;
pub mod updates;
