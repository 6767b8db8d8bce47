use leptos::prelude::*;

use crate::model::{AppError, CurrentUser};

/// The signed-in person, if any (for the header and the pages' menus).
#[server]
pub async fn who_am_i() -> Result<Option<CurrentUser>, AppError> {
    Ok(crate::auth::current_user())
}

#[server]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let db = crate::state::db()?;
    let origin = crate::auth::origin();
    let (person, token) = crate::services::accounts::people::sign_in(
        &db,
        &email,
        &password,
        &origin,
        chrono::Utc::now(),
    )
    .await?;
    if let Some(previous) = crate::auth::request().token {
        crate::services::accounts::sessions::end(&db, &previous).await?;
    }
    crate::auth::set_session_cookie(&token);
    // The secretariat of a body not yet set up is led to « Mise en place ».
    let next = match next.filter(|n| !n.is_empty()) {
        None if person.is_admin() && !crate::services::views::setup::complete(&db).await? => {
            "/admin/mise-en-place".to_string()
        }
        next => crate::model::local_path(next.as_deref()),
    };
    leptos_axum::redirect(&next);
    Ok(())
}

#[server]
pub async fn sign_out() -> Result<(), AppError> {
    let db = crate::state::db()?;
    let request = crate::auth::request();
    if let (Some(token), Some(user)) = (request.token, request.user) {
        crate::services::accounts::sessions::end(&db, &token).await?;
        crate::services::accounts::audit::record(
            &db,
            &crate::services::accounts::audit::Actor::User {
                id: user.id,
                email: user.email,
            },
            "signout",
            Some(("user", user.id)),
            request.ip,
            "",
        )
        .await?;
    }
    crate::auth::clear_session_cookie();
    leptos_axum::redirect("/");
    Ok(())
}

/// The name of the person a valid invitation or reset link belongs to.
#[server]
pub async fn link_holder(token: String, reset: bool) -> Result<String, AppError> {
    let db = crate::state::db()?;
    crate::services::accounts::people::link_holder(&db, &token, purpose(reset), chrono::Utc::now())
        .await
}

/// Chooses a password through an invitation or reset link, and signs in.
#[server]
pub async fn set_password(
    token: String,
    reset: bool,
    password: String,
    confirmation: String,
) -> Result<(), AppError> {
    if password != confirmation {
        return Err(AppError::Invalid(
            "Les deux mots de passe saisis ne sont pas identiques.".into(),
        ));
    }
    let db = crate::state::db()?;
    let origin = crate::auth::origin();
    let (_, session) = crate::services::accounts::people::set_password_with_link(
        &db,
        &token,
        purpose(reset),
        &password,
        &origin,
        chrono::Utc::now(),
    )
    .await?;
    crate::auth::set_session_cookie(&session);
    leptos_axum::redirect("/");
    Ok(())
}

#[cfg(feature = "ssr")]
fn purpose(reset: bool) -> crate::model::TokenPurpose {
    if reset {
        crate::model::TokenPurpose::PasswordReset
    } else {
        crate::model::TokenPurpose::Invitation
    }
}

#[server]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    let db = crate::state::db()?;
    let origin = crate::auth::origin();
    let public_url = crate::state::public_url();
    crate::services::accounts::people::request_password_reset(
        &db,
        &email,
        &origin,
        &public_url,
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect("/mot-de-passe-oublie?envoye=1");
    Ok(())
}

#[server]
pub async fn my_sessions() -> Result<Vec<crate::model::SessionInfo>, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    let token = crate::auth::request().token.unwrap_or_default();
    Ok(crate::services::accounts::sessions::list(&db, user.id, &token, chrono::Utc::now()).await?)
}

#[server]
pub async fn end_other_sessions() -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let request = crate::auth::request();
    let ended =
        crate::services::accounts::sessions::end_others(&db, user.id, request.token.as_deref())
            .await?;
    crate::services::accounts::audit::record(
        &db,
        &crate::services::accounts::audit::Actor::User {
            id: user.id,
            email: user.email,
        },
        "sessions.ended_others",
        Some(("user", user.id)),
        request.ip,
        format!("{ended} session(s)"),
    )
    .await?;
    leptos_axum::redirect("/compte/sessions");
    Ok(())
}
