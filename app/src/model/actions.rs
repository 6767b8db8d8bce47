use serde::{Deserialize, Serialize};

use super::ActionStatus;

/// A follow-up action as lists show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRow {
    pub id: i32,
    pub title: String,
    pub status: ActionStatus,
    pub owner: Option<String>,
    /// French date, e.g. "15 octobre 2019".
    pub due: Option<String>,
    /// ISO date (YYYY-MM-DD), for `<time datetime>`.
    pub due_iso: Option<String>,
    pub overdue: bool,
    pub working_group: Option<String>,
    pub meeting_id: Option<i32>,
    pub proposal_reference: Option<String>,
    /// Whether the viewer may change its status.
    pub can_update: bool,
}

/// A person to choose, e.g. a group's lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonOption {
    pub id: i32,
    /// "Name (Organisation)".
    pub label: String,
}

/// A person suggested as an action's owner: the address the field takes,
/// and "Name (Organisation)".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnerSuggestion {
    pub email: String,
    pub label: String,
}
