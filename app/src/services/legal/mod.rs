//! What every public site owes its readers and the people it knows: the
//! legal texts (accessibility statement, legal notice, personal data), which
//! the secretariat completes, each person's own data, exported, and the
//! erasure of a person on request. Reads the tables of every domain, and
//! uses [`super::accounts`] for the audit.

pub mod erasure;
pub mod export;
pub mod texts;
