//! The legal pages (accessibility statement, legal notice, personal data,
//! site map) and a person's own data, as they reach the pages.

use serde::{Deserialize, Serialize};

/// The longest legal text the secretariat may save, in characters.
pub const LEGAL_TEXT_MAX: usize = 50_000;

/// One of the three texts the secretariat edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LegalText {
    Accessibility,
    Notice,
    PersonalData,
}

impl LegalText {
    pub const ALL: [LegalText; 3] = [
        LegalText::Accessibility,
        LegalText::Notice,
        LegalText::PersonalData,
    ];

    /// Its address, and its name in the address of its form.
    pub fn slug(self) -> &'static str {
        match self {
            LegalText::Accessibility => "accessibilite",
            LegalText::Notice => "mentions-legales",
            LegalText::PersonalData => "donnees-personnelles",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.slug() == slug)
    }

    /// The page's title.
    pub fn title(self) -> &'static str {
        match self {
            LegalText::Accessibility => "Déclaration d'accessibilité",
            LegalText::Notice => "Mentions légales",
            LegalText::PersonalData => "Données personnelles",
        }
    }

    /// The footer's link to it.
    pub fn link(self) -> &'static str {
        match self {
            LegalText::Accessibility => "Accessibilité : partiellement conforme",
            LegalText::Notice => "Mentions légales",
            LegalText::PersonalData => "Données personnelles",
        }
    }
}

/// A legal page: its text rendered, on « Données personnelles » the
/// retention periods the server applies, and on the accessibility statement
/// the figures of the project's automated audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegalPage {
    pub text: LegalText,
    pub html: String,
    /// (what, how long), from the server's retention settings.
    pub retention: Vec<(String, String)>,
    pub audit: Option<AuditResults>,
    /// Whether the reader may edit it (the secretariat).
    pub editable: bool,
}

/// The automated audit of the end-to-end run recorded in `app/data/audit.toml`,
/// as the statement shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditResults {
    /// « 4 décembre 2026 ».
    pub date: String,
    /// (what was checked, its figure).
    pub rows: Vec<(String, String)>,
}

/// What Écoute holds about one person, for « Mes données » and its JSON
/// file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonalData {
    pub exported_at: String,
    pub account: ExportedAccount,
    pub organisation: Option<ExportedOrganisation>,
    pub sessions: Vec<ExportedSession>,
    pub known_addresses: Vec<ExportedRecord>,
    pub proposals: Vec<ExportedRecord>,
    pub comments: Vec<ExportedRecord>,
    pub supports: Vec<ExportedRecord>,
    pub invitations: Vec<ExportedRecord>,
    pub actions: Vec<ExportedRecord>,
    pub notice_preferences: Vec<ExportedRecord>,
    pub audit_events: Vec<ExportedRecord>,
    pub emails: Vec<ExportedRecord>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportedAccount {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub position: Option<String>,
    pub role: String,
    pub active: bool,
    pub has_password: bool,
    pub created_at: String,
    pub last_login_at: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportedOrganisation {
    pub name: String,
    pub kind: String,
    /// The working groups the organisation belongs to.
    pub memberships: Vec<String>,
}

/// A session, without its token.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportedSession {
    pub started: String,
    pub last_seen: String,
    pub expires: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// One line of a list: when, what, and its details.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExportedRecord {
    pub when: String,
    pub what: String,
    pub detail: String,
}

impl PersonalData {
    /// The sections of the page, each with its lines.
    pub fn sections(&self) -> [(&'static str, &[ExportedRecord]); 9] {
        [
            ("Adresses de connexion connues", &self.known_addresses),
            ("Propositions déposées", &self.proposals),
            ("Commentaires", &self.comments),
            ("Soutiens", &self.supports),
            ("Convocations et réponses", &self.invitations),
            ("Actions dont vous êtes responsable", &self.actions),
            ("Préférences de notification", &self.notice_preferences),
            ("Journal des actions vous concernant", &self.audit_events),
            ("Courriels qui vous ont été adressés", &self.emails),
        ]
    }
}
