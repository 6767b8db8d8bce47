//! « Facile à lire et à comprendre » versions: written by the secretariat,
//! read by everyone beside the standard text.

use leptos::prelude::*;

use crate::model::{AppError, EasyReadForm, EasyReadOverview};

#[cfg(feature = "ssr")]
const WRITING: &str = "rédiger une version facile à lire";

#[cfg(feature = "ssr")]
fn kind_of(code: &str) -> Result<crate::model::EasyReadKind, AppError> {
    crate::model::EasyReadKind::from_code(code).ok_or(AppError::NotFound)
}

/// What still lacks a version, for the secretariat.
#[server]
pub async fn load_easy_read_overview() -> Result<EasyReadOverview, AppError> {
    let admin = crate::auth::require_admin(WRITING).await?;
    let db = crate::state::reader()?;
    crate::services::body::easy_read::overview(&db, &admin).await
}

/// The form of the version of `key`.
#[server]
pub async fn load_easy_read_form(kind: String, key: String) -> Result<EasyReadForm, AppError> {
    let admin = crate::auth::require_admin(WRITING).await?;
    let kind = kind_of(&kind)?;
    let db = crate::state::reader()?;
    crate::services::body::easy_read::form(&db, &admin, kind, &key).await
}

#[server]
pub async fn save_easy_read(kind: String, key: String, body: String) -> Result<(), AppError> {
    let admin = crate::auth::require_admin(WRITING).await?;
    let kind = kind_of(&kind)?;
    let db = crate::state::db()?;
    let form = crate::model::easy_read_form_path(kind, &key);
    match crate::services::body::easy_read::save(
        &db,
        &admin,
        kind,
        &key,
        &body,
        crate::auth::request().ip,
        chrono::Utc::now(),
    )
    .await
    {
        Ok(_) => {
            leptos_axum::redirect(&format!("{form}?enregistre"));
            Ok(())
        }
        Err(error) => {
            crate::api::refused::back_to(&form, "texte", error, Some("body"), &[("body", &body)])
        }
    }
}

#[server]
pub async fn delete_easy_read(kind: String, key: String) -> Result<(), AppError> {
    let admin = crate::auth::require_admin(WRITING).await?;
    let kind = kind_of(&kind)?;
    let db = crate::state::db()?;
    crate::services::body::easy_read::delete(&db, &admin, kind, &key, crate::auth::request().ip)
        .await?;
    leptos_axum::redirect("/admin/facile-a-lire?supprimee");
    Ok(())
}

/// The rendered version of the annual report of `year`, if one is written.
#[server]
pub async fn annual_report_easy_read(year: i32) -> Result<Option<String>, AppError> {
    let db = crate::state::reader()?;
    crate::services::body::easy_read::html_of(
        &db,
        crate::model::EasyReadKind::AnnualReport,
        &year.to_string(),
    )
    .await
}
