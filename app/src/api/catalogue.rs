//! The procedure catalogue as the secretariat keeps it: families and
//! procedures created, edited, put in order and retired, and the starting
//! set loaded into an empty catalogue.

use leptos::prelude::*;

use crate::model::{AppError, CatalogueAdmin, ProcedureFormData};

#[cfg(feature = "ssr")]
const PAGE: &str = "/admin/demarches";

#[cfg(feature = "ssr")]
fn ip() -> Option<String> {
    crate::auth::request().ip
}

/// « haut » or « bas », as the buttons send it.
#[cfg(feature = "ssr")]
fn upwards(direction: &str) -> Result<bool, AppError> {
    match direction {
        "haut" => Ok(true),
        "bas" => Ok(false),
        _ => Err(AppError::Invalid(
            "Le sens du déplacement est « haut » ou « bas ».".into(),
        )),
    }
}

/// Back to the catalogue's page, at `anchor`, with a confirmation.
#[cfg(feature = "ssr")]
fn done(anchor: &str) {
    leptos_axum::redirect(&format!("{PAGE}?enregistre#{anchor}"));
}

#[server]
pub async fn load_catalogue() -> Result<CatalogueAdmin, AppError> {
    crate::auth::require_admin("gérer le catalogue des démarches").await?;
    let db = crate::state::reader()?;
    crate::services::backlog::catalogue::admin_view(&db).await
}

#[server]
pub async fn load_starting_catalogue() -> Result<(), AppError> {
    let admin = crate::auth::require_admin("charger le catalogue de départ").await?;
    let db = crate::state::db()?;
    crate::services::backlog::catalogue::load_starting_set(&db, &admin, ip()).await?;
    done("catalogue");
    Ok(())
}

#[server]
pub async fn create_family(name: String) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("ajouter une famille de démarches").await?;
    let db = crate::state::db()?;
    match crate::services::backlog::catalogue::create_family(&db, &admin, &name, ip()).await {
        Ok(slug) => {
            done(&format!("famille-{slug}"));
            Ok(())
        }
        Err(error) => crate::api::refused::back_to(
            PAGE,
            "nouvelle-famille",
            error,
            Some("family_name"),
            &[("family_name", &name)],
        ),
    }
}

#[server]
pub async fn rename_family(slug: String, name: String) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("renommer une famille de démarches").await?;
    let db = crate::state::db()?;
    match crate::services::backlog::catalogue::rename_family(&db, &admin, &slug, &name, ip()).await
    {
        Ok(()) => {
            done(&format!("famille-{slug}"));
            Ok(())
        }
        Err(error) => crate::api::refused::back_to(
            PAGE,
            &format!("famille-{slug}"),
            error,
            Some(&format!("name-{slug}")),
            &[(&format!("name-{slug}"), &name)],
        ),
    }
}

#[server]
pub async fn move_family(slug: String, direction: String) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("ordonner le catalogue des démarches").await?;
    let db = crate::state::db()?;
    let up = upwards(&direction)?;
    crate::services::backlog::catalogue::move_family(&db, &admin, &slug, up, ip()).await?;
    done(&format!("famille-{slug}"));
    Ok(())
}

#[server]
pub async fn retire_family(slug: String, retired: bool) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("retirer une famille de démarches").await?;
    let db = crate::state::db()?;
    crate::services::backlog::catalogue::set_family_retired(&db, &admin, &slug, retired, ip())
        .await?;
    done(&format!("famille-{slug}"));
    Ok(())
}

/// The form of a new procedure (of `famille`, if given), or of `slug`.
#[server]
pub async fn procedure_form(
    slug: Option<String>,
    famille: Option<String>,
) -> Result<ProcedureFormData, AppError> {
    crate::auth::require_admin("gérer le catalogue des démarches").await?;
    let db = crate::state::reader()?;
    crate::services::backlog::catalogue::procedure_form(&db, slug.as_deref(), famille.as_deref())
        .await
}

/// Adds a procedure, or edits the one at `slug`.
#[server]
pub async fn save_procedure(
    #[server(default)] slug: Option<String>,
    #[server(default)] family: String,
    name: String,
    #[server(default)] description: String,
    #[server(default)] url: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("enregistrer une démarche").await?;
    let db = crate::state::db()?;
    let slug = slug.filter(|s| !s.is_empty());
    let typed = ProcedureFormData {
        slug: slug.clone(),
        family,
        name,
        description,
        url,
        families: Vec::new(),
    };
    let field = typed.check().err().map(|e| e.field);
    use crate::services::backlog::catalogue;
    let saved = match &slug {
        Some(slug) => catalogue::update_procedure(&db, &admin, slug, typed.clone(), ip())
            .await
            .map(|()| slug.clone()),
        None => catalogue::create_procedure(&db, &admin, typed.clone(), ip()).await,
    };
    match saved {
        Ok(saved) => {
            done(&format!("demarche-{saved}"));
            Ok(())
        }
        Err(error) => crate::api::refused::back_to(
            &match &slug {
                Some(slug) => format!("{PAGE}/{slug}"),
                None => format!("{PAGE}/nouvelle"),
            },
            "demarche",
            error,
            field,
            &[
                ("family", &typed.family),
                ("name", &typed.name),
                ("description", &typed.description),
                ("url", &typed.url),
            ],
        ),
    }
}

#[server]
pub async fn move_procedure(slug: String, direction: String) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("ordonner le catalogue des démarches").await?;
    let db = crate::state::db()?;
    let up = upwards(&direction)?;
    crate::services::backlog::catalogue::move_procedure(&db, &admin, &slug, up, ip()).await?;
    done(&format!("demarche-{slug}"));
    Ok(())
}

#[server]
pub async fn retire_procedure(slug: String, retired: bool) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("retirer une démarche").await?;
    let db = crate::state::db()?;
    crate::services::backlog::catalogue::set_procedure_retired(&db, &admin, &slug, retired, ip())
        .await?;
    done(&format!("demarche-{slug}"));
    Ok(())
}
