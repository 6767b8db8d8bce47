//! User test campaigns, for everyone; created, edited and closed by the
//! secretariat.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::model::{AppError, CampaignCard, CampaignFormData, CampaignPage};

#[server]
pub async fn test_campaigns() -> Result<Vec<CampaignCard>, AppError> {
    let audience = crate::api::proposals::audience();
    let db = crate::state::reader()?;
    crate::services::backlog::campaigns::list(&db, audience).await
}

#[server]
pub async fn test_campaign(slug: String) -> Result<CampaignPage, AppError> {
    let audience = crate::api::proposals::audience();
    let db = crate::state::reader()?;
    let viewer = crate::auth::current_user();
    crate::services::backlog::campaigns::page(&db, audience, viewer.as_ref(), &slug).await
}

/// The form of a new campaign, or of campaign `slug` (the secretariat only).
#[server]
pub async fn campaign_form(slug: Option<String>) -> Result<CampaignFormData, AppError> {
    crate::auth::require_admin("gérer les campagnes de tests").await?;
    let db = crate::state::reader()?;
    crate::services::backlog::campaigns::form(&db, slug.as_deref()).await
}

/// Adds a campaign, or edits the one at `slug`. `procedures` holds one key
/// per ticked procedure (`procedures[slug]=on`).
#[allow(clippy::too_many_arguments)]
#[server]
pub async fn save_campaign(
    #[server(default)] slug: Option<String>,
    title: String,
    #[server(default)] site: String,
    #[server(default)] held_on: String,
    #[server(default)] ends_on: String,
    #[server(default)] audience: String,
    #[server(default)] findings: String,
    #[server(default)] organisation: String,
    #[server(default)] procedures: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("enregistrer une campagne de tests").await?;
    let db = crate::state::db()?;
    let slug = slug.filter(|s| !s.is_empty());
    let typed = CampaignFormData {
        slug: slug.clone(),
        title,
        site,
        held_on,
        ends_on,
        audience,
        findings,
        organisation,
        procedures: procedures.into_keys().collect(),
        ..Default::default()
    };
    let field = typed.check().err().map(|e| e.field);
    let ip = crate::auth::request().ip;
    use crate::services::backlog::campaigns;
    let saved = match &slug {
        Some(slug) => campaigns::update(&db, &admin, slug, typed.clone(), ip)
            .await
            .map(|()| slug.clone()),
        None => campaigns::create(&db, &admin, typed.clone(), ip).await,
    };
    match saved {
        Ok(saved) => {
            leptos_axum::redirect(&format!("/campagnes/{saved}?enregistre"));
            Ok(())
        }
        Err(error) => {
            let ticked: Vec<(String, &str)> = typed
                .procedures
                .iter()
                .map(|p| (format!("procedures[{p}]"), "on"))
                .collect();
            let mut values: Vec<(&str, &str)> = vec![
                ("title", &typed.title),
                ("site", &typed.site),
                ("held_on", &typed.held_on),
                ("ends_on", &typed.ends_on),
                ("audience", &typed.audience),
                ("findings", &typed.findings),
                ("organisation", &typed.organisation),
            ];
            values.extend(ticked.iter().map(|(k, v)| (k.as_str(), *v)));
            crate::api::refused::back_to(
                &match &slug {
                    Some(slug) => format!("/campagnes/{slug}/modifier"),
                    None => "/campagnes/nouvelle".to_string(),
                },
                "campagne",
                error,
                field,
                &values,
            )
        }
    }
}

/// Closes a campaign, or opens it again (the secretariat only).
#[server]
pub async fn close_campaign(slug: String, closed: bool) -> Result<(), AppError> {
    let admin = crate::auth::require_admin("clore une campagne de tests").await?;
    let db = crate::state::db()?;
    crate::services::backlog::campaigns::set_closed(
        &db,
        &admin,
        &slug,
        closed,
        crate::auth::request().ip,
    )
    .await?;
    leptos_axum::redirect(&format!("/campagnes/{slug}?enregistre"));
    Ok(())
}
