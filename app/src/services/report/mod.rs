//! Accountability across the years: the annual report (for a year or
//! between two plenary sessions), what changed between the snapshots of
//! the backlog recorded when plenary sessions were scheduled, and
//! attendance by organisation. Reads [`super::body`] and [`super::backlog`].

pub mod annual;
pub mod attendance;
pub mod changes;
pub mod figures;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::meeting;
use crate::model::{AppError, MeetingKind, ReportIndex};
use crate::services::body::meetings;

/// The years, sessions and snapshots a report can be read for.
pub async fn index(db: &impl ConnectionTrait) -> Result<ReportIndex, AppError> {
    let sessions = meeting::Entity::find()
        .filter(meeting::Column::Kind.eq(MeetingKind::Plenary))
        .order_by_desc(meeting::Column::StartsAt)
        .all(db)
        .await?;
    Ok(ReportIndex {
        years: figures::years(db).await?,
        sessions: sessions
            .iter()
            .map(|m| (m.id, meetings::heading(m)))
            .collect(),
        snapshots: changes::cards(db).await?,
    })
}
