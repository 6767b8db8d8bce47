//! The secretariat's pages: accounts and the audit journal. Every function
//! here is for admins only.

use leptos::prelude::*;

use crate::model::{AccountsPage, AppError, JournalPage};

#[cfg(feature = "ssr")]
fn parse_role(code: &str) -> Result<crate::model::Role, AppError> {
    crate::model::Role::from_code(code)
        .ok_or_else(|| AppError::Invalid("Choisissez un rôle dans la liste.".into()))
}

#[server]
pub async fn list_accounts() -> Result<AccountsPage, AppError> {
    crate::auth::require_admin("liste des comptes").await?;
    let db = crate::state::reader()?;
    crate::services::accounts::people::list(&db).await
}

#[server]
pub async fn invite_person(
    email: String,
    name: String,
    role: String,
    organisation: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("invitation").await?;
    let role = parse_role(&role)?;
    let organisation_id =
        match organisation.trim() {
            "" => None,
            id => Some(id.parse::<i32>().map_err(|_| {
                AppError::Invalid("Choisissez une organisation dans la liste.".into())
            })?),
        };
    let db = crate::state::db()?;
    crate::services::accounts::people::invite(
        &db,
        &admin,
        &email,
        &name,
        role,
        organisation_id,
        &crate::auth::origin(),
        &crate::state::public_url(),
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect("/admin/comptes?invite=1");
    Ok(())
}

/// Changes a person's role; `back` is the local page to return to (the
/// accounts list by default).
#[server]
pub async fn change_role(
    user_id: i32,
    role: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("changement de rôle").await?;
    let role = parse_role(&role)?;
    let db = crate::state::db()?;
    crate::services::accounts::people::change_role(
        &db,
        &admin,
        user_id,
        role,
        &crate::auth::origin(),
    )
    .await?;
    leptos_axum::redirect(if back.starts_with("/admin/comptes/") {
        back.as_str()
    } else {
        "/admin/comptes"
    });
    Ok(())
}

#[server]
pub async fn set_account_active(user_id: i32, active: bool) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("activation d'un compte").await?;
    let db = crate::state::db()?;
    crate::services::accounts::people::set_active(
        &db,
        &admin,
        user_id,
        active,
        &crate::auth::origin(),
    )
    .await?;
    leptos_axum::redirect("/admin/comptes");
    Ok(())
}

#[server]
pub async fn reinvite(user_id: i32) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("nouvelle invitation").await?;
    let db = crate::state::db()?;
    crate::services::accounts::people::reinvite(
        &db,
        &admin,
        user_id,
        &crate::auth::origin(),
        &crate::state::public_url(),
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect("/admin/comptes?invite=1");
    Ok(())
}

#[server]
pub async fn audit_journal(
    person: String,
    kind: String,
    page: u64,
) -> Result<JournalPage, AppError> {
    crate::auth::require_admin("journal").await?;
    let db = crate::state::reader()?;
    crate::services::accounts::audit::journal(&db, person.trim(), kind.trim(), page).await
}
