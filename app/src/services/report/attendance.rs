//! Attendance at the meetings held in a year, by organisation and by
//! meeting: how many of its people were invited, present, represented or
//! absent (people invited by e-mail without an account count under « Invités
//! sans compte »). A person counts under the organisation they belong to
//! today.

use std::collections::{BTreeMap, HashMap};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::figures::{year_span, years, Span};
use crate::entities::{meeting, meeting_guest, meeting_invitation, organisation, user};
use crate::model::{
    AppError, Attendance as Presence, AttendanceReport, AttendanceRow, MeetingStatus,
};
use crate::services::backlog::exports::CsvWriter;
use crate::services::body::meetings;
use crate::services::format;

/// The columns of attendance, after the label.
pub const SERIES: &[&str] = &["Invitations", "Présents", "Représentés", "Absents"];

const GUESTS: &str = "Invités sans compte";

/// Attendance at the meetings held in `year`.
pub async fn of_year(db: &impl ConnectionTrait, year: i32) -> Result<AttendanceReport, AppError> {
    let years = years(db).await?;
    let span = year_span(&years, year)?;
    let held = held_in(db, span).await?;
    let counted = counted(db, &held).await?;
    Ok(AttendanceReport {
        year,
        years,
        by_organisation: counted.by_organisation,
        by_meeting: counted.by_meeting,
    })
}

/// The meetings held in `span`, in date order.
pub async fn held_in(
    db: &impl ConnectionTrait,
    span: Span,
) -> Result<Vec<meeting::Model>, AppError> {
    Ok(meeting::Entity::find()
        .filter(meeting::Column::Status.eq(MeetingStatus::Held))
        .filter(meeting::Column::StartsAt.gte(span.from))
        .filter(meeting::Column::StartsAt.lt(span.to))
        .order_by_asc(meeting::Column::StartsAt)
        .all(db)
        .await?)
}

/// Attendance at `held`, by organisation, by meeting, and by both.
pub struct Counted {
    pub by_organisation: Vec<AttendanceRow>,
    pub by_meeting: Vec<AttendanceRow>,
    /// (meeting, organisation) pairs, in meeting then organisation order.
    pub detail: Vec<(String, AttendanceRow)>,
}

fn blank(label: String) -> AttendanceRow {
    AttendanceRow {
        label,
        invited: 0,
        present: 0,
        represented: 0,
        absent: 0,
    }
}

fn count(row: &mut AttendanceRow, attendance: Option<Presence>) {
    row.invited += 1;
    match attendance {
        Some(Presence::Present) => row.present += 1,
        Some(Presence::Represented) => row.represented += 1,
        Some(Presence::Absent) => row.absent += 1,
        None => {}
    }
}

/// Counts the invitations of the meetings `held`.
pub async fn counted(
    db: &impl ConnectionTrait,
    held: &[meeting::Model],
) -> Result<Counted, AppError> {
    let ids: Vec<i32> = held.iter().map(|m| m.id).collect();
    let invitations: Vec<(i32, i32, Option<Presence>)> = meeting_invitation::Entity::find()
        .select_only()
        .columns([
            meeting_invitation::Column::MeetingId,
            meeting_invitation::Column::UserId,
            meeting_invitation::Column::Attendance,
        ])
        .filter(meeting_invitation::Column::MeetingId.is_in(ids.clone()))
        .into_tuple()
        .all(db)
        .await?;
    let guests: Vec<(i32, Option<Presence>)> = meeting_guest::Entity::find()
        .select_only()
        .columns([
            meeting_guest::Column::MeetingId,
            meeting_guest::Column::Attendance,
        ])
        .filter(meeting_guest::Column::MeetingId.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    let people: HashMap<i32, Option<i32>> = user::Entity::find()
        .select_only()
        .columns([user::Column::Id, user::Column::OrganisationId])
        .filter(user::Column::Id.is_in(invitations.iter().map(|(_, u, _)| *u)))
        .into_tuple::<(i32, Option<i32>)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let names: HashMap<i32, String> = organisation::Entity::find()
        .select_only()
        .columns([organisation::Column::Id, organisation::Column::Name])
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let organisation_of = |user_id: i32| {
        people
            .get(&user_id)
            .copied()
            .flatten()
            .and_then(|o| names.get(&o).cloned())
            .unwrap_or_else(|| "Sans organisation".to_string())
    };
    let headings: HashMap<i32, String> = held.iter().map(|m| (m.id, meeting_label(m))).collect();

    let mut by_organisation: BTreeMap<String, AttendanceRow> = BTreeMap::new();
    let mut by_meeting: HashMap<i32, AttendanceRow> = HashMap::new();
    let mut detail: BTreeMap<(i32, String), AttendanceRow> = BTreeMap::new();
    let rows = invitations
        .into_iter()
        .map(|(m, u, a)| (m, organisation_of(u), a))
        .chain(guests.into_iter().map(|(m, a)| (m, GUESTS.to_string(), a)));
    for (meeting_id, organisation, attendance) in rows {
        count(
            by_organisation
                .entry(organisation.clone())
                .or_insert_with(|| blank(organisation.clone())),
            attendance,
        );
        count(
            by_meeting
                .entry(meeting_id)
                .or_insert_with(|| blank(headings[&meeting_id].clone())),
            attendance,
        );
        count(
            detail
                .entry((meeting_id, organisation.clone()))
                .or_insert_with(|| blank(organisation)),
            attendance,
        );
    }
    let order: HashMap<i32, usize> = held.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let mut detail: Vec<((i32, String), AttendanceRow)> = detail.into_iter().collect();
    detail.sort_by_key(|((m, o), _)| (order[m], o.clone()));
    Ok(Counted {
        by_organisation: by_organisation.into_values().collect(),
        by_meeting: held
            .iter()
            .map(|m| {
                by_meeting
                    .remove(&m.id)
                    .unwrap_or_else(|| blank(headings[&m.id].clone()))
            })
            .collect(),
        detail: detail
            .into_iter()
            .map(|((m, _), row)| (headings[&m].clone(), row))
            .collect(),
    })
}

/// « 3e séance plénière… — 2 juillet 2019 ».
fn meeting_label(m: &meeting::Model) -> String {
    format!(
        "{} — {}",
        meetings::heading(m),
        format::local_date(m.starts_at)
    )
}

/// Attendance at the meetings held in `year`, one row per meeting and
/// organisation.
pub async fn csv(db: &impl ConnectionTrait, year: i32) -> Result<Vec<u8>, AppError> {
    let span = year_span(&years(db).await?, year)?;
    let held = held_in(db, span).await?;
    let mut out = CsvWriter::default();
    out.row(
        ["Réunion", "Organisation"]
            .into_iter()
            .chain(SERIES.iter().copied()),
    );
    for (meeting, row) in counted(db, &held).await?.detail {
        let values = [row.invited, row.present, row.represented, row.absent].map(|v| v.to_string());
        out.row(
            [meeting.as_str(), row.label.as_str()]
                .into_iter()
                .chain(values.iter().map(String::as_str)),
        );
    }
    Ok(out.finish())
}
