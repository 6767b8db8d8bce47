//! The signed-in person's « Tableau de bord »: their own actions and, for
//! the leads and the secretariat, the work waiting for them.

use serde::{Deserialize, Serialize};

use super::actions::ActionRow;
use super::views::{MeetingCard, ProposalCard};

/// The proposals of one group (or of none) awaiting triage, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriageQueue {
    /// « Groupe 2 — … », or « Sans groupe de travail ».
    pub heading: String,
    /// The oldest ones, at most [`TRIAGE_SHOWN`].
    pub proposals: Vec<ProposalCard>,
    /// How many are waiting in all.
    pub total: u64,
    /// The backlog's views of them, one per status, oldest first: label and
    /// address.
    pub links: Vec<(String, String)>,
}

/// Proposals shown per triage queue on the dashboard.
pub const TRIAGE_SHOWN: u64 = 20;

/// What a lead (for their groups) or the secretariat (for the whole body)
/// has to handle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HandlingWork {
    pub queues: Vec<TriageQueue>,
    /// Open actions, by due date, overdue ones flagged.
    pub actions: Vec<ActionRow>,
    /// The next meetings that are not cancelled.
    pub meetings: Vec<MeetingCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub my_actions: Vec<ActionRow>,
    /// None for members, who handle no proposal.
    pub handling: Option<HandlingWork>,
}
