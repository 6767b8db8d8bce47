//! Mail: every e-mail is written to the outbox in the transaction of the
//! change that causes it, then delivered by the server's worker. This domain
//! offers the outbox, the layout of Écoute's French messages and the
//! iCalendar documents joined to convocations; it needs no other domain.

pub mod emails;
pub mod ics;
pub mod outbox;
