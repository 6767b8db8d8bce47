use serde::{Deserialize, Serialize};

use super::{ActionRow, GroupAdmin, ListPage, MeetingCard, ProposalsPage, Seat};

/// A working group's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupDetail {
    pub slug: String,
    /// "Groupe 2 — …".
    pub heading: String,
    pub number: i32,
    pub mandate_html: String,
    pub lead: Option<String>,
    pub lead_organisation: Option<String>,
    pub members: Vec<GroupMember>,
    /// Organisations that sat in the group and left, most recent first.
    pub former_members: Vec<Seat>,
    /// Most recent first.
    pub meetings: ListPage<MeetingCard>,
    pub actions: Vec<ActionRow>,
    pub backlog: ProposalsPage,
    /// Archived: kept with its history, taking nothing new.
    pub archived: bool,
    /// The viewer runs the group (its lead, or an admin) and it is not
    /// archived.
    pub can_schedule: bool,
    /// For the secretariat.
    pub manage: Option<GroupAdmin>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMember {
    pub name: String,
    pub slug: String,
    /// French date the organisation joined the group.
    pub since: String,
}
