//! One proposal: its page, the submission form, and the status workflow of
//! DESIGN.md (déposée → en instruction → retenue → en cours → réalisée, or
//! non retenue with a reason, or fusionnée into the proposal kept).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{
    ActionRow, Choice, Origin, OwnerSuggestion, Priority, ProcedureChoices, ProposalCard,
    ProposalEventKind, ProposalStatus,
};

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 20_000;
pub const COMMENT_MAX: usize = 5_000;
pub const REASON_MAX: usize = 2_000;

/// Events of a timeline shown on one page of a proposal's page.
pub const TIMELINE_PAGE_SIZE: u64 = 50;

/// The query parameter of the notice after a submission…
pub const SUBMITTED_PARAM: &str = "deposee";
/// …of the notice after a change…
pub const SAVED_PARAM: &str = "enregistre";
/// …and of the page of the timeline (1, the default, holds the latest events).
pub const TIMELINE_PARAM: &str = "historique";
/// Every query parameter a proposal's page reads (the pages kept for
/// anonymous visitors are told apart by these only).
pub const PROPOSAL_PAGE_PARAMS: [&str; 4] = [
    SUBMITTED_PARAM,
    SAVED_PARAM,
    TIMELINE_PARAM,
    super::EASY_READ_PARAM,
];

impl ProposalStatus {
    /// Where a proposal in this status may go next.
    pub fn next(self) -> &'static [ProposalStatus] {
        use ProposalStatus::*;
        match self {
            Deposee => &[EnInstruction, NonRetenue, Fusionnee],
            EnInstruction => &[Retenue, NonRetenue, Fusionnee],
            Retenue => &[EnCours, NonRetenue, Fusionnee],
            EnCours => &[Realisee, Retenue],
            NonRetenue => &[EnInstruction],
            Realisee | Fusionnee | Retiree => &[],
        }
    }

    pub fn may_become(self, to: ProposalStatus) -> bool {
        self.next().contains(&to)
    }

    /// What the status means, in plain words, for the proposal's page.
    pub fn meaning(self) -> &'static str {
        use ProposalStatus::*;
        match self {
            Deposee => "La proposition vient d'être déposée : elle n'est pas encore publique et attend d'être examinée par un groupe de travail.",
            EnInstruction => "Un groupe de travail étudie la proposition avec les services concernés.",
            Retenue => "La proposition a été acceptée : sa mise en œuvre est prévue.",
            EnCours => "La mise en œuvre de la proposition a commencé.",
            Realisee => "La proposition a été mise en œuvre dans les démarches concernées.",
            NonRetenue => "La proposition n'a pas été retenue ; la raison en est donnée ci-dessous.",
            Fusionnee => "La proposition a été regroupée avec une autre qui porte le même besoin ; son suivi continue sur celle-ci.",
            Retiree => "L'organisation qui l'avait déposée a retiré la proposition ; la raison en est donnée ci-dessous.",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportRow {
    pub organisation: String,
    pub organisation_slug: String,
    pub on: String,
}

/// One line of a proposal's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub kind: ProposalEventKind,
    /// A French sentence saying what happened.
    pub summary: String,
    /// Reason of a status change, or a comment, as typed (shown as text).
    pub body: Option<String>,
    pub who: Option<String>,
    pub when: String,
    pub when_iso: String,
    pub internal: bool,
    pub meeting_id: Option<i32>,
    pub related_reference: Option<String>,
    /// For an edit by its organisation: the text the proposal had before.
    pub previous: Option<PreviousText>,
}

/// A proposal's text as it was before an edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousText {
    pub title: String,
    /// The Markdown source, shown as text.
    pub body: String,
    pub procedures: Vec<String>,
}

/// Which events of a timeline a page shows: page 1 holds the latest
/// [`TIMELINE_PAGE_SIZE`], page 2 those before, and so on; each in the order
/// they happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TimelineSpan {
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    /// The place of the first and the last event shown, from 1 (the first
    /// event of all).
    pub first: u64,
    pub last: u64,
}

impl TimelineSpan {
    /// The span of page `page` (clamped to the last) of `total` events.
    pub fn of(total: u64, page: u64) -> Self {
        let pages = total.div_ceil(TIMELINE_PAGE_SIZE).max(1);
        let page = page.clamp(1, pages);
        let last = total.saturating_sub((page - 1) * TIMELINE_PAGE_SIZE);
        let first = last.saturating_sub(TIMELINE_PAGE_SIZE) + 1;
        TimelineSpan {
            page,
            pages,
            total,
            first,
            last,
        }
    }
}

/// A meeting to link a proposal to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingOption {
    pub id: i32,
    pub label: String,
}

/// What the lead of the proposal's group (or an admin) may do on its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriageOptions {
    pub next_statuses: Vec<ProposalStatus>,
    pub groups: Vec<Choice>,
    /// The catalogue, to change the procedures it concerns.
    pub procedures: Vec<ProcedureChoices>,
    pub meetings: Vec<MeetingOption>,
    pub owners: Vec<OwnerSuggestion>,
}

/// What the person looking may do.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProposalAbilities {
    pub signed_in: bool,
    /// Their organisation may support it (it is not theirs, not closed).
    pub may_support: bool,
    /// Their organisation supports it already.
    pub supported: bool,
    pub may_comment: bool,
    /// Comments may be internal (secretariat and leads only).
    pub may_comment_internally: bool,
    /// Its organisation (or the secretariat) may still edit its text.
    pub may_edit: bool,
    /// Its organisation (or the secretariat) may withdraw it.
    pub may_withdraw: bool,
}

/// A step of a decided proposal's implementation, its dates as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneRow {
    pub id: i32,
    pub title: String,
    pub planned_on: String,
    /// Its ISO date, for the form's date field.
    pub planned_iso: String,
    pub done_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalDetail {
    pub id: i32,
    pub reference: String,
    pub title: String,
    /// The description rendered from Markdown and sanitised.
    pub body_html: String,
    pub status: ProposalStatus,
    pub status_reason: Option<String>,
    /// The « facile à lire et à comprendre » version of that reason, rendered.
    pub status_reason_easy_html: Option<String>,
    /// For the secretariat, when the reason is public: the form of that version.
    pub easy_read_form: Option<String>,
    pub merged_into: Option<String>,
    pub origin: Origin,
    pub organisation: String,
    pub organisation_slug: String,
    pub working_group: Option<String>,
    pub working_group_slug: Option<String>,
    pub campaign: Option<Choice>,
    pub priority: Option<Priority>,
    pub procedures: Vec<Choice>,
    pub submitted_on: String,
    pub meeting: Option<MeetingOption>,
    pub supports: Vec<SupportRow>,
    /// The events of one page of the timeline, shared with the page's kept
    /// parts, and rendered once for them.
    pub timeline: Arc<[TimelineEntry]>,
    pub timeline_span: TimelineSpan,
    pub actions: Vec<ActionRow>,
    /// For a decided proposal: how far its implementation is, 0–100 %.
    pub progress: Option<i32>,
    pub milestones: Vec<MilestoneRow>,
    pub related: Vec<ProposalCard>,
    /// The version the triage forms are based on (optimistic check).
    pub version: i32,
    pub abilities: ProposalAbilities,
    pub triage: Option<TriageOptions>,
}

/// The submission form's choices and the values it starts with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalFormData {
    /// The name of the organisation it will be filed for, if known.
    pub organisation: String,
    /// Its slug, preselected among `organisations`.
    pub organisation_slug: Option<String>,
    /// For the secretariat: the member organisations it may file for.
    pub organisations: Vec<Choice>,
    pub procedures: Vec<ProcedureChoices>,
    pub origins: Vec<Origin>,
    pub campaigns: Vec<Choice>,
    pub groups: Vec<Choice>,
    pub origin: Origin,
    pub campaign: Option<String>,
}

/// The form editing a proposal's text, with its current values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalEditData {
    pub reference: String,
    pub version: i32,
    pub title: String,
    pub body: String,
    pub procedures: Vec<ProcedureChoices>,
    /// The slugs of the procedures it concerns now.
    pub chosen: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_timeline_is_cut_in_pages_from_the_latest() {
        let first = TimelineSpan::of(120, 1);
        assert_eq!((first.pages, first.first, first.last), (3, 71, 120));
        let second = TimelineSpan::of(120, 2);
        assert_eq!((second.first, second.last), (21, 70));
        let oldest = TimelineSpan::of(120, 9);
        assert_eq!((oldest.page, oldest.first, oldest.last), (3, 1, 20));
        let short = TimelineSpan::of(7, 1);
        assert_eq!((short.pages, short.first, short.last), (1, 1, 7));
        let none = TimelineSpan::of(0, 1);
        assert_eq!((none.pages, none.last), (1, 0));
    }

    #[test]
    fn the_workflow_moves_forward_and_closes() {
        use ProposalStatus::*;
        let path = [Deposee, EnInstruction, Retenue, EnCours, Realisee];
        for pair in path.windows(2) {
            assert!(pair[0].may_become(pair[1]), "{:?} → {:?}", pair[0], pair[1]);
        }
        assert!(!Deposee.may_become(Realisee));
        assert!(!Retenue.may_become(Deposee));
        assert!(Realisee.next().is_empty());
        assert!(Fusionnee.next().is_empty());
        for status in ProposalStatus::ALL {
            assert!(!status.may_become(*status), "{status:?} stays");
            assert!(!status.may_become(Deposee), "nothing goes back to déposée");
            assert!(!status.meaning().is_empty());
        }
    }
}

/// A proposal decided since the previous plenary session, in the table of
/// « suite donnée » of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUpRow {
    pub reference: String,
    pub title: String,
    pub status: ProposalStatus,
    /// The explanation given with the decision.
    pub answer: Option<String>,
    /// Its « facile à lire et à comprendre » version: Markdown and rendered.
    pub easy_answer: Option<(String, String)>,
    pub progress: Option<i32>,
    pub actions: Vec<ActionRow>,
}

/// « Suite donnée » of plenary session `meeting_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub meeting_id: i32,
    /// The session's heading.
    pub session: String,
    /// The previous plenary session's heading, if any.
    pub since: Option<String>,
    pub rows: Vec<FollowUpRow>,
}
