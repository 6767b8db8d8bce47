//! Setting up a body: its identity, the steps of its first set-up, the
//! management pages of its reference data (working groups, the procedure
//! catalogue, test campaigns) and the removal of the demo body.

use serde::{Deserialize, Serialize};

use super::{AppError, Choice, ProcedureChoices};

pub const IDENTITY_NAME_MAX: usize = 120;
pub const IDENTITY_MINISTRY_MAX: usize = 120;
pub const IDENTITY_TAGLINE_MAX: usize = 200;
pub const IDENTITY_PRESENTATION_MAX: usize = 2_000;

/// A refusal of one field of a form, told in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's `name` in the form.
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl From<FieldError> for AppError {
    fn from(error: FieldError) -> Self {
        AppError::Invalid(error.message)
    }
}

/// A text field's value, trimmed, required and at most `max` characters.
pub fn required_text(
    field: &'static str,
    value: &str,
    max: usize,
    missing: &str,
    what: &str,
) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, missing));
    }
    optional_text(field, value, max, what)
}

/// A required field of one line (a name, a title): like [`required_text`],
/// without line breaks nor other control characters (they would reach
/// e-mail headers and calendar lines).
pub fn required_line(
    field: &'static str,
    value: &str,
    max: usize,
    missing: &str,
    what: &str,
) -> Result<String, FieldError> {
    let value = required_text(field, value, max, missing, what)?;
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            format!("{what} doit tenir sur une ligne, sans caractère de contrôle."),
        ));
    }
    Ok(value)
}

/// A text field's value, trimmed, at most `max` characters.
pub fn optional_text(
    field: &'static str,
    value: &str,
    max: usize,
    what: &str,
) -> Result<String, FieldError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(FieldError::new(
            field,
            format!("{what} dépasse {max} caractères : raccourcissez le texte."),
        ));
    }
    Ok(value.to_string())
}

/// An address of the web, or nothing.
pub fn optional_web_address(field: &'static str, value: &str) -> Result<String, FieldError> {
    let value = optional_text(field, value, 300, "L'adresse")?;
    let web = value.starts_with("https://") || value.starts_with("http://");
    if !value.is_empty() && !web {
        return Err(FieldError::new(
            field,
            "L'adresse doit commencer par https:// (ou http://).",
        ));
    }
    Ok(value)
}

/// The body's identity: its name and the ministry it belongs to, shown in
/// the header of every page, in page titles and in every e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyIdentity {
    /// « Instance d'écoute des usagers ».
    pub name: String,
    /// As on the State's bloc-marque, one line per line break
    /// (« Ministère » / « de l'Intérieur »).
    pub ministry: String,
    /// A line under the name in the header; may be empty.
    pub tagline: String,
    /// A paragraph presenting the body, on the home page and in the footer.
    pub presentation: String,
}

impl Default for BodyIdentity {
    fn default() -> Self {
        Self {
            name: "Instance d'écoute des usagers".into(),
            ministry: "Ministère\nde l'Intérieur".into(),
            tagline: String::new(),
            presentation: "Associations d'usagers et partenaires administratifs travaillent ensemble à rendre les démarches en ligne accessibles à tous.".into(),
        }
    }
}

impl BodyIdentity {
    /// The ministry's lines, as the bloc-marque shows them.
    pub fn ministry_lines(&self) -> Vec<String> {
        self.ministry
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The ministry on one line (« Ministère de l'Intérieur »).
    pub fn ministry_inline(&self) -> String {
        self.ministry_lines().join(" ")
    }

    /// The identity as typed, checked.
    pub fn check(&self) -> Result<BodyIdentity, FieldError> {
        let ministry = required_text(
            "ministry",
            &self.ministry,
            IDENTITY_MINISTRY_MAX,
            "Indiquez le ministère de rattachement.",
            "Le ministère",
        )?;
        Ok(BodyIdentity {
            name: required_line(
                "name",
                &self.name,
                IDENTITY_NAME_MAX,
                "Indiquez le nom de l'instance.",
                "Le nom",
            )?,
            ministry: ministry
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n"),
            tagline: optional_text("tagline", &self.tagline, IDENTITY_TAGLINE_MAX, "La devise")?,
            presentation: optional_text(
                "presentation",
                &self.presentation,
                IDENTITY_PRESENTATION_MAX,
                "La présentation",
            )?,
        })
    }
}

/// One step of setting up a body, and whether it is done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetupStep {
    pub title: String,
    /// What the step is for.
    pub description: String,
    pub done: bool,
    /// Where it stands (« 3 groupes de travail »).
    pub state: String,
    /// The management page of the step.
    pub href: String,
    pub action: String,
}

/// The « Mise en place » page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetupPage {
    pub steps: Vec<SetupStep>,
    pub demo: DemoState,
}

/// What is left of the demo body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DemoState {
    /// Rows of the demo still there.
    pub rows: u64,
    /// Whether it was removed (what is left was kept for real data).
    pub removed: bool,
    /// Once removed, the rows kept, as « what « name » ».
    pub kept: Vec<String>,
}

impl SetupPage {
    pub fn done(&self) -> usize {
        self.steps.iter().filter(|s| s.done).count()
    }
}

/// What removing the demo body did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct DemoRemoval {
    /// Rows removed.
    pub removed: u64,
    /// Demo rows kept because real data refers to them, as « what: name ».
    pub kept: Vec<String>,
}

/// A procedure in the secretariat's catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureAdminRow {
    pub slug: String,
    pub name: String,
    pub retired: bool,
    /// Proposals on it, whatever their status.
    pub proposals: u64,
}

/// A family in the secretariat's catalogue, with its procedures in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyAdminRow {
    pub slug: String,
    pub name: String,
    pub retired: bool,
    pub procedures: Vec<ProcedureAdminRow>,
}

/// The catalogue as the secretariat manages it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueAdmin {
    pub families: Vec<FamilyAdminRow>,
    /// What the starting set holds, offered while the catalogue is empty:
    /// (family, number of procedures).
    pub starting_set: Vec<(String, usize)>,
}

/// A procedure's form: its values and the families to choose from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ProcedureFormData {
    /// None for a new procedure.
    pub slug: Option<String>,
    pub family: String,
    pub name: String,
    pub description: String,
    pub url: String,
    pub families: Vec<Choice>,
}

/// A test campaign's form: its values and the choices it offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CampaignFormData {
    /// None for a new campaign.
    pub slug: Option<String>,
    pub title: String,
    pub site: String,
    /// YYYY-MM-DD.
    pub held_on: String,
    /// YYYY-MM-DD, or empty.
    pub ends_on: String,
    pub audience: String,
    pub findings: String,
    /// An organisation's slug, or empty.
    pub organisation: String,
    /// The procedures' slugs.
    pub procedures: Vec<String>,
    pub closed: bool,
    pub organisations: Vec<Choice>,
    pub procedure_choices: Vec<ProcedureChoices>,
}

pub const FAMILY_NAME_MAX: usize = 200;
pub const PROCEDURE_NAME_MAX: usize = 200;
pub const PROCEDURE_DESCRIPTION_MAX: usize = 2_000;
pub const GROUP_TITLE_MAX: usize = 200;
pub const GROUP_MANDATE_MAX: usize = 10_000;
pub const CAMPAIGN_TITLE_MAX: usize = 200;
pub const CAMPAIGN_SITE_MAX: usize = 200;
pub const CAMPAIGN_AUDIENCE_MAX: usize = 300;
pub const CAMPAIGN_FINDINGS_MAX: usize = 20_000;

/// A family's name as typed, checked.
pub fn check_family_name(name: &str) -> Result<String, FieldError> {
    required_line(
        "name",
        name,
        FAMILY_NAME_MAX,
        "Indiquez le nom de la famille de démarches.",
        "Le nom",
    )
}

/// A working group's title and mandate (Markdown) as typed, checked.
pub fn check_group(title: &str, mandate: &str) -> Result<(String, String), FieldError> {
    Ok((
        required_line(
            "title",
            title,
            GROUP_TITLE_MAX,
            "Donnez un intitulé au groupe de travail.",
            "L'intitulé",
        )?,
        optional_text("mandate", mandate, GROUP_MANDATE_MAX, "Le mandat")?,
    ))
}

impl ProcedureFormData {
    /// The procedure as typed, checked (its family is checked against the
    /// catalogue by the service).
    pub fn check(&self) -> Result<ProcedureFormData, FieldError> {
        if self.family.trim().is_empty() {
            return Err(FieldError::new(
                "family",
                "Choisissez la famille de la démarche.",
            ));
        }
        Ok(ProcedureFormData {
            slug: self.slug.clone(),
            family: self.family.trim().to_string(),
            name: required_line(
                "name",
                &self.name,
                PROCEDURE_NAME_MAX,
                "Indiquez le nom de la démarche.",
                "Le nom",
            )?,
            description: optional_text(
                "description",
                &self.description,
                PROCEDURE_DESCRIPTION_MAX,
                "La description",
            )?,
            url: optional_web_address("url", &self.url)?,
            families: Vec::new(),
        })
    }
}

/// A day typed in a date field, within the years a form accepts; `what`
/// names it in the message (« la date de la campagne »).
pub fn day_field(
    field: &'static str,
    typed: &str,
    what: &str,
) -> Result<chrono::NaiveDate, FieldError> {
    super::input::day(typed, what).map_err(|err| FieldError::new(field, err.to_string()))
}

/// A campaign's form as typed, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedCampaign {
    pub title: String,
    pub site: String,
    pub held_on: chrono::NaiveDate,
    pub ends_on: Option<chrono::NaiveDate>,
    pub audience: String,
    pub findings: String,
}

impl CampaignFormData {
    /// The campaign as typed, checked (its organisation and procedures are
    /// checked against the database by the service).
    pub fn check(&self) -> Result<CheckedCampaign, FieldError> {
        let held_on = day_field("held_on", &self.held_on, "la date de la campagne")?;
        let ends_on = match self.ends_on.trim() {
            "" => None,
            typed => Some(day_field("ends_on", typed, "la date de fin")?),
        };
        if ends_on.is_some_and(|end| end < held_on) {
            return Err(FieldError::new(
                "ends_on",
                "La date de fin ne peut pas précéder la date de début.",
            ));
        }
        Ok(CheckedCampaign {
            title: required_line(
                "title",
                &self.title,
                CAMPAIGN_TITLE_MAX,
                "Donnez un titre à la campagne.",
                "Le titre",
            )?,
            site: required_line(
                "site",
                &self.site,
                CAMPAIGN_SITE_MAX,
                "Indiquez le lieu de la campagne.",
                "Le lieu",
            )?,
            held_on,
            ends_on: ends_on.filter(|end| *end != held_on),
            audience: required_text(
                "audience",
                &self.audience,
                CAMPAIGN_AUDIENCE_MAX,
                "Décrivez les participants.",
                "La description des participants",
            )?,
            findings: optional_text(
                "findings",
                &self.findings,
                CAMPAIGN_FINDINGS_MAX,
                "Le texte des constats",
            )?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_is_checked_field_by_field() {
        let typed = BodyIdentity {
            name: "  Comité des usagers  ".into(),
            ministry: " Ministère \n\n de la Culture ".into(),
            tagline: String::new(),
            presentation: "Texte".into(),
        };
        let checked = typed.check().unwrap();
        assert_eq!(checked.name, "Comité des usagers");
        assert_eq!(checked.ministry, "Ministère\nde la Culture");
        assert_eq!(checked.ministry_inline(), "Ministère de la Culture");
        let nameless = BodyIdentity {
            name: " ".into(),
            ..typed.clone()
        };
        assert_eq!(nameless.check().unwrap_err().field, "name");
        let long = BodyIdentity {
            tagline: "x".repeat(IDENTITY_TAGLINE_MAX + 1),
            ..typed
        };
        assert_eq!(long.check().unwrap_err().field, "tagline");
    }
}
