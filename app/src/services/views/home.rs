use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use crate::model::{AppError, HomeData};

const LATEST_PROPOSALS: u64 = 5;

/// The home page: next meeting, the working groups (not archived), the
/// latest public proposals.
pub async fn load(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<HomeData, AppError> {
    Ok(HomeData {
        next_meeting: crate::services::body::meetings::next(db, now).await?,
        groups: crate::services::body::groups::list(db)
            .await?
            .into_iter()
            .filter(|g| !g.archived)
            .collect(),
        latest_proposals: crate::services::backlog::cards::latest_public(db, LATEST_PROPOSALS)
            .await?,
    })
}
