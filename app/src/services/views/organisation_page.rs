//! An organisation's page: who represents it and who did, its membership
//! periods, the working groups it sits or sat in, and the proposals it
//! submitted.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{
    organisation, organisation_period, proposal, representation, user, working_group,
    working_group_member,
};
use crate::model::{
    AppError, CurrentUser, OrganisationDetail, OrganisationFormData, Representative, Seat,
};
use crate::services::accounts::profiles;
use crate::services::backlog::cards::{page_of, Audience};
use crate::services::body::groups;
use crate::services::format;

/// An organisation's page: who represents it (e-mail addresses for
/// signed-in visitors only), its groups, and the first page of the
/// proposals it submitted (the public sees none still « déposée »).
pub async fn detail(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    slug: &str,
) -> Result<OrganisationDetail, AppError> {
    detail_at(db, viewer, slug, 1).await
}

/// The same with page `page` of its proposals, most recent first.
pub async fn detail_at(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    slug: &str,
    page: u64,
) -> Result<OrganisationDetail, AppError> {
    let o = organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let admin = viewer.is_some_and(CurrentUser::is_admin);
    let history = profiles::history(db, None, Some(o.id)).await?;
    let since: HashMap<i32, String> = representation::Entity::find()
        .filter(representation::Column::OrganisationId.eq(o.id))
        .filter(representation::Column::EndedOn.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.user_id, format::date(r.started_on)))
        .collect();
    let representatives = user::Entity::find()
        .filter(user::Column::OrganisationId.eq(o.id))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|u| Representative {
            since: since.get(&u.id).cloned(),
            account_id: admin.then_some(u.id),
            name: u.name,
            title: u.title,
            email: viewer.map(|_| u.email),
        })
        .collect();
    let past_periods = organisation_period::Entity::find()
        .filter(organisation_period::Column::OrganisationId.eq(o.id))
        .order_by_desc(organisation_period::Column::JoinedOn)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (format::date(p.joined_on), format::date(p.left_on)))
        .collect();
    let access_ended = match viewer.filter(|v| v.is_admin()) {
        Some(_) => user::Entity::find()
            .filter(user::Column::OrganisationId.eq(o.id))
            .filter(user::Column::Active.eq(false))
            .order_by_asc(user::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .map(|u| Representative {
                since: None,
                account_id: Some(u.id),
                name: u.name,
                title: u.title,
                email: Some(u.email),
            })
            .collect(),
        None => Vec::new(),
    };
    let (seats, former): (Vec<_>, Vec<_>) = working_group_member::Entity::find()
        .filter(working_group_member::Column::OrganisationId.eq(o.id))
        .order_by_desc(working_group_member::Column::JoinedOn)
        .all(db)
        .await?
        .into_iter()
        .partition(|s| s.left_on.is_none());
    let all_groups: HashMap<i32, working_group::Model> = working_group::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let mut groups: Vec<(i32, String, String)> = seats
        .iter()
        .filter_map(|s| all_groups.get(&s.working_group_id))
        .map(|g| (g.number, g.slug.clone(), groups::label(g)))
        .collect();
    groups.sort();
    let former_groups = former
        .iter()
        .filter_map(|s| {
            let g = all_groups.get(&s.working_group_id)?;
            Some(Seat {
                slug: g.slug.clone(),
                label: groups::label(g),
                since: format::date(s.joined_on),
                until: s.left_on.map(format::date),
            })
        })
        .collect();
    let manage = viewer
        .filter(|v| v.is_admin())
        .map(|_| OrganisationFormData {
            slug: Some(o.slug.clone()),
            name: o.name.clone(),
            short_name: o.short_name.clone().unwrap_or_default(),
            kind: Some(o.kind),
            description: o.description.clone(),
            website: o.website.clone().unwrap_or_default(),
            joined_on: o.joined_on.to_string(),
            ended: o.left_on.is_some(),
            left_on: o.left_on.map(|d| d.to_string()).unwrap_or_default(),
        });
    let submitted = proposal::Entity::find()
        .filter(proposal::Column::OrganisationId.eq(o.id))
        .filter(Audience::of(viewer).visible())
        .order_by_desc(proposal::Column::CreatedAt)
        .order_by_desc(proposal::Column::Id);
    Ok(OrganisationDetail {
        slug: o.slug,
        name: o.name,
        short_name: o.short_name,
        kind: o.kind,
        description: o.description,
        website: o.website,
        member_since: format::date(o.joined_on),
        left_on: o.left_on.map(format::date),
        past_periods,
        representatives,
        former_representatives: history.into_iter().filter(|r| r.until.is_some()).collect(),
        access_ended,
        groups: groups
            .into_iter()
            .map(|(_, slug, label)| (slug, label))
            .collect(),
        former_groups,
        proposals: page_of(db, submitted, page).await?,
        manage,
    })
}
