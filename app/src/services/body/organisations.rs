//! The directory of member organisations, past and present.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::groups;
use crate::services::format;

use crate::entities::{organisation, working_group, working_group_member};
use crate::model::{AppError, Choice, OrganisationCard};

/// Organisations to choose from in a form, by name (slug and name): every
/// one, or with `current` only those whose membership runs.
pub async fn choices(db: &impl ConnectionTrait, current: bool) -> Result<Vec<Choice>, AppError> {
    let mut found = organisation::Entity::find().order_by_asc(organisation::Column::Name);
    if current {
        found = found.filter(organisation::Column::LeftOn.is_null());
    }
    Ok(found
        .all(db)
        .await?
        .into_iter()
        .map(|o| Choice {
            value: o.slug,
            label: o.name,
        })
        .collect())
}

/// Every organisation that is or was a member, by name, with the working
/// groups it currently sits in.
pub async fn directory(db: &impl ConnectionTrait) -> Result<Vec<OrganisationCard>, AppError> {
    let organisations = organisation::Entity::find()
        .order_by_asc(organisation::Column::Name)
        .all(db)
        .await?;
    let by_id: HashMap<i32, working_group::Model> = working_group::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let mut seats: HashMap<i32, Vec<&working_group::Model>> = HashMap::new();
    for seat in working_group_member::Entity::find()
        .filter(working_group_member::Column::LeftOn.is_null())
        .all(db)
        .await?
    {
        if let Some(group) = by_id.get(&seat.working_group_id) {
            seats.entry(seat.organisation_id).or_default().push(group);
        }
    }
    Ok(organisations
        .into_iter()
        .map(|o| {
            let mut seated = seats.remove(&o.id).unwrap_or_default();
            seated.sort_by_key(|g| g.number);
            OrganisationCard {
                id: o.id,
                slug: o.slug,
                name: o.name,
                short_name: o.short_name,
                kind: o.kind,
                member_since: format::date(o.joined_on),
                left_on: o.left_on.map(format::date),
                groups: seated.into_iter().map(groups::label).collect(),
            }
        })
        .collect())
}
