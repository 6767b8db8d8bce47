//! The implementation of a decided proposal (« retenue » or « en cours »):
//! its progress figure and its milestones, kept by those who may triage it.
//! Each change moves the proposal's row (so its kept page parts are read
//! anew on every server) and is written with its timeline event, which the
//! Atom feed also carries, and its audit record, in one transaction.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

use super::proposal_page::{by_reference, may_triage};
use super::triage::{self, Context, Event};
use crate::entities::{proposal, proposal_milestone};
use crate::model::{one_line, AppError, ProposalEventKind};
use crate::services::format;

/// The longest milestone title.
pub const MILESTONE_TITLE_MAX: usize = 200;

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

/// The proposal, if `ctx.user` may triage it, it is being implemented and
/// it is still at the version the person saw.
async fn load(
    txn: &DatabaseTransaction,
    ctx: &Context<'_>,
    reference: &str,
    version: i32,
) -> Result<proposal::Model, AppError> {
    let p = by_reference(txn, reference).await?;
    if !may_triage(ctx.user, &p) {
        return Err(AppError::Forbidden);
    }
    if !p.status.is_implementing() {
        return Err(invalid(format!(
            "L'avancement ne se suit que pour une proposition « retenue » ou « en cours » ; celle-ci est « {} ».",
            p.status.label()
        )));
    }
    if p.version != version {
        return Err(triage::conflict());
    }
    Ok(p)
}

/// Writes the change on `p`'s row, its timeline and the audit log.
async fn write(
    txn: &DatabaseTransaction,
    ctx: &Context<'_>,
    p: &proposal::Model,
    changes: Vec<(proposal::Column, sea_orm::sea_query::SimpleExpr)>,
    what: String,
) -> Result<(), AppError> {
    triage::save(txn, p, changes, ctx.now).await?;
    triage::record(
        txn,
        ctx,
        p,
        Event {
            body: Some(what.clone()),
            ..Event::new(ProposalEventKind::ProgressChanged)
        },
    )
    .await?;
    triage::audit(txn, ctx, p, "proposal_progress", what).await
}

/// Sets the progress figure, typed as a whole percentage.
pub async fn set_progress(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
    version: i32,
    typed: &str,
) -> Result<(), AppError> {
    let percent = typed
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|percent| (0..=100).contains(percent))
        .ok_or_else(|| {
            invalid("Indiquez l'avancement en pourcentage, un nombre entier de 0 à 100.")
        })?;
    let txn = db.begin().await?;
    let p = load(&txn, ctx, reference, version).await?;
    write(
        &txn,
        ctx,
        &p,
        vec![(proposal::Column::Progress, Expr::value(percent))],
        format!("Avancement : {percent} %"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a milestone planned on the day typed (YYYY-MM-DD).
pub async fn add_milestone(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
    version: i32,
    title: &str,
    planned_on: &str,
) -> Result<(), AppError> {
    let title = one_line(title, "Le titre du jalon")?;
    if title.is_empty() {
        return Err(invalid("Donnez un titre au jalon."));
    }
    if title.chars().count() > MILESTONE_TITLE_MAX {
        return Err(invalid(format!(
            "Le titre du jalon dépasse {MILESTONE_TITLE_MAX} caractères : raccourcissez-le."
        )));
    }
    let planned_on = crate::model::day(planned_on, "la date prévue du jalon")?;
    let txn = db.begin().await?;
    let p = load(&txn, ctx, reference, version).await?;
    proposal_milestone::ActiveModel {
        proposal_id: Set(p.id),
        title: Set(title.to_string()),
        planned_on: Set(planned_on),
        done_on: Set(None),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write(
        &txn,
        ctx,
        &p,
        Vec::new(),
        format!("Jalon « {title} » prévu le {}", format::date(planned_on)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Marks milestone `id` of the proposal as reached on the day typed.
pub async fn complete_milestone(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
    version: i32,
    id: i32,
    done_on: &str,
) -> Result<(), AppError> {
    let done_on = crate::model::day(done_on, "la date à laquelle le jalon a été atteint")?;
    let txn = db.begin().await?;
    let p = load(&txn, ctx, reference, version).await?;
    let milestone = proposal_milestone::Entity::find_by_id(id)
        .filter(proposal_milestone::Column::ProposalId.eq(p.id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let title = milestone.title.clone();
    let mut changed: proposal_milestone::ActiveModel = milestone.into();
    changed.done_on = Set(Some(done_on));
    changed.update(&txn).await?;
    write(
        &txn,
        ctx,
        &p,
        Vec::new(),
        format!("Jalon « {title} » atteint le {}", format::date(done_on)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
