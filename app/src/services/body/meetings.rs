//! Meetings: plenary sessions and working-group meetings, their convocation
//! by e-mail with an iCalendar invitation (to people with an account and to
//! guests invited by e-mail), the invitees' answers, and calendars (one
//! meeting's .ics, each person's private feed). Changes to the list after
//! the convocation and attendance are in the invitees module beside this one.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Datelike, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbBackend,
    EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::actions;
use super::groups;
use super::snapshots;
use crate::entities::{
    action, meeting, meeting_guest, meeting_invitation, minutes, organisation, proposal, user,
    working_group, working_group_member,
};
use crate::model::{
    day, one_line, AnswerPage, AppError, CalendarFeed, ConstraintMeaning, CurrentUser,
    FoundMeeting, InvitationResponse, InviteeRow, MeetingCard, MeetingDetail, MeetingFormData,
    MeetingKind, MeetingStatus, MinutesStatus, Role, SessionCard,
};
use crate::services::accounts::audit::{self, Actor};
use crate::services::accounts::sessions::{new_token, token_hash};
use crate::services::format;
use crate::services::mail::emails;
use crate::services::mail::ics::{self, Method};
use crate::services::mail::outbox;
use crate::services::markdown;
use crate::services::search::{self, Terms};
use crate::services::settings;
use crate::services::shelf::Shelf;

/// A meeting in a list.
pub fn card(m: &meeting::Model, group: Option<String>) -> MeetingCard {
    MeetingCard {
        id: m.id,
        kind: m.kind,
        title: m.title.clone(),
        working_group: group,
        when: format::date_time(m.starts_at),
        starts_at_iso: format::iso(m.starts_at),
        place: m.place.clone(),
        status: m.status,
    }
}

/// The meetings found by a search, the best `most` first: those whose title
/// holds more of its words, then the most recent.
fn ranked(terms: &Terms, mut found: Vec<meeting::Model>, most: usize) -> Vec<meeting::Model> {
    found.sort_by_cached_key(|m| {
        (
            std::cmp::Reverse(terms.score(&search::document(&[&m.title, &heading(m)]))),
            std::cmp::Reverse(m.starts_at),
            m.id,
        )
    });
    found.truncate(most);
    found
}

/// `found` as results of a search, with their groups' names.
async fn results(
    db: &impl ConnectionTrait,
    found: Vec<meeting::Model>,
) -> Result<Vec<FoundMeeting>, AppError> {
    let names: HashMap<i32, String> = working_group::Entity::find()
        .filter(working_group::Column::Id.is_in(found.iter().filter_map(|m| m.working_group_id)))
        .all(db)
        .await?
        .iter()
        .map(|g| (g.id, groups::label(g)))
        .collect();
    Ok(found
        .iter()
        .map(|m| FoundMeeting {
            meeting: card(m, m.working_group_id.and_then(|g| names.get(&g).cloned())),
            heading: heading(m),
        })
        .collect())
}

/// The meetings `which` selects as found by a search, the best `most` first
/// (see [`ranked`]); none for an empty search. Everyone may see every
/// meeting, as on its page.
pub async fn found_where(
    db: &impl ConnectionTrait,
    terms: &Terms,
    most: usize,
    which: Condition,
) -> Result<Vec<FoundMeeting>, AppError> {
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let found = meeting::Entity::find().filter(which).all(db).await?;
    results(db, ranked(terms, found, most)).await
}

/// The meetings whose title, place or agenda hold every word of a search,
/// the best `most` first. Meetings are few: their stored words are read
/// without a full-text index.
pub async fn found(
    db: &impl ConnectionTrait,
    terms: &Terms,
    most: usize,
) -> Result<Vec<FoundMeeting>, AppError> {
    let column = Expr::col((meeting::Entity, meeting::Column::SearchText)).into();
    found_where(db, terms, most, terms.all_in(&column)).await
}

/// The first meeting to come that is not cancelled.
pub async fn next(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Option<MeetingCard>, AppError> {
    let Some(found) = meeting::Entity::find()
        .filter(meeting::Column::StartsAt.gte(now))
        .filter(meeting::Column::Status.ne(MeetingStatus::Cancelled))
        .order_by_asc(meeting::Column::StartsAt)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let group = match found.working_group_id {
        Some(id) => working_group::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|g| groups::label(&g)),
        None => None,
    };
    Ok(Some(card(&found, group)))
}

/// Plenary sessions, most recent first, with whether minutes are published.
pub async fn plenary_sessions(db: &impl ConnectionTrait) -> Result<Vec<SessionCard>, AppError> {
    let sessions = meeting::Entity::find()
        .filter(meeting::Column::Kind.eq(MeetingKind::Plenary))
        .order_by_desc(meeting::Column::StartsAt)
        .all(db)
        .await?;
    let published: HashMap<i32, bool> = minutes::Entity::find()
        .filter(minutes::Column::MeetingId.is_in(sessions.iter().map(|s| s.id)))
        .filter(minutes::Column::Status.eq(MinutesStatus::Published))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.meeting_id, true))
        .collect();
    Ok(sessions
        .iter()
        .map(|s| {
            let ordinal = s
                .ordinal
                .map(format::session_ordinal)
                .unwrap_or_else(|| "Séance plénière".to_string());
            SessionCard {
                ordinal_label: format!("{ordinal} — {}", format::local_date(s.starts_at)),
                has_published_minutes: published.contains_key(&s.id),
                meeting: card(s, None),
            }
        })
        .collect())
}

// ---------------------------------------------------------------------------
// Scheduling, convocations, answers and calendars.

const TITLE_MAX: usize = 200;
const PLACE_MAX: usize = 300;
const AGENDA_MAX: usize = 20_000;
const LONGEST_MEETING_MINUTES: i32 = 12 * 60;

/// Whether a meeting's agenda is shown to someone: a plenary session's to
/// everyone; a group meeting's, the group's business until it is held, to
/// those convened and its organisers (`private`).
fn shows_agenda(m: &meeting::Model, private: bool) -> bool {
    private || m.kind == MeetingKind::Plenary || m.status == MeetingStatus::Held
}

/// Whether `viewer` organises the meeting or is convened to it: they, and
/// no one else, get its video-conference link.
async fn private_to(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    m: &meeting::Model,
) -> Result<bool, AppError> {
    let Some(viewer) = viewer else {
        return Ok(false);
    };
    if may_manage(viewer, m) {
        return Ok(true);
    }
    Ok(meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(m.id))
        .filter(meeting_invitation::Column::UserId.eq(viewer.id))
        .one(db)
        .await?
        .is_some())
}

/// Who may organise this meeting: admins; for a group meeting, its lead too.
pub fn may_manage(user: &CurrentUser, m: &meeting::Model) -> bool {
    match (m.kind, m.working_group_id) {
        (MeetingKind::WorkingGroup, Some(group)) => user.runs_group(group),
        _ => user.is_admin(),
    }
}

/// The plenary session held (or to be held) before `session`, if any,
/// leaving out cancelled ones.
pub async fn previous_plenary(
    db: &impl ConnectionTrait,
    session: &meeting::Model,
) -> Result<Option<meeting::Model>, AppError> {
    Ok(meeting::Entity::find()
        .filter(meeting::Column::Kind.eq(MeetingKind::Plenary))
        .filter(meeting::Column::Status.ne(MeetingStatus::Cancelled))
        .filter(meeting::Column::StartsAt.lt(session.starts_at))
        .order_by_desc(meeting::Column::StartsAt)
        .one(db)
        .await?)
}

/// The heading of a meeting: "3e session — 2 juillet 2019" or its title.
pub fn heading(m: &meeting::Model) -> String {
    match (m.kind, m.ordinal) {
        (MeetingKind::Plenary, Some(ordinal)) => format!(
            "{} — {}",
            format::session_ordinal(ordinal),
            format::local_date(m.starts_at)
        ),
        _ => m.title.clone(),
    }
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<meeting::Model, AppError> {
    meeting::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A meeting as its page shows it to `viewer`.
pub async fn detail(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    id: i32,
    now: DateTime<Utc>,
) -> Result<MeetingDetail, AppError> {
    let m = find(db, id).await?;
    let group = match m.working_group_id {
        Some(id) => working_group::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|g| groups::label(&g)),
        None => None,
    };
    let minutes = minutes::Entity::find()
        .filter(minutes::Column::MeetingId.eq(m.id))
        .one(db)
        .await?;
    let can_manage = viewer.is_some_and(|v| may_manage(v, &m));
    let mut invitations = if viewer.is_some() {
        invitees(db, m.id).await?
    } else {
        Vec::new()
    };
    if !can_manage {
        // A guest's address is for the organisers only.
        invitations.iter_mut().for_each(|i| i.email = None);
    }
    let my_response = viewer.and_then(|v| {
        invitations
            .iter()
            .find(|i| i.user_id == Some(v.id))
            .map(|i| i.response)
    });
    let private = can_manage || my_response.is_some();
    let open = m.starts_at > now && m.status != MeetingStatus::Cancelled;
    let can_change_invitees = can_manage && list_open(&m, now);
    let candidates = if can_change_invitees {
        let invited: Vec<String> = user::Entity::find()
            .select_only()
            .column(user::Column::Email)
            .filter(user::Column::Id.is_in(invitations.iter().filter_map(|i| i.user_id)))
            .into_tuple()
            .all(db)
            .await?;
        actions::owner_suggestions(db, m.working_group_id)
            .await?
            .into_iter()
            .filter(|p| !invited.contains(&p.email))
            .collect()
    } else {
        Vec::new()
    };
    Ok(MeetingDetail {
        id: m.id,
        kind: m.kind,
        heading: heading(&m),
        title: m.title.clone(),
        working_group: group,
        when: format::date_time(m.starts_at),
        starts_at_iso: format::iso(m.starts_at),
        ends: format::date_time(m.ends_at),
        place: m.place.clone(),
        video_url: m.video_url.clone().filter(|_| private),
        agenda_html: match shows_agenda(&m, private) {
            true => Some(markdown::kept_or_rendered(m.agenda_html.as_deref(), &m.agenda).await?),
            false => None,
        },
        status: m.status,
        minutes: minutes.map(|x| x.status),
        can_manage,
        can_convene: can_manage && open,
        can_record_attendance: can_manage
            && m.starts_at <= now
            && m.status != MeetingStatus::Cancelled,
        can_change_invitees,
        candidates,
        my_response,
        may_answer: my_response.is_some() && open,
        invitees: invitations,
        actions: actions::of_meeting(db, viewer, m.id).await?,
    })
}

/// Whether the list of a meeting may still change: it was convened, and it
/// has neither begun nor been cancelled.
pub fn list_open(m: &meeting::Model, now: DateTime<Utc>) -> bool {
    m.status == MeetingStatus::Convened && m.starts_at > now
}

/// The people convened to a meeting and its guests, by name, with their
/// answers and attendance.
pub async fn invitees(
    db: &impl ConnectionTrait,
    meeting_id: i32,
) -> Result<Vec<InviteeRow>, AppError> {
    let invitations = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(meeting_id))
        .all(db)
        .await?;
    let people: HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(invitations.iter().map(|i| i.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let organisations: HashMap<i32, String> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(people.values().filter_map(|u| u.organisation_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut rows: Vec<InviteeRow> = invitations
        .into_iter()
        .filter_map(|i| {
            let person = people.get(&i.user_id)?;
            Some(InviteeRow {
                key: format!("u{}", person.id),
                user_id: Some(person.id),
                guest_id: None,
                name: person.name.clone(),
                organisation: person
                    .organisation_id
                    .and_then(|o| organisations.get(&o).cloned()),
                email: None,
                response: i.response,
                represented_by: i.represented_by,
                attendance: i.attendance,
            })
        })
        .collect();
    rows.extend(
        meeting_guest::Entity::find()
            .filter(meeting_guest::Column::MeetingId.eq(meeting_id))
            .all(db)
            .await?
            .into_iter()
            .map(|g| InviteeRow {
                key: format!("g{}", g.id),
                user_id: None,
                guest_id: Some(g.id),
                name: g.name,
                organisation: None,
                email: Some(g.email),
                response: g.response,
                represented_by: g.represented_by,
                attendance: g.attendance,
            }),
    );
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rows)
}

/// The scheduling form's values for a new meeting (of `group_slug`, or a
/// plenary session) or an existing one.
pub async fn form(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: Option<i32>,
    group_slug: Option<String>,
) -> Result<MeetingFormData, AppError> {
    if let Some(id) = id {
        let m = find(db, id).await?;
        if !may_manage(user, &m) {
            return Err(AppError::Forbidden);
        }
        let group = match m.working_group_id {
            Some(g) => working_group::Entity::find_by_id(g).one(db).await?,
            None => None,
        };
        let local = m.starts_at.with_timezone(&Paris);
        return Ok(MeetingFormData {
            id: Some(m.id),
            plenary: m.kind == MeetingKind::Plenary,
            group_label: group.as_ref().map(groups::label),
            group_slug: group.map(|g| g.slug),
            title: m.title,
            year: m.year,
            ordinal: m.ordinal,
            date: local.format("%Y-%m-%d").to_string(),
            time: local.format("%H:%M").to_string(),
            duration_minutes: (m.ends_at - m.starts_at).num_minutes() as i32,
            place: m.place.unwrap_or_default(),
            video_url: m.video_url.unwrap_or_default(),
            agenda: m.agenda,
        });
    }
    match group_slug.filter(|s| !s.is_empty()) {
        Some(slug) => {
            let group = group_by_slug(db, &slug).await?;
            if !user.runs_group(group.id) {
                return Err(AppError::Forbidden);
            }
            Ok(MeetingFormData {
                plenary: false,
                group_label: Some(groups::label(&group)),
                group_slug: Some(group.slug),
                time: "14:00".into(),
                duration_minutes: 120,
                ..Default::default()
            })
        }
        None => {
            if !user.is_admin() {
                return Err(AppError::Forbidden);
            }
            let last_ordinal = meeting::Entity::find()
                .filter(meeting::Column::Kind.eq(MeetingKind::Plenary))
                .all(db)
                .await?
                .iter()
                .filter_map(|m| m.ordinal)
                .max()
                .unwrap_or(0);
            Ok(MeetingFormData {
                plenary: true,
                title: format!("Séance plénière — {}", settings::identity(db).await?.name),
                ordinal: Some(last_ordinal + 1),
                time: "14:00".into(),
                duration_minutes: 180,
                ..Default::default()
            })
        }
    }
}

/// The group a new meeting is for: it must exist and not be archived.
async fn group_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<working_group::Model, AppError> {
    let group = working_group::Entity::find()
        .filter(working_group::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::Invalid("Ce groupe de travail n'existe pas.".into()))?;
    if group.archived_at.is_some() {
        return Err(AppError::Invalid(
            "Ce groupe de travail est archivé : il ne tient plus de réunion.".into(),
        ));
    }
    Ok(group)
}

/// The checked values of a scheduling form.
struct Schedule {
    title: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    place: Option<String>,
    video_url: Option<String>,
    agenda: String,
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn check(form: &MeetingFormData) -> Result<Schedule, AppError> {
    let invalid = |message: &str| Err(AppError::Invalid(message.to_string()));
    let title = one_line(&form.title, "Le titre")?;
    if title.is_empty() {
        return invalid("Donnez un titre à la réunion.");
    }
    if title.chars().count() > TITLE_MAX {
        return invalid("Le titre dépasse 200 caractères.");
    }
    let day = day(&form.date, "la date de la réunion")?;
    let Ok(time) = NaiveTime::parse_from_str(form.time.trim(), "%H:%M") else {
        return invalid("Indiquez l'heure de début (format attendu : HH:MM).");
    };
    if form.duration_minutes <= 0 {
        return invalid(
            "La fin de la réunion doit venir après son début : indiquez une durée positive.",
        );
    }
    if form.duration_minutes > LONGEST_MEETING_MINUTES {
        return invalid("Une réunion dure au plus 12 heures.");
    }
    let Some(starts_at) = Paris
        .from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
    else {
        return invalid("Cette heure n'existe pas à Paris ce jour-là (changement d'heure).");
    };
    let place = optional(one_line(&form.place, "Le lieu")?);
    let video_url = optional(one_line(&form.video_url, "Le lien de visioconférence")?);
    if place.is_none() && video_url.is_none() {
        return invalid("Indiquez un lieu ou un lien de visioconférence.");
    }
    if place
        .as_ref()
        .is_some_and(|p| p.chars().count() > PLACE_MAX)
    {
        return invalid("Le lieu dépasse 300 caractères.");
    }
    if let Some(url) = &video_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 500 {
            return invalid("Le lien de visioconférence doit être une adresse web (https://…).");
        }
    }
    if form.agenda.chars().count() > AGENDA_MAX {
        return invalid("L'ordre du jour dépasse 20 000 caractères.");
    }
    Ok(Schedule {
        title: title.to_string(),
        starts_at,
        ends_at: starts_at + Duration::minutes(form.duration_minutes.into()),
        place,
        video_url,
        agenda: form.agenda.trim().to_string(),
    })
}

/// Creates a meeting (plenary session when `form.plenary`, else a meeting of
/// `form.group_slug`) or updates `form.id`. Updating a convened meeting sends
/// every invitee the new version (SEQUENCE increased). Returns its id.
pub async fn save(
    db: &DatabaseConnection,
    user: &CurrentUser,
    form: MeetingFormData,
    public_url: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    if !user.is_admin() && user.lead_of.is_empty() {
        return Err(AppError::Forbidden);
    }
    let txn = db.begin().await?;
    let saved = match form.id {
        Some(id) => {
            let existing = find(&txn, id).await?;
            if !may_manage(user, &existing) {
                return Err(AppError::Forbidden);
            }
            let checked = check(&form)?;
            let agenda_html = markdown::render_checked(checked.agenda.clone()).await?;
            if existing.status == MeetingStatus::Cancelled {
                return Err(AppError::Invalid(
                    "Cette réunion est annulée : elle ne peut plus être modifiée.".into(),
                ));
            }
            let moved = existing.starts_at != checked.starts_at
                || existing.ends_at != checked.ends_at
                || existing.place != checked.place
                || existing.video_url != checked.video_url;
            let convened = existing.status == MeetingStatus::Convened;
            if form.plenary && existing.kind == MeetingKind::Plenary {
                ordinal_free(&txn, form.ordinal, Some(existing.id)).await?;
            }
            let mut active: meeting::ActiveModel = existing.into();
            active.title = Set(checked.title);
            active.starts_at = Set(checked.starts_at);
            active.ends_at = Set(checked.ends_at);
            active.place = Set(checked.place);
            active.video_url = Set(checked.video_url);
            active.agenda = Set(checked.agenda);
            active.agenda_html = Set(Some(agenda_html));
            active.updated_at = Set(now);
            if plenary_fields(&form, &active) {
                active.year = Set(Some(checked.starts_at.with_timezone(&Paris).year()));
                active.ordinal = Set(form.ordinal);
            }
            if convened {
                let sequence = *active.sequence.as_ref();
                active.sequence = Set(sequence + 1);
            }
            let saved = active
                .update(&txn)
                .await
                .or_invalid(ordinal_taken(form.ordinal))?;
            if convened && moved {
                notify_invitees(&txn, &saved, Letter::Update, public_url).await?;
            }
            audit::record(
                &txn,
                &Actor::of(user),
                "meeting.updated",
                Some(("meeting", saved.id)),
                ip,
                heading(&saved),
            )
            .await?;
            saved
        }
        None => {
            let (kind, group) = if form.plenary {
                if !user.is_admin() {
                    return Err(AppError::Forbidden);
                }
                (MeetingKind::Plenary, None)
            } else {
                let slug = form.group_slug.clone().unwrap_or_default();
                let group = group_by_slug(&txn, &slug).await?;
                if !user.runs_group(group.id) {
                    return Err(AppError::Forbidden);
                }
                (MeetingKind::WorkingGroup, Some(group.id))
            };
            let checked = check(&form)?;
            let agenda_html = markdown::render_checked(checked.agenda.clone()).await?;
            if kind == MeetingKind::Plenary {
                if form.ordinal.is_none_or(|o| o < 1) {
                    return Err(AppError::Invalid(
                        "Indiquez le numéro de la session (1 pour la première).".into(),
                    ));
                }
                ordinal_free(&txn, form.ordinal, None).await?;
            }
            let created = meeting::ActiveModel {
                uid: Set(format!("{}@ecoute.interieur.gouv.fr", new_token())),
                kind: Set(kind),
                working_group_id: Set(group),
                year: Set((kind == MeetingKind::Plenary)
                    .then(|| checked.starts_at.with_timezone(&Paris).year())),
                ordinal: Set(form.ordinal.filter(|_| kind == MeetingKind::Plenary)),
                title: Set(checked.title),
                starts_at: Set(checked.starts_at),
                ends_at: Set(checked.ends_at),
                place: Set(checked.place),
                video_url: Set(checked.video_url),
                agenda: Set(checked.agenda),
                agenda_html: Set(Some(agenda_html)),
                status: Set(MeetingStatus::Planned),
                sequence: Set(0),
                created_by: Set(Some(user.id)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .or_invalid(ordinal_taken(form.ordinal))?;
            if kind == MeetingKind::Plenary {
                snapshots::take(&txn, created.id, now).await?;
            }
            audit::record(
                &txn,
                &Actor::of(user),
                "meeting.scheduled",
                Some(("meeting", created.id)),
                ip,
                heading(&created),
            )
            .await?;
            created
        }
    };
    txn.commit().await?;
    Ok(saved.id)
}

fn ordinal_taken(ordinal: Option<i32>) -> String {
    let session = ordinal.map_or("Cette session".to_string(), format::session_ordinal);
    format!(
        "La {session} est déjà programmée : choisissez un autre numéro, ou annulez d'abord l'autre séance."
    )
}

/// Refuses a plenary session's number held by another session that is not
/// cancelled (a cancelled session leaves its number free).
async fn ordinal_free(
    db: &impl ConnectionTrait,
    ordinal: Option<i32>,
    except: Option<i32>,
) -> Result<(), AppError> {
    let Some(ordinal) = ordinal else {
        return Ok(());
    };
    let mut holders = meeting::Entity::find()
        .filter(meeting::Column::Kind.eq(MeetingKind::Plenary))
        .filter(meeting::Column::Ordinal.eq(ordinal))
        .filter(meeting::Column::Status.ne(MeetingStatus::Cancelled));
    if let Some(id) = except {
        holders = holders.filter(meeting::Column::Id.ne(id));
    }
    match holders.one(db).await? {
        Some(other) => Err(AppError::Invalid(format!(
            "La {} est déjà programmée le {} : choisissez un autre numéro, ou annulez d'abord cette séance-là.",
            format::session_ordinal(ordinal),
            format::date_time(other.starts_at)
        ))),
        None => Ok(()),
    }
}

fn plenary_fields(form: &MeetingFormData, active: &meeting::ActiveModel) -> bool {
    form.plenary && *active.kind.as_ref() == MeetingKind::Plenary
}

/// Who a convocation goes to by default: for a plenary session every active
/// person of a current member organisation and the secretariat; for a group
/// meeting the people of the group's current member organisations and its lead.
async fn default_invitees(
    db: &impl ConnectionTrait,
    m: &meeting::Model,
) -> Result<Vec<user::Model>, AppError> {
    let people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?;
    let organisations: Vec<i32> = match m.working_group_id {
        Some(group) => working_group_member::Entity::find()
            .filter(working_group_member::Column::WorkingGroupId.eq(group))
            .filter(working_group_member::Column::LeftOn.is_null())
            .all(db)
            .await?
            .into_iter()
            .map(|w| w.organisation_id)
            .collect(),
        None => organisation::Entity::find()
            .filter(organisation::Column::LeftOn.is_null())
            .all(db)
            .await?
            .into_iter()
            .map(|o| o.id)
            .collect(),
    };
    let lead = match m.working_group_id {
        Some(group) => working_group::Entity::find_by_id(group)
            .one(db)
            .await?
            .and_then(|g| g.lead_user_id),
        None => None,
    };
    Ok(people
        .into_iter()
        .filter(|u| {
            Some(u.id) == lead
                || (m.kind == MeetingKind::Plenary && u.role == Role::Admin)
                || u.organisation_id
                    .is_some_and(|o| organisations.contains(&o))
        })
        .collect())
}

/// Sends the convocation: invites the default invitees not yet invited, and
/// e-mails each of them the agenda, the answer link and the iCalendar
/// invitation, in the transaction that records the invitations. Returns how
/// many people were newly convened.
pub async fn convene(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    public_url: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let txn = db.begin().await?;
    let m = find(&txn, id).await?;
    if !may_manage(user, &m) {
        return Err(AppError::Forbidden);
    }
    if m.status == MeetingStatus::Cancelled || m.status == MeetingStatus::Held {
        return Err(AppError::Invalid(
            "Cette réunion est annulée ou déjà tenue : elle ne peut plus être convoquée.".into(),
        ));
    }
    if m.starts_at <= now {
        return Err(AppError::Invalid(
            "Cette réunion est passée : on ne convoque pas à une date passée.".into(),
        ));
    }
    let already: Vec<i32> = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(m.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|i| i.user_id)
        .collect();
    let invitees: Vec<user::Model> = default_invitees(&txn, &m)
        .await?
        .into_iter()
        .filter(|u| !already.contains(&u.id))
        .collect();
    if invitees.is_empty() && already.is_empty() {
        return Err(AppError::Invalid(
            "Personne à convoquer : aucun membre actif n'est rattaché à cette réunion.".into(),
        ));
    }
    for person in &invitees {
        convene_person(&txn, &m, person, public_url, now).await?;
    }
    let mut active: meeting::ActiveModel = m.into();
    active.status = Set(MeetingStatus::Convened);
    active.updated_at = Set(now);
    let m = active.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::of(user),
        "meeting.convened",
        Some(("meeting", m.id)),
        ip,
        format!(
            "{} : {} personne(s) convoquée(s)",
            heading(&m),
            invitees.len()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(invitees.len())
}

/// Invites `person` to `m` and e-mails them the convocation with their
/// answer link and the iCalendar invitation at the meeting's sequence.
pub(super) async fn convene_person(
    txn: &impl ConnectionTrait,
    m: &meeting::Model,
    person: &user::Model,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let token = new_token();
    meeting_invitation::ActiveModel {
        meeting_id: Set(m.id),
        user_id: Set(person.id),
        response: Set(InvitationResponse::Pending),
        represented_by: Set(None),
        responded_at: Set(None),
        attendance: Set(None),
        token: Set(token_hash(&token)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await
    .or_invalid(format!(
        "{} est déjà convoqué(e) à cette réunion.",
        person.name
    ))?;
    outbox::enqueue(
        txn,
        convocation(
            m,
            Recipient::member(person, Some(&token), public_url),
            public_url,
            Letter::Convocation,
        ),
    )
    .await?;
    Ok(())
}

/// A new answer link for `guest`: only its hash is kept, so each letter
/// that carries the link carries a new one (and the former stops working).
pub(super) async fn renew_guest_link(
    txn: &impl ConnectionTrait,
    guest: &meeting_guest::Model,
) -> Result<String, AppError> {
    let token = new_token();
    meeting_guest::Entity::update_many()
        .col_expr(
            meeting_guest::Column::TokenHash,
            sea_orm::sea_query::Expr::value(token_hash(&token)),
        )
        .filter(meeting_guest::Column::Id.eq(guest.id))
        .exec(txn)
        .await?;
    Ok(token)
}

/// E-mails every invitee, guests included, the current version of the
/// meeting (`letter`: its update or its cancellation).
async fn notify_invitees(
    txn: &impl ConnectionTrait,
    m: &meeting::Model,
    letter: Letter,
    public_url: &str,
) -> Result<(), AppError> {
    let invitations = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(m.id))
        .all(txn)
        .await?;
    let people: HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(invitations.iter().map(|i| i.user_id)))
        .filter(user::Column::Active.eq(true))
        .all(txn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    for invitation in invitations {
        if let Some(person) = people.get(&invitation.user_id) {
            // Only the answer link's hash is kept: the new version of the
            // convocation carries a new link, which replaces the previous.
            let answer = match letter.method() {
                Method::Request => {
                    let token = new_token();
                    let mut renewed: meeting_invitation::ActiveModel = invitation.into();
                    renewed.token = Set(token_hash(&token));
                    renewed.update(txn).await?;
                    Some(token)
                }
                _ => None,
            };
            outbox::enqueue(
                txn,
                convocation(
                    m,
                    Recipient::member(person, answer.as_deref(), public_url),
                    public_url,
                    letter,
                ),
            )
            .await?;
        }
    }
    for guest in meeting_guest::Entity::find()
        .filter(meeting_guest::Column::MeetingId.eq(m.id))
        .all(txn)
        .await?
    {
        let answer = match letter.method() {
            Method::Request => Some(renew_guest_link(txn, &guest).await?),
            _ => None,
        };
        outbox::enqueue(
            txn,
            convocation(
                m,
                Recipient::guest(&guest, answer.as_deref(), public_url),
                public_url,
                letter,
            ),
        )
        .await?;
    }
    Ok(())
}

/// Cancels a meeting; invitees receive the cancellation (METHOD:CANCEL).
pub async fn cancel(
    db: &DatabaseConnection,
    user: &CurrentUser,
    id: i32,
    public_url: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let m = find(&txn, id).await?;
    if !may_manage(user, &m) {
        return Err(AppError::Forbidden);
    }
    if m.status == MeetingStatus::Cancelled || m.status == MeetingStatus::Held {
        return Err(AppError::Invalid(
            "Cette réunion est déjà annulée ou tenue.".into(),
        ));
    }
    let convened = m.status == MeetingStatus::Convened;
    let sequence = m.sequence;
    let mut active: meeting::ActiveModel = m.into();
    active.status = Set(MeetingStatus::Cancelled);
    active.sequence = Set(sequence + 1);
    active.updated_at = Set(now);
    let m = active.update(&txn).await?;
    if convened {
        notify_invitees(&txn, &m, Letter::Cancellation, public_url).await?;
    }
    audit::record(
        &txn,
        &Actor::of(user),
        "meeting.cancelled",
        Some(("meeting", m.id)),
        ip,
        heading(&m),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub(super) fn check_answer(
    response: InvitationResponse,
    represented_by: Option<String>,
) -> Result<Option<String>, AppError> {
    match response {
        InvitationResponse::Pending => Err(AppError::Invalid(
            "Choisissez une réponse : présent, absent ou représenté.".into(),
        )),
        InvitationResponse::Represented => {
            let name = match represented_by.as_deref() {
                Some(typed) => optional(one_line(
                    typed,
                    "Le nom de la personne qui vous représente",
                )?),
                None => None,
            };
            match name {
                Some(name) if name.chars().count() <= 200 => Ok(Some(name)),
                Some(_) => Err(AppError::Invalid(
                    "Le nom de la personne qui vous représente dépasse 200 caractères.".into(),
                )),
                None => Err(AppError::Invalid("Indiquez qui vous représentera.".into())),
            }
        }
        _ => Ok(None),
    }
}

/// Refuses an answer once the meeting began or was cancelled.
pub(super) fn answerable(m: &meeting::Model, now: DateTime<Utc>) -> Result<(), AppError> {
    if m.starts_at <= now || m.status == MeetingStatus::Cancelled {
        return Err(AppError::Invalid(
            "Cette réunion a commencé, est passée ou a été annulée : la réponse n'est plus possible."
                .into(),
        ));
    }
    Ok(())
}

async fn record_answer(
    txn: &impl ConnectionTrait,
    invitation: meeting_invitation::Model,
    response: InvitationResponse,
    represented_by: Option<String>,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let represented_by = check_answer(response, represented_by)?;
    let m = find(txn, invitation.meeting_id).await?;
    answerable(&m, now)?;
    let person = user::Entity::find_by_id(invitation.user_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut active: meeting_invitation::ActiveModel = invitation.into();
    active.response = Set(response);
    active.represented_by = Set(represented_by);
    active.responded_at = Set(Some(now));
    let saved = active.update(txn).await?;
    audit::record(
        txn,
        &Actor::User {
            id: person.id,
            email: person.email,
        },
        "meeting.answered",
        Some(("meeting", saved.meeting_id)),
        ip,
        response.label(),
    )
    .await?;
    Ok(())
}

async fn invitation_by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<meeting_invitation::Model, AppError> {
    if token.is_empty() {
        return Err(AppError::NotFound);
    }
    meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::Token.eq(token_hash(token)))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What the answer link of a convocation shows (reading changes nothing).
pub async fn answer_page(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<AnswerPage, AppError> {
    let invitation = invitation_by_token(db, token).await?;
    let m = find(db, invitation.meeting_id).await?;
    let person = user::Entity::find_by_id(invitation.user_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(AnswerPage {
        meeting_id: m.id,
        heading: heading(&m),
        when: format::date_time(m.starts_at),
        place: m.place.clone().or(m.video_url.clone()),
        invitee: person.name,
        response: invitation.response,
        represented_by: invitation.represented_by,
        open: m.starts_at > now && m.status != MeetingStatus::Cancelled,
    })
}

/// Records an answer given through the link of the convocation e-mail.
pub async fn answer_with_token(
    db: &DatabaseConnection,
    token: &str,
    response: InvitationResponse,
    represented_by: Option<String>,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let txn = db.begin().await?;
    let invitation = invitation_by_token(&txn, token).await?;
    let meeting_id = invitation.meeting_id;
    record_answer(&txn, invitation, response, represented_by, ip, now).await?;
    txn.commit().await?;
    Ok(meeting_id)
}

/// Records the signed-in person's answer from the meeting page.
pub async fn answer(
    db: &DatabaseConnection,
    user: &CurrentUser,
    meeting_id: i32,
    response: InvitationResponse,
    represented_by: Option<String>,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let invitation = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(meeting_id))
        .filter(meeting_invitation::Column::UserId.eq(user.id))
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::Invalid("Vous n'êtes pas invité(e) à cette réunion.".into()))?;
    record_answer(&txn, invitation, response, represented_by, ip, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Records an action decided in a meeting, for the meeting's group.
pub async fn record_action(
    db: &DatabaseConnection,
    author: &CurrentUser,
    meeting_id: i32,
    form: actions::ActionForm,
    public_url: &str,
    ip: Option<String>,
) -> Result<action::Model, AppError> {
    let m = meeting::Entity::find_by_id(meeting_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !super::meetings::may_manage(author, &m) {
        return Err(AppError::Forbidden);
    }
    let due_on = actions::due_date(&form.due_on)?;
    let reference = form.proposal_reference.trim();
    let proposal_id = if reference.is_empty() {
        None
    } else {
        let p = proposal::Entity::find()
            .filter(proposal::Column::Reference.eq(reference.to_uppercase()))
            .one(db)
            .await?
            .ok_or_else(|| {
                AppError::Invalid(format!(
                    "Aucune proposition ne porte la référence « {reference} »."
                ))
            })?;
        // The action lands on the proposal's timeline: its author must run
        // the proposal's group as well as the meeting's.
        if !author.runs(p.working_group_id) {
            return Err(AppError::Forbidden);
        }
        Some(p.id)
    };
    actions::create(
        db,
        author,
        actions::NewAction {
            title: form.title,
            description: form.description,
            owner_user_id: actions::resolve_owner(db, &form.owner).await?,
            due_on,
            working_group_id: m.working_group_id,
            meeting_id: Some(m.id),
            proposal_id,
        },
        public_url,
        ip,
    )
    .await
}

/// The meeting as a calendar event; `private` (for its organisers and
/// invitees) with its video-conference link and, for a group meeting not yet
/// held, its agenda.
fn event(
    m: &meeting::Model,
    public_url: &str,
    attendee: Option<(&str, &str)>,
    private: bool,
) -> ics::Event {
    let link = m.video_url.clone().filter(|_| private);
    ics::Event {
        uid: m.uid.clone(),
        sequence: m.sequence,
        summary: heading(m),
        description: if shows_agenda(m, private) {
            m.agenda.clone()
        } else {
            "L'ordre du jour est communiqué aux personnes convoquées.".to_string()
        },
        location: match (&m.place, link) {
            (Some(place), Some(link)) => Some(format!("{place} — {link}")),
            (place, link) => place.clone().or(link),
        },
        url: format!("{public_url}/reunions/{}", m.id),
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        updated_at: m.updated_at,
        cancelled: m.status == MeetingStatus::Cancelled,
        attendee: attendee.map(|(name, email)| (name.to_string(), email.to_string())),
    }
}

/// Who a convocation goes to, and their link to answer it (none in a
/// cancellation).
pub(super) struct Recipient<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub answer_url: Option<String>,
}

impl<'a> Recipient<'a> {
    /// A person with an account, who answers through their invitation's
    /// link, if given.
    pub fn member(person: &'a user::Model, token: Option<&str>, public_url: &str) -> Self {
        Recipient {
            email: &person.email,
            name: &person.name,
            answer_url: token.map(|t| format!("{public_url}/reunions/reponse/{t}")),
        }
    }

    /// A guest, who answers through the link of their own, if given.
    pub fn guest(guest: &'a meeting_guest::Model, token: Option<&str>, public_url: &str) -> Self {
        Recipient {
            email: &guest.email,
            name: &guest.name,
            answer_url: token.map(|t| format!("{public_url}/reunions/invite/{t}")),
        }
    }
}

/// What a letter about a meeting tells its recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Letter {
    /// You are convened (METHOD:REQUEST).
    Convocation,
    /// The meeting moved (METHOD:REQUEST, its SEQUENCE increased).
    Update,
    /// The meeting is cancelled (METHOD:CANCEL).
    Cancellation,
    /// You are no longer convened (METHOD:CANCEL to this recipient only).
    Withdrawn,
}

impl Letter {
    pub fn method(self) -> Method {
        match self {
            Letter::Convocation | Letter::Update => Method::Request,
            Letter::Cancellation | Letter::Withdrawn => Method::Cancel,
        }
    }
}

/// A letter about `m` with the iCalendar invitation (or cancellation) for
/// its recipient, and for a convocation the link to answer.
pub(super) fn convocation(
    m: &meeting::Model,
    to: Recipient<'_>,
    public_url: &str,
    letter: Letter,
) -> outbox::OutgoingEmail {
    let heading = heading(m);
    let when = format::date_time(m.starts_at);
    let place = m.place.clone().or(m.video_url.clone()).unwrap_or_default();
    let page_url = format!("{public_url}/reunions/{}", m.id);
    let answer_url = to.answer_url.clone().unwrap_or_else(|| page_url.clone());
    let convened = vec![
        format!("Vous êtes convoqué(e) à la réunion « {heading} », le {when}, lieu : {place}."),
        format!("Ordre du jour :\n{}", m.agenda),
        "Merci d'indiquer si vous serez présent(e), absent(e) ou représenté(e) en suivant le lien ci-dessous. L'invitation jointe ajoute la réunion à votre agenda.".to_string(),
    ];
    let answer = ("Répondre à la convocation", answer_url.as_str());
    let personal = "Ce lien vous est personnel : ne le transférez pas.";
    let (subject, paragraphs, link, closing) = match letter {
        Letter::Convocation => (format!("Convocation : {heading}"), convened, answer, personal),
        Letter::Update => (
            format!("Modification : {heading}"),
            [vec!["La réunion a été modifiée : voici sa nouvelle version.".to_string()], convened].concat(),
            answer,
            personal,
        ),
        Letter::Cancellation => (
            format!("Annulation : {heading}"),
            vec![format!(
                "La réunion « {heading} » prévue le {when} ({place}) est annulée."
            )],
            ("Voir la réunion", page_url.as_str()),
            "Votre agenda sera mis à jour par l'invitation jointe.",
        ),
        Letter::Withdrawn => (
            format!("Convocation retirée : {heading}"),
            vec![format!(
                "Votre convocation à la réunion « {heading} » prévue le {when} ({place}) est retirée : vous n'y êtes plus attendu(e)."
            )],
            ("Voir la réunion", page_url.as_str()),
            "L'invitation jointe retire la réunion de votre agenda.",
        ),
    };
    let mut mail = emails::message((to.email, to.name), &subject, &paragraphs, link, closing);
    mail.ics = Some(invitation_ics(
        m,
        (to.name, to.email),
        public_url,
        letter.method(),
    ));
    mail
}

/// The iCalendar invitation an e-mail carries for `attendee` (name, address).
pub fn invitation_ics(
    m: &meeting::Model,
    attendee: (&str, &str),
    public_url: &str,
    method: Method,
) -> String {
    ics::calendar(
        method,
        "Écoute",
        &[event(m, public_url, Some(attendee), true)],
    )
}

/// One meeting as an .ics download, as `viewer` may see it: meetings are
/// public, their video-conference link (and a group meeting's agenda) is for
/// their organisers and invitees.
pub async fn download(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    id: i32,
    public_url: &str,
) -> Result<String, AppError> {
    let m = find(db, id).await?;
    let private = private_to(db, viewer, &m).await?;
    Ok(ics::calendar(
        Method::Publish,
        &heading(&m),
        &[event(&m, public_url, None, private)],
    ))
}

/// The meetings `user_id` is invited to, joined in the query: the rows a
/// feed is written from.
fn invited_to(user_id: i32) -> sea_orm::Select<meeting::Entity> {
    meeting::Entity::find()
        .join(
            JoinType::InnerJoin,
            meeting::Entity::belongs_to(meeting_invitation::Entity)
                .from(meeting::Column::Id)
                .to(meeting_invitation::Column::MeetingId)
                .into(),
        )
        .filter(meeting_invitation::Column::UserId.eq(user_id))
}

/// What a person's feed is written from, in one row: how many invitations
/// and the last one (an invitation withdrawn and another made change
/// them), the sum of the meetings' sequences (moved by every change sent
/// to those convened) and of their times of change (moved by any change:
/// a sum, unlike the latest, moves whichever meeting changes).
async fn feed_stamp(db: &impl ConnectionTrait, person: &user::Model) -> Result<String, AppError> {
    let changes = match db.get_database_backend() {
        DbBackend::Postgres => {
            "CAST(SUM(EXTRACT(EPOCH FROM meetings.updated_at)) AS DOUBLE PRECISION)"
        }
        _ => "SUM(julianday(meetings.updated_at))",
    };
    let (count, last_invitation, sequences, changes) = invited_to(person.id)
        .select_only()
        .column_as(meeting_invitation::Column::Id.count(), "count")
        .column_as(meeting_invitation::Column::Id.max(), "last_invitation")
        .column_as(
            Expr::cust("CAST(SUM(meetings.sequence) AS BIGINT)"),
            "sequences",
        )
        .column_as(Expr::cust(changes), "changes")
        .into_tuple::<(i64, Option<i32>, Option<i64>, Option<f64>)>()
        .one(db)
        .await?
        .unwrap_or_default();
    Ok(format!(
        "{count}/{}/{}/{}/{}",
        last_invitation.unwrap_or_default(),
        sequences.unwrap_or_default(),
        changes.unwrap_or_default(),
        person.name
    ))
}

/// The private feed of every meeting the token's owner is invited to. A
/// feed is written again only when its stamp ([`feed_stamp`], read at every
/// request) moves: calendar applications ask for it every few minutes, and
/// meetings change a few times a week. `kept` holds each person's last.
pub async fn calendar_feed(
    db: &impl ConnectionTrait,
    kept: &Shelf<String>,
    ttl: std::time::Duration,
    token: &str,
    public_url: &str,
) -> Result<Arc<String>, AppError> {
    if token.len() < 20 {
        return Err(AppError::NotFound);
    }
    let person = user::Entity::find()
        .filter(user::Column::CalendarToken.eq(token_hash(token)))
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let stamp = feed_stamp(db, &person).await?;
    kept.get_as_of(ttl, &person.id.to_string(), &stamp, || async {
        let events: Vec<ics::Event> = invited_to(person.id)
            .order_by_asc(meeting::Column::StartsAt)
            .order_by_asc(meeting::Column::Id)
            .all(db)
            .await?
            .iter()
            .map(|m| event(m, public_url, None, true))
            .collect();
        Ok(ics::calendar(
            Method::Publish,
            &format!("Écoute — {}", person.name),
            &events,
        ))
    })
    .await
}

/// The signed-in person's feed: whether they have one, and its address
/// when `shown` is the token just created (the database keeps only its
/// hash, so the address is shown once, right after it is created).
pub async fn my_feed(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    public_url: &str,
    shown: Option<&str>,
) -> Result<CalendarFeed, AppError> {
    let person = user::Entity::find_by_id(user.id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let url = shown
        .filter(|token| person.calendar_token.as_deref() == Some(token_hash(token).as_str()))
        .map(|token| format!("{public_url}/calendrier/{token}.ics"));
    Ok(CalendarFeed {
        active: person.calendar_token.is_some(),
        url,
    })
}

/// Creates or renews the person's feed token, and returns it: the database
/// keeps only its hash, and the previous address stops working.
pub async fn renew_feed(
    db: &DatabaseConnection,
    user: &CurrentUser,
    ip: Option<String>,
) -> Result<String, AppError> {
    let token = new_token();
    let txn = db.begin().await?;
    user::ActiveModel {
        id: Set(user.id),
        calendar_token: Set(Some(token_hash(&token))),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::of(user),
        "calendar.renewed",
        Some(("user", user.id)),
        ip,
        "",
    )
    .await?;
    txn.commit().await?;
    Ok(token)
}
