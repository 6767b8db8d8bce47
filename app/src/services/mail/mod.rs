//! Mail: every e-mail is written to the outbox in the transaction of the
//! change that causes it, then delivered by the server's worker. This domain
//! offers the outbox, the layout of Écoute's French messages, the iCalendar
//! documents joined to convocations, and the notices that tell the people
//! who handle proposals of new work (at once or in digests, as each chose);
//! it needs no other domain.

pub mod digests;
pub mod emails;
pub mod ics;
pub mod notices;
pub mod outbox;
