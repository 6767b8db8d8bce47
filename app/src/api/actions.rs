//! Server functions of follow-up actions.

use leptos::prelude::*;

use crate::model::{ActionEditData, AppError};

/// Records an action decided in a meeting (its organisers only).
#[server]
pub async fn add_action(
    meeting_id: i32,
    title: String,
    owner: String,
    due_on: String,
    description: String,
    proposal_reference: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::body::meetings::record_action(
        &db,
        &user,
        meeting_id,
        crate::services::body::actions::ActionForm {
            title,
            owner,
            due_on,
            description,
            proposal_reference,
        },
        &crate::state::public_url(),
        crate::auth::request().ip,
    )
    .await;
    crate::auth::audited(&user, "ajouter une action", result).await?;
    leptos_axum::redirect(&format!("/reunions/{meeting_id}/compte-rendu#actions"));
    Ok(())
}

/// Moves an action's status; `back` is the local page to return to.
#[server]
pub async fn set_action_status(
    action_id: i32,
    status: String,
    back: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let status = crate::model::ActionStatus::from_code(&status)
        .ok_or_else(|| AppError::Invalid("Choisissez un état pour l'action.".into()))?;
    let result = crate::services::body::actions::set_status(
        &db,
        &user,
        action_id,
        status,
        crate::auth::request().ip,
    )
    .await;
    crate::auth::audited(&user, "changer l'état d'une action", result).await?;
    leptos_axum::redirect(&crate::model::local_path(Some(&back)));
    Ok(())
}

/// An action's edit form (its group's lead, or the secretariat).
#[server]
pub async fn action_form(id: i32) -> Result<ActionEditData, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    let result = crate::services::body::actions::edit_form(&db, &user, id).await;
    crate::auth::audited(&user, "modifier une action", result).await
}

/// Edits an action's title, owner, due date and details, then goes back to
/// where the action is followed.
#[server]
pub async fn update_action(
    action_id: i32,
    title: String,
    owner: String,
    due_on: String,
    #[server(default)] description: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::body::actions::update(
        &db,
        &user,
        action_id,
        crate::services::body::actions::ActionForm {
            title,
            owner,
            due_on,
            description,
            proposal_reference: String::new(),
        },
        &crate::state::public_url(),
        crate::auth::request().ip,
    )
    .await;
    let back = crate::auth::audited(&user, "modifier une action", result).await?;
    leptos_axum::redirect(&back);
    Ok(())
}
