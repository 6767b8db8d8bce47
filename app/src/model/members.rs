use serde::{Deserialize, Serialize};

use super::{OrganisationKind, ProposalCard};

/// A member organisation's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationDetail {
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrganisationKind,
    pub description: String,
    pub website: Option<String>,
    pub member_since: String,
    pub left_on: Option<String>,
    pub representatives: Vec<Representative>,
    /// (slug, "Groupe 2 — …") of the groups it sits in.
    pub groups: Vec<(String, String)>,
    pub proposals: Vec<ProposalCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Representative {
    pub name: String,
    pub title: Option<String>,
    /// Only for signed-in visitors.
    pub email: Option<String>,
}
