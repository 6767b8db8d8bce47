use leptos::prelude::*;

use crate::model::{AppError, GroupAdmin, GroupDetail, WorkingGroupCard};

#[cfg(feature = "ssr")]
fn typed_group<'a>(
    title: &'a str,
    mandate: &'a str,
    lead_user_id: &'a str,
) -> [(&'static str, &'a str); 3] {
    [
        ("title", title),
        ("mandate", mandate),
        ("lead_user_id", lead_user_id),
    ]
}

#[server]
pub async fn working_groups() -> Result<Vec<WorkingGroupCard>, AppError> {
    let db = crate::state::reader()?;
    crate::services::body::groups::list(&db).await
}

/// A group's page, with page `page` of its proposals and `meetings_page`
/// of its meetings.
#[server]
pub async fn load_group(
    slug: String,
    #[server(default)] page: u64,
    #[server(default)] meetings_page: u64,
) -> Result<GroupDetail, AppError> {
    let db = crate::state::reader()?;
    let viewer = crate::auth::current_user();
    crate::services::views::group_page::detail_at(&db, viewer.as_ref(), &slug, page, meetings_page)
        .await
}

/// The form of a new group (the secretariat only).
#[server]
pub async fn new_group_form() -> Result<GroupAdmin, AppError> {
    crate::auth::require_admin("créer un groupe de travail").await?;
    let db = crate::state::reader()?;
    crate::services::body::groups::new_form(&db).await
}

/// Creates a working group (the secretariat only).
#[server]
pub async fn create_group(
    title: String,
    #[server(default)] mandate: String,
    #[server(default)] lead_user_id: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("créer un groupe de travail").await?;
    let db = crate::state::db()?;
    let field = crate::model::check_group(&title, &mandate)
        .err()
        .map(|e| e.field);
    let form = crate::services::body::membership::GroupForm {
        title: title.clone(),
        mandate: mandate.clone(),
        lead_user_id: lead_user_id.clone(),
    };
    match crate::services::body::membership::create_group(
        &db,
        &admin,
        form,
        crate::auth::request().ip,
    )
    .await
    {
        Ok(slug) => {
            leptos_axum::redirect(&format!("/groupes/{slug}?enregistre"));
            Ok(())
        }
        Err(error) => crate::api::refused::back_to(
            "/groupes/nouveau",
            "groupe",
            error,
            field,
            &typed_group(&title, &mandate, &lead_user_id),
        ),
    }
}

/// Edits a group's title, mandate and lead (the secretariat only).
#[server]
pub async fn save_group(
    slug: String,
    title: String,
    #[server(default)] mandate: String,
    #[server(default)] lead_user_id: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("modifier un groupe de travail").await?;
    let db = crate::state::db()?;
    let field = crate::model::check_group(&title, &mandate)
        .err()
        .map(|e| e.field);
    match crate::services::body::membership::update_group(
        &db,
        &admin,
        &slug,
        crate::services::body::membership::GroupForm {
            title: title.clone(),
            mandate: mandate.clone(),
            lead_user_id: lead_user_id.clone(),
        },
        crate::auth::request().ip,
    )
    .await
    {
        Ok(()) => {
            leptos_axum::redirect(&format!("/groupes/{slug}?enregistre"));
            Ok(())
        }
        Err(error) => crate::api::refused::back_to(
            &format!("/groupes/{slug}"),
            "gestion",
            error,
            field,
            &typed_group(&title, &mandate, &lead_user_id),
        ),
    }
}

/// Archives a group, or reopens it (the secretariat only).
#[server]
pub async fn archive_group(slug: String, archived: bool) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("archiver un groupe de travail").await?;
    let db = crate::state::db()?;
    crate::services::body::membership::set_group_archived(
        &db,
        &admin,
        &slug,
        archived,
        crate::auth::request().ip,
    )
    .await?;
    leptos_axum::redirect(&format!("/groupes/{slug}?enregistre"));
    Ok(())
}

/// Seats an organisation in the group.
#[server]
pub async fn add_group_member(
    slug: String,
    organisation: String,
    joined_on: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("ajouter un membre à un groupe").await?;
    let db = crate::state::db()?;
    crate::services::body::membership::add_seat(
        &db,
        &admin,
        &slug,
        &organisation,
        &joined_on,
        crate::auth::request().ip,
    )
    .await?;
    leptos_axum::redirect(&format!("/groupes/{slug}?enregistre#membres"));
    Ok(())
}

/// Ends an organisation's seat in the group.
#[server]
pub async fn end_group_member(
    slug: String,
    organisation: String,
    left_on: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("retirer un membre d'un groupe").await?;
    let db = crate::state::db()?;
    crate::services::body::membership::end_seat(
        &db,
        &admin,
        &slug,
        &organisation,
        &left_on,
        crate::auth::request().ip,
    )
    .await?;
    leptos_axum::redirect(&format!("/groupes/{slug}?enregistre#membres"));
    Ok(())
}
