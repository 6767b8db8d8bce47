//! Accounts: the people who sign in (invitation, roles, activation, their
//! corrections: name, position, organisation with its history, e-mail
//! address confirmed by a link), their sessions, passwords and single-use
//! links, the sign-in throttle, the audit journal every domain writes to,
//! each person's choice of when they are told of new work, and how long
//! what they leave behind is kept (retention). Uses [`super::mail`].

pub mod audit;
pub mod notifications;
pub mod passwords;
pub mod people;
pub mod profiles;
pub mod retention;
pub mod sessions;
pub mod throttle;
pub mod tokens;

/// Counters for the operators' metrics (server/src/metrics.rs).
pub const SIGN_IN_FAILURES: &str = "ecoute_sign_in_failures_total";
pub const SIGN_IN_THROTTLED: &str = "ecoute_sign_in_throttled_total";
