//! Server functions of the annual report, the snapshots compared and
//! attendance by organisation: public, read-only.

use leptos::prelude::*;

use crate::model::{AppError, AttendanceReport, Report, ReportIndex, SnapshotChanges};

#[server]
pub async fn load_report_index() -> Result<ReportIndex, AppError> {
    let db = crate::state::reader()?;
    crate::services::report::index(&db).await
}

/// The annual report of `year`.
#[server]
pub async fn load_year_report(year: i32) -> Result<Report, AppError> {
    let db = crate::state::reader()?;
    crate::services::report::annual::of_year(&db, year).await
}

/// The report from the plenary session before session `id` to it.
#[server]
pub async fn load_session_report(id: i32) -> Result<Report, AppError> {
    let db = crate::state::reader()?;
    crate::services::report::annual::of_session(&db, id).await
}

/// What changed from snapshot `from` to snapshot `to` (none: today).
#[server]
pub async fn load_snapshot_changes(
    from: i32,
    to: Option<i32>,
) -> Result<SnapshotChanges, AppError> {
    let db = crate::state::reader()?;
    crate::services::report::changes::between(&db, from, to).await
}

#[server]
pub async fn load_attendance(year: i32) -> Result<AttendanceReport, AppError> {
    let db = crate::state::reader()?;
    crate::services::report::attendance::of_year(&db, year).await
}
