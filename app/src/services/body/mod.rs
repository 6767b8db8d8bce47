//! The body itself: its identity, member organisations and their
//! membership, working groups and their seats, meetings (plenary sessions
//! and group meetings) with their convocations, invitees (guests by e-mail
//! too) and attendance, minutes, the follow-up actions decided in
//! meetings, and the « facile à lire et à comprendre » versions of its public
//! texts. Uses [`super::settings`], [`super::mail`] and [`super::accounts`].

pub mod actions;
pub mod easy_read;
pub mod groups;
pub mod identity;
pub mod invitees;
pub mod meetings;
pub mod membership;
pub mod minutes;
pub mod organisations;
pub mod snapshots;
