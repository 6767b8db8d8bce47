use serde::{Deserialize, Serialize};

use super::{Choice, OrganisationKind, PersonOption, ProposalsPage, RepresentationRow};

/// A member organisation's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationDetail {
    pub slug: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrganisationKind,
    pub description: String,
    pub website: Option<String>,
    pub member_since: String,
    pub left_on: Option<String>,
    /// Its earlier membership periods (before a renewal): from, to.
    pub past_periods: Vec<(String, String)>,
    pub representatives: Vec<Representative>,
    /// People who represented it and no longer do, most recent first.
    pub former_representatives: Vec<RepresentationRow>,
    /// For the secretariat: its people whose account is closed (a former
    /// member's members lose their access with the membership).
    pub access_ended: Vec<Representative>,
    /// (slug, "Groupe 2 — …") of the groups it sits in.
    pub groups: Vec<(String, String)>,
    /// Seats it held and left, most recent first.
    pub former_groups: Vec<Seat>,
    pub proposals: ProposalsPage,
    /// For the secretariat: the edit form's current values.
    pub manage: Option<OrganisationFormData>,
}

/// A seat of an organisation in a working group, as history shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seat {
    pub slug: String,
    pub label: String,
    pub since: String,
    pub until: Option<String>,
}

/// The organisation form: its values (empty for a new one) and choices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganisationFormData {
    pub slug: Option<String>,
    pub name: String,
    pub short_name: String,
    pub kind: Option<OrganisationKind>,
    pub description: String,
    pub website: String,
    /// YYYY-MM-DD.
    pub joined_on: String,
    /// Whether its membership has ended.
    pub ended: bool,
    /// YYYY-MM-DD of its end, if it ended.
    pub left_on: String,
}

/// What the secretariat edits on a working group's page (or fills in for
/// a new group).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct GroupAdmin {
    pub title: String,
    pub mandate: String,
    pub lead_user_id: Option<i32>,
    /// Active people who may lead a group.
    pub leads: Vec<PersonOption>,
    /// Member organisations not seated in the group.
    pub candidates: Vec<Choice>,
    /// Archived: kept with its history, offered for nothing new.
    pub archived: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Representative {
    pub name: String,
    pub title: Option<String>,
    /// Only for signed-in visitors.
    pub email: Option<String>,
    /// Since when, if the history says.
    pub since: Option<String>,
    /// For the secretariat: the account's id, to correct it.
    pub account_id: Option<i32>,
}
