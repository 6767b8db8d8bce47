//! The legal pages, which anyone reads and the secretariat edits, and each
//! person's rights over their data: « Mes données » for everyone signed in,
//! the erasure of a person for the secretariat.

use leptos::prelude::*;

use crate::model::{AppError, LegalPage, LegalText, PersonalData};

#[cfg(feature = "ssr")]
fn text_of(slug: &str) -> Result<LegalText, AppError> {
    LegalText::from_slug(slug).ok_or(AppError::NotFound)
}

#[server]
pub async fn load_legal_page(text: String) -> Result<LegalPage, AppError> {
    let text = text_of(&text)?;
    let db = crate::state::reader()?;
    let reader = crate::auth::current_user();
    crate::services::legal::texts::page(&db, text, crate::state::retention(), reader.as_ref()).await
}

/// A legal text's Markdown, for its form.
#[server]
pub async fn legal_source(text: String) -> Result<(LegalText, String), AppError> {
    let admin = crate::auth::require_admin("modifier un texte légal").await?;
    let text = text_of(&text)?;
    let db = crate::state::reader()?;
    Ok((
        text,
        crate::services::legal::texts::source(&db, &admin, text).await?,
    ))
}

#[server]
pub async fn save_legal_text(text: String, source: String) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("modifier un texte légal").await?;
    let kind = text_of(&text)?;
    let db = crate::state::db()?;
    let form = format!("/admin/textes/{}", kind.slug());
    match crate::services::legal::texts::save(&db, &admin, kind, &source, crate::auth::request().ip)
        .await
    {
        Ok(()) => {
            leptos_axum::redirect(&format!("/{}?enregistre", kind.slug()));
            Ok(())
        }
        Err(error) => crate::api::refused::back_to(
            &form,
            "texte",
            error,
            Some("source"),
            &[("source", &source)],
        ),
    }
}

/// Everything Écoute holds about the signed-in person.
#[server]
pub async fn my_data() -> Result<PersonalData, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    crate::services::legal::export::personal_data(&db, &user).await
}

/// Erases a person on their request (the secretariat).
#[server]
pub async fn erase_person(
    user_id: i32,
    #[server(default)] confirmed: bool,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("effacement d'une personne").await?;
    if !confirmed {
        return Err(AppError::Invalid(
            "Cochez la case pour confirmer que la personne a demandé son effacement.".into(),
        ));
    }
    let db = crate::state::db()?;
    let erased = crate::auth::audited(
        &admin,
        "effacement d'une personne",
        crate::services::legal::erasure::erase(&db, &admin, user_id, crate::auth::request().ip)
            .await,
    )
    .await?;
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("efface", &erased.replaced_by);
    leptos_axum::redirect(&format!("/admin/comptes?{}", query.finish()));
    Ok(())
}
