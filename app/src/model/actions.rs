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
    /// Whether the viewer may edit it (title, owner, due date, details).
    pub can_edit: bool,
}

/// An action's edit form with its current values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionEditData {
    pub id: i32,
    pub title: String,
    pub description: String,
    /// The owner's e-mail address, or empty.
    pub owner: String,
    /// YYYY-MM-DD, or empty.
    pub due_on: String,
    pub status: ActionStatus,
    pub proposal_reference: Option<String>,
    pub meeting_id: Option<i32>,
    /// People suggested as its owner.
    pub owners: Vec<OwnerSuggestion>,
    /// The page where the action is followed.
    pub back: String,
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
