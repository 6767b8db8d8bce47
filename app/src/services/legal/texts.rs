//! The legal texts: as shipped (`app/data/legal.toml`) until the secretariat
//! saves its own, rendered through the sanitised Markdown path; the personal
//! data page adds the retention periods the server applies.

use sea_orm::{ConnectionTrait, TransactionTrait};

use crate::model::{AppError, AuditResults, CurrentUser, LegalPage, LegalText, LEGAL_TEXT_MAX};
use crate::services::accounts::audit::{self, Actor};
use crate::services::accounts::retention::Policy;
use crate::services::data_files::{self, AuditFigures};
use crate::services::{format, markdown, settings};

/// « 30 jours », « 1 an », « 2 ans ».
fn period(days: u32) -> String {
    match days {
        365 => "1 an".into(),
        d if d % 365 == 0 => format!("{} ans", d / 365),
        1 => "1 jour".into(),
        d => format!("{d} jours"),
    }
}

/// How long each kind of personal data is kept, under `policy`.
pub fn retention(policy: Policy) -> Vec<(String, String)> {
    [
        ("Comptes", "Tant que la personne est membre ; effacés à sa demande par le secrétariat.".to_string()),
        ("Sessions de connexion", "30 minutes d'inactivité, 12 heures au plus, puis supprimées.".to_string()),
        ("Liens d'invitation et de réinitialisation", "Supprimés une fois utilisés ou expirés.".to_string()),
        ("Compteurs de tentatives de connexion", "Supprimés après un jour sans tentative.".to_string()),
        ("Texte des courriels", format!(
            "Effacé dès l'envoi ; celui d'un courriel qui n'a pu être remis, après {}. Le destinataire, l'objet et les dates restent, pour mémoire.",
            period(policy.mail_days)
        )),
        ("Récapitulatifs de notifications", format!("{}.", period(policy.digest_days))),
        ("Journal des actions", format!("{}.", period(policy.audit_days))),
    ]
    .into_iter()
    .map(|(what, how_long)| (what.to_string(), how_long))
    .collect()
}

/// « a, b et c ».
fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} et {last}", rest.join(", ")),
    }
}

/// « 1 erreur », « 0 erreur », « 3 erreurs » (French counts 0 and 1 as singular).
fn counted(n: u32, one: &str, many: &str) -> String {
    let n_text = format::thousands(n.into());
    if n <= 1 {
        format!("{n_text} {one}")
    } else {
        format!("{n_text} {many}")
    }
}

/// The statement's table of what the recorded run checked.
pub fn audit_results(figures: &AuditFigures) -> AuditResults {
    let widths: Vec<String> = figures
        .widths
        .iter()
        .map(|w| format::thousands((*w).into()))
        .collect();
    AuditResults {
        date: format::date(figures.date),
        rows: vec![
            (
                "Pages auditées par axe-core (règles WCAG 2.1 A et AA)".into(),
                format!(
                    "{} de {}",
                    counted(figures.axe_audits, "audit", "audits"),
                    counted(figures.axe_addresses, "adresse", "adresses")
                ),
            ),
            (
                "Largeurs d'écran".into(),
                format!("{} pixels", listed(&widths)),
            ),
            ("Profils".into(), listed(&figures.profiles)),
            (
                "Non-conformités relevées par axe-core".into(),
                figures.axe_violations.to_string(),
            ),
            (
                "Code HTML validé par le Nu Html Checker (critère 8.2)".into(),
                format!(
                    "{}, {}",
                    counted(figures.html_pages, "page", "pages"),
                    counted(figures.html_errors, "erreur", "erreurs")
                ),
            ),
            (
                "Parcours au clavier seul, focus visible et dans l'ordre".into(),
                listed(&figures.keyboard_journeys),
            ),
            (
                "Mode de contraste élevé (couleurs forcées) et réduction des animations".into(),
                counted(figures.forced_colours_pages, "page", "pages"),
            ),
            (
                "Zoom à 200 % d'une fenêtre de 1 280 pixels, sans défilement horizontal".into(),
                counted(figures.zoom_pages, "page", "pages"),
            ),
            ("Commande".into(), figures.command.clone()),
        ],
    }
}

/// A legal page for `reader` (anyone).
pub async fn page(
    db: &impl ConnectionTrait,
    text: LegalText,
    policy: Policy,
    reader: Option<&CurrentUser>,
) -> Result<LegalPage, AppError> {
    let source = settings::legal_text(db, text).await?;
    Ok(LegalPage {
        text,
        html: markdown::render(source).await?,
        retention: match text {
            LegalText::PersonalData => retention(policy),
            _ => Vec::new(),
        },
        audit: (text == LegalText::Accessibility).then(|| audit_results(data_files::audit())),
        editable: reader.is_some_and(CurrentUser::is_admin),
    })
}

/// A legal text's Markdown, for its form (the secretariat only).
pub async fn source(
    db: &impl ConnectionTrait,
    admin: &CurrentUser,
    text: LegalText,
) -> Result<String, AppError> {
    if !admin.is_admin() {
        return Err(AppError::Forbidden);
    }
    Ok(settings::legal_text(db, text).await?)
}

/// Saves a legal text as typed (the secretariat only); an empty one goes
/// back to the text as shipped.
pub async fn save(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    text: LegalText,
    typed: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    if !admin.is_admin() {
        return Err(AppError::Forbidden);
    }
    let typed = typed.trim();
    if typed.chars().count() > LEGAL_TEXT_MAX {
        return Err(AppError::Invalid(format!(
            "Le texte dépasse {LEGAL_TEXT_MAX} caractères : raccourcissez-le."
        )));
    }
    markdown::render_checked(typed.to_string()).await?;
    let txn = db.begin().await?;
    if typed.is_empty() {
        settings::forget_legal_text(&txn, text).await?;
    } else {
        settings::save_legal_text(&txn, text, typed, chrono::Utc::now()).await?;
    }
    audit::record(
        &txn,
        &Actor::of(admin),
        "legal.updated",
        None,
        ip,
        text.title(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
