//! Accounts: the people who sign in (invitation, roles, activation, their
//! corrections: name, position, organisation with its history, e-mail
//! address confirmed by a link), their sessions, passwords and single-use
//! links, the sign-in throttle, the audit journal every domain writes to,
//! and each person's choice of when they are told of new work. Uses
//! [`super::mail`].

pub mod audit;
pub mod notifications;
pub mod passwords;
pub mod people;
pub mod profiles;
pub mod sessions;
pub mod throttle;
pub mod tokens;
