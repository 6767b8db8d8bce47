//! Minutes of a meeting: Markdown revisions (who, when), a check that no one
//! overwrites a revision saved meanwhile, the difference between two
//! revisions, and publication (sanitised HTML, e-mail to the participants,
//! once per version).

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
};

use similar::{ChangeTag, TextDiff};

use super::actions;
use super::easy_read;
use super::meetings;
use crate::entities::{
    meeting, meeting_guest, meeting_invitation, minutes, minutes_revision, user,
};
use crate::model::{
    easy_read_form_path, AppError, ConstraintMeaning, CurrentUser, DiffLine, EasyReadKind,
    FoundMeeting, MinutesPage, MinutesStatus, RevisionRow,
};
use crate::services::accounts::audit::{self, Actor};
use crate::services::format;
use crate::services::mail::emails;
use crate::services::mail::outbox;
use crate::services::markdown;
use crate::services::search::{self, Terms};

const BODY_MAX: usize = 200_000;
/// Two authors saved at the same instant: the other one won.
const SAVED_MEANWHILE: &str =
    "Une autre version vient d'être enregistrée : votre texte ne l'a pas été. Rechargez la page.";

async fn of_meeting(
    db: &impl ConnectionTrait,
    meeting_id: i32,
) -> Result<Option<minutes::Model>, AppError> {
    Ok(minutes::Entity::find()
        .filter(minutes::Column::MeetingId.eq(meeting_id))
        .one(db)
        .await?)
}

async fn revision(
    db: &impl ConnectionTrait,
    minutes_id: i32,
    number: i32,
) -> Result<Option<minutes_revision::Model>, AppError> {
    Ok(minutes_revision::Entity::find()
        .filter(minutes_revision::Column::MinutesId.eq(minutes_id))
        .filter(minutes_revision::Column::Number.eq(number))
        .one(db)
        .await?)
}

/// The meetings whose published minutes hold every word of a search, the
/// best `most` first. Only the published version is searched, so that
/// anyone may see what is found, as on the minutes page; minutes are few,
/// their stored words are read without a full-text index.
pub async fn found(
    db: &impl ConnectionTrait,
    terms: &Terms,
    most: usize,
) -> Result<Vec<FoundMeeting>, AppError> {
    let column = Expr::col((minutes::Entity, minutes::Column::SearchText)).into();
    let published = Query::select()
        .column(minutes::Column::MeetingId)
        .from(minutes::Entity)
        .and_where(minutes::Column::Status.eq(MinutesStatus::Published))
        .cond_where(terms.all_in(&column))
        .to_owned();
    let which = Condition::all().add(meeting::Column::Id.in_subquery(published));
    meetings::found_where(db, terms, most, which).await
}

/// The minutes page. Anyone reads published minutes; drafts exist only for
/// those who may write them (others get NotFound).
pub async fn page(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    meeting_id: i32,
) -> Result<MinutesPage, AppError> {
    let m = meetings::find(db, meeting_id).await?;
    let can_write = viewer.is_some_and(|v| meetings::may_manage(v, &m));
    let found = of_meeting(db, meeting_id).await?;
    let published = found
        .as_ref()
        .is_some_and(|x| x.status == MinutesStatus::Published);
    if !published && !can_write {
        return Err(AppError::NotFound);
    }
    let (revision_number, draft, revisions) = match (&found, can_write) {
        (Some(x), true) => {
            let all = minutes_revision::Entity::find()
                .filter(minutes_revision::Column::MinutesId.eq(x.id))
                .order_by_desc(minutes_revision::Column::Number)
                .all(db)
                .await?;
            let authors: HashMap<i32, String> = user::Entity::find()
                .filter(user::Column::Id.is_in(all.iter().filter_map(|r| r.author_id)))
                .all(db)
                .await?
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect();
            let draft = all.first().map(|r| r.body.clone()).unwrap_or_default();
            let rows = all
                .iter()
                .map(|r| RevisionRow {
                    number: r.number,
                    author: r.author_id.and_then(|a| authors.get(&a).cloned()),
                    when: format::date_time(r.created_at),
                })
                .collect();
            (x.current_revision, draft, rows)
        }
        _ => (0, String::new(), Vec::new()),
    };
    let (easy_read_html, easy_read_form) = if published {
        let key = meeting_id.to_string();
        (
            easy_read::html_of(db, EasyReadKind::Minutes, &key).await?,
            viewer
                .filter(|v| v.is_admin())
                .map(|_| easy_read_form_path(EasyReadKind::Minutes, &key)),
        )
    } else {
        (None, None)
    };
    let participants = if can_write {
        participants(db, &m).await?.len() as u64
    } else {
        0
    };
    Ok(MinutesPage {
        published_revision: found
            .as_ref()
            .filter(|x| x.status == MinutesStatus::Published)
            .and_then(|x| x.published_revision),
        participants,
        meeting_id,
        heading: meetings::heading(&m),
        when: format::date_time(m.starts_at),
        status: found.as_ref().map(|x| x.status),
        published_html: found
            .as_ref()
            .filter(|x| x.status == MinutesStatus::Published)
            .and_then(|x| x.published_html.clone()),
        easy_read_html,
        easy_read_form,
        published_on: found
            .as_ref()
            .and_then(|x| x.published_at)
            .map(format::local_date),
        can_write,
        revision: revision_number,
        draft_html: markdown::render(draft.clone()).await?,
        draft,
        revisions,
        actions: actions::of_meeting(db, viewer, meeting_id).await?,
        owners: if can_write {
            actions::owner_suggestions(db, m.working_group_id).await?
        } else {
            Vec::new()
        },
    })
}

/// Saves `body` as a new revision, provided the latest revision is still
/// `based_on` (0 for the first); otherwise nothing is written and the error
/// says a newer revision exists, so the author can merge. Returns the new
/// revision's number.
pub async fn save(
    db: &DatabaseConnection,
    user: &CurrentUser,
    meeting_id: i32,
    based_on: i32,
    body: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<i32, AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::Invalid("Le compte rendu est vide.".into()));
    }
    if body.chars().count() > BODY_MAX {
        return Err(AppError::Invalid(
            "Le compte rendu dépasse 200 000 caractères.".into(),
        ));
    }
    markdown::render_checked(body.to_string()).await?;
    let txn = db.begin().await?;
    let m = meetings::find(&txn, meeting_id).await?;
    if !meetings::may_manage(user, &m) {
        return Err(AppError::Forbidden);
    }
    let existing = of_meeting(&txn, meeting_id).await?;
    let current = existing.as_ref().map_or(0, |x| x.current_revision);
    if current != based_on {
        return Err(AppError::Invalid(format!(
            "Une version plus récente (n° {current}) a été enregistrée pendant que vous écriviez : \
             votre texte n'a pas été enregistré. Reprenez la version n° {current} ci-dessous, \
             reportez-y vos modifications, puis enregistrez."
        )));
    }
    let number = current + 1;
    let minutes = match existing {
        Some(x) => {
            // The version check again, in the UPDATE itself: two authors
            // saving at the same instant cannot both win.
            let updated = minutes::Entity::update_many()
                .col_expr(
                    minutes::Column::CurrentRevision,
                    sea_orm::sea_query::Expr::value(number),
                )
                .col_expr(
                    minutes::Column::UpdatedAt,
                    sea_orm::sea_query::Expr::value(now),
                )
                .filter(minutes::Column::Id.eq(x.id))
                .filter(minutes::Column::CurrentRevision.eq(current))
                .exec(&txn)
                .await?;
            if updated.rows_affected != 1 {
                return Err(AppError::Invalid(SAVED_MEANWHILE.into()));
            }
            x
        }
        None => minutes::ActiveModel {
            meeting_id: Set(meeting_id),
            status: Set(MinutesStatus::Draft),
            current_revision: Set(number),
            published_html: Set(None),
            published_at: Set(None),
            published_by: Set(None),
            published_revision: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .or_invalid(SAVED_MEANWHILE)?,
    };
    minutes_revision::ActiveModel {
        minutes_id: Set(minutes.id),
        number: Set(number),
        body: Set(body.to_string()),
        author_id: Set(Some(user.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .or_invalid(SAVED_MEANWHILE)?;
    audit::record(
        &txn,
        &Actor::of(user),
        "minutes.revised",
        Some(("meeting", meeting_id)),
        ip,
        format!("{} : version {number}", meetings::heading(&m)),
    )
    .await?;
    txn.commit().await?;
    Ok(number)
}

/// What publishing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// This version is now public and the participants were e-mailed.
    Now(i32),
    /// This version was already the published one: nothing was done.
    Already(i32),
}

/// Publishes the latest revision (rendered and sanitised once, here) and
/// e-mails every participant of the meeting the link. Publishing the version
/// already published does nothing and sends nothing.
pub async fn publish(
    db: &DatabaseConnection,
    user: &CurrentUser,
    meeting_id: i32,
    public_url: &str,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<Published, AppError> {
    let txn = db.begin().await?;
    let m = meetings::find(&txn, meeting_id).await?;
    if !meetings::may_manage(user, &m) {
        return Err(AppError::Forbidden);
    }
    let Some(found) = of_meeting(&txn, meeting_id).await? else {
        return Err(AppError::Invalid(
            "Enregistrez d'abord un compte rendu avant de le publier.".into(),
        ));
    };
    if found.status == MinutesStatus::Published
        && found.published_revision == Some(found.current_revision)
    {
        return Ok(Published::Already(found.current_revision));
    }
    let latest = revision(&txn, found.id, found.current_revision)
        .await?
        .ok_or(AppError::NotFound)?;
    let html = markdown::render(latest.body.clone()).await?;
    search::remember(&txn, &[&latest.body]).await?;
    // Only the writer that moves the published version on sends the e-mails.
    let moved = minutes::Entity::update_many()
        .col_expr(
            minutes::Column::Status,
            Expr::value(MinutesStatus::Published.code()),
        )
        .col_expr(minutes::Column::PublishedHtml, Expr::value(html))
        .col_expr(
            minutes::Column::SearchText,
            Expr::value(search::document(&[&latest.body])),
        )
        .col_expr(minutes::Column::PublishedAt, Expr::value(now))
        .col_expr(minutes::Column::PublishedBy, Expr::value(user.id))
        .col_expr(
            minutes::Column::PublishedRevision,
            Expr::value(latest.number),
        )
        .col_expr(minutes::Column::UpdatedAt, Expr::value(now))
        .filter(minutes::Column::Id.eq(found.id))
        .filter(minutes::Column::CurrentRevision.eq(latest.number))
        .filter(
            Condition::any()
                .add(minutes::Column::PublishedRevision.is_null())
                .add(minutes::Column::PublishedRevision.ne(latest.number)),
        )
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Ok(Published::Already(latest.number));
    }
    notify_participants(&txn, &m, public_url).await?;
    audit::record(
        &txn,
        &Actor::of(user),
        "minutes.published",
        Some(("meeting", meeting_id)),
        ip,
        format!("{} : version {}", meetings::heading(&m), latest.number),
    )
    .await?;
    txn.commit().await?;
    Ok(Published::Now(latest.number))
}

/// The active people invited to `m` and its guests: (address, name).
async fn participants(
    db: &impl ConnectionTrait,
    m: &meeting::Model,
) -> Result<Vec<(String, String)>, AppError> {
    let invited: Vec<i32> = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(m.id))
        .all(db)
        .await?
        .into_iter()
        .map(|i| i.user_id)
        .collect();
    let mut found: Vec<(String, String)> = user::Entity::find()
        .filter(user::Column::Id.is_in(invited))
        .filter(user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.email, u.name))
        .collect();
    found.extend(
        meeting_guest::Entity::find()
            .filter(meeting_guest::Column::MeetingId.eq(m.id))
            .all(db)
            .await?
            .into_iter()
            .map(|g| (g.email, g.name)),
    );
    Ok(found)
}

async fn notify_participants(
    txn: &impl ConnectionTrait,
    m: &meeting::Model,
    public_url: &str,
) -> Result<(), AppError> {
    let url = format!("{public_url}/reunions/{}/compte-rendu", m.id);
    let heading = meetings::heading(m);
    for (email, name) in participants(txn, m).await? {
        outbox::enqueue(
            txn,
            emails::minutes_published(&email, &name, &heading, &url),
        )
        .await?;
    }
    Ok(())
}

/// The most lines of a version compared: past it, the comparison is
/// refused rather than left to take its time.
const COMPARED_LINES: usize = 5_000;

/// How long a comparison may search for the smallest difference before it
/// settles for a larger one (still a true difference).
const COMPARISON_TIME: Duration = Duration::from_secs(2);

/// The lines of revision `from` and `to` compared (writers only), off the
/// async runtime.
pub async fn compare(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    meeting_id: i32,
    from: i32,
    to: i32,
) -> Result<Vec<DiffLine>, AppError> {
    let m = meetings::find(db, meeting_id).await?;
    if !meetings::may_manage(user, &m) {
        return Err(AppError::Forbidden);
    }
    let found = of_meeting(db, meeting_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let missing = || AppError::Invalid("Cette version n'existe pas.".into());
    let old = revision(db, found.id, from).await?.ok_or_else(missing)?;
    let new = revision(db, found.id, to).await?.ok_or_else(missing)?;
    if old.body.lines().count() > COMPARED_LINES || new.body.lines().count() > COMPARED_LINES {
        return Err(AppError::Invalid(format!(
            "Ces versions comptent plus de {COMPARED_LINES} lignes : elles sont trop longues \
             pour être comparées ici. Comparez-les dans un logiciel de traitement de texte."
        )));
    }
    tokio::task::spawn_blocking(move || diff(&old.body, &new.body))
        .await
        .map_err(|error| {
            tracing::error!("comparing two versions of minutes failed: {error}");
            AppError::Unavailable
        })
}

/// A line diff (Myers', in space linear in the texts' length): what was
/// removed from `old` and added in `new`, in reading order. Lines end alike
/// whether a browser sent them with CR LF (a form) or LF (a script).
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    let (old, new) = (old.replace("\r\n", "\n"), new.replace("\r\n", "\n"));
    TextDiff::configure()
        .timeout(COMPARISON_TIME)
        .diff_lines(&old, &new)
        .iter_all_changes()
        .map(|change| {
            let line = change.value().trim_end_matches(['\n', '\r']).to_string();
            match change.tag() {
                ChangeTag::Equal => DiffLine::Same(line),
                ChangeTag::Delete => DiffLine::Removed(line),
                ChangeTag::Insert => DiffLine::Added(line),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diff_shows_removed_and_added_lines_in_order() {
        let old = "# CR\nPrésents : 10\nPoint 1\nFin";
        let new = "# CR\nPrésents : 12\nPoint 1\nPoint 2\nFin";
        assert_eq!(
            diff(old, new),
            vec![
                DiffLine::Same("# CR".into()),
                DiffLine::Removed("Présents : 10".into()),
                DiffLine::Added("Présents : 12".into()),
                DiffLine::Same("Point 1".into()),
                DiffLine::Added("Point 2".into()),
                DiffLine::Same("Fin".into()),
            ]
        );
    }

    #[test]
    fn lines_ending_in_cr_lf_or_lf_are_the_same_lines() {
        let changes = diff("# CR\r\n\r\nPrésents : 10", "# CR\n\nPrésents : 12\n");
        assert_eq!(
            changes,
            vec![
                DiffLine::Same("# CR".into()),
                DiffLine::Same("".into()),
                DiffLine::Removed("Présents : 10".into()),
                DiffLine::Added("Présents : 12".into()),
            ]
        );
    }

    #[test]
    fn identical_texts_have_no_change() {
        assert!(diff("a\nb", "a\nb")
            .iter()
            .all(|l| matches!(l, DiffLine::Same(_))));
    }
}
