//! What a proposal's own organisation corrects: its text and procedures,
//! while it is still « déposée » (every edit keeps the text it replaces, on
//! the timeline), and its withdrawal (status « retirée », with a reason that
//! is published; a proposal withdrawn before it was public stays hidden from
//! the public). The secretariat may do both for it.
//!
//! Each change is checked against the version the person saw, like triage,
//! and written with its timeline event, audit record and e-mails to the
//! organisation and the supporters, in one transaction.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, Set, TransactionTrait};

use super::proposal_page::{by_reference, editable, may_amend, withdrawable};
use super::submissions::{checked_text, linked_procedures, procedures_of, relink_procedures};
use super::triage::{audit, conflict, notify, record, save, Context, Event};
use crate::entities::{proposal, proposal_version};
use crate::model::{AppError, ProposalEventKind, ProposalStatus, REASON_MAX};
use crate::services::markdown;
use crate::services::search;

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

/// The edit form as typed.
#[derive(Debug, Clone, Default)]
pub struct Edit {
    pub version: i32,
    pub title: String,
    pub body: String,
    /// Slugs of the procedures concerned.
    pub procedures: Vec<String>,
}

/// Replaces the proposal's title, description and procedures; the text it
/// had is kept as a version, shown on the timeline with what changed.
pub async fn edit(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
    typed: Edit,
) -> Result<(), AppError> {
    let (title, body) = checked_text(&typed.title, &typed.body)?;
    let body_html = markdown::render_checked(body.to_string()).await?;
    let txn = db.begin().await?;
    let p = by_reference(&txn, reference).await?;
    if !may_amend(ctx.user, &p) {
        return Err(AppError::Forbidden);
    }
    if !editable(&p) {
        return Err(invalid(format!(
            "Une proposition ne se modifie que tant qu'elle est « déposée » ; celle-ci est « {} ». \
             Ajoutez plutôt un commentaire.",
            p.status.label()
        )));
    }
    if p.version != typed.version {
        return Err(conflict());
    }
    let linked = linked_procedures(&txn, p.id).await?;
    let chosen = procedures_of(&txn, &typed.procedures, &linked).await?;
    let procedures = relink_procedures(&txn, &p, &chosen).await?;
    let mut changed = Vec::new();
    if title != p.title {
        changed.push("titre".to_string());
    }
    if body != p.body {
        changed.push("description".to_string());
    }
    if !procedures.is_empty() {
        changed.push(format!("démarches ({procedures})"));
    }
    if changed.is_empty() {
        return Err(invalid(
            "Rien n'a changé : modifiez le titre, la description ou les démarches.",
        ));
    }
    search::remember(&txn, &[title, body]).await?;
    save(
        &txn,
        &p,
        vec![
            (proposal::Column::Title, Expr::value(title)),
            (proposal::Column::Body, Expr::value(body)),
            (proposal::Column::BodyHtml, Expr::value(body_html)),
            (
                proposal::Column::SearchText,
                Expr::value(search::document(&[title, body])),
            ),
            (
                proposal::Column::SearchTitle,
                Expr::value(search::document(&[title])),
            ),
        ],
        ctx.now,
    )
    .await?;
    let what = format!("Modifié : {}.", changed.join(", "));
    let event_id = record(
        &txn,
        ctx,
        &p,
        Event {
            body: Some(what.clone()),
            ..Event::new(ProposalEventKind::Edited)
        },
    )
    .await?;
    proposal_version::ActiveModel {
        proposal_id: Set(p.id),
        event_id: Set(event_id),
        title: Set(p.title.clone()),
        body: Set(p.body.clone()),
        procedures: Set(procedures.before.join("\n")),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit(&txn, ctx, &p, "proposal.edited", what.clone()).await?;
    notify(&txn, ctx, &p, "modifiée par son organisation").await?;
    txn.commit().await?;
    Ok(())
}

/// Withdraws the proposal (status « retirée »), for the reason given, which
/// is published with it.
pub async fn withdraw(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
    version: i32,
    reason: &str,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(invalid(
            "Expliquez pourquoi la proposition est retirée : cette raison est publiée avec elle.",
        ));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(invalid(format!(
            "L'explication dépasse {REASON_MAX} caractères : raccourcissez-la."
        )));
    }
    let txn = db.begin().await?;
    let p = by_reference(&txn, reference).await?;
    if !may_amend(ctx.user, &p) {
        return Err(AppError::Forbidden);
    }
    if p.version != version {
        return Err(conflict());
    }
    if !withdrawable(&p) {
        return Err(invalid(format!(
            "Une proposition « {} » ne peut plus être retirée.",
            p.status.label()
        )));
    }
    save(
        &txn,
        &p,
        vec![
            (
                proposal::Column::Status,
                Expr::value(ProposalStatus::Retiree.code()),
            ),
            (proposal::Column::StatusReason, Expr::value(reason)),
            (
                proposal::Column::WasPublic,
                Expr::value(p.status.is_public()),
            ),
        ],
        ctx.now,
    )
    .await?;
    record(
        &txn,
        ctx,
        &p,
        Event {
            from: Some(p.status),
            to: Some(ProposalStatus::Retiree),
            body: Some(reason.to_string()),
            ..Event::new(ProposalEventKind::StatusChanged)
        },
    )
    .await?;
    audit(
        &txn,
        ctx,
        &p,
        "proposal.withdrawn",
        format!(
            "{} → {} : {reason}",
            p.status.label(),
            ProposalStatus::Retiree.label()
        ),
    )
    .await?;
    notify(&txn, ctx, &p, "retirée par son organisation").await?;
    txn.commit().await?;
    Ok(())
}
