//! The snapshot of the backlog recorded when a plenary session is
//! scheduled: every proposal's status, working group and progress at that
//! moment, kept forever, so that what changed between two sessions can be
//! told later whatever happens to the proposals since.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use crate::entities::{plenary_snapshot, plenary_snapshot_row, proposal};
use crate::model::AppError;

/// Records the snapshot of plenary session `meeting_id`, taken `now`, in
/// one statement however large the backlog.
pub async fn take(
    db: &impl ConnectionTrait,
    meeting_id: i32,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let snapshot = plenary_snapshot::ActiveModel {
        meeting_id: Set(meeting_id),
        taken_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let rows = Query::select()
        .expr(Expr::val(snapshot.id))
        .columns([
            proposal::Column::Id,
            proposal::Column::Status,
            proposal::Column::WorkingGroupId,
            proposal::Column::Progress,
        ])
        .from(proposal::Entity)
        .to_owned();
    let insert = Query::insert()
        .into_table(plenary_snapshot_row::Entity)
        .columns([
            plenary_snapshot_row::Column::SnapshotId,
            plenary_snapshot_row::Column::ProposalId,
            plenary_snapshot_row::Column::Status,
            plenary_snapshot_row::Column::WorkingGroupId,
            plenary_snapshot_row::Column::Progress,
        ])
        .select_from(rows)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .to_owned();
    db.execute(db.get_database_backend().build(&insert)).await?;
    Ok(())
}
