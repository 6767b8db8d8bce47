//! The proposal backlog as lists: who may see which proposals, the filters,
//! sorts and French full-text search of a list view, and the names of related
//! rows loaded in one query per table (never one per proposal).

use sea_orm::sea_query::{Alias, CaseStatement, Expr, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, JoinType, Order, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select, Value,
};

use super::cards::{dated_cards, Audience};
use super::list_index::{ListQuery, ListViews, Wanted};
use crate::entities::{
    organisation, procedure, procedure_family, proposal, proposal_procedure, test_campaign,
};
use crate::model::{
    AppError, BacklogFilters, BacklogOptions, BacklogPage, BacklogRow, Choice, GroupFilter,
    ProposalStatus, SortKey, SortOrder, BACKLOG_PAGE_SIZE,
};
use crate::services::body::{groups, organisations};
use crate::services::format;
use crate::services::search::{self, Terms};

/// One page of the backlog in the view `filters` (a page past the last gives
/// the last), with the total and the filter form's choices. The view is
/// answered by the list index, its page's proposals read from the database;
/// the form's choices are kept like the other public views.
pub async fn backlog(
    db: &impl ConnectionTrait,
    lists: &ListViews,
    audience: Audience,
    filters: &BacklogFilters,
) -> Result<BacklogPage, AppError> {
    let mut filters = filters.clone();
    // A group named by its number, as older addresses did, is shown by slug.
    if let Some(GroupFilter::Group(key)) = &filters.group {
        if key.parse::<i32>().is_ok() {
            if let Some(group) = groups::by_key(db, key).await? {
                filters.group = Some(GroupFilter::Group(group.slug));
            }
        }
    }
    let filters = &filters;
    let wanted = resolve(db, filters).await?;
    let terms = search::terms_knowing(db, &filters.search, |stem| lists.index.knows(stem)).await?;
    let view = lists
        .index
        .page(
            db,
            &ListQuery {
                audience,
                wanted: &wanted,
                terms: &terms,
                sort: filters.sort,
                order: filters.order,
                page: filters.page,
                per_page: BACKLOG_PAGE_SIZE,
            },
        )
        .await?;
    let choices = lists.choices(audience, || options(db, audience)).await?;
    let rows = dated_cards(db, &view.ids)
        .await?
        .into_iter()
        .map(|(card, last_activity_at)| BacklogRow {
            last_activity_on: format::local_date(last_activity_at),
            card,
        })
        .collect();
    Ok(BacklogPage {
        filters: BacklogFilters {
            page: view.page,
            ..filters.clone()
        },
        rows,
        total: view.total,
        page: view.page,
        pages: view.total.div_ceil(BACKLOG_PAGE_SIZE),
        options: BacklogOptions::clone(&choices),
        corrected: terms.corrected.filter(|_| view.total > 0),
    })
}

fn invalid(message: &str) -> AppError {
    AppError::Invalid(message.to_string())
}

/// The ids of proposals linked to one of the procedures `procedures` selects.
fn on_procedures(procedures: SimpleExpr) -> SimpleExpr {
    proposal::Column::Id.in_subquery(
        Query::select()
            .column(proposal_procedure::Column::ProposalId)
            .from(proposal_procedure::Entity)
            .and_where(procedures)
            .to_owned(),
    )
}

/// The groups, procedures, organisations and campaigns the view `filters`
/// names, found. One that does not exist is an error in French, not an
/// empty list.
pub async fn resolve(
    db: &impl ConnectionTrait,
    filters: &BacklogFilters,
) -> Result<Wanted, AppError> {
    let mut wanted = Wanted {
        status: filters.status,
        origin: filters.origin,
        year: filters.year,
        ..Wanted::default()
    };
    match &filters.group {
        Some(GroupFilter::Group(key)) => {
            let group = groups::by_key(db, key).await?.ok_or_else(|| {
                invalid("Ce groupe de travail n'existe pas : choisissez-le dans la liste.")
            })?;
            wanted.group = Some(Some(group.id));
        }
        Some(GroupFilter::Unassigned) => wanted.group = Some(None),
        None => {}
    }
    if let Some(slug) = &filters.procedure {
        let procedure = procedure::Entity::find()
            .filter(procedure::Column::Slug.eq(slug))
            .one(db)
            .await?
            .ok_or_else(|| invalid("Cette démarche n'existe pas : choisissez-la dans la liste."))?;
        wanted.procedures.push(vec![procedure.id]);
    }
    if let Some(slug) = &filters.document {
        let family = procedure_family::Entity::find()
            .filter(procedure_family::Column::Slug.eq(slug))
            .one(db)
            .await?
            .ok_or_else(|| {
                invalid("Cette famille de démarches n'existe pas : choisissez-la dans la liste.")
            })?;
        let of_family = procedure::Entity::find()
            .select_only()
            .column(procedure::Column::Id)
            .filter(procedure::Column::FamilyId.eq(family.id))
            .into_tuple()
            .all(db)
            .await?;
        wanted.procedures.push(of_family);
    }
    if let Some(slug) = &filters.organisation {
        let organisation = organisation::Entity::find()
            .filter(organisation::Column::Slug.eq(slug))
            .one(db)
            .await?
            .ok_or_else(|| {
                invalid("Cette organisation n'existe pas : choisissez-la dans la liste.")
            })?;
        wanted.organisation = Some(organisation.id);
    }
    if let Some(slug) = &filters.campaign {
        let campaign = test_campaign::Entity::find()
            .filter(test_campaign::Column::Slug.eq(slug))
            .one(db)
            .await?
            .ok_or_else(|| {
                invalid("Cette campagne de tests n'existe pas : choisissez-la dans la liste.")
            })?;
        wanted.campaign = Some(campaign.id);
    }
    Ok(wanted)
}

/// The proposals of the view `filters` that `audience` may see, unsorted,
/// read by the database (exports read on past a page, the list index
/// answers pages); withdrawn ones only when the view asks for them by
/// status; with the search as the indexes read it.
pub async fn select(
    db: &impl ConnectionTrait,
    audience: Audience,
    filters: &BacklogFilters,
) -> Result<(Select<proposal::Entity>, Terms), AppError> {
    let wanted = resolve(db, filters).await?;
    let mut condition = audience.visible();
    condition = match wanted.status {
        Some(status) => condition.add(proposal::Column::Status.eq(status)),
        // Withdrawn proposals are out of the open backlog, found by their status.
        None => condition.add(proposal::Column::Status.ne(ProposalStatus::Retiree)),
    };
    match wanted.group {
        Some(Some(group)) => condition = condition.add(proposal::Column::WorkingGroupId.eq(group)),
        Some(None) => condition = condition.add(proposal::Column::WorkingGroupId.is_null()),
        None => {}
    }
    for any in wanted.procedures {
        condition = condition.add(on_procedures(
            proposal_procedure::Column::ProcedureId.is_in(any),
        ));
    }
    if let Some(organisation) = wanted.organisation {
        condition = condition.add(proposal::Column::OrganisationId.eq(organisation));
    }
    if let Some(campaign) = wanted.campaign {
        condition = condition.add(proposal::Column::TestCampaignId.eq(campaign));
    }
    if let Some(origin) = wanted.origin {
        condition = condition.add(proposal::Column::Origin.eq(origin));
    }
    if let Some(year) = wanted.year {
        condition = condition.add(proposal::Column::Year.eq(year));
    }
    let terms = search::terms(db, &filters.search).await?;
    let found = matching(
        proposal::Entity::find().filter(condition),
        db.get_database_backend(),
        &terms,
    );
    Ok((found, terms))
}

/// `found` narrowed to the proposals whose words the search's words all
/// start, through the full-text index of each database (migration
/// `search_index`). SQLite's index is joined rather than asked for a list of
/// ids first: the matches are then read straight from it, without that list
/// being built and searched (a fifth less time on a common word).
fn matching(
    mut found: Select<proposal::Entity>,
    backend: DbBackend,
    terms: &Terms,
) -> Select<proposal::Entity> {
    let Some((condition, words)) = search::proposals_match(backend, terms) else {
        return found;
    };
    if backend == DbBackend::Sqlite {
        QueryTrait::query(&mut found).join(
            JoinType::InnerJoin,
            Alias::new("proposals_fts"),
            Expr::cust("proposals_fts.rowid = proposals.id"),
        );
    }
    found.filter(Expr::cust_with_values(condition, [words]))
}

/// Statuses in workflow order rather than alphabetical order of their codes.
fn status_rank() -> SimpleExpr {
    ProposalStatus::ALL
        .iter()
        .fold(CaseStatement::new(), |case, status| {
            case.case(proposal::Column::Status.eq(*status), status.rank())
        })
        .into()
}

/// A key of a view's order: what is compared, which way, and its value in
/// a proposal.
type SortPart = (SimpleExpr, Order, Box<dyn Fn(&proposal::Model) -> Value>);

/// The keys of the view's order, the last being the id so that the order
/// is total and pages never overlap. By relevance, the proposals whose
/// title holds more of the search's words come first, then the most
/// recently active; without a search, relevance is the activity's order.
fn sort_keys(filters: &BacklogFilters, terms: &Terms) -> Vec<SortPart> {
    let order = match filters.order {
        SortOrder::Asc => Order::Asc,
        SortOrder::Desc => Order::Desc,
    };
    let column = |c: proposal::Column| Expr::col((proposal::Entity, c)).into();
    let activity = |order: Order| -> SortPart {
        (
            column(proposal::Column::LastActivityAt),
            order,
            Box::new(|p| p.last_activity_at.into()),
        )
    };
    let mut keys: Vec<SortPart> = match filters.sort {
        SortKey::Relevance if !terms.is_empty() => {
            let scored = terms.clone();
            vec![
                (
                    terms.score_of(&column(proposal::Column::SearchTitle)),
                    order.clone(),
                    Box::new(move |p| {
                        scored
                            .score(p.search_title.as_deref().unwrap_or_default())
                            .into()
                    }),
                ),
                activity(order.clone()),
            ]
        }
        SortKey::Submitted => vec![(
            column(proposal::Column::CreatedAt),
            order.clone(),
            Box::new(|p| p.created_at.into()),
        )],
        SortKey::Status => vec![
            (
                status_rank(),
                order.clone(),
                Box::new(|p| p.status.rank().into()),
            ),
            activity(Order::Desc),
        ],
        SortKey::Supports => vec![(
            column(proposal::Column::SupportsCount),
            order.clone(),
            Box::new(|p| p.supports_count.into()),
        )],
        SortKey::Relevance | SortKey::Activity => vec![activity(order.clone())],
    };
    keys.push((
        column(proposal::Column::Id),
        order,
        Box::new(|p| p.id.into()),
    ));
    keys
}

/// `found` in the order of the view.
pub fn sorted(
    found: Select<proposal::Entity>,
    filters: &BacklogFilters,
    terms: &Terms,
) -> Select<proposal::Entity> {
    sort_keys(filters, terms)
        .into_iter()
        .fold(found, |found, (key, order, _)| found.order_by(key, order))
}

/// The proposals that come after `last` in the order of the view: reading
/// on from there (keyset paging) costs the same at any depth, where an
/// offset reads and skips every row before.
pub fn after(filters: &BacklogFilters, terms: &Terms, last: &proposal::Model) -> Condition {
    let keys = sort_keys(filters, terms);
    let mut later = Condition::any();
    for (at, (key, order, value)) in keys.iter().enumerate() {
        let mut here = Condition::all();
        for (same, _, same_value) in &keys[..at] {
            here = here.add(Expr::expr(same.clone()).eq(same_value(last)));
        }
        let key = Expr::expr(key.clone());
        here = here.add(match order {
            Order::Asc => key.gt(value(last)),
            _ => key.lt(value(last)),
        });
        later = later.add(here);
    }
    later
}

/// What the filter form offers: one query per table.
async fn options(
    db: &impl ConnectionTrait,
    audience: Audience,
) -> Result<BacklogOptions, AppError> {
    let mut groups = groups::all_choices(db).await?;
    groups.push(Choice {
        value: GroupFilter::UNASSIGNED.to_string(),
        label: "Sans groupe de travail".to_string(),
    });
    let procedures = super::catalogue::all_choices(db).await?;
    let families = super::catalogue::family_choices(db).await?;
    let organisations = organisations::choices(db, false).await?;
    let campaigns = super::campaigns::all_choices(db).await?;
    // From the first year to the last, each found by walking the year index
    // from one end (a DISTINCT would read the whole table at every request).
    let year_at = |order: Order| {
        proposal::Entity::find()
            .select_only()
            .column(proposal::Column::Year)
            .filter(audience.visible())
            .order_by(proposal::Column::Year, order)
            .limit(1)
            .into_tuple::<i32>()
            .one(db)
    };
    let years = match (year_at(Order::Asc).await?, year_at(Order::Desc).await?) {
        (Some(first), Some(last)) => (first..=last).rev().collect(),
        _ => Vec::new(),
    };
    Ok(BacklogOptions {
        statuses: audience.statuses(),
        groups,
        procedures,
        families,
        organisations,
        campaigns,
        years,
    })
}
