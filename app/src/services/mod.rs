//! Business rules and every database access. Services take a connection (or
//! a transaction) and plain arguments, so they are tested directly against
//! SQLite and PostgreSQL.

pub mod accounts;
pub mod actions;
pub mod audit;
pub mod campaigns;
pub mod demo;
pub mod emails;
pub mod exports;
pub mod format;
pub mod generator;
pub mod groups;
pub mod home;
pub mod ics;
pub mod markdown;
pub mod meetings;
pub mod members;
pub mod membership;
pub mod minutes;
pub mod outbox;
pub mod participation;
pub mod passwords;
pub mod procedures;
pub mod proposal_page;
pub mod proposals;
pub mod public_views;
pub mod search;
pub mod sessions;
pub mod statements;
pub mod submissions;
pub mod throttle;
pub mod tokens;
pub mod triage;
