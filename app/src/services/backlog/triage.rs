//! Triage of a proposal by the lead of its working group or the
//! secretariat: status along the workflow (non retenue with a reason,
//! fusionnée into the kept proposal, which takes over its supports), working
//! group and priority, the procedures it concerns, the meeting where it was
//! decided.
//!
//! Each change is checked against the version the person saw, so two leads
//! cannot overwrite each other silently; it is written with its timeline
//! event, its audit record and the e-mails to the submitting organisation
//! and the supporters, in one transaction.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};

use super::proposal_page::{by_reference, may_triage};
use super::submissions;
use crate::entities::{
    action, meeting, proposal, proposal_event, proposal_support, user, working_group,
};
use crate::model::{
    AppError, CurrentUser, Priority, ProposalEventKind, ProposalStatus, REASON_MAX,
};
use crate::services::accounts::audit::{self, Actor};
use crate::services::body::{actions, groups};
use crate::services::mail::emails;
use crate::services::mail::outbox;

/// Where the change comes from and where e-mails link to.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    pub user: &'a CurrentUser,
    pub public_url: String,
    pub ip: Option<String>,
    pub now: DateTime<Utc>,
}

/// A status change as typed on the proposal's page.
#[derive(Debug, Clone, Default)]
pub struct StatusChange {
    pub version: i32,
    /// A [`ProposalStatus`] code.
    pub status: String,
    pub reason: String,
    /// For "fusionnée": the reference of the proposal kept.
    pub kept: String,
}

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

pub(super) fn conflict() -> AppError {
    invalid("Cette proposition a été modifiée entre-temps par une autre personne : rechargez la page pour voir sa dernière version, puis refaites votre modification.")
}

/// The proposal, if `ctx.user` may triage it and saw its current version.
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
    if p.version != version {
        return Err(conflict());
    }
    Ok(p)
}

/// Writes `changes` if the row is still at `p.version`, and moves the version
/// on; a concurrent change that won meanwhile makes this one fail.
pub(super) async fn save(
    txn: &DatabaseTransaction,
    p: &proposal::Model,
    changes: Vec<(proposal::Column, sea_orm::sea_query::SimpleExpr)>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut update = proposal::Entity::update_many()
        .col_expr(
            proposal::Column::Version,
            Expr::col(proposal::Column::Version).add(1),
        )
        .col_expr(proposal::Column::UpdatedAt, Expr::value(now))
        .col_expr(proposal::Column::LastActivityAt, Expr::value(now));
    for (column, value) in changes {
        update = update.col_expr(column, value);
    }
    let result = update
        .filter(proposal::Column::Id.eq(p.id))
        .filter(proposal::Column::Version.eq(p.version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(conflict());
    }
    Ok(())
}

pub(super) struct Event {
    pub kind: ProposalEventKind,
    pub from: Option<ProposalStatus>,
    pub to: Option<ProposalStatus>,
    pub body: Option<String>,
    pub meeting_id: Option<i32>,
    pub related: Option<i32>,
}

impl Event {
    pub fn new(kind: ProposalEventKind) -> Self {
        Event {
            kind,
            from: None,
            to: None,
            body: None,
            meeting_id: None,
            related: None,
        }
    }
}

/// Writes `event` on `p`'s timeline; returns its id.
pub(super) async fn record(
    txn: &DatabaseTransaction,
    ctx: &Context<'_>,
    p: &proposal::Model,
    event: Event,
) -> Result<i32, AppError> {
    let recorded = proposal_event::ActiveModel {
        proposal_id: Set(p.id),
        kind: Set(event.kind),
        actor_user_id: Set(Some(ctx.user.id)),
        actor_organisation_id: Set(ctx.user.organisation_id),
        from_status: Set(event.from),
        to_status: Set(event.to),
        body: Set(event.body),
        internal: Set(false),
        meeting_id: Set(event.meeting_id),
        related_proposal_id: Set(event.related),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(recorded.id)
}

/// E-mails `what` to the active people of the submitting organisation and of
/// the supporting ones, but not to the person who made the change.
pub(super) async fn notify(
    txn: &DatabaseTransaction,
    ctx: &Context<'_>,
    p: &proposal::Model,
    what: &str,
) -> Result<(), AppError> {
    let mut organisations: HashSet<i32> = proposal_support::Entity::find()
        .filter(proposal_support::Column::ProposalId.eq(p.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| s.organisation_id)
        .collect();
    organisations.insert(p.organisation_id);
    let people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::OrganisationId.is_in(organisations))
        .filter(user::Column::Id.ne(ctx.user.id))
        .all(txn)
        .await?;
    let url = format!("{}/propositions/{}", ctx.public_url, p.reference);
    for person in people {
        outbox::enqueue(
            txn,
            emails::proposal_updated(
                &person.email,
                &person.name,
                &p.reference,
                &p.title,
                what,
                &url,
            ),
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn audit(
    txn: &DatabaseTransaction,
    ctx: &Context<'_>,
    p: &proposal::Model,
    kind: &str,
    detail: String,
) -> Result<(), AppError> {
    audit::record(
        txn,
        &Actor::of(ctx.user),
        kind,
        Some(("proposal", p.id)),
        ctx.ip.clone(),
        format!("{} : {detail}", p.reference),
    )
    .await?;
    Ok(())
}

/// Moves the proposal along the workflow.
pub async fn change_status(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
    change: StatusChange,
) -> Result<(), AppError> {
    let to = ProposalStatus::from_code(change.status.trim())
        .ok_or_else(|| invalid("Choisissez le nouveau statut dans la liste."))?;
    let reason = change.reason.trim().to_string();
    if reason.chars().count() > REASON_MAX {
        return Err(invalid(format!(
            "L'explication dépasse {REASON_MAX} caractères : raccourcissez-la."
        )));
    }
    let txn = db.begin().await?;
    let p = load(&txn, ctx, reference, change.version).await?;
    if !p.status.may_become(to) {
        return Err(invalid(format!(
            "Une proposition « {} » ne peut pas passer au statut « {} ».",
            p.status.label(),
            to.label()
        )));
    }
    let reason = (!reason.is_empty()).then_some(reason);
    if to == ProposalStatus::NonRetenue && reason.is_none() {
        return Err(invalid(
            "Expliquez pourquoi la proposition n'est pas retenue : cette raison est publiée.",
        ));
    }
    let kept = if to == ProposalStatus::Fusionnee {
        let kept = kept_proposal(&txn, &p, &change.kept).await?;
        // The kept proposal changes too (supports, timeline): it must be
        // one its author may triage as well.
        if !may_triage(ctx.user, &kept) {
            return Err(AppError::Forbidden);
        }
        Some(kept)
    } else {
        None
    };
    let mut changes = vec![
        (proposal::Column::Status, Expr::value(to.code())),
        (proposal::Column::StatusReason, Expr::value(reason.clone())),
    ];
    if let Some(kept) = &kept {
        changes.push((proposal::Column::MergedIntoId, Expr::value(kept.id)));
        changes.push((proposal::Column::SupportsCount, Expr::value(0)));
    }
    save(&txn, &p, changes, ctx.now).await?;
    let (kind, what) = match &kept {
        Some(kept) => {
            save(&txn, kept, Vec::new(), ctx.now).await?;
            move_supports(&txn, &p, kept).await?;
            record(
                &txn,
                ctx,
                kept,
                Event {
                    related: Some(p.id),
                    ..Event::new(ProposalEventKind::Absorbed)
                },
            )
            .await?;
            audit(
                &txn,
                ctx,
                kept,
                "proposal.absorbed",
                format!("{} y est fusionnée", p.reference),
            )
            .await?;
            notify(
                &txn,
                ctx,
                kept,
                &format!("{} y a été fusionnée", p.reference),
            )
            .await?;
            (
                ProposalEventKind::Merged,
                format!("fusionnée avec {}", kept.reference),
            )
        }
        None => (
            ProposalEventKind::StatusChanged,
            format!("statut « {} »", to.label()),
        ),
    };
    record(
        &txn,
        ctx,
        &p,
        Event {
            from: Some(p.status),
            to: Some(to),
            body: reason,
            related: kept.as_ref().map(|k| k.id),
            ..Event::new(kind)
        },
    )
    .await?;
    audit(
        &txn,
        ctx,
        &p,
        "proposal.status",
        format!("{} → {}", p.status.label(), to.label()),
    )
    .await?;
    notify(&txn, ctx, &p, &what).await?;
    txn.commit().await?;
    Ok(())
}

async fn kept_proposal(
    txn: &DatabaseTransaction,
    p: &proposal::Model,
    typed: &str,
) -> Result<proposal::Model, AppError> {
    let typed = typed.trim().to_uppercase();
    if typed.is_empty() {
        return Err(invalid(
            "Indiquez la référence de la proposition conservée (par exemple DA-2019-0042).",
        ));
    }
    let kept = proposal::Entity::find()
        .filter(proposal::Column::Reference.eq(typed.clone()))
        .one(txn)
        .await?
        .ok_or_else(|| {
            invalid(format!(
                "Aucune proposition ne porte la référence « {typed} »."
            ))
        })?;
    if kept.id == p.id {
        return Err(invalid(
            "Une proposition ne peut pas être fusionnée avec elle-même.",
        ));
    }
    if kept.status == ProposalStatus::Fusionnee {
        return Err(invalid(format!(
            "{} est elle-même fusionnée : choisissez la proposition finalement conservée.",
            kept.reference
        )));
    }
    if kept.status == ProposalStatus::Retiree {
        return Err(invalid(format!(
            "{} a été retirée par son organisation : elle ne peut pas être conservée.",
            kept.reference
        )));
    }
    Ok(kept)
}

/// The merged proposal's supporters now support the kept one (an
/// organisation that supports both, or that submitted the kept one, is
/// counted once).
async fn move_supports(
    txn: &DatabaseTransaction,
    merged: &proposal::Model,
    kept: &proposal::Model,
) -> Result<(), AppError> {
    let already: HashSet<i32> = proposal_support::Entity::find()
        .filter(proposal_support::Column::ProposalId.eq(kept.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| s.organisation_id)
        .chain([kept.organisation_id])
        .collect();
    let moving = proposal_support::Entity::find()
        .filter(proposal_support::Column::ProposalId.eq(merged.id))
        .all(txn)
        .await?;
    let mut moved = 0;
    for support in moving {
        if already.contains(&support.organisation_id) {
            proposal_support::Entity::delete_by_id(support.id)
                .exec(txn)
                .await?;
        } else {
            let mut active: proposal_support::ActiveModel = support.into();
            active.proposal_id = Set(kept.id);
            active.update(txn).await?;
            moved += 1;
        }
    }
    if moved > 0 {
        proposal::Entity::update_many()
            .col_expr(
                proposal::Column::SupportsCount,
                Expr::col(proposal::Column::SupportsCount).add(moved),
            )
            .filter(proposal::Column::Id.eq(kept.id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// The working group in charge and the priority, as typed (a group's slug
/// or empty; a [`Priority`] code or empty). An archived group takes no new
/// proposal, but a proposal may stay in it.
pub async fn assign(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
    version: i32,
    group: &str,
    priority: &str,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let p = load(&txn, ctx, reference, version).await?;
    let group = match group.trim() {
        "" => None,
        slug => Some(
            working_group::Entity::find()
                .filter(working_group::Column::Slug.eq(slug))
                .one(&txn)
                .await?
                .filter(|g| g.archived_at.is_none() || Some(g.id) == p.working_group_id)
                .ok_or_else(|| invalid("Choisissez le groupe de travail dans la liste."))?,
        ),
    };
    let priority = match priority.trim() {
        "" => None,
        code => Some(
            Priority::from_code(code)
                .ok_or_else(|| invalid("Choisissez la priorité dans la liste."))?,
        ),
    };
    let group_id = group.as_ref().map(|g| g.id);
    if group_id == p.working_group_id && priority == p.priority {
        return Err(invalid(
            "Rien n'a changé : choisissez un autre groupe ou une autre priorité.",
        ));
    }
    save(
        &txn,
        &p,
        vec![
            (proposal::Column::WorkingGroupId, Expr::value(group_id)),
            (
                proposal::Column::Priority,
                Expr::value(priority.map(|p| p.code())),
            ),
        ],
        ctx.now,
    )
    .await?;
    let mut said = Vec::new();
    if group_id != p.working_group_id {
        let label = group.as_ref().map(groups::label);
        record(
            &txn,
            ctx,
            &p,
            Event {
                body: label.clone(),
                ..Event::new(ProposalEventKind::Assigned)
            },
        )
        .await?;
        said.push(match label {
            Some(label) => format!("confiée au {label}"),
            None => "retirée de son groupe de travail".to_string(),
        });
    }
    if priority != p.priority {
        let label = priority.map(|p| p.label()).unwrap_or("aucune");
        record(
            &txn,
            ctx,
            &p,
            Event {
                body: Some(label.to_string()),
                ..Event::new(ProposalEventKind::PrioritySet)
            },
        )
        .await?;
        said.push(format!("priorité {}", label.to_lowercase()));
    }
    let what = said.join(", ");
    audit(&txn, ctx, &p, "proposal.assigned", what.clone()).await?;
    notify(&txn, ctx, &p, &what).await?;
    txn.commit().await?;
    Ok(())
}

/// The procedures the proposal concerns, as ticked (their slugs).
pub async fn change_procedures(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
    version: i32,
    slugs: &[String],
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let p = load(&txn, ctx, reference, version).await?;
    let linked = submissions::linked_procedures(&txn, p.id).await?;
    let chosen = submissions::procedures_of(&txn, slugs, &linked).await?;
    let change = submissions::relink_procedures(&txn, &p, &chosen).await?;
    if change.is_empty() {
        return Err(invalid(
            "Rien n'a changé : cochez ou décochez au moins une démarche.",
        ));
    }
    save(&txn, &p, Vec::new(), ctx.now).await?;
    let what = change.to_string();
    record(
        &txn,
        ctx,
        &p,
        Event {
            body: Some(what.clone()),
            ..Event::new(ProposalEventKind::ProceduresChanged)
        },
    )
    .await?;
    audit(&txn, ctx, &p, "proposal.procedures", what.clone()).await?;
    notify(&txn, ctx, &p, &format!("démarches modifiées ({what})")).await?;
    txn.commit().await?;
    Ok(())
}

/// Records the meeting where the proposal was examined (one of its group
/// or a plenary session), with a note.
pub async fn link_meeting(
    db: &impl TransactionTrait,
    ctx: &Context<'_>,
    reference: &str,
    version: i32,
    meeting_id: i32,
    note: &str,
) -> Result<(), AppError> {
    let note = note.trim();
    if note.chars().count() > REASON_MAX {
        return Err(invalid(format!(
            "La note dépasse {REASON_MAX} caractères : raccourcissez-la."
        )));
    }
    let txn = db.begin().await?;
    let p = load(&txn, ctx, reference, version).await?;
    let m = meeting::Entity::find_by_id(meeting_id)
        .one(&txn)
        .await?
        .ok_or_else(|| invalid("Choisissez la réunion dans la liste."))?;
    // The meeting must be one of the proposal's group, or a plenary
    // session: not another group's, which its author does not run.
    if m.working_group_id.is_some() && m.working_group_id != p.working_group_id {
        return Err(AppError::Forbidden);
    }
    save(
        &txn,
        &p,
        vec![(proposal::Column::MeetingId, Expr::value(m.id))],
        ctx.now,
    )
    .await?;
    record(
        &txn,
        ctx,
        &p,
        Event {
            body: (!note.is_empty()).then(|| note.to_string()),
            meeting_id: Some(m.id),
            ..Event::new(ProposalEventKind::MeetingLinked)
        },
    )
    .await?;
    let what = format!(
        "examinée en réunion ({})",
        crate::services::body::meetings::heading(&m)
    );
    audit(&txn, ctx, &p, "proposal.meeting", what.clone()).await?;
    notify(&txn, ctx, &p, &what).await?;
    txn.commit().await?;
    Ok(())
}

/// Records a follow-up action of a proposal, for the proposal's group (its
/// lead or an admin), optionally tied to the meeting that decided it.
pub async fn record_action(
    db: &DatabaseConnection,
    author: &CurrentUser,
    reference: &str,
    form: actions::ActionForm,
    public_url: &str,
    ip: Option<String>,
) -> Result<action::Model, AppError> {
    let p = by_reference(db, reference).await?;
    if !may_triage(author, &p) {
        return Err(AppError::Forbidden);
    }
    let due_on = actions::due_date(&form.due_on)?;
    actions::create(
        db,
        author,
        actions::NewAction {
            title: form.title,
            description: form.description,
            owner_user_id: actions::resolve_owner(db, &form.owner).await?,
            due_on,
            working_group_id: p.working_group_id,
            meeting_id: p.meeting_id,
            proposal_id: Some(p.id),
        },
        public_url,
        ip,
    )
    .await
}
