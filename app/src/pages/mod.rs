//! One module per route area.

pub mod account;
pub mod admin;
pub mod campaigns;
pub mod catalogue;
pub mod dashboard;
pub mod groups;
pub mod home;
pub mod instance;
pub mod legal;
pub mod meetings;
pub mod members;
pub mod minutes;
pub mod not_found;
pub mod notifications;
pub mod procedures;
pub mod proposal;
pub mod proposals;
pub mod setup;
pub mod sign_in;
pub mod submission;
