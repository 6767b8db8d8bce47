//! The search over proposals, meetings and minutes. Everyone may search;
//! what each person sees is decided by the services.

use leptos::prelude::*;

use crate::model::{AppError, SearchResults};

/// What the search of `query`, the search page's query string (`q=…`),
/// finds.
#[server]
pub async fn search_everything(query: String) -> Result<SearchResults, AppError> {
    let filters = crate::model::BacklogFilters::parse(&query)?;
    let db = crate::state::reader()?;
    let views = crate::state::public_views()?;
    let viewer = crate::auth::current_user();
    crate::services::views::search::everything(&db, &views.lists, viewer.as_ref(), &filters.search)
        .await
}
