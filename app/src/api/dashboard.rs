//! Server functions of the « Tableau de bord » and of « Mes notifications ».

use leptos::prelude::*;

use crate::model::{AppError, Dashboard, NoticeSettings};

/// The signed-in person's dashboard.
#[server]
pub async fn my_dashboard() -> Result<Dashboard, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    crate::services::views::dashboard::dashboard(&db, &user, chrono::Utc::now()).await
}

/// The signed-in person's notification preferences.
#[server]
pub async fn my_notice_settings() -> Result<NoticeSettings, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    crate::services::accounts::notifications::settings(&db, &user, crate::state::digest_hour())
        .await
}

/// Records the signed-in person's choice for each kind of news (a cadence
/// code; the kinds their role does not receive are left out of the form).
#[server]
pub async fn save_notice_preferences(
    #[server(default)] new_proposal: String,
    #[server(default)] participation: String,
    #[server(default)] action_assigned: String,
    #[server(default)] action_overdue: String,
) -> Result<(), AppError> {
    use crate::model::NoticeKind;

    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    crate::services::accounts::notifications::save(
        &db,
        &user,
        &[
            (NoticeKind::NewProposal, new_proposal),
            (NoticeKind::Participation, participation),
            (NoticeKind::ActionAssigned, action_assigned),
            (NoticeKind::ActionOverdue, action_overdue),
        ],
        crate::auth::request().ip,
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect("/compte/notifications?enregistre");
    Ok(())
}
