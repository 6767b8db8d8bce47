//! A working group's page: its mandate and lead, its member organisations,
//! meetings, open actions and the proposals assigned to it.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::entities::{meeting, organisation, proposal, user, working_group, working_group_member};
use crate::model::{
    AppError, CurrentUser, GroupDetail, GroupMember, ListPage, MeetingCard, Seat, BACKLOG_PAGE_SIZE,
};
use crate::services::backlog::cards::{page_of, Audience};
use crate::services::body::{actions, groups, meetings};
use crate::services::{format, markdown};

/// A working group's page: mandate, lead, member organisations, meetings,
/// open actions and the first page of the proposals assigned to it (the
/// public sees no proposal still « déposée »).
pub async fn detail(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    slug: &str,
) -> Result<GroupDetail, AppError> {
    detail_at(db, viewer, slug, 1, 1).await
}

/// The same with page `page` of its proposals, most recently active first,
/// and page `meetings_page` of its meetings, the latest first.
pub async fn detail_at(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    slug: &str,
    page: u64,
    meetings_page: u64,
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
        Some(_) => Some(groups::admin_form(db, &group, &memberships).await?),
        None => None,
    };
    let of_group = meeting::Entity::find().filter(meeting::Column::WorkingGroupId.eq(group.id));
    let total = of_group.clone().count(db).await?;
    let (meetings_page, pages, skipped) = ListPage::<MeetingCard>::bounds(total, meetings_page);
    let meetings = ListPage {
        items: of_group
            .order_by_desc(meeting::Column::StartsAt)
            .order_by_desc(meeting::Column::Id)
            .offset(skipped)
            .limit(BACKLOG_PAGE_SIZE)
            .all(db)
            .await?
            .iter()
            .map(|m| meetings::card(m, Some(groups::label(&group))))
            .collect(),
        page: meetings_page,
        pages,
        total,
    };
    let backlog = proposal::Entity::find()
        .filter(proposal::Column::WorkingGroupId.eq(group.id))
        .filter(Audience::of(viewer).visible())
        .order_by_desc(proposal::Column::LastActivityAt)
        .order_by_desc(proposal::Column::Id);
    let backlog = page_of(db, backlog, page).await?;
    Ok(GroupDetail {
        heading: groups::label(&group),
        number: group.number,
        mandate_html: markdown::kept_or_rendered(group.mandate_html.as_deref(), &group.mandate)
            .await?,
        lead: lead.map(|l| l.name),
        lead_organisation,
        members,
        meetings,
        actions: actions::open_of_group(db, viewer, group.id).await?,
        backlog,
        former_members,
        archived: group.archived_at.is_some(),
        can_schedule: group.archived_at.is_none() && viewer.is_some_and(|v| v.runs_group(group.id)),
        manage,
        slug: group.slug,
    })
}
