//! Server functions, one file per area. Each is thin: it checks access and
//! calls a service; rules live in the services.

pub mod account;
pub mod actions;
pub mod admin;
pub mod campaigns;
pub mod catalogue;
pub mod dashboard;
pub mod easy_read;
pub mod groups;
pub mod indicators;
pub mod instance;
pub mod legal;
pub mod meetings;
pub mod members;
pub mod procedures;
pub mod profiles;
pub mod proposals;
#[cfg(feature = "ssr")]
pub mod refused;
pub mod report;
pub mod search;
pub mod setup;
