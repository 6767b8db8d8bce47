use leptos::prelude::*;

use crate::model::{AppError, HomeData, SessionCard};

#[server]
pub async fn load_home() -> Result<HomeData, AppError> {
    let db = crate::state::reader()?;
    let views = crate::state::public_views()?;
    crate::services::views::public_views::home(&views, &db, chrono::Utc::now()).await
}

#[server]
pub async fn plenary_sessions() -> Result<Vec<SessionCard>, AppError> {
    let db = crate::state::reader()?;
    crate::services::body::meetings::plenary_sessions(&db).await
}
