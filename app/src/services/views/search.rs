//! The search over proposals, meetings and published minutes, on one page
//! grouped by kind; each domain decides what the visitor may see of its own.

use sea_orm::ConnectionTrait;

use crate::model::{AppError, BacklogFilters, CurrentUser, SearchResults, SEARCH_SHOWN};
use crate::services::backlog::cards::Audience;
use crate::services::backlog::list_index::ListViews;
use crate::services::backlog::proposals;
use crate::services::body::{meetings, minutes};
use crate::services::search;

/// What `query` finds that `viewer` may see. The proposals are the first
/// page of the backlog searched by relevance (its visibility rule).
pub async fn everything(
    db: &impl ConnectionTrait,
    lists: &ListViews,
    viewer: Option<&CurrentUser>,
    query: &str,
) -> Result<SearchResults, AppError> {
    let filters = BacklogFilters::searching(query);
    let backlog = proposals::backlog(db, lists, Audience::of(viewer), &filters).await?;
    let terms = search::terms_knowing(db, query, |stem| lists.index.knows(stem)).await?;
    let minutes = minutes::found(db, &terms, SEARCH_SHOWN).await?;
    let meetings = meetings::found(db, &terms, SEARCH_SHOWN).await?;
    let found_any = backlog.total > 0 || !minutes.is_empty() || !meetings.is_empty();
    Ok(SearchResults {
        query: filters.search,
        corrected: terms.corrected.filter(|_| found_any),
        proposals: backlog
            .rows
            .into_iter()
            .take(SEARCH_SHOWN)
            .map(|row| row.card)
            .collect(),
        proposals_total: backlog.total,
        minutes,
        meetings,
    })
}
