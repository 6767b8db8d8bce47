//! The backlog of improvement proposals: submission (also by the secretariat
//! for an organisation), lists with filters and French search, a proposal's
//! page, its organisation's corrections (edit, withdrawal), triage along the
//! workflow, supports and comments, exports (CSV, Atom), the procedure
//! catalogue (read, and kept by the secretariat), the procedures' quality
//! indicators (recorded and imported by the secretariat) and the user test
//! campaigns (the same). Uses [`super::mail`], [`super::accounts`] and [`super::body`].

pub mod amendments;
pub mod campaigns;
pub mod cards;
pub mod catalogue;
pub mod exports;
pub mod follow_up;
pub mod indicators;
pub mod list_index;
pub mod participation;
pub mod procedures;
pub mod progress;
pub mod proposal_page;
pub mod proposals;
pub mod submissions;
pub mod triage;
