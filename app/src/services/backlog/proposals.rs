//! The proposal backlog as lists: who may see which proposals, the filters,
//! sorts and French full-text search of a list view, and the names of related
//! rows loaded in one query per table (never one per proposal).

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, CaseStatement, Expr, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, JoinType, Order, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Statement,
};

use super::cards::{listed, Audience};
use super::search;
use crate::entities::{
    organisation, procedure, proposal, proposal_procedure, test_campaign, working_group,
};
use crate::model::{
    AppError, BacklogFilters, BacklogOptions, BacklogPage, BacklogRow, Choice, GroupFilter,
    ProposalStatus, SortKey, SortOrder, BACKLOG_PAGE_SIZE,
};
use crate::services::body::{groups, organisations};
use crate::services::format;

/// One page of the backlog in the view `filters` (a page past the last gives
/// the last), with the total counted once and the filter form's choices.
pub async fn backlog(
    db: &impl ConnectionTrait,
    audience: Audience,
    filters: &BacklogFilters,
) -> Result<BacklogPage, AppError> {
    let found = select(db, audience, filters).await?;
    let total = count(db, audience, filters, &found).await?;
    let pages = total.div_ceil(BACKLOG_PAGE_SIZE);
    let page = filters.page.clamp(1, pages.max(1));
    // The page's ids first, sorted from the index alone, then those
    // proposals' rows: the full rows of every match are never read.
    let ids: Vec<i32> = if total == 0 {
        Vec::new()
    } else {
        sorted(found, filters)
            .select_only()
            .column(proposal::Column::Id)
            .offset((page - 1) * BACKLOG_PAGE_SIZE)
            .limit(BACKLOG_PAGE_SIZE)
            .into_tuple()
            .all(db)
            .await?
    };
    let found = in_order(db, &ids).await?;
    let rows = listed(db, found)
        .await?
        .into_iter()
        .map(|item| BacklogRow {
            last_activity_on: format::local_date(item.proposal.last_activity_at),
            card: item.card(),
        })
        .collect();
    Ok(BacklogPage {
        filters: BacklogFilters {
            page,
            ..filters.clone()
        },
        rows,
        total,
        page,
        pages,
        options: options(db, audience).await?,
    })
}

/// How many proposals `found`, the view `filters` for `audience`, holds. A
/// search alone, by someone who may see every proposal, is counted in the
/// SQLite full-text index without reading a proposal: on a word a third of
/// the proposals hold, 4 ms instead of 14. The withdrawn proposals, which
/// such a view leaves out, are few: their ids, read from the status index,
/// are left out of that count.
async fn count(
    db: &impl ConnectionTrait,
    audience: Audience,
    filters: &BacklogFilters,
    found: &Select<proposal::Entity>,
) -> Result<u64, AppError> {
    let search_alone = *filters
        == BacklogFilters {
            search: filters.search.clone(),
            sort: filters.sort,
            order: filters.order,
            page: filters.page,
            ..BacklogFilters::default()
        };
    let backend = db.get_database_backend();
    if search_alone && audience == Audience::SignedIn && backend == DbBackend::Sqlite {
        if let Some(words) = search::fts5_query(&filters.search) {
            let counted: i64 = db
                .query_one(Statement::from_sql_and_values(
                    backend,
                    "SELECT COUNT(*) AS total FROM proposals_fts WHERE proposals_fts MATCH ?1 \
                     AND rowid NOT IN (SELECT id FROM proposals WHERE status = ?2)",
                    [words.into(), ProposalStatus::Retiree.code().into()],
                ))
                .await?
                .map(|row| row.try_get("", "total"))
                .transpose()?
                .unwrap_or_default();
            return Ok(u64::try_from(counted).unwrap_or_default());
        }
    }
    Ok(found
        .clone()
        .select_only()
        .column(proposal::Column::Id)
        .count(db)
        .await?)
}

/// The proposals `ids`, in that order.
async fn in_order(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<proposal::Model>, AppError> {
    let mut by_id: HashMap<i32, proposal::Model> = proposal::Entity::find()
        .filter(proposal::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
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

/// The proposals of the view `filters` that `audience` may see, unsorted;
/// withdrawn ones only when the view asks for them by status. A group, procedure, organisation or campaign that does not exist is an
/// error in French, not an empty list.
pub async fn select(
    db: &impl ConnectionTrait,
    audience: Audience,
    filters: &BacklogFilters,
) -> Result<Select<proposal::Entity>, AppError> {
    let mut condition = audience.visible();
    condition = match filters.status {
        Some(status) => condition.add(proposal::Column::Status.eq(status)),
        // Withdrawn proposals are out of the open backlog, found by their status.
        None => condition.add(proposal::Column::Status.ne(ProposalStatus::Retiree)),
    };
    match filters.group {
        Some(GroupFilter::Number(number)) => {
            let group = working_group::Entity::find()
                .filter(working_group::Column::Number.eq(number))
                .one(db)
                .await?
                .ok_or_else(|| {
                    invalid("Ce groupe de travail n'existe pas : choisissez-le dans la liste.")
                })?;
            condition = condition.add(proposal::Column::WorkingGroupId.eq(group.id));
        }
        Some(GroupFilter::Unassigned) => {
            condition = condition.add(proposal::Column::WorkingGroupId.is_null());
        }
        None => {}
    }
    if let Some(slug) = &filters.procedure {
        let procedure = procedure::Entity::find()
            .filter(procedure::Column::Slug.eq(slug))
            .one(db)
            .await?
            .ok_or_else(|| invalid("Cette démarche n'existe pas : choisissez-la dans la liste."))?;
        condition = condition.add(on_procedures(
            proposal_procedure::Column::ProcedureId.eq(procedure.id),
        ));
    }
    if let Some(document) = filters.document {
        let of_document = Query::select()
            .column(procedure::Column::Id)
            .from(procedure::Entity)
            .and_where(procedure::Column::Document.eq(document))
            .to_owned();
        condition = condition.add(on_procedures(
            proposal_procedure::Column::ProcedureId.in_subquery(of_document),
        ));
    }
    if let Some(slug) = &filters.organisation {
        let organisation = organisation::Entity::find()
            .filter(organisation::Column::Slug.eq(slug))
            .one(db)
            .await?
            .ok_or_else(|| {
                invalid("Cette organisation n'existe pas : choisissez-la dans la liste.")
            })?;
        condition = condition.add(proposal::Column::OrganisationId.eq(organisation.id));
    }
    if let Some(slug) = &filters.campaign {
        let campaign = test_campaign::Entity::find()
            .filter(test_campaign::Column::Slug.eq(slug))
            .one(db)
            .await?
            .ok_or_else(|| {
                invalid("Cette campagne de tests n'existe pas : choisissez-la dans la liste.")
            })?;
        condition = condition.add(proposal::Column::TestCampaignId.eq(campaign.id));
    }
    if let Some(origin) = filters.origin {
        condition = condition.add(proposal::Column::Origin.eq(origin));
    }
    if let Some(year) = filters.year {
        condition = condition.add(proposal::Column::Year.eq(year));
    }
    let found = proposal::Entity::find().filter(condition);
    Ok(matching(found, db.get_database_backend(), &filters.search))
}

/// `found` narrowed to the proposals whose words the query's words all
/// start, through the full-text index of each database (migration
/// `search_index`). SQLite's index is joined rather than asked for a list of
/// ids first: the matches are then read straight from it, without that list
/// being built and searched (a fifth less time on a common word).
fn matching(
    mut found: Select<proposal::Entity>,
    backend: DbBackend,
    query: &str,
) -> Select<proposal::Entity> {
    match backend {
        DbBackend::Sqlite => {
            if let Some(words) = search::fts5_query(query) {
                QueryTrait::query(&mut found)
                    .join(
                        JoinType::InnerJoin,
                        Alias::new("proposals_fts"),
                        Expr::cust("proposals_fts.rowid = proposals.id"),
                    )
                    .and_where(Expr::cust_with_values("proposals_fts MATCH ?", [words]));
            }
            found
        }
        DbBackend::Postgres | DbBackend::MySql => match search::tsquery(query) {
            Some(words) => found.filter(Expr::cust_with_values(
                "to_tsvector('simple', proposals.search_text) @@ to_tsquery('simple', $1)",
                [words],
            )),
            None => found,
        },
    }
}

/// Statuses in workflow order rather than alphabetical order of their codes.
fn status_rank() -> SimpleExpr {
    ProposalStatus::ALL
        .iter()
        .enumerate()
        .fold(CaseStatement::new(), |case, (rank, status)| {
            case.case(proposal::Column::Status.eq(*status), rank as i32)
        })
        .into()
}

/// `found` in the order of the view; ties broken by id so pages never
/// overlap.
pub fn sorted(
    found: Select<proposal::Entity>,
    filters: &BacklogFilters,
) -> Select<proposal::Entity> {
    let order = match filters.order {
        SortOrder::Asc => Order::Asc,
        SortOrder::Desc => Order::Desc,
    };
    let found = match filters.sort {
        SortKey::Submitted => found.order_by(proposal::Column::CreatedAt, order.clone()),
        SortKey::Status => found
            .order_by(status_rank(), order.clone())
            .order_by(proposal::Column::LastActivityAt, Order::Desc),
        SortKey::Supports => found.order_by(proposal::Column::SupportsCount, order.clone()),
        SortKey::Activity => found.order_by(proposal::Column::LastActivityAt, order.clone()),
    };
    found.order_by(proposal::Column::Id, order)
}

/// What the filter form offers: one query per table.
async fn options(
    db: &impl ConnectionTrait,
    audience: Audience,
) -> Result<BacklogOptions, AppError> {
    let mut groups = groups::choices(db).await?;
    groups.push(Choice {
        value: GroupFilter::UNASSIGNED.to_string(),
        label: "Sans groupe de travail".to_string(),
    });
    let procedures = super::procedures::choices(db).await?;
    let organisations = organisations::choices(db, false).await?;
    let campaigns = super::campaigns::choices(db).await?;
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
        organisations,
        campaigns,
        years,
    })
}
