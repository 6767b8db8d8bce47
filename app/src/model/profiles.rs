//! People's accounts as the secretariat and each person correct them.

use serde::{Deserialize, Serialize};

use super::{OrganisationOption, Role};

/// A person's account, for the secretariat's page about them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountDetail {
    pub id: i32,
    pub name: String,
    pub email: String,
    /// Their position (« fonction »).
    pub title: String,
    pub role: Role,
    pub organisation_id: Option<i32>,
    pub active: bool,
    /// A new address waiting for its confirmation, and until when.
    pub pending_email: Option<(String, String)>,
    /// The organisations they represented, most recent first.
    pub history: Vec<RepresentationRow>,
    /// Current member organisations, to choose from.
    pub organisations: Vec<OrganisationOption>,
    /// Today, YYYY-MM-DD: the default date of a move.
    pub today: String,
}

/// A person represented an organisation from one date (to another).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepresentationRow {
    pub person: String,
    pub organisation: String,
    pub organisation_slug: String,
    pub since: String,
    pub until: Option<String>,
}

/// What « Mon compte » shows and lets the person change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyAccount {
    pub name: String,
    pub email: String,
    pub title: String,
    pub role: Role,
    pub organisation: Option<String>,
}

/// What the link confirming a new address shows before it is followed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailChangePage {
    pub name: String,
    pub new_email: String,
}
