//! The list of a convened meeting, and who came: the organiser adds a
//! person or removes one before the meeting (each gets the iCalendar
//! REQUEST or CANCEL with the meeting's UID; a removal raises its
//! SEQUENCE), invites a guest by e-mail who has no account (a guest answers
//! through a link of their own, whose token is kept hashed), and once the
//! meeting began records the attendance of the whole list in one go.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set, TransactionTrait, UpdateMany,
};

use super::actions::{resolve_person, PersonField};
use super::meetings::{
    answerable, check_answer, convene_person, convocation, find, heading, invitees, list_open,
    may_manage, Letter, Recipient,
};
use crate::entities::{meeting, meeting_guest, meeting_invitation, user};
use crate::model::{
    AnswerPage, AppError, Attendance, AttendanceSheet, ConstraintMeaning, CurrentUser,
    InvitationResponse, MeetingStatus,
};
use crate::services::accounts::audit::{self, Actor};
use crate::services::accounts::people::normalise_email;
use crate::services::accounts::sessions::{new_token, token_hash};
use crate::services::format;
use crate::services::mail::outbox;

/// The field naming a person to convene.
const INVITEE: PersonField = PersonField {
    asked: "la personne à convoquer",
    chosen: "la personne",
    meant: "celle à convoquer",
};

fn invalid(message: impl Into<String>) -> AppError {
    AppError::Invalid(message.into())
}

/// The meeting `id`, if `user` organises it and its list may still change.
async fn open_list(
    txn: &DatabaseTransaction,
    user: &CurrentUser,
    id: i32,
    now: DateTime<Utc>,
) -> Result<meeting::Model, AppError> {
    let m = find(txn, id).await?;
    if !may_manage(user, &m) {
        return Err(AppError::Forbidden);
    }
    if !list_open(&m, now) {
        return Err(invalid(
            "La liste ne se modifie qu'une fois la réunion convoquée, et avant son début : convoquez-la d'abord (ou elle est passée, tenue ou annulée).",
        ));
    }
    Ok(m)
}

/// Tells `to` they are no longer convened: the CANCEL of the event, whose
/// SEQUENCE is raised first (for them it is a new version of the event).
async fn withdrawn(
    txn: &DatabaseTransaction,
    m: meeting::Model,
    to: Recipient<'_>,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<meeting::Model, AppError> {
    let sequence = m.sequence + 1;
    let mut active: meeting::ActiveModel = m.into();
    active.sequence = Set(sequence);
    active.updated_at = Set(now);
    let m = active.update(txn).await?;
    outbox::enqueue(txn, convocation(&m, to, public_url, Letter::Withdrawn)).await?;
    Ok(m)
}

async fn record(
    txn: &DatabaseTransaction,
    user: &CurrentUser,
    m: &meeting::Model,
    kind: &str,
    ip: Option<String>,
    detail: String,
) -> Result<(), AppError> {
    audit::record(
        txn,
        &Actor::of(user),
        kind,
        Some(("meeting", m.id)),
        ip,
        format!("{} : {detail}", heading(m)),
    )
    .await?;
    Ok(())
}

/// Adds an active person to a convened meeting, named by their address or
/// their name (as an action's owner is); they get the convocation with
/// their answer link and the REQUEST at the meeting's sequence.
pub async fn add_invitee(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    meeting_id: i32,
    person: &str,
    public_url: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let m = open_list(&txn, user, meeting_id, now).await?;
    let person_id = resolve_person(&txn, person, &INVITEE).await?;
    let person = user::Entity::find_by_id(person_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let already = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(m.id))
        .filter(meeting_invitation::Column::UserId.eq(person.id))
        .one(&txn)
        .await?;
    if already.is_some() {
        return Err(invalid(format!(
            "{} est déjà convoqué(e) à cette réunion.",
            person.name
        )));
    }
    convene_person(&txn, &m, &person, public_url, now).await?;
    record(
        &txn,
        user,
        &m,
        "meeting.invitee_added",
        ip,
        format!("{} convoqué(e)", person.email),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a person from a convened meeting; they get the CANCEL of the
/// event (its sequence raised) and their answer link stops working.
pub async fn remove_invitee(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    meeting_id: i32,
    person_id: i32,
    public_url: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let m = open_list(&txn, user, meeting_id, now).await?;
    let invitation = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(m.id))
        .filter(meeting_invitation::Column::UserId.eq(person_id))
        .one(&txn)
        .await?
        .ok_or_else(|| invalid("Cette personne n'est pas convoquée à cette réunion."))?;
    let person = user::Entity::find_by_id(person_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    meeting_invitation::Entity::delete_by_id(invitation.id)
        .exec(&txn)
        .await?;
    let to = Recipient {
        email: &person.email,
        name: &person.name,
        answer_url: None,
    };
    let m = withdrawn(&txn, m, to, public_url, now).await?;
    record(
        &txn,
        user,
        &m,
        "meeting.invitee_removed",
        ip,
        format!("{} n'est plus convoqué(e)", person.email),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Invites a guest who has no account: they get the convocation, the
/// REQUEST and a link of their own to answer.
#[allow(clippy::too_many_arguments)]
pub async fn invite_guest(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    meeting_id: i32,
    email: &str,
    name: &str,
    public_url: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let email = normalise_email(email)?;
    let name = crate::model::one_line(name, "Le nom de la personne invitée")?;
    if name.is_empty() {
        return Err(invalid(
            "Indiquez le prénom et le nom de la personne invitée.",
        ));
    }
    if name.chars().count() > 200 {
        return Err(invalid(
            "Le nom de la personne invitée dépasse 200 caractères.",
        ));
    }
    let txn = db.begin().await?;
    let m = open_list(&txn, user, meeting_id, now).await?;
    if let Some(holder) = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(&txn)
        .await?
    {
        return Err(invalid(format!(
            "{email} est l'adresse du compte de {} : ajoutez plutôt cette personne depuis la liste.",
            holder.name
        )));
    }
    let taken = format!("{email} est déjà invité(e) à cette réunion.");
    let already = meeting_guest::Entity::find()
        .filter(meeting_guest::Column::MeetingId.eq(m.id))
        .filter(meeting_guest::Column::Email.eq(&email))
        .one(&txn)
        .await?;
    if already.is_some() {
        return Err(invalid(taken));
    }
    let token = new_token();
    let guest = meeting_guest::ActiveModel {
        meeting_id: Set(m.id),
        email: Set(email.clone()),
        name: Set(name.to_string()),
        token_hash: Set(token_hash(&token)),
        response: Set(InvitationResponse::Pending),
        represented_by: Set(None),
        responded_at: Set(None),
        attendance: Set(None),
        invited_by: Set(Some(user.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .or_invalid(taken)?;
    outbox::enqueue(
        &txn,
        convocation(
            &m,
            Recipient::guest(&guest, Some(&token), public_url),
            public_url,
            Letter::Convocation,
        ),
    )
    .await?;
    record(
        &txn,
        user,
        &m,
        "meeting.guest_invited",
        ip,
        format!("{email} invité(e)"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Withdraws a guest's invitation: they get the CANCEL.
pub async fn remove_guest(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    meeting_id: i32,
    guest_id: i32,
    public_url: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let m = open_list(&txn, user, meeting_id, now).await?;
    let guest = meeting_guest::Entity::find_by_id(guest_id)
        .filter(meeting_guest::Column::MeetingId.eq(m.id))
        .one(&txn)
        .await?
        .ok_or_else(|| invalid("Cette personne n'est pas invitée à cette réunion."))?;
    meeting_guest::Entity::delete_by_id(guest.id)
        .exec(&txn)
        .await?;
    let to = Recipient::guest(&guest, None, public_url);
    let m = withdrawn(&txn, m, to, public_url, now).await?;
    record(
        &txn,
        user,
        &m,
        "meeting.guest_removed",
        ip,
        format!("{} n'est plus invité(e)", guest.email),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

async fn guest_by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<meeting_guest::Model, AppError> {
    if token.is_empty() {
        return Err(AppError::NotFound);
    }
    meeting_guest::Entity::find()
        .filter(meeting_guest::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What a guest's answer link shows (reading it changes nothing).
pub async fn guest_answer_page(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<AnswerPage, AppError> {
    let guest = guest_by_token(db, token).await?;
    let m = find(db, guest.meeting_id).await?;
    Ok(AnswerPage {
        meeting_id: m.id,
        heading: heading(&m),
        when: format::date_time(m.starts_at),
        place: m.place.clone().or(m.video_url.clone()),
        invitee: guest.name,
        response: guest.response,
        represented_by: guest.represented_by,
        open: answerable(&m, now).is_ok(),
    })
}

/// Records a guest's answer given through their link; returns the meeting.
pub async fn answer_as_guest(
    db: &impl TransactionTrait,
    token: &str,
    response: InvitationResponse,
    represented_by: Option<String>,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let represented_by = check_answer(response, represented_by)?;
    let txn = db.begin().await?;
    let guest = guest_by_token(&txn, token).await?;
    let m = find(&txn, guest.meeting_id).await?;
    answerable(&m, now)?;
    let email = guest.email.clone();
    let mut active: meeting_guest::ActiveModel = guest.into();
    active.response = Set(response);
    active.represented_by = Set(represented_by);
    active.responded_at = Set(Some(now));
    active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::System("personne invitée par courriel"),
        "meeting.guest_answered",
        Some(("meeting", m.id)),
        ip,
        format!("{email} : {}", response.label()),
    )
    .await?;
    txn.commit().await?;
    Ok(m.id)
}

/// The meeting `id`, if `user` organises it and it began without being
/// cancelled: the time to record who came.
async fn begun(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
    now: DateTime<Utc>,
) -> Result<meeting::Model, AppError> {
    let m = find(db, id).await?;
    if !may_manage(user, &m) {
        return Err(AppError::Forbidden);
    }
    if m.starts_at > now || m.status == MeetingStatus::Cancelled {
        return Err(invalid(
            "La présence se relève une fois la réunion commencée (et si elle n'est pas annulée).",
        ));
    }
    Ok(m)
}

/// The attendance sheet: every invitee, guests included, with what was
/// recorded so far.
pub async fn attendance_sheet(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    meeting_id: i32,
    now: DateTime<Utc>,
) -> Result<AttendanceSheet, AppError> {
    let m = begun(db, user, meeting_id, now).await?;
    Ok(AttendanceSheet {
        meeting_id: m.id,
        heading: heading(&m),
        when: format::date_time(m.starts_at),
        invitees: invitees(db, m.id).await?,
    })
}

/// Writes one line of the attendance sheet, which must be of the meeting.
async fn marked<E: EntityTrait>(
    txn: &DatabaseTransaction,
    line: UpdateMany<E>,
) -> Result<(), AppError> {
    if line.exec(txn).await?.rows_affected != 1 {
        return Err(invalid(
            "Une des personnes n'est pas invitée à cette réunion : rechargez la page.",
        ));
    }
    Ok(())
}

/// Records the attendance of the list in one go: `marks` gives, by the key
/// of each line ("u12" for a person, "g3" for a guest), present, absent or
/// represented; lines left blank stay as they were. The meeting is then
/// held. One audit record says how many of each.
pub async fn record_attendance(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    meeting_id: i32,
    marks: &BTreeMap<String, String>,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut people = Vec::new();
    let mut guests = Vec::new();
    for (key, value) in marks.iter().filter(|(_, v)| !v.trim().is_empty()) {
        let attendance = Attendance::from_code(value.trim())
            .ok_or_else(|| invalid("Choisissez présent(e), absent(e) ou représenté(e)."))?;
        let id = |prefix: char| key.strip_prefix(prefix).and_then(|n| n.parse::<i32>().ok());
        match (id('u'), id('g')) {
            (Some(person), _) => people.push((person, attendance)),
            (_, Some(guest)) => guests.push((guest, attendance)),
            _ => {
                return Err(invalid(
                    "Une ligne de la feuille de présence est inconnue : rechargez la page.",
                ))
            }
        }
    }
    if people.is_empty() && guests.is_empty() {
        return Err(invalid(
            "Indiquez la présence d'au moins une personne avant d'enregistrer.",
        ));
    }
    let txn = db.begin().await?;
    let m = begun(&txn, user, meeting_id, now).await?;
    for (person, attendance) in &people {
        marked(
            &txn,
            meeting_invitation::Entity::update_many()
                .col_expr(
                    meeting_invitation::Column::Attendance,
                    Expr::value(attendance.code()),
                )
                .filter(meeting_invitation::Column::MeetingId.eq(m.id))
                .filter(meeting_invitation::Column::UserId.eq(*person)),
        )
        .await?;
    }
    for (guest, attendance) in &guests {
        marked(
            &txn,
            meeting_guest::Entity::update_many()
                .col_expr(
                    meeting_guest::Column::Attendance,
                    Expr::value(attendance.code()),
                )
                .filter(meeting_guest::Column::MeetingId.eq(m.id))
                .filter(meeting_guest::Column::Id.eq(*guest)),
        )
        .await?;
    }
    let m = if m.status == MeetingStatus::Held {
        m
    } else {
        let mut held: meeting::ActiveModel = m.into();
        held.status = Set(MeetingStatus::Held);
        held.updated_at = Set(now);
        held.update(&txn).await?
    };
    let count = |wanted: Attendance| {
        people
            .iter()
            .chain(&guests)
            .filter(|(_, a)| *a == wanted)
            .count()
    };
    record(
        &txn,
        user,
        &m,
        "meeting.attendance",
        ip,
        format!(
            "présence relevée : {} présent(e)s, {} absent(e)s, {} représenté(e)s",
            count(Attendance::Present),
            count(Attendance::Absent),
            count(Attendance::Represented)
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
