//! The annual report (« bilan »), plenary snapshots and attendance by
//! organisation, as their pages receive them.

use serde::{Deserialize, Serialize};

/// One figure of a report: a table of counts, one row per label and one
/// column per series, drawn as a bar chart above its own table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Names the figure in its CSV file's address (`/bilan/2026/{slug}.csv`).
    pub slug: String,
    pub title: String,
    /// What the chart shows, in a sentence, for people who cannot see it.
    pub summary: String,
    /// The heading of the labels' column (« Mois », « Groupe de travail »…).
    pub label_heading: String,
    pub series: Vec<String>,
    pub rows: Vec<FigureRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureRow {
    pub label: String,
    pub values: Vec<i64>,
}

/// The period a report covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ReportPeriod {
    Year(i32),
    /// From the previous plenary session (if any) to session `meeting_id`.
    Sessions {
        meeting_id: i32,
        session: String,
        since: Option<String>,
    },
}

/// A key figure at the top of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyFigure {
    pub label: String,
    pub value: String,
}

/// An improvement delivered in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivered {
    pub reference: String,
    pub title: String,
    /// The day it was marked « réalisée », as the French read it.
    pub on: String,
    pub group: Option<String>,
    /// Days from submission to delivery.
    pub days: i64,
}

/// The published minutes of a plenary session held in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportMinutes {
    pub meeting_id: i32,
    pub session: String,
    pub html: String,
}

/// The annual report, or the report between two plenary sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub period: ReportPeriod,
    /// « l'année 2026 », « la période du 2 juillet 2025 au 3 juillet 2026 ».
    pub heading: String,
    /// The report's address without its ending: `/bilan/2026` or
    /// `/reunions/12/bilan`.
    pub path: String,
    pub key_figures: Vec<KeyFigure>,
    pub figures: Vec<Figure>,
    pub delivered: Vec<Delivered>,
    pub minutes: Vec<ReportMinutes>,
}

/// The years and plenary sessions a report can be read for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportIndex {
    pub years: Vec<i32>,
    /// (meeting id, heading) of every plenary session, latest first.
    pub sessions: Vec<(i32, String)>,
    pub snapshots: Vec<SnapshotCard>,
}

/// A snapshot of the backlog, recorded when a plenary session was scheduled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotCard {
    pub id: i32,
    pub session: String,
    /// When it was taken, as the French read it.
    pub taken: String,
    pub proposals: i64,
}

/// What changed between two snapshots, or between a snapshot and today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotChanges {
    pub from: SnapshotCard,
    /// None: compared with the backlog as it is now.
    pub to: Option<SnapshotCard>,
    pub snapshots: Vec<SnapshotCard>,
    pub key_figures: Vec<KeyFigure>,
    /// The changes by working group, by procedure family and by
    /// organisation.
    pub figures: Vec<Figure>,
}

/// Attendance of one organisation, or of one meeting, over a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendanceRow {
    pub label: String,
    pub invited: i64,
    pub present: i64,
    pub represented: i64,
    pub absent: i64,
}

/// Attendance at the meetings held in a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendanceReport {
    pub year: i32,
    pub years: Vec<i32>,
    pub by_organisation: Vec<AttendanceRow>,
    pub by_meeting: Vec<AttendanceRow>,
}
