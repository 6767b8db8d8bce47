//! The procedure catalogue and each procedure's proposals, for everyone.

use leptos::prelude::*;

use crate::model::{AppError, ProcedureFamily, ProcedurePage};

#[server]
pub async fn procedure_catalogue() -> Result<Vec<ProcedureFamily>, AppError> {
    let audience = crate::api::proposals::audience();
    let db = crate::state::reader()?;
    crate::services::backlog::procedures::catalogue(&db, audience).await
}

#[server]
pub async fn procedure_detail(slug: String) -> Result<ProcedurePage, AppError> {
    let audience = crate::api::proposals::audience();
    let db = crate::state::reader()?;
    crate::services::backlog::procedures::page(&db, audience, &slug).await
}
