//! What each page receives from its server function. Dates arrive already
//! formatted in French (Europe/Paris) so both renderings agree.

use serde::{Deserialize, Serialize};

use super::enums::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingCard {
    pub id: i32,
    pub kind: MeetingKind,
    pub title: String,
    pub working_group: Option<String>,
    pub when: String,
    pub starts_at_iso: String,
    pub place: Option<String>,
    pub status: MeetingStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkingGroupCard {
    pub id: i32,
    pub number: i32,
    pub slug: String,
    pub title: String,
    pub mandate: String,
    pub lead_name: Option<String>,
    pub member_count: u64,
    pub open_proposals: u64,
    pub archived: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalCard {
    pub id: i32,
    pub reference: String,
    pub title: String,
    pub status: ProposalStatus,
    pub organisation: String,
    pub working_group: Option<String>,
    pub supports_count: i32,
    pub submitted_on: String,
    pub procedures: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub next_meeting: Option<MeetingCard>,
    pub groups: Vec<WorkingGroupCard>,
    pub latest_proposals: Vec<ProposalCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionCard {
    pub meeting: MeetingCard,
    pub ordinal_label: String,
    pub has_published_minutes: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganisationCard {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: OrganisationKind,
    pub member_since: String,
    pub left_on: Option<String>,
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureCard {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub public_proposals: u64,
    /// No longer offered for new proposals.
    pub retired: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureFamily {
    pub slug: String,
    pub name: String,
    pub procedures: Vec<ProcedureCard>,
}

/// One page of a long list ([`BACKLOG_PAGE_SIZE`](super::BACKLOG_PAGE_SIZE)
/// a page), such as a group's proposals or meetings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListPage<T> {
    pub items: Vec<T>,
    /// From 1, at most `pages`.
    pub page: u64,
    pub pages: u64,
    /// Items in the whole list.
    pub total: u64,
}

impl<T> ListPage<T> {
    /// Page `page` of a list of `total`, clamped to the last, and how many
    /// items to skip to reach it.
    pub fn bounds(total: u64, page: u64) -> (u64, u64, u64) {
        let pages = total.div_ceil(super::BACKLOG_PAGE_SIZE).max(1);
        let page = page.clamp(1, pages);
        (page, pages, (page - 1) * super::BACKLOG_PAGE_SIZE)
    }
}

/// A page of proposals.
pub type ProposalsPage = ListPage<ProposalCard>;
