//! User test campaigns, for everyone.

use leptos::prelude::*;

use crate::model::{AppError, CampaignCard, CampaignPage};

#[server]
pub async fn test_campaigns() -> Result<Vec<CampaignCard>, AppError> {
    let audience = crate::api::proposals::audience();
    let db = crate::state::reader()?;
    crate::services::backlog::campaigns::list(&db, audience).await
}

#[server]
pub async fn test_campaign(slug: String) -> Result<CampaignPage, AppError> {
    let audience = crate::api::proposals::audience();
    let db = crate::state::reader()?;
    crate::services::backlog::campaigns::page(&db, audience, &slug).await
}
