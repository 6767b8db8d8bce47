//! What members do on a proposal besides submitting it: their organisation
//! supports it (once) or withdraws its support, and they comment; the
//! secretariat and the leads may comment internally (never shown to the
//! public nor to members). The lead of the proposal's group is told of each
//! new support and comment.

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};

use super::proposal_page::{by_reference, sees_internal};
use super::triage::Context;
use crate::entities::{
    organisation, proposal, proposal_event, proposal_support, user, working_group,
};
use crate::model::{AppError, ConstraintMeaning, CurrentUser, ProposalEventKind, COMMENT_MAX};
use crate::services::accounts::audit::{self, Actor};
use crate::services::mail::notices::{self, About, Notice};

/// The name of the person's organisation, if any.
async fn organisation_name(
    txn: &DatabaseTransaction,
    user: &CurrentUser,
) -> Result<Option<String>, AppError> {
    Ok(match user.organisation_id {
        Some(id) => organisation::Entity::find_by_id(id)
            .one(txn)
            .await?
            .map(|o| o.name),
        None => None,
    })
}

/// Tells the lead of `p`'s group, unless they did it themselves.
async fn tell_lead(
    txn: &DatabaseTransaction,
    ctx: &Context<'_>,
    p: &proposal::Model,
    notice: impl FnOnce(About<'_>) -> Notice,
) -> Result<(), AppError> {
    let Some(group) = p.working_group_id else {
        return Ok(());
    };
    let lead = working_group::Entity::find_by_id(group)
        .one(txn)
        .await?
        .and_then(|g| g.lead_user_id);
    let url = format!("{}/propositions/{}", ctx.public_url, p.reference);
    let notice = notice(About {
        id: p.id,
        reference: &p.reference,
        title: &p.title,
        url: &url,
    });
    notices::queue(
        txn,
        &notice,
        lead,
        Some(ctx.user.id),
        &ctx.public_url,
        ctx.now,
    )
    .await?;
    Ok(())
}

const ALREADY_SUPPORTED: &str = "Votre organisation soutient déjà cette proposition.";

/// The most comments a person may post in a minute: enough for a
/// discussion, too few to fill a page (a page past 1 MiB is not kept).
pub const COMMENTS_PER_MINUTE: u64 = 5;

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

async fn event(
    txn: &DatabaseTransaction,
    user: &CurrentUser,
    p: &proposal::Model,
    kind: ProposalEventKind,
    body: Option<String>,
    internal: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    proposal_event::ActiveModel {
        proposal_id: Set(p.id),
        kind: Set(kind),
        actor_user_id: Set(Some(user.id)),
        actor_organisation_id: Set(user.organisation_id),
        body: Set(body),
        internal: Set(internal),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Moves the supports count by `by` and marks the proposal active now.
async fn count_supports(
    txn: &DatabaseTransaction,
    p: &proposal::Model,
    by: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    proposal::Entity::update_many()
        .col_expr(
            proposal::Column::SupportsCount,
            Expr::col(proposal::Column::SupportsCount).add(by),
        )
        .col_expr(proposal::Column::LastActivityAt, Expr::value(now))
        .filter(proposal::Column::Id.eq(p.id))
        .exec(txn)
        .await?;
    Ok(())
}

/// The signed-in person's organisation supports the proposal.
pub async fn support(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
) -> Result<(), AppError> {
    let Context { user, now, .. } = *ctx;
    let organisation = user.organisation_id.ok_or_else(|| {
        invalid("Votre compte n'est rattaché à aucune organisation : il ne peut pas soutenir de proposition.")
    })?;
    let txn = db.begin().await?;
    let current = organisation::Entity::find_by_id(organisation)
        .one(&txn)
        .await?
        .is_some_and(|o| o.left_on.is_none());
    if !current {
        return Err(invalid(
            "L'adhésion de votre organisation à l'instance a pris fin : elle ne soutient plus de proposition.",
        ));
    }
    let p = by_reference(&txn, reference).await?;
    if p.organisation_id == organisation {
        return Err(invalid(
            "Cette proposition est celle de votre organisation : elle ne peut pas la soutenir.",
        ));
    }
    if p.status.is_closed() {
        return Err(invalid(format!(
            "Une proposition « {} » ne peut plus recevoir de soutien.",
            p.status.label()
        )));
    }
    let already = proposal_support::Entity::find()
        .filter(proposal_support::Column::ProposalId.eq(p.id))
        .filter(proposal_support::Column::OrganisationId.eq(organisation))
        .one(&txn)
        .await?;
    if already.is_some() {
        return Err(invalid(ALREADY_SUPPORTED));
    }
    proposal_support::ActiveModel {
        proposal_id: Set(p.id),
        organisation_id: Set(organisation),
        user_id: Set(Some(user.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .or_invalid(ALREADY_SUPPORTED)?;
    count_supports(&txn, &p, 1, now).await?;
    event(
        &txn,
        user,
        &p,
        ProposalEventKind::Supported,
        None,
        false,
        now,
    )
    .await?;
    audit::record(
        &txn,
        &Actor::of(user),
        "proposal.supported",
        Some(("proposal", p.id)),
        ctx.ip.clone(),
        p.reference.clone(),
    )
    .await?;
    let name = organisation_name(&txn, user)
        .await?
        .unwrap_or_else(|| user.name.clone());
    tell_lead(&txn, ctx, &p, |about| notices::supported(about, &name)).await?;
    txn.commit().await?;
    Ok(())
}

/// The signed-in person's organisation withdraws its support.
pub async fn withdraw(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
) -> Result<(), AppError> {
    let Context { user, now, .. } = *ctx;
    let txn = db.begin().await?;
    let p = by_reference(&txn, reference).await?;
    let support = match user.organisation_id {
        Some(organisation) => {
            proposal_support::Entity::find()
                .filter(proposal_support::Column::ProposalId.eq(p.id))
                .filter(proposal_support::Column::OrganisationId.eq(organisation))
                .one(&txn)
                .await?
        }
        None => None,
    }
    .ok_or_else(|| invalid("Votre organisation ne soutient pas cette proposition."))?;
    proposal_support::Entity::delete_by_id(support.id)
        .exec(&txn)
        .await?;
    count_supports(&txn, &p, -1, now).await?;
    event(
        &txn,
        user,
        &p,
        ProposalEventKind::SupportWithdrawn,
        None,
        false,
        now,
    )
    .await?;
    audit::record(
        &txn,
        &Actor::of(user),
        "proposal.support_withdrawn",
        Some(("proposal", p.id)),
        ctx.ip.clone(),
        p.reference.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A comment on the proposal's timeline; `internal` ones are for the
/// secretariat and the lead of the proposal's group only.
pub async fn comment(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
    body: &str,
    internal: bool,
) -> Result<(), AppError> {
    let Context { user, now, .. } = *ctx;
    let body = body.trim();
    if body.is_empty() {
        return Err(invalid("Écrivez votre commentaire avant de l'envoyer."));
    }
    if body.chars().count() > COMMENT_MAX {
        return Err(invalid(format!(
            "Le commentaire dépasse {COMMENT_MAX} caractères : raccourcissez-le."
        )));
    }
    let txn = db.begin().await?;
    let p = by_reference(&txn, reference).await?;
    if internal && !sees_internal(Some(user), &p) {
        return Err(AppError::Forbidden);
    }
    // Counted in the database, so that every server agrees: the person's
    // row is locked (PostgreSQL; SQLite writes one transaction at a time)
    // until this comment is written or refused.
    user::Entity::find_by_id(user.id)
        .lock_exclusive()
        .one(&txn)
        .await?;
    let recent = proposal_event::Entity::find()
        .filter(proposal_event::Column::ActorUserId.eq(user.id))
        .filter(proposal_event::Column::Kind.eq(ProposalEventKind::Comment))
        .filter(proposal_event::Column::CreatedAt.gt(now - Duration::minutes(1)))
        .count(&txn)
        .await?;
    if recent >= COMMENTS_PER_MINUTE {
        return Err(invalid(format!(
            "Vous avez publié {COMMENTS_PER_MINUTE} commentaires dans la dernière minute : \
             attendez un instant avant d'en publier un autre."
        )));
    }
    event(
        &txn,
        user,
        &p,
        ProposalEventKind::Comment,
        Some(body.to_string()),
        internal,
        now,
    )
    .await?;
    proposal::Entity::update_many()
        .col_expr(proposal::Column::LastActivityAt, Expr::value(now))
        .filter(proposal::Column::Id.eq(p.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &Actor::of(user),
        "proposal.commented",
        Some(("proposal", p.id)),
        ctx.ip.clone(),
        format!(
            "{}{}",
            p.reference,
            if internal { " (interne)" } else { "" }
        ),
    )
    .await?;
    let author = match organisation_name(&txn, user).await? {
        Some(organisation) => format!("{} ({organisation})", user.name),
        None => user.name.clone(),
    };
    tell_lead(&txn, ctx, &p, |about| {
        notices::commented(about, &author, body, internal)
    })
    .await?;
    txn.commit().await?;
    Ok(())
}
