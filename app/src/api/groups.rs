use leptos::prelude::*;

use crate::model::{AppError, GroupDetail, WorkingGroupCard};

#[server]
pub async fn working_groups() -> Result<Vec<WorkingGroupCard>, AppError> {
    let db = crate::state::db()?;
    crate::services::groups::list(&db).await
}

#[server]
pub async fn load_group(slug: String) -> Result<GroupDetail, AppError> {
    let db = crate::state::db()?;
    let viewer = crate::auth::current_user();
    crate::services::groups::detail(&db, viewer.as_ref(), &slug).await
}
