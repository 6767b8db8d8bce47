//! Setting up the body: its identity, the « Mise en place » page and the
//! removal of the demo body (the secretariat only, but the identity, which
//! every page shows).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::model::DemoRemoval;
use crate::model::{AppError, BodyIdentity, SetupPage};

/// The body's identity, for the header, titles and home page of every page.
#[server]
pub async fn load_identity() -> Result<BodyIdentity, AppError> {
    let db = crate::state::reader()?;
    let views = crate::state::public_views()?;
    crate::services::views::public_views::identity(&views, &db).await
}

#[server]
pub async fn load_setup() -> Result<SetupPage, AppError> {
    crate::auth::require_admin("consulter la mise en place").await?;
    let db = crate::state::reader()?;
    Ok(SetupPage {
        demo: crate::services::seed::removal::state(&db).await?,
        ..crate::services::views::setup::page(&db).await?
    })
}

/// The identity as saved, for its form.
#[server]
pub async fn identity_form() -> Result<BodyIdentity, AppError> {
    crate::auth::require_admin("modifier l'identité de l'instance").await?;
    let db = crate::state::reader()?;
    Ok(crate::services::settings::identity(&db).await?)
}

#[server]
pub async fn save_identity(
    name: String,
    ministry: String,
    #[server(default)] tagline: String,
    #[server(default)] presentation: String,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("modifier l'identité de l'instance").await?;
    let db = crate::state::db()?;
    let typed = BodyIdentity {
        name,
        ministry,
        tagline,
        presentation,
    };
    let field = typed.check().err().map(|e| e.field);
    match crate::services::body::identity::update(
        &db,
        &admin,
        typed.clone(),
        crate::auth::request().ip,
    )
    .await
    {
        Ok(()) => {
            crate::state::public_views()?.forget_identity();
            leptos_axum::redirect("/admin/mise-en-place?identite-enregistree");
            Ok(())
        }
        Err(error) => crate::api::refused::back_to(
            "/admin/identite",
            "identite",
            error,
            field,
            &[
                ("name", &typed.name),
                ("ministry", &typed.ministry),
                ("tagline", &typed.tagline),
                ("presentation", &typed.presentation),
            ],
        ),
    }
}

/// Removes the demo body, leaving real data untouched; the page then says
/// how many rows went, and lists those kept.
#[server]
pub async fn remove_demo() -> Result<(), AppError> {
    let admin = crate::auth::require_admin("retirer la démonstration").await?;
    let db = crate::state::db()?;
    let DemoRemoval { removed, .. } =
        crate::services::seed::removal::remove(&db, Some(&admin), crate::auth::request().ip)
            .await?;
    leptos_axum::redirect(&format!(
        "/admin/mise-en-place?demo-retiree={removed}#demonstration"
    ));
    Ok(())
}
