use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::{organisation, proposal, user, working_group, working_group_member};
use crate::model::{
    AppError, Choice, GroupAdmin, PersonOption, ProposalStatus, Role, WorkingGroupCard,
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

/// The groups a proposal may be given to (not archived), plus `kept` (a
/// proposal's group, archived since): slug and label.
pub async fn choices(
    db: &impl ConnectionTrait,
    kept: Option<i32>,
) -> Result<Vec<Choice>, AppError> {
    Ok(working_group::Entity::find()
        .order_by_asc(working_group::Column::Number)
        .all(db)
        .await?
        .iter()
        .filter(|g| g.archived_at.is_none() || Some(g.id) == kept)
        .map(choice)
        .collect())
}

/// Every group, archived ones too: for filters.
pub async fn all_choices(db: &impl ConnectionTrait) -> Result<Vec<Choice>, AppError> {
    Ok(working_group::Entity::find()
        .order_by_asc(working_group::Column::Number)
        .all(db)
        .await?
        .iter()
        .map(choice)
        .collect())
}

fn choice(g: &working_group::Model) -> Choice {
    Choice {
        value: g.slug.clone(),
        label: if g.archived_at.is_some() {
            format!("{} (archivé)", label(g))
        } else {
            label(g)
        },
    }
}

/// The group a form or an address names: by slug, or by number as older
/// addresses did (`?groupe=2`).
pub async fn by_key(
    db: &impl ConnectionTrait,
    key: &str,
) -> Result<Option<working_group::Model>, AppError> {
    let by_slug = working_group::Entity::find()
        .filter(working_group::Column::Slug.eq(key))
        .one(db)
        .await?;
    Ok(match (by_slug, key.parse::<i32>()) {
        (Some(group), _) => Some(group),
        (None, Ok(number)) => {
            working_group::Entity::find()
                .filter(working_group::Column::Number.eq(number))
                .one(db)
                .await?
        }
        (None, Err(_)) => None,
    })
}

/// The working groups in number order (archived ones too, marked), with
/// their lead, current member organisations and open proposals counted.
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
            archived: g.archived_at.is_some(),
            slug: g.slug,
            title: g.title,
            mandate: g.mandate,
        })
        .collect())
}

/// The people who may lead a group: active, « pilote » or « secrétariat ».
async fn possible_leads(db: &impl ConnectionTrait) -> Result<Vec<PersonOption>, AppError> {
    Ok(user::Entity::find()
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
        .collect())
}

/// The form of a new group.
pub async fn new_form(db: &impl ConnectionTrait) -> Result<GroupAdmin, AppError> {
    Ok(GroupAdmin {
        leads: possible_leads(db).await?,
        ..Default::default()
    })
}

/// The secretariat's form on a group's page: current values, the people who
/// may lead it, the member organisations that may join it (none once the
/// group is archived).
pub async fn admin_form(
    db: &impl ConnectionTrait,
    group: &working_group::Model,
    seated: &[working_group_member::Model],
) -> Result<GroupAdmin, AppError> {
    let archived = group.archived_at.is_some();
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
        .filter(|_| !archived)
        .collect();
    Ok(GroupAdmin {
        title: group.title.clone(),
        mandate: group.mandate.clone(),
        lead_user_id: group.lead_user_id,
        leads: possible_leads(db).await?,
        candidates,
        archived,
    })
}
