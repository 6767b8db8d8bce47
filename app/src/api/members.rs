use leptos::prelude::*;

use crate::model::{AppError, OrganisationCard, OrganisationDetail, OrganisationFormData};

#[server]
pub async fn member_directory() -> Result<Vec<OrganisationCard>, AppError> {
    let db = crate::state::reader()?;
    crate::services::body::organisations::directory(&db).await
}

#[server]
pub async fn load_organisation(
    slug: String,
    #[server(default)] page: u64,
) -> Result<OrganisationDetail, AppError> {
    let db = crate::state::reader()?;
    let viewer = crate::auth::current_user();
    crate::services::views::organisation_page::detail_at(&db, viewer.as_ref(), &slug, page).await
}

/// An empty organisation form (the secretariat only).
#[server]
pub async fn organisation_form() -> Result<OrganisationFormData, AppError> {
    crate::auth::require_admin("ajouter une organisation").await?;
    Ok(OrganisationFormData {
        joined_on: crate::services::format::today().to_string(),
        ..Default::default()
    })
}

/// Adds an organisation, or edits the one at `slug`.
#[server]
pub async fn save_organisation(
    #[server(default)] slug: Option<String>,
    name: String,
    #[server(default)] short_name: String,
    kind: String,
    #[server(default)] description: String,
    #[server(default)] website: String,
    joined_on: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("enregistrer une organisation").await?;
    let db = crate::state::db()?;
    let form = crate::services::body::membership::OrganisationForm {
        name,
        short_name,
        kind,
        description,
        website,
        joined_on,
    };
    let ip = crate::auth::request().ip;
    let slug = match slug.filter(|s| !s.is_empty()) {
        Some(slug) => {
            crate::services::body::membership::update_organisation(&db, &admin, &slug, form, ip)
                .await?;
            slug
        }
        None => {
            crate::services::body::membership::create_organisation(&db, &admin, form, ip).await?
        }
    };
    leptos_axum::redirect(&format!("/membres/{slug}?enregistre"));
    Ok(())
}

/// Ends an organisation's membership (and its seats in the groups).
#[server]
pub async fn end_membership(slug: String, left_on: String) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("mettre fin à une adhésion").await?;
    let db = crate::state::db()?;
    crate::services::body::membership::end_membership(
        &db,
        &admin,
        &slug,
        &left_on,
        crate::auth::request().ip,
    )
    .await?;
    leptos_axum::redirect(&format!("/membres/{slug}?enregistre"));
    Ok(())
}

/// Renews an organisation's ended membership from `joined_on`.
#[server]
pub async fn renew_membership(slug: String, joined_on: String) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("renouveler une adhésion").await?;
    let db = crate::state::db()?;
    crate::services::body::membership::renew_membership(
        &db,
        &admin,
        &slug,
        &joined_on,
        crate::auth::request().ip,
    )
    .await?;
    leptos_axum::redirect(&format!("/membres/{slug}?enregistre"));
    Ok(())
}

/// Corrects the dates of an organisation's membership.
#[server]
pub async fn correct_membership_dates(
    slug: String,
    joined_on: String,
    #[server(default)] left_on: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("corriger les dates d'une adhésion").await?;
    let db = crate::state::db()?;
    crate::services::body::membership::correct_membership_dates(
        &db,
        &admin,
        &slug,
        &joined_on,
        &left_on,
        crate::auth::request().ip,
    )
    .await?;
    leptos_axum::redirect(&format!("/membres/{slug}?enregistre"));
    Ok(())
}
