//! The « Tableau de bord »: the person's own actions; for a lead, the
//! proposals of their groups awaiting triage (oldest first), the groups'
//! open actions and next meetings; for the secretariat the same across the
//! body, with the proposals no group has yet.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::entities::{meeting, proposal, working_group};
use crate::model::{
    AppError, BacklogFilters, CurrentUser, Dashboard, GroupFilter, HandlingWork, MeetingKind,
    MeetingStatus, ProposalStatus, SortKey, SortOrder, TriageQueue, TRIAGE_SHOWN,
};
use crate::services::backlog::cards::cards;
use crate::services::body::{actions, groups, meetings};

/// Meetings shown on the dashboard.
const MEETINGS_SHOWN: u64 = 5;
/// The statuses of a proposal awaiting triage.
const AWAITING: [ProposalStatus; 2] = [ProposalStatus::Deposee, ProposalStatus::EnInstruction];

/// The dashboard of `user` at `now`.
pub async fn dashboard(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    now: DateTime<Utc>,
) -> Result<Dashboard, AppError> {
    let handling = if user.is_admin() {
        Some(handling(db, user, None, now).await?)
    } else if !user.lead_of.is_empty() {
        Some(handling(db, user, Some(&user.lead_of), now).await?)
    } else {
        None
    };
    Ok(Dashboard {
        my_actions: actions::of_owner(db, user).await?,
        handling,
    })
}

/// The work of the groups `scope`, or of the whole body for None.
async fn handling(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    scope: Option<&[i32]>,
    now: DateTime<Utc>,
) -> Result<HandlingWork, AppError> {
    let mut in_scope = working_group::Entity::find().order_by_asc(working_group::Column::Number);
    if let Some(ids) = scope {
        in_scope = in_scope.filter(working_group::Column::Id.is_in(ids.iter().copied()));
    }
    let groups_in_scope = in_scope.all(db).await?;
    let mut queues = Vec::new();
    if scope.is_none() {
        queues.push(
            queue(
                db,
                proposal::Column::WorkingGroupId.is_null(),
                "Sans groupe de travail".to_string(),
                GroupFilter::Unassigned,
            )
            .await?,
        );
    }
    for group in &groups_in_scope {
        queues.push(
            queue(
                db,
                proposal::Column::WorkingGroupId.eq(group.id),
                groups::label(group),
                GroupFilter::Group(group.slug.clone()),
            )
            .await?,
        );
    }
    let mut upcoming = meeting::Entity::find()
        .filter(meeting::Column::StartsAt.gte(now))
        .filter(meeting::Column::Status.ne(MeetingStatus::Cancelled));
    if let Some(ids) = scope {
        upcoming = upcoming.filter(
            Condition::any()
                .add(meeting::Column::Kind.eq(MeetingKind::Plenary))
                .add(meeting::Column::WorkingGroupId.is_in(ids.iter().copied())),
        );
    }
    let upcoming = upcoming
        .order_by_asc(meeting::Column::StartsAt)
        .limit(MEETINGS_SHOWN)
        .all(db)
        .await?;
    let labels: HashMap<i32, String> = working_group::Entity::find()
        .filter(working_group::Column::Id.is_in(upcoming.iter().filter_map(|m| m.working_group_id)))
        .all(db)
        .await?
        .iter()
        .map(|g| (g.id, groups::label(g)))
        .collect();
    Ok(HandlingWork {
        queues,
        actions: actions::open_of_groups(db, Some(user), scope).await?,
        meetings: upcoming
            .iter()
            .map(|m| {
                let group = m.working_group_id.and_then(|id| labels.get(&id).cloned());
                meetings::card(m, group)
            })
            .collect(),
    })
}

/// The proposals of `group` awaiting triage, oldest first.
async fn queue(
    db: &impl ConnectionTrait,
    group: SimpleExpr,
    heading: String,
    filter: GroupFilter,
) -> Result<TriageQueue, AppError> {
    let awaiting = proposal::Entity::find()
        .filter(group)
        .filter(proposal::Column::Status.is_in(AWAITING));
    let total = awaiting.clone().count(db).await?;
    let oldest = awaiting
        .order_by_asc(proposal::Column::CreatedAt)
        .order_by_asc(proposal::Column::Id)
        .limit(TRIAGE_SHOWN);
    let links = AWAITING
        .iter()
        .map(|status| {
            let view = BacklogFilters {
                status: Some(*status),
                group: Some(filter.clone()),
                sort: SortKey::Submitted,
                order: SortOrder::Asc,
                ..BacklogFilters::default()
            };
            (
                format!("Toutes les propositions « {} »", status.label()),
                view.link("/propositions", 1),
            )
        })
        .collect();
    Ok(TriageQueue {
        heading,
        proposals: cards(db, oldest).await?,
        total,
        links,
    })
}
