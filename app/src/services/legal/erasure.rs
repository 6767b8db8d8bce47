//! Erasing a person on request (the right to erasure), by the secretariat:
//! their account, sessions, single-use links, pending e-mail changes, dated
//! representation history, known addresses, notice preferences, digests,
//! invitations, sign-in counters, the indicator files they were importing
//! and the e-mails addressed to them go. What they wrote on behalf of their organisation
//! stays, attributed to the organisation: every reference to them is
//! emptied, and their name, wherever a text quotes it, becomes « ancien
//! membre de <organisation> ». The audit keeps that an erasure happened,
//! without what was erased; its older lines about them lose their name,
//! address and IP.

use sea_orm::sea_query::{Expr, Func, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, TransactionTrait};

use crate::entities::{
    action, audit_event, demo_row, digest, digest_item, easy_read_text, email_change,
    indicator_import, known_address, login_session, meeting, meeting_guest, meeting_invitation,
    minutes, minutes_revision, notice_preference, organisation, outbox_email, procedure_indicator,
    proposal, proposal_event, proposal_milestone, proposal_support, proposal_version,
    representation, test_campaign, throttle, user, user_token, working_group,
};
use crate::model::{AppError, CurrentUser};
use crate::services::accounts::audit::{self, Actor};
use crate::services::mail::outbox::escape_html;
use crate::services::search;

/// What an erasure removed and changed, for the secretariat's message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    /// What now stands for the person: « ancien membre de … ».
    pub replaced_by: String,
}

/// Empties column `column` of `E` where it points to person `id`.
async fn unlink<E: EntityTrait>(
    db: &impl ConnectionTrait,
    column: E::Column,
    id: i32,
) -> Result<(), DbErr> {
    E::update_many()
        .col_expr(column, Expr::value(Option::<i32>::None))
        .filter(column.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Replaces `from` by `to` in the text column `column` of `E`.
async fn scrub<E: EntityTrait>(
    db: &impl ConnectionTrait,
    column: E::Column,
    from: &str,
    to: &str,
) -> Result<(), DbErr> {
    if from.trim().is_empty() {
        return Ok(());
    }
    let replaced: SimpleExpr = Func::cust("REPLACE")
        .arg(Expr::col(column))
        .arg(from)
        .arg(to)
        .into();
    E::update_many()
        .col_expr(column, replaced)
        .filter(column.contains(from))
        .exec(db)
        .await?;
    Ok(())
}

/// Replaces `from` by `to` in every text column that may quote a person.
async fn scrub_texts(db: &impl ConnectionTrait, from: &str, to: &str) -> Result<(), DbErr> {
    use audit_event::Column as Audit;
    use outbox_email::Column as Mail;
    scrub::<audit_event::Entity>(db, Audit::ActorLabel, from, to).await?;
    scrub::<audit_event::Entity>(db, Audit::Detail, from, to).await?;
    for column in [
        Mail::ToName,
        Mail::Subject,
        Mail::BodyText,
        Mail::BodyHtml,
        Mail::Ics,
    ] {
        scrub::<outbox_email::Entity>(db, column, from, to).await?;
    }
    scrub::<digest_item::Entity>(db, digest_item::Column::Line, from, to).await?;
    scrub::<proposal_event::Entity>(db, proposal_event::Column::Body, from, to).await?;
    scrub::<proposal_milestone::Entity>(db, proposal_milestone::Column::Title, from, to).await?;
    scrub::<meeting_invitation::Entity>(db, meeting_invitation::Column::RepresentedBy, from, to)
        .await?;
    scrub::<minutes_revision::Entity>(db, minutes_revision::Column::Body, from, to).await?;
    for column in [
        proposal_version::Column::Title,
        proposal_version::Column::Body,
    ] {
        scrub::<proposal_version::Entity>(db, column, from, to).await?;
    }
    scrub::<minutes::Entity>(db, minutes::Column::PublishedHtml, from, to).await?;
    for column in [
        meeting::Column::Title,
        meeting::Column::Agenda,
        meeting::Column::AgendaHtml,
    ] {
        scrub::<meeting::Entity>(db, column, from, to).await?;
    }
    for column in [action::Column::Title, action::Column::Description] {
        scrub::<action::Entity>(db, column, from, to).await?;
    }
    for column in [
        proposal::Column::Title,
        proposal::Column::Body,
        proposal::Column::BodyHtml,
        proposal::Column::StatusReason,
    ] {
        scrub::<proposal::Entity>(db, column, from, to).await?;
    }
    for column in [
        test_campaign::Column::Audience,
        test_campaign::Column::Findings,
        test_campaign::Column::FindingsHtml,
    ] {
        scrub::<test_campaign::Entity>(db, column, from, to).await?;
    }
    for column in [
        working_group::Column::Mandate,
        working_group::Column::MandateHtml,
    ] {
        scrub::<working_group::Entity>(db, column, from, to).await?;
    }
    scrub::<organisation::Entity>(db, organisation::Column::Description, from, to).await?;
    Ok(())
}

/// Erases person `user_id` (the secretariat only, never itself).
pub async fn erase(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    user_id: i32,
    ip: Option<String>,
) -> Result<Erased, AppError> {
    if !admin.is_admin() {
        return Err(AppError::Forbidden);
    }
    if admin.id == user_id {
        return Err(AppError::Invalid(
            "Vous ne pouvez pas effacer votre propre compte : demandez-le à une autre personne du secrétariat.".into(),
        ));
    }
    let txn = db.begin().await?;
    let person = user::Entity::find_by_id(user_id)
        .one(&txn)
        .await?
        .ok_or_else(|| {
            AppError::Invalid("Cette personne n'existe pas ou a déjà été effacée.".into())
        })?;
    let replaced_by = match person.organisation_id {
        Some(org) => match organisation::Entity::find_by_id(org).one(&txn).await? {
            Some(org) => format!("ancien membre de {}", org.name),
            None => "ancien membre".to_string(),
        },
        None => "ancien membre".to_string(),
    };
    let id = person.id;

    // What goes with the person.
    login_session::Entity::delete_many()
        .filter(login_session::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    user_token::Entity::delete_many()
        .filter(user_token::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    known_address::Entity::delete_many()
        .filter(known_address::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    notice_preference::Entity::delete_many()
        .filter(notice_preference::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    digest_item::Entity::delete_many()
        .filter(digest_item::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    digest::Entity::delete_many()
        .filter(digest::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    meeting_invitation::Entity::delete_many()
        .filter(meeting_invitation::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    throttle::Entity::delete_many()
        .filter(throttle::Column::Key.contains(&person.email))
        .exec(&txn)
        .await?;
    outbox_email::Entity::delete_many()
        .filter(outbox_email::Column::ToAddress.eq(&person.email))
        .exec(&txn)
        .await?;
    email_change::Entity::delete_many()
        .filter(email_change::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    representation::Entity::delete_many()
        .filter(representation::Column::UserId.eq(id))
        .exec(&txn)
        .await?;
    demo_row::Entity::delete_many()
        .filter(demo_row::Column::Entity.eq("users"))
        .filter(demo_row::Column::RowId.eq(id))
        .exec(&txn)
        .await?;

    // What stays, no longer pointing to them.
    unlink::<proposal::Entity>(&txn, proposal::Column::SubmittedBy, id).await?;
    unlink::<proposal_event::Entity>(&txn, proposal_event::Column::ActorUserId, id).await?;
    unlink::<proposal_support::Entity>(&txn, proposal_support::Column::UserId, id).await?;
    unlink::<minutes_revision::Entity>(&txn, minutes_revision::Column::AuthorId, id).await?;
    unlink::<minutes::Entity>(&txn, minutes::Column::PublishedBy, id).await?;
    unlink::<meeting::Entity>(&txn, meeting::Column::CreatedBy, id).await?;
    unlink::<action::Entity>(&txn, action::Column::OwnerUserId, id).await?;
    unlink::<working_group::Entity>(&txn, working_group::Column::LeadUserId, id).await?;
    unlink::<email_change::Entity>(&txn, email_change::Column::RequestedBy, id).await?;
    unlink::<meeting_guest::Entity>(&txn, meeting_guest::Column::InvitedBy, id).await?;
    unlink::<easy_read_text::Entity>(&txn, easy_read_text::Column::UpdatedBy, id).await?;
    unlink::<procedure_indicator::Entity>(&txn, procedure_indicator::Column::RecordedByUserId, id)
        .await?;
    indicator_import::Entity::delete_many()
        .filter(indicator_import::Column::StagedByUserId.eq(id))
        .exec(&txn)
        .await?;
    audit_event::Entity::update_many()
        .col_expr(
            audit_event::Column::ActorUserId,
            Expr::value(Option::<i32>::None),
        )
        .col_expr(
            audit_event::Column::ActorLabel,
            Expr::value(replaced_by.clone()),
        )
        .col_expr(audit_event::Column::Ip, Expr::value(Option::<String>::None))
        .filter(audit_event::Column::ActorUserId.eq(id))
        .exec(&txn)
        .await?;
    audit_event::Entity::update_many()
        .col_expr(
            audit_event::Column::TargetId,
            Expr::value(Option::<i32>::None),
        )
        .filter(audit_event::Column::TargetType.eq("user"))
        .filter(audit_event::Column::TargetId.eq(id))
        .exec(&txn)
        .await?;

    // Their name and address, wherever a text quotes them (minutes, the
    // body of a proposal or an e-mail, the journal), as text and as HTML.
    let mut pairs = vec![
        (person.email.clone(), "adresse effacée".to_string()),
        (person.name.clone(), replaced_by.clone()),
    ];
    let escaped = escape_html(&person.name);
    if escaped != person.name {
        pairs.push((escaped, escape_html(&replaced_by)));
    }
    for (from, to) in &pairs {
        scrub_texts(&txn, from, to).await?;
    }
    let (name, replaced) = (
        search::document(&[&person.name]),
        search::document(&[&replaced_by]),
    );
    scrub::<proposal::Entity>(&txn, proposal::Column::SearchText, &name, &replaced).await?;
    scrub::<proposal::Entity>(&txn, proposal::Column::SearchTitle, &name, &replaced).await?;
    scrub::<meeting::Entity>(&txn, meeting::Column::SearchText, &name, &replaced).await?;
    scrub::<minutes::Entity>(&txn, minutes::Column::SearchText, &name, &replaced).await?;
    search::forget(&txn, &person.name).await?;

    // Proposal pages keep their parts (names of people included) while the
    // proposal's row stays the same: moving every row's update time makes
    // each server read them anew, without her.
    proposal::Entity::update_many()
        .col_expr(proposal::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
        .exec(&txn)
        .await?;
    user::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "user.erased",
        None,
        ip,
        format!("Une personne effacée à sa demande, désormais « {replaced_by} »"),
    )
    .await?;
    txn.commit().await?;
    Ok(Erased { replaced_by })
}
