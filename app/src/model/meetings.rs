use serde::{Deserialize, Serialize};

use super::{
    ActionRow, Attendance, InvitationResponse, MeetingKind, MeetingStatus, MinutesStatus,
    OwnerSuggestion,
};

/// Everything the meeting page shows, trimmed to what the viewer may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingDetail {
    pub id: i32,
    pub kind: MeetingKind,
    /// "3e session — 2 juillet 2019" for plenary sessions, else the title.
    pub heading: String,
    pub title: String,
    pub working_group: Option<String>,
    pub when: String,
    pub starts_at_iso: String,
    pub ends: String,
    pub place: Option<String>,
    pub video_url: Option<String>,
    /// Sanitised HTML of the Markdown agenda.
    /// None when the viewer may not read it (a group meeting's, before it
    /// is held, is for those convened).
    pub agenda_html: Option<String>,
    pub status: MeetingStatus,
    pub minutes: Option<MinutesStatus>,
    /// Organiser's rights (admin, or lead of the group).
    pub can_manage: bool,
    /// Whether convening is possible now (planned or convened, not past).
    pub can_convene: bool,
    /// Whether attendance can be recorded (organiser, meeting begun).
    pub can_record_attendance: bool,
    /// Whether the organiser may still add or remove invitees (convened,
    /// not begun).
    pub can_change_invitees: bool,
    /// People suggested to add (as an action's owners are), not invited yet.
    pub candidates: Vec<OwnerSuggestion>,
    /// The viewer's own invitation, if invited.
    pub my_response: Option<InvitationResponse>,
    pub may_answer: bool,
    /// Invitees and their answers: signed-in viewers only.
    pub invitees: Vec<InviteeRow>,
    pub actions: Vec<ActionRow>,
}

/// A person convened to a meeting (with an account, or a guest invited by
/// e-mail), their answer and attendance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InviteeRow {
    /// "u12" for a person with an account, "g3" for a guest: the key of
    /// their line in the attendance form.
    pub key: String,
    pub user_id: Option<i32>,
    pub guest_id: Option<i32>,
    pub name: String,
    pub organisation: Option<String>,
    /// A guest's address.
    pub email: Option<String>,
    pub response: InvitationResponse,
    pub represented_by: Option<String>,
    pub attendance: Option<Attendance>,
}

/// The attendance sheet of a meeting that began: every invitee on one form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendanceSheet {
    pub meeting_id: i32,
    pub heading: String,
    pub when: String,
    pub invitees: Vec<InviteeRow>,
}

/// The values of the scheduling form (new or existing meeting).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct MeetingFormData {
    pub id: Option<i32>,
    pub plenary: bool,
    pub group_slug: Option<String>,
    pub group_label: Option<String>,
    pub title: String,
    pub year: Option<i32>,
    pub ordinal: Option<i32>,
    /// YYYY-MM-DD and HH:MM, Paris time.
    pub date: String,
    pub time: String,
    pub duration_minutes: i32,
    pub place: String,
    pub video_url: String,
    pub agenda: String,
}

/// What the answer page (from the e-mail link) shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerPage {
    pub meeting_id: i32,
    pub heading: String,
    pub when: String,
    pub place: Option<String>,
    pub invitee: String,
    pub response: InvitationResponse,
    pub represented_by: Option<String>,
    pub open: bool,
}

/// The minutes page: the published text, and for writers the draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MinutesPage {
    /// The version published, if any.
    pub published_revision: Option<i32>,
    /// How many participants publishing would e-mail.
    pub participants: u64,
    pub meeting_id: i32,
    pub heading: String,
    pub when: String,
    pub status: Option<MinutesStatus>,
    pub published_html: Option<String>,
    /// Its « facile à lire et à comprendre » version, rendered, if written.
    pub easy_read_html: Option<String>,
    /// For the secretariat, once published: the form of that version.
    pub easy_read_form: Option<String>,
    pub published_on: Option<String>,
    pub can_write: bool,
    /// For writers: the latest revision's number (0 when none) and text.
    pub revision: i32,
    pub draft: String,
    pub draft_html: String,
    pub revisions: Vec<RevisionRow>,
    pub actions: Vec<ActionRow>,
    /// For writers: who may own a new action.
    pub owners: Vec<OwnerSuggestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionRow {
    pub number: i32,
    pub author: Option<String>,
    pub when: String,
}

/// One line of a diff between two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DiffLine {
    Same(String),
    Added(String),
    Removed(String),
}

/// Private calendar feed of the signed-in person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarFeed {
    /// Whether the person has a feed address.
    pub active: bool,
    /// The address, only right after it was created: it is not kept.
    pub url: Option<String>,
}
