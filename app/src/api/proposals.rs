//! The proposal backlog as a list. Everyone may read it; what each person
//! sees (the "déposée" proposals or not) is decided by the service.

use leptos::prelude::*;

use crate::model::{AppError, BacklogPage};

/// Who is asking, for the services' visibility rule.
#[cfg(feature = "ssr")]
pub(crate) fn audience() -> crate::services::proposals::Audience {
    crate::services::proposals::Audience::of(crate::auth::current_user().as_ref())
}

/// One page of the backlog in the view described by `query`, the list
/// page's query string (`statut=retenue&tri=soutiens&page=2`…).
#[server]
pub async fn proposal_backlog(query: String) -> Result<BacklogPage, AppError> {
    let filters = crate::model::BacklogFilters::parse(&query)?;
    let db = crate::state::db()?;
    crate::services::proposals::backlog(&db, audience(), &filters).await
}
