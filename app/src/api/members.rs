use leptos::prelude::*;

use crate::model::{AppError, OrganisationCard, OrganisationDetail};

#[server]
pub async fn member_directory() -> Result<Vec<OrganisationCard>, AppError> {
    let db = crate::state::db()?;
    crate::services::members::directory(&db).await
}

#[server]
pub async fn load_organisation(slug: String) -> Result<OrganisationDetail, AppError> {
    let db = crate::state::db()?;
    let viewer = crate::auth::current_user();
    crate::services::members::detail(&db, viewer.as_ref(), &slug).await
}
