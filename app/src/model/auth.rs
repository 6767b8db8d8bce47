use serde::{Deserialize, Serialize};

use super::enums::Role;

/// The signed-in person, as pages and server functions see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub organisation_id: Option<i32>,
    /// Working groups this person leads.
    pub lead_of: Vec<i32>,
}

impl CurrentUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Ok for the secretariat; Forbidden for anyone else.
    pub fn admin_only(&self) -> Result<(), super::AppError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(super::AppError::Forbidden)
        }
    }

    /// Whether this person may run the working group: its lead, or an admin.
    pub fn runs_group(&self, working_group_id: i32) -> bool {
        self.is_admin() || self.lead_of.contains(&working_group_id)
    }

    /// Whether this person may act on what belongs to a group, or to no
    /// group (then only the secretariat may).
    pub fn runs(&self, working_group_id: Option<i32>) -> bool {
        match working_group_id {
            Some(group) => self.runs_group(group),
            None => self.is_admin(),
        }
    }
}

/// One of the signed-in person's open sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id_suffix: String,
    pub started: String,
    pub last_seen: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub current: bool,
}

/// A line of the admins' account list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i32,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub organisation: Option<String>,
    pub active: bool,
    /// Whether the person has chosen a password (accepted the invitation).
    pub activated: bool,
    pub last_login: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationOption {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountsPage {
    pub accounts: Vec<AccountRow>,
    pub organisations: Vec<OrganisationOption>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub when: String,
    pub who: String,
    pub kind: String,
    pub target: Option<String>,
    pub ip: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalPage {
    pub entries: Vec<JournalEntry>,
    pub kinds: Vec<String>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
}
