use serde::{Deserialize, Serialize};

use super::{ActionRow, MeetingCard, ProposalCard};

/// A working group's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupDetail {
    pub slug: String,
    /// "Groupe 2 — …".
    pub heading: String,
    pub mandate_html: String,
    pub lead: Option<String>,
    pub lead_organisation: Option<String>,
    pub members: Vec<GroupMember>,
    /// Most recent first.
    pub meetings: Vec<MeetingCard>,
    pub actions: Vec<ActionRow>,
    pub backlog: Vec<ProposalCard>,
    /// The viewer runs the group (its lead, or an admin).
    pub can_schedule: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMember {
    pub name: String,
    pub slug: String,
    /// French date the organisation joined the group.
    pub since: String,
}
