//! sea-orm entities, one per table. Relations are
//! resolved by services with batched look-ups, not by entity joins.

pub mod action;
pub mod action_overdue_notice;
pub mod audit_event;
pub mod digest;
pub mod digest_item;
pub mod email_change;
pub mod login_attempt;
pub mod login_session;
pub mod meeting;
pub mod meeting_guest;
pub mod meeting_invitation;
pub mod minutes;
pub mod minutes_revision;
pub mod notice_preference;
pub mod organisation;
pub mod organisation_period;
pub mod outbox_email;
pub mod procedure;
pub mod proposal;
pub mod proposal_event;
pub mod proposal_procedure;
pub mod proposal_support;
pub mod proposal_version;
pub mod reference_counter;
pub mod representation;
pub mod test_campaign;
pub mod test_campaign_procedure;
pub mod user;
pub mod user_token;
pub mod working_group;
pub mod working_group_member;
