//! sea-orm entities, one per table. Relations are
//! resolved by services with batched look-ups, not by entity joins.

use sea_orm::{ActiveValue, DbErr};

pub mod action;
pub mod action_overdue_notice;
pub mod audit_event;
pub mod demo_row;
pub mod digest;
pub mod digest_item;
pub mod easy_read_text;
pub mod email_change;
pub mod indicator_import;
pub mod known_address;
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
pub mod plenary_snapshot;
pub mod plenary_snapshot_row;
pub mod procedure;
pub mod procedure_family;
pub mod procedure_indicator;
pub mod proposal;
pub mod proposal_event;
pub mod proposal_milestone;
pub mod proposal_procedure;
pub mod proposal_support;
pub mod proposal_version;
pub mod reference_counter;
pub mod representation;
pub mod setting;
pub mod test_campaign;
pub mod test_campaign_procedure;
pub mod throttle;
pub mod user;
pub mod user_token;
pub mod working_group;
pub mod working_group_member;

/// Keeps a Markdown text's HTML in step with it, for the entities that keep
/// both: when a row is written with its text set and its HTML not, the HTML
/// is rendered (off the async runtime) and written with it, whoever writes.
pub(crate) async fn keep_html_in_step(
    text: &ActiveValue<String>,
    html: &mut ActiveValue<Option<String>>,
) -> Result<(), DbErr> {
    if let (ActiveValue::Set(text), false) = (text, matches!(html, ActiveValue::Set(_))) {
        let rendered = crate::services::markdown::render(text.clone())
            .await
            .map_err(|error| DbErr::Custom(error.to_string()))?;
        *html = ActiveValue::Set(Some(rendered));
    }
    Ok(())
}
