//! The proposal backlog as a list. Everyone may read it; what each person
//! sees (the "déposée" proposals or not) is decided by the service.

use leptos::prelude::*;

use std::collections::BTreeMap;

use crate::model::{AppError, BacklogPage, ProposalDetail, ProposalEditData, ProposalFormData};

/// Who is asking, for the services' visibility rule.
#[cfg(feature = "ssr")]
pub(crate) fn audience() -> crate::services::backlog::cards::Audience {
    crate::services::backlog::cards::Audience::of(crate::auth::current_user().as_ref())
}

/// One page of the backlog in the view described by `query`, the list
/// page's query string (`statut=retenue&tri=soutiens&page=2`…).
#[server]
pub async fn proposal_backlog(query: String) -> Result<BacklogPage, AppError> {
    let filters = crate::model::BacklogFilters::parse(&query)?;
    let db = crate::state::reader()?;
    let views = crate::state::public_views()?;
    crate::services::backlog::proposals::backlog(&db, &views.lists, audience(), &filters).await
}

#[cfg(feature = "ssr")]
fn ip() -> Option<String> {
    crate::auth::request().ip
}

/// Sends the browser back to the proposal's page, at `anchor`.
#[cfg(feature = "ssr")]
fn back_to(reference: &str, anchor: &str) {
    let reference = reference.trim().to_uppercase();
    leptos_axum::redirect(&format!(
        "/propositions/{reference}?{}#{anchor}",
        crate::model::SAVED_PARAM
    ));
}

#[cfg(feature = "ssr")]
fn triage_context(
    user: &crate::model::CurrentUser,
) -> crate::services::backlog::triage::Context<'_> {
    crate::services::backlog::triage::Context {
        user,
        public_url: crate::state::public_url(),
        ip: ip(),
        now: chrono::Utc::now(),
    }
}

/// A proposal's page, for whoever is looking, with page `timeline_page` of
/// its timeline (1: the latest events).
#[server]
pub async fn load_proposal(
    reference: String,
    #[server(default)] timeline_page: u64,
) -> Result<ProposalDetail, AppError> {
    let db = crate::state::reader()?;
    let views = crate::state::public_views()?;
    let viewer = crate::auth::current_user();
    crate::services::backlog::proposal_page::detail_at(
        &db,
        &views.proposals,
        viewer.as_ref(),
        &reference,
        timeline_page,
    )
    .await
}

/// The submission form; `origine` and `campagne` preset it.
#[server]
pub async fn proposal_form(
    origine: Option<String>,
    campagne: Option<String>,
) -> Result<ProposalFormData, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    let result = crate::services::backlog::submissions::form(&db, &user, origine, campagne).await;
    crate::auth::audited(&user, "déposer une proposition", result).await
}

/// Submits a proposal. `procedures` holds one key per ticked procedure
/// (`procedures[slug]=on`), so that a form without JavaScript can send it.
#[server]
pub async fn submit_proposal(
    title: String,
    body: String,
    #[server(default)] procedures: BTreeMap<String, String>,
    origin: String,
    #[server(default)] campaign: String,
    #[server(default)] group: String,
    #[server(default)] organisation: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::backlog::submissions::submit(
        &db,
        &user,
        crate::services::backlog::submissions::Submission {
            title,
            body,
            procedures: procedures.into_keys().collect(),
            origin,
            campaign,
            group,
            organisation,
        },
        &crate::state::public_url(),
        ip(),
        chrono::Utc::now(),
    )
    .await;
    let created = crate::auth::audited(&user, "déposer une proposition", result).await?;
    leptos_axum::redirect(&format!(
        "/propositions/{}?{}",
        created.reference,
        crate::model::SUBMITTED_PARAM
    ));
    Ok(())
}

#[server]
pub async fn support_proposal(reference: String) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result =
        crate::services::backlog::participation::support(&db, &triage_context(&user), &reference)
            .await;
    crate::auth::audited(&user, "soutenir une proposition", result).await?;
    back_to(&reference, "soutiens");
    Ok(())
}

#[server]
pub async fn withdraw_support(reference: String) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result =
        crate::services::backlog::participation::withdraw(&db, &triage_context(&user), &reference)
            .await;
    crate::auth::audited(&user, "retirer un soutien", result).await?;
    back_to(&reference, "soutiens");
    Ok(())
}

#[server]
pub async fn comment_proposal(
    reference: String,
    body: String,
    #[server(default)] internal: Option<String>,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::backlog::participation::comment(
        &db,
        &triage_context(&user),
        &reference,
        &body,
        internal.is_some(),
    )
    .await;
    crate::auth::audited(&user, "commenter une proposition", result).await?;
    back_to(&reference, "historique");
    Ok(())
}

#[server]
pub async fn change_proposal_status(
    reference: String,
    version: i32,
    status: String,
    #[server(default)] reason: String,
    #[server(default)] kept: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::backlog::triage::change_status(
        &db,
        &triage_context(&user),
        &reference,
        crate::services::backlog::triage::StatusChange {
            version,
            status,
            reason,
            kept,
        },
    )
    .await;
    crate::auth::audited(&user, "changer le statut d'une proposition", result).await?;
    back_to(&reference, "instruction");
    Ok(())
}

#[server]
pub async fn set_proposal_progress(
    reference: String,
    version: i32,
    progress: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::backlog::progress::set_progress(
        &db,
        &triage_context(&user),
        &reference,
        version,
        &progress,
    )
    .await;
    crate::auth::audited(&user, "changer l'avancement d'une proposition", result).await?;
    back_to(&reference, "mise-en-oeuvre");
    Ok(())
}

#[server]
pub async fn add_proposal_milestone(
    reference: String,
    version: i32,
    title: String,
    planned_on: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::backlog::progress::add_milestone(
        &db,
        &triage_context(&user),
        &reference,
        version,
        &title,
        &planned_on,
    )
    .await;
    crate::auth::audited(&user, "ajouter un jalon à une proposition", result).await?;
    back_to(&reference, "mise-en-oeuvre");
    Ok(())
}

#[server]
pub async fn complete_proposal_milestone(
    reference: String,
    version: i32,
    milestone_id: i32,
    done_on: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::backlog::progress::complete_milestone(
        &db,
        &triage_context(&user),
        &reference,
        version,
        milestone_id,
        &done_on,
    )
    .await;
    crate::auth::audited(&user, "marquer un jalon comme atteint", result).await?;
    back_to(&reference, "mise-en-oeuvre");
    Ok(())
}

#[server]
pub async fn assign_proposal(
    reference: String,
    version: i32,
    #[server(default)] group: String,
    #[server(default)] priority: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::backlog::triage::assign(
        &db,
        &triage_context(&user),
        &reference,
        version,
        &group,
        &priority,
    )
    .await;
    crate::auth::audited(&user, "attribuer une proposition", result).await?;
    back_to(&reference, "instruction");
    Ok(())
}

#[server]
pub async fn link_proposal_meeting(
    reference: String,
    version: i32,
    meeting_id: i32,
    #[server(default)] note: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::backlog::triage::link_meeting(
        &db,
        &triage_context(&user),
        &reference,
        version,
        meeting_id,
        &note,
    )
    .await;
    crate::auth::audited(&user, "lier une proposition à une réunion", result).await?;
    back_to(&reference, "instruction");
    Ok(())
}

#[server]
pub async fn add_proposal_action(
    reference: String,
    title: String,
    owner: String,
    due_on: String,
    #[server(default)] description: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::backlog::triage::record_action(
        &db,
        &user,
        &reference,
        crate::services::body::actions::ActionForm {
            title,
            owner,
            due_on,
            description,
            proposal_reference: String::new(),
        },
        &crate::state::public_url(),
        ip(),
    )
    .await;
    crate::auth::audited(&user, "ajouter une action", result).await?;
    back_to(&reference, "actions");
    Ok(())
}

/// The form editing a proposal's text (its organisation, or the secretariat).
#[server]
pub async fn proposal_edit_form(reference: String) -> Result<ProposalEditData, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    let result = crate::services::backlog::proposal_page::edit_form(&db, &user, &reference).await;
    crate::auth::audited(&user, "modifier une proposition", result).await
}

/// Edits a proposal's title, description and procedures while it is
/// « déposée »; the text it replaces stays readable on its timeline.
#[server]
pub async fn edit_proposal(
    reference: String,
    version: i32,
    title: String,
    body: String,
    #[server(default)] procedures: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::backlog::amendments::edit(
        &db,
        &triage_context(&user),
        &reference,
        crate::services::backlog::amendments::Edit {
            version,
            title,
            body,
            procedures: procedures.into_keys().collect(),
        },
    )
    .await;
    crate::auth::audited(&user, "modifier une proposition", result).await?;
    back_to(&reference, "historique");
    Ok(())
}

/// Withdraws a proposal, for a reason that is published with it.
#[server]
pub async fn withdraw_proposal(
    reference: String,
    version: i32,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::backlog::amendments::withdraw(
        &db,
        &triage_context(&user),
        &reference,
        version,
        &reason,
    )
    .await;
    crate::auth::audited(&user, "retirer une proposition", result).await?;
    back_to(&reference, "historique");
    Ok(())
}

/// Changes the procedures a proposal concerns (triage).
#[server]
pub async fn change_proposal_procedures(
    reference: String,
    version: i32,
    #[server(default)] procedures: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let slugs: Vec<String> = procedures.into_keys().collect();
    let result = crate::services::backlog::triage::change_procedures(
        &db,
        &triage_context(&user),
        &reference,
        version,
        &slugs,
    )
    .await;
    crate::auth::audited(&user, "changer les démarches d'une proposition", result).await?;
    back_to(&reference, "instruction");
    Ok(())
}
