//! « Facile à lire et à comprendre » (FALC) versions of the body's public
//! texts, written by the secretariat and shown beside the standard text.
//! One table holds them all, each named by its kind and a key:
//!
//! - published minutes: the meeting's id (one set of minutes a meeting, and
//!   the id its page is found by);
//! - a status answer: the id of the public timeline event (a status change
//!   or a merger) whose text is the answer. A proposal's status reason is the
//!   text of its latest such event, and « suite donnée » shows the one of the
//!   decision of its period: keyed on the event, a version always speaks of
//!   the very answer it was written for, and a later decision with another
//!   reason shows none until the secretariat writes its own;
//! - the annual report: its year.
//!
//! The subject's row, when it has one, is also held as a foreign key, so
//! that a text goes with its subject and the demo's removal sees what it
//! hangs on.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::meetings;
use crate::entities::{easy_read_text, meeting, minutes, proposal, proposal_event, user};
use crate::model::{
    AppError, ConstraintMeaning, CurrentUser, EasyReadForm, EasyReadKind, EasyReadOverview,
    EasyReadSubject, MinutesStatus, ProposalEventKind, ProposalStatus, EASY_READ_MAX,
};
use crate::services::accounts::audit::{self, Actor};
use crate::services::format;
use crate::services::markdown;

/// The timeline events whose text is a status answer.
const ANSWERS: [ProposalEventKind; 2] =
    [ProposalEventKind::StatusChanged, ProposalEventKind::Merged];

/// What a version is of, with the rows it hangs on and the standard text.
struct Subject {
    shown: EasyReadSubject,
    meeting_id: Option<i32>,
    proposal_event_id: Option<i32>,
    standard_html: Option<String>,
    standard_text: Option<String>,
}

fn key_number(key: &str) -> Result<i32, AppError> {
    key.trim().parse::<i32>().map_err(|_| AppError::NotFound)
}

fn minutes_subject(m: &meeting::Model) -> EasyReadSubject {
    EasyReadSubject {
        kind: EasyReadKind::Minutes,
        key: m.id.to_string(),
        label: format!("Compte rendu — {}", meetings::heading(m)),
        shown_at: format!("/reunions/{}/compte-rendu", m.id),
    }
}

fn answer_subject(p: &proposal::Model, event: &proposal_event::Model) -> EasyReadSubject {
    let status = event.to_status.map_or("", ProposalStatus::label);
    EasyReadSubject {
        kind: EasyReadKind::StatusAnswer,
        key: event.id.to_string(),
        label: format!(
            "{} — {} : réponse « {status} » du {}",
            p.reference,
            p.title,
            format::local_date(event.created_at)
        ),
        shown_at: format!("/propositions/{}", p.reference),
    }
}

fn report_subject(year: i32) -> EasyReadSubject {
    EasyReadSubject {
        kind: EasyReadKind::AnnualReport,
        key: year.to_string(),
        label: format!("Bilan annuel {year}"),
        shown_at: format!("/bilan/{year}"),
    }
}

/// Whether `event` is a public answer: a public status change or merger of
/// a public proposal, with a text.
fn is_answer(p: &proposal::Model, event: &proposal_event::Model) -> bool {
    ANSWERS.contains(&event.kind)
        && !event.internal
        && p.status.is_public()
        && event.body.as_deref().is_some_and(|b| !b.trim().is_empty())
}

async fn subject(
    db: &impl ConnectionTrait,
    kind: EasyReadKind,
    key: &str,
) -> Result<Subject, AppError> {
    match kind {
        EasyReadKind::Minutes => {
            let m = meetings::find(db, key_number(key)?).await?;
            let published = minutes::Entity::find()
                .filter(minutes::Column::MeetingId.eq(m.id))
                .filter(minutes::Column::Status.eq(MinutesStatus::Published))
                .one(db)
                .await?
                .ok_or_else(|| {
                    AppError::Invalid(
                        "Le compte rendu de cette réunion n'est pas publié : sa version facile à lire s'écrit une fois qu'il l'est."
                            .into(),
                    )
                })?;
            Ok(Subject {
                shown: minutes_subject(&m),
                meeting_id: Some(m.id),
                proposal_event_id: None,
                standard_html: published.published_html,
                standard_text: None,
            })
        }
        EasyReadKind::StatusAnswer => {
            let event = proposal_event::Entity::find_by_id(key_number(key)?)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            let p = proposal::Entity::find_by_id(event.proposal_id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            if !is_answer(&p, &event) {
                return Err(AppError::NotFound);
            }
            Ok(Subject {
                shown: answer_subject(&p, &event),
                meeting_id: None,
                proposal_event_id: Some(event.id),
                standard_html: None,
                standard_text: event.body,
            })
        }
        EasyReadKind::AnnualReport => {
            let year = key_number(key)?;
            if !(2000..=2999).contains(&year) {
                return Err(AppError::NotFound);
            }
            Ok(Subject {
                shown: report_subject(year),
                meeting_id: None,
                proposal_event_id: None,
                standard_html: None,
                standard_text: None,
            })
        }
    }
}

async fn stored(
    db: &impl ConnectionTrait,
    kind: EasyReadKind,
    key: &str,
) -> Result<Option<easy_read_text::Model>, AppError> {
    Ok(easy_read_text::Entity::find()
        .filter(easy_read_text::Column::Kind.eq(kind))
        .filter(easy_read_text::Column::SubjectKey.eq(key))
        .one(db)
        .await?)
}

/// The FALC version of `key`, rendered, if one is written.
pub async fn html_of(
    db: &impl ConnectionTrait,
    kind: EasyReadKind,
    key: &str,
) -> Result<Option<String>, AppError> {
    Ok(stored(db, kind, key).await?.map(|t| t.body_html))
}

/// The FALC versions of `keys`, by key: (Markdown, rendered).
pub async fn of_keys(
    db: &impl ConnectionTrait,
    kind: EasyReadKind,
    keys: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, (String, String)>, AppError> {
    Ok(easy_read_text::Entity::find()
        .filter(easy_read_text::Column::Kind.eq(kind))
        .filter(easy_read_text::Column::SubjectKey.is_in(keys))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.subject_key, (t.body, t.body_html)))
        .collect())
}

/// The latest public answer of each proposal `which` selects, by proposal.
async fn latest_answers(
    db: &impl ConnectionTrait,
    which: Condition,
) -> Result<HashMap<i32, proposal_event::Model>, AppError> {
    let mut latest = HashMap::new();
    for event in proposal_event::Entity::find()
        .filter(which)
        .filter(proposal_event::Column::Kind.is_in(ANSWERS))
        .filter(proposal_event::Column::Internal.eq(false))
        .order_by_asc(proposal_event::Column::CreatedAt)
        .order_by_asc(proposal_event::Column::Id)
        .all(db)
        .await?
    {
        latest.insert(event.proposal_id, event);
    }
    Ok(latest)
}

/// The latest public answer of each of `proposals`: its event's id and text.
pub async fn current_answers(
    db: &impl ConnectionTrait,
    proposals: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, (i32, Option<String>)>, AppError> {
    let which = Condition::all().add(proposal_event::Column::ProposalId.is_in(proposals));
    Ok(latest_answers(db, which)
        .await?
        .into_iter()
        .map(|(proposal, event)| (proposal, (event.id, event.body)))
        .collect())
}

/// The key of the public answer `p` shows now (its status reason), with
/// its FALC version, rendered, if one is written.
pub async fn status_reason(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
) -> Result<Option<(String, Option<String>)>, AppError> {
    if !p.status.is_public() {
        return Ok(None);
    }
    match current_answers(db, [p.id]).await?.remove(&p.id) {
        Some((event, Some(body))) if !body.trim().is_empty() => {
            let key = event.to_string();
            let html = html_of(db, EasyReadKind::StatusAnswer, &key).await?;
            Ok(Some((key, html)))
        }
        _ => Ok(None),
    }
}

/// The form of the FALC version of `key`, for the secretariat.
pub async fn form(
    db: &impl ConnectionTrait,
    admin: &CurrentUser,
    kind: EasyReadKind,
    key: &str,
) -> Result<EasyReadForm, AppError> {
    if !admin.is_admin() {
        return Err(AppError::Forbidden);
    }
    let subject = subject(db, kind, key).await?;
    let existing = stored(db, kind, &subject.shown.key).await?;
    let updated = match &existing {
        Some(text) => {
            let by = match text.updated_by {
                Some(id) => user::Entity::find_by_id(id)
                    .select_only()
                    .column(user::Column::Name)
                    .into_tuple::<String>()
                    .one(db)
                    .await?
                    .map(|name| format!(" par {name}")),
                None => None,
            };
            Some(format!(
                "le {}{}",
                format::date_time(text.updated_at),
                by.unwrap_or_default()
            ))
        }
        None => None,
    };
    Ok(EasyReadForm {
        subject: subject.shown,
        standard_html: subject.standard_html,
        standard_text: subject.standard_text,
        body: existing.map(|t| t.body).unwrap_or_default(),
        updated,
    })
}

/// Writes (or rewrites) the FALC version of `key`; returns the page that
/// shows it.
pub async fn save(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    kind: EasyReadKind,
    key: &str,
    typed: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    if !admin.is_admin() {
        return Err(AppError::Forbidden);
    }
    let body = typed.trim();
    if body.is_empty() {
        return Err(AppError::Invalid(
            "La version facile à lire est vide : écrivez son texte, ou supprimez-la.".into(),
        ));
    }
    if body.chars().count() > EASY_READ_MAX {
        return Err(AppError::Invalid(format!(
            "La version facile à lire dépasse {EASY_READ_MAX} caractères : raccourcissez-la."
        )));
    }
    let html = markdown::render_checked(body.to_string()).await?;
    let txn = db.begin().await?;
    let subject = subject(&txn, kind, key).await?;
    let key = subject.shown.key.clone();
    let detail = match stored(&txn, kind, &key).await? {
        Some(existing) => {
            let mut changed: easy_read_text::ActiveModel = existing.into();
            changed.body = Set(body.to_string());
            changed.body_html = Set(html);
            changed.updated_by = Set(Some(admin.id));
            changed.updated_at = Set(now);
            changed.update(&txn).await?;
            "modifiée"
        }
        None => {
            easy_read_text::ActiveModel {
                kind: Set(kind),
                subject_key: Set(key.clone()),
                meeting_id: Set(subject.meeting_id),
                proposal_event_id: Set(subject.proposal_event_id),
                body: Set(body.to_string()),
                body_html: Set(html),
                updated_by: Set(Some(admin.id)),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .or_invalid(
                "Une autre version facile à lire de ce texte vient d'être enregistrée : rechargez la page.",
            )?;
            "écrite"
        }
    };
    audit::record(
        &txn,
        &Actor::of(admin),
        "easy_read.saved",
        None,
        ip,
        format!("Version facile à lire {detail} : {}", subject.shown.label),
    )
    .await?;
    txn.commit().await?;
    Ok(subject.shown.shown_at)
}

/// Deletes the FALC version of `key`.
pub async fn delete(
    db: &impl TransactionTrait,
    admin: &CurrentUser,
    kind: EasyReadKind,
    key: &str,
    ip: Option<String>,
) -> Result<(), AppError> {
    if !admin.is_admin() {
        return Err(AppError::Forbidden);
    }
    let txn = db.begin().await?;
    let existing = stored(&txn, kind, key.trim())
        .await?
        .ok_or(AppError::NotFound)?;
    let label = match subject(&txn, kind, key).await {
        Ok(subject) => subject.shown.label,
        Err(_) => format!("{} {}", kind.label(), existing.subject_key),
    };
    easy_read_text::Entity::delete_by_id(existing.id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &Actor::of(admin),
        "easy_read.deleted",
        None,
        ip,
        format!("Version facile à lire supprimée : {label}"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The years, in Paris, in which proposals were submitted.
async fn proposal_years(db: &impl ConnectionTrait) -> Result<Vec<i32>, AppError> {
    let edge = |newest: bool| async move {
        let query = proposal::Entity::find()
            .select_only()
            .column(proposal::Column::CreatedAt);
        let query = if newest {
            query.order_by_desc(proposal::Column::CreatedAt)
        } else {
            query.order_by_asc(proposal::Column::CreatedAt)
        };
        query
            .into_tuple::<DateTime<Utc>>()
            .one(db)
            .await
            .map(|at| at.map(|at| at.with_timezone(&Paris).year()))
    };
    let (Some(first), Some(last)) = (edge(false).await?, edge(true).await?) else {
        return Ok(Vec::new());
    };
    let start = |year: i32| {
        NaiveDate::from_ymd_opt(year, 1, 1)
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .and_then(|at| Paris.from_local_datetime(&at).earliest())
            .map(|at| at.with_timezone(&Utc))
    };
    let mut years = Vec::new();
    for year in first..=last {
        let (Some(from), Some(to)) = (start(year), start(year + 1)) else {
            continue;
        };
        let any = proposal::Entity::find()
            .select_only()
            .column(proposal::Column::Id)
            .filter(proposal::Column::CreatedAt.gte(from))
            .filter(proposal::Column::CreatedAt.lt(to))
            .into_tuple::<i32>()
            .one(db)
            .await?;
        if any.is_some() {
            years.push(year);
        }
    }
    Ok(years)
}

/// What still lacks a FALC version: published minutes (latest meeting
/// first), the public answers proposals show now (by reference), and the
/// annual report of each year with proposals (latest first).
pub async fn overview(
    db: &impl ConnectionTrait,
    admin: &CurrentUser,
) -> Result<EasyReadOverview, AppError> {
    if !admin.is_admin() {
        return Err(AppError::Forbidden);
    }
    let written: BTreeSet<(EasyReadKind, String)> = easy_read_text::Entity::find()
        .select_only()
        .columns([
            easy_read_text::Column::Kind,
            easy_read_text::Column::SubjectKey,
        ])
        .into_tuple::<(EasyReadKind, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let lacks = |subject: &EasyReadSubject| !written.contains(&(subject.kind, subject.key.clone()));
    let published: Vec<i32> = minutes::Entity::find()
        .select_only()
        .column(minutes::Column::MeetingId)
        .filter(minutes::Column::Status.eq(MinutesStatus::Published))
        .into_tuple::<i32>()
        .all(db)
        .await?;
    let mut lacking: Vec<EasyReadSubject> = meeting::Entity::find()
        .filter(meeting::Column::Id.is_in(published))
        .order_by_desc(meeting::Column::StartsAt)
        .all(db)
        .await?
        .iter()
        .map(minutes_subject)
        .filter(lacks)
        .collect();
    // The latest public answer of each proposal: its status reason, and
    // the answer « suite donnée » shows.
    let latest = latest_answers(db, Condition::all()).await?;
    for p in proposal::Entity::find()
        .order_by_asc(proposal::Column::Reference)
        .all(db)
        .await?
    {
        if let Some(event) = latest.get(&p.id).filter(|e| is_answer(&p, e)) {
            lacking.push(answer_subject(&p, event));
        }
    }
    lacking.retain(lacks);
    lacking.extend(
        proposal_years(db)
            .await?
            .into_iter()
            .rev()
            .map(report_subject)
            .filter(lacks),
    );
    Ok(EasyReadOverview {
        lacking,
        written: written.len() as u64,
    })
}
