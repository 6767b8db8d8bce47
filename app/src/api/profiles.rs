//! Server functions of people's accounts as they are corrected: by the
//! secretariat (name, position, organisation, e-mail address), by each
//! person (« Mon compte »), and the link confirming a new address.

use leptos::prelude::*;

use crate::model::{AccountDetail, AppError, EmailChangePage, MyAccount};

/// A person's account, for the secretariat.
#[server]
pub async fn load_account(id: i32) -> Result<AccountDetail, AppError> {
    let admin = crate::auth::require_admin("fiche d'un compte").await?;
    let db = crate::state::reader()?;
    crate::services::accounts::profiles::detail(&db, &admin, id, chrono::Utc::now()).await
}

/// Edits a person's name, position and organisation (a move dated
/// `moved_on`).
#[server]
pub async fn update_account(
    user_id: i32,
    name: String,
    #[server(default)] title: String,
    #[server(default)] organisation: String,
    #[server(default)] moved_on: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("modifier un compte").await?;
    let db = crate::state::db()?;
    crate::services::accounts::profiles::update_identity(
        &db,
        &admin,
        user_id,
        crate::services::accounts::profiles::IdentityForm {
            name,
            title,
            organisation,
            moved_on,
        },
        &crate::auth::origin(),
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/comptes/{user_id}?enregistre"));
    Ok(())
}

/// Asks for a person's address to change: it takes effect once confirmed.
#[server]
pub async fn change_account_email(user_id: i32, email: String) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("changer l'adresse d'un compte").await?;
    let db = crate::state::db()?;
    crate::services::accounts::profiles::request_email_change(
        &db,
        &admin,
        user_id,
        &email,
        &crate::auth::origin(),
        &crate::state::public_url(),
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/comptes/{user_id}?confirmation"));
    Ok(())
}

/// « Mon compte ».
#[server]
pub async fn load_my_account() -> Result<MyAccount, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    crate::services::accounts::profiles::mine(&db, &user).await
}

/// A person changes their own name and position.
#[server]
pub async fn update_my_account(
    name: String,
    #[server(default)] title: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    crate::services::accounts::profiles::update_mine(
        &db,
        &user,
        &name,
        &title,
        &crate::auth::origin(),
    )
    .await?;
    leptos_axum::redirect("/compte?enregistre");
    Ok(())
}

/// What the link confirming a new address shows; the token is the credential.
#[server]
pub async fn load_email_change(token: String) -> Result<EmailChangePage, AppError> {
    let db = crate::state::reader()?;
    crate::services::accounts::profiles::email_change_page(&db, &token, chrono::Utc::now()).await
}

/// Confirms a new address through its link.
#[server]
pub async fn confirm_email_change(token: String) -> Result<(), AppError> {
    let db = crate::state::db()?;
    crate::services::accounts::profiles::confirm_email_change(
        &db,
        &token,
        &crate::auth::origin(),
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect("/connexion?adresse-confirmee");
    Ok(())
}
