use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{actions, format, markdown};
use crate::entities::{meeting, organisation, proposal, user, working_group, working_group_member};
use crate::model::{
    AppError, Choice, CurrentUser, GroupAdmin, GroupDetail, GroupMember, PersonOption,
    ProposalStatus, Role, Seat, WorkingGroupCard,
};

/// Statuses of a proposal still being worked on by its group.
pub const OPEN_STATUSES: [ProposalStatus; 3] = [
    ProposalStatus::EnInstruction,
    ProposalStatus::Retenue,
    ProposalStatus::EnCours,
];

/// "Groupe 2 — Améliorer et simplifier les démarches en ligne".
pub fn label(group: &working_group::Model) -> String {
    label_of(group.number, &group.title)
}

pub fn label_of(number: i32, title: &str) -> String {
    format!("Groupe {number} — {title}")
}

/// The groups to choose from in a form: number and label.
pub async fn choices(db: &impl ConnectionTrait) -> Result<Vec<Choice>, AppError> {
    Ok(working_group::Entity::find()
        .order_by_asc(working_group::Column::Number)
        .all(db)
        .await?
        .iter()
        .map(|g| Choice {
            value: g.number.to_string(),
            label: label(g),
        })
        .collect())
}

/// The working groups in number order, with their lead, current member
/// organisations and open proposals counted.
pub async fn list(db: &impl ConnectionTrait) -> Result<Vec<WorkingGroupCard>, AppError> {
    let groups = working_group::Entity::find()
        .order_by_asc(working_group::Column::Number)
        .all(db)
        .await?;
    let leads: HashMap<i32, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(groups.iter().filter_map(|g| g.lead_user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let members: HashMap<i32, i64> = working_group_member::Entity::find()
        .select_only()
        .column(working_group_member::Column::WorkingGroupId)
        .column_as(working_group_member::Column::Id.count(), "n")
        .filter(working_group_member::Column::LeftOn.is_null())
        .group_by(working_group_member::Column::WorkingGroupId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let open: HashMap<i32, i64> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::WorkingGroupId)
        .column_as(proposal::Column::Id.count(), "n")
        .filter(proposal::Column::WorkingGroupId.is_not_null())
        .filter(proposal::Column::Status.is_in(OPEN_STATUSES))
        .group_by(proposal::Column::WorkingGroupId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(groups
        .into_iter()
        .map(|g| WorkingGroupCard {
            lead_name: g.lead_user_id.and_then(|id| leads.get(&id).cloned()),
            member_count: members.get(&g.id).copied().unwrap_or(0) as u64,
            open_proposals: open.get(&g.id).copied().unwrap_or(0) as u64,
            id: g.id,
            number: g.number,
            slug: g.slug,
            title: g.title,
            mandate: g.mandate,
        })
        .collect())
}

/// A working group's page: mandate, lead, member organisations, meetings,
/// open actions and the proposals assigned to it (the public sees no
/// proposal still « déposée »).
pub async fn detail(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    slug: &str,
) -> Result<GroupDetail, AppError> {
    let group = working_group::Entity::find()
        .filter(working_group::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let lead = match group.lead_user_id {
        Some(id) => user::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let lead_organisation = match lead.as_ref().and_then(|l| l.organisation_id) {
        Some(id) => organisation::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|o| o.name),
        None => None,
    };
    let (memberships, former): (Vec<_>, Vec<_>) = working_group_member::Entity::find()
        .filter(working_group_member::Column::WorkingGroupId.eq(group.id))
        .order_by_asc(working_group_member::Column::JoinedOn)
        .all(db)
        .await?
        .into_iter()
        .partition(|m| m.left_on.is_none());
    let names: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .filter(
            organisation::Column::Id
                .is_in(memberships.iter().chain(&former).map(|m| m.organisation_id)),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut members: Vec<GroupMember> = memberships
        .iter()
        .filter_map(|m| {
            let o = names.get(&m.organisation_id)?;
            Some(GroupMember {
                name: o.name.clone(),
                slug: o.slug.clone(),
                since: format::date(m.joined_on),
            })
        })
        .collect();
    members.sort_by(|a, b| a.name.cmp(&b.name));
    let mut former_members: Vec<Seat> = former
        .iter()
        .filter_map(|m| {
            let o = names.get(&m.organisation_id)?;
            Some(Seat {
                slug: o.slug.clone(),
                label: o.name.clone(),
                since: format::date(m.joined_on),
                until: m.left_on.map(format::date),
            })
        })
        .collect();
    former_members.reverse();
    let manage = match viewer.filter(|v| v.is_admin()) {
        Some(_) => Some(admin_form(db, &group, &memberships).await?),
        None => None,
    };
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::WorkingGroupId.eq(group.id))
        .order_by_desc(meeting::Column::StartsAt)
        .all(db)
        .await?
        .iter()
        .map(|m| super::meetings::card(m, Some(label(&group))))
        .collect();
    let mut backlog = proposal::Entity::find()
        .filter(proposal::Column::WorkingGroupId.eq(group.id))
        .order_by_desc(proposal::Column::LastActivityAt);
    if viewer.is_none() {
        backlog = backlog.filter(proposal::Column::Status.ne(ProposalStatus::Deposee));
    }
    let backlog = super::proposals::cards(db, backlog.all(db).await?).await?;
    Ok(GroupDetail {
        heading: label(&group),
        mandate_html: markdown::to_html(&group.mandate),
        lead: lead.map(|l| l.name),
        lead_organisation,
        members,
        meetings,
        actions: actions::open_of_group(db, viewer, group.id).await?,
        backlog,
        former_members,
        can_schedule: viewer.is_some_and(|v| v.runs_group(group.id)),
        manage,
        slug: group.slug,
    })
}

/// The secretariat's form on a group's page: current values, the people who
/// may lead it, the member organisations that may join it.
async fn admin_form(
    db: &impl ConnectionTrait,
    group: &working_group::Model,
    seated: &[working_group_member::Model],
) -> Result<GroupAdmin, AppError> {
    let leads = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.is_in([Role::Lead, Role::Admin]))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|u| PersonOption {
            id: u.id,
            label: u.name,
        })
        .collect();
    let candidates = organisation::Entity::find()
        .filter(organisation::Column::LeftOn.is_null())
        .filter(organisation::Column::Id.is_not_in(seated.iter().map(|m| m.organisation_id)))
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|o| Choice {
            value: o.slug,
            label: o.name,
        })
        .collect();
    Ok(GroupAdmin {
        title: group.title.clone(),
        mandate: group.mandate.clone(),
        lead_user_id: group.lead_user_id,
        leads,
        candidates,
    })
}
