//! The procedures' quality indicators, recorded, corrected and imported by
//! the secretariat (each procedure's page shows them, through
//! `api::procedures`).

use leptos::prelude::*;

use crate::model::{AppError, ImportReport, IndicatorAdmin};

/// The page to record values: the procedures and every value recorded.
#[server]
pub async fn load_indicator_admin() -> Result<IndicatorAdmin, AppError> {
    let admin = crate::auth::require_admin("gérer les indicateurs des démarches").await?;
    let db = crate::state::reader()?;
    crate::services::backlog::indicators::admin(&db, &admin).await
}

/// Records one value (in place of any for the same procedure, indicator
/// and date).
#[server]
pub async fn record_indicator(
    #[server(default)] procedure: String,
    #[server(default)] kind: String,
    #[server(default)] measured_on: String,
    #[server(default)] value: String,
    #[server(default)] source: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("enregistrer un indicateur").await?;
    let db = crate::state::db()?;
    let typed = crate::services::backlog::indicators::Typed {
        procedure,
        kind,
        measured_on,
        value,
        source,
    };
    match crate::services::backlog::indicators::record(
        &db,
        &admin,
        &typed,
        crate::auth::request().ip,
        chrono::Utc::now(),
    )
    .await
    {
        Ok(replaced) => {
            let done = if replaced { "remplace" } else { "enregistre" };
            leptos_axum::redirect(&format!("/admin/indicateurs?{done}#valeurs"));
            Ok(())
        }
        Err(error) => crate::api::refused::back_to(
            "/admin/indicateurs",
            "indicateur",
            error,
            None,
            &[
                ("procedure", &typed.procedure),
                ("kind", &typed.kind),
                ("measured_on", &typed.measured_on),
                ("value", &typed.value),
                ("source", &typed.source),
            ],
        ),
    }
}

/// Deletes a wrong value.
#[server]
pub async fn delete_indicator(id: i32) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("supprimer un indicateur").await?;
    let db = crate::state::db()?;
    crate::services::backlog::indicators::delete(&db, &admin, id, crate::auth::request().ip)
        .await?;
    leptos_axum::redirect("/admin/indicateurs?supprime#valeurs");
    Ok(())
}

/// What importing file `id` would change (nothing is written).
#[server]
pub async fn indicator_import_report(id: i32) -> Result<ImportReport, AppError> {
    let admin = crate::auth::require_admin("importer des indicateurs").await?;
    let db = crate::state::db()?;
    crate::services::backlog::indicators::dry_run(&db, &admin, id, chrono::Utc::now()).await
}

/// Imports file `id`, whole or not at all.
#[server]
pub async fn apply_indicator_import(id: i32) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("importer des indicateurs").await?;
    let db = crate::state::db()?;
    match crate::services::backlog::indicators::import(
        &db,
        &admin,
        id,
        crate::auth::request().ip,
        chrono::Utc::now(),
    )
    .await
    {
        Ok(count) => {
            leptos_axum::redirect(&format!("/admin/indicateurs?importe={count}#valeurs"));
            Ok(())
        }
        Err(error) => crate::api::refused::back_to(
            &format!("/admin/indicateurs/import/{id}"),
            "resultat",
            error,
            None,
            &[],
        ),
    }
}
