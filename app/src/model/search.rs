//! The search over everything the body publishes: proposals, meetings and
//! minutes, on one page grouped by kind (`/recherche?q=…`).

use serde::{Deserialize, Serialize};

use super::views::{MeetingCard, ProposalCard};

/// Results of each kind shown on the page; the proposals' list shows all.
pub const SEARCH_SHOWN: usize = 10;

/// A meeting found by its title, place or agenda, or by its published minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FoundMeeting {
    pub meeting: MeetingCard,
    /// « 3e session — 2 juillet 2019 » or the meeting's title.
    pub heading: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The search as typed.
    pub query: String,
    /// The search with its typing mistakes corrected, when some were.
    pub corrected: Option<String>,
    /// The best proposals the visitor may see, and how many match.
    pub proposals: Vec<ProposalCard>,
    pub proposals_total: u64,
    /// The published minutes found, best first.
    pub minutes: Vec<FoundMeeting>,
    /// The meetings found, best first.
    pub meetings: Vec<FoundMeeting>,
}
