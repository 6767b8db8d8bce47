//! Meetings: scheduling and its rules, convocations with iCalendar
//! invitations (read back with Python's `icalendar`, a real parser), answers
//! from the e-mail link, attendance, calendar feeds, and minutes.

use crate::common;

use std::process::Command;

use app::entities::{meeting, meeting_invitation, minutes_revision, outbox_email};
use app::model::{
    AppError, Attendance, CurrentUser, InvitationResponse, MeetingFormData, MeetingStatus,
    MinutesStatus,
};
use app::services::{body::invitees, body::meetings, body::minutes};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use http_body_util::BodyExt;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use tower::ServiceExt;

const PUBLIC: &str = "https://ecoute.example";

pub(crate) async fn admin(test: &common::TestDb) -> CurrentUser {
    common::demo_person(test, "helene.marchand@interieur.example").await
}

/// Lead of group 2.
pub(crate) async fn lead(test: &common::TestDb) -> CurrentUser {
    common::demo_person(test, "julien.garnier@ants.example").await
}

pub(crate) async fn member(test: &common::TestDb) -> CurrentUser {
    common::demo_person(test, "marie.lefevre@familles-de-france.example").await
}

/// A summer day next year at 14:00 in Paris (12:00 UTC).
pub(crate) fn summer_day() -> (String, DateTime<Utc>) {
    let year = chrono::Datelike::year(&Utc::now()) + 1;
    let local = Paris.with_ymd_and_hms(year, 7, 2, 14, 0, 0).unwrap();
    (format!("{year}-07-02"), local.with_timezone(&Utc))
}

pub(crate) fn plenary_form() -> MeetingFormData {
    MeetingFormData {
        plenary: true,
        title: "Séance plénière annuelle".into(),
        ordinal: Some(9),
        date: summer_day().0,
        time: "14:00".into(),
        duration_minutes: 180,
        place: "Ministère de l'Intérieur, place Beauvau, Paris".into(),
        agenda: "1. Accueil, par le secrétaire général\n2. Bilan; perspectives, suite".into(),
        ..Default::default()
    }
}

/// Schedules the plenary session of [`plenary_form`] and convenes it.
pub(crate) async fn convened_plenary(
    test: &common::TestDb,
    admin: &CurrentUser,
    now: DateTime<Utc>,
) -> i32 {
    let id = meetings::save(&test.db, admin, plenary_form(), PUBLIC, None, now)
        .await
        .unwrap();
    meetings::convene(&test.db, admin, id, PUBLIC, None, now)
        .await
        .unwrap();
    id
}

/// The attendance form with one line: person `user`, `attendance`.
pub(crate) fn mark(user: i32, attendance: &str) -> std::collections::BTreeMap<String, String> {
    [(format!("u{user}"), attendance.to_string())].into()
}

pub(crate) async fn outbox_count(test: &common::TestDb) -> u64 {
    outbox_email::Entity::find().count(&test.db).await.unwrap()
}

/// Parses an iCalendar text with Python's `icalendar` and prints what the
/// tests check, one `key=value` a line.
pub(crate) fn parse_ics(ics: &str) -> Vec<(String, String)> {
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
print("METHOD=" + str(cal.get("METHOD")))
for event in cal.walk("VEVENT"):
    start = event.decoded("DTSTART")
    print("UID=" + str(event.get("UID")))
    print("SEQUENCE=" + str(event.get("SEQUENCE")))
    print("TZID=" + str(event.get("DTSTART").params.get("TZID")))
    print("LOCAL=" + start.strftime("%Y-%m-%d %H:%M"))
    print("UTCOFFSET=" + str(start.utcoffset()))
    print("SUMMARY=" + str(event.get("SUMMARY")))
    print("STATUS=" + str(event.get("STATUS")))
    print("ATTENDEE=" + str(event.get("ATTENDEE", "")))
"#;
    let mut child = Command::new("/usr/bin/python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with icalendar (apt-get install python3-icalendar)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ics.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "icalendar refused the calendar: {}\n{ics}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

pub(crate) fn value<'a>(parsed: &'a [(String, String)], key: &str) -> &'a str {
    parsed
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("{key} missing in {parsed:?}"))
}

#[tokio::test]
async fn scheduling_checks_its_input_and_who_asks() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let lead = lead(&test).await;
    let now = Utc::now();
    let before = meeting::Entity::find().count(&test.db).await.unwrap();

    for (form, message) in [
        (
            MeetingFormData {
                title: "  ".into(),
                ..plenary_form()
            },
            "Donnez un titre",
        ),
        (
            MeetingFormData {
                date: "02/07/2030".into(),
                ..plenary_form()
            },
            "Indiquez la date",
        ),
        (
            MeetingFormData {
                duration_minutes: -30,
                ..plenary_form()
            },
            "La fin de la réunion doit venir après son début",
        ),
        (
            MeetingFormData {
                place: String::new(),
                video_url: String::new(),
                ..plenary_form()
            },
            "Indiquez un lieu",
        ),
        (
            MeetingFormData {
                agenda: "x".repeat(20_001),
                ..plenary_form()
            },
            "20 000 caractères",
        ),
    ] {
        let err = meetings::save(&test.db, &admin, form, PUBLIC, None, now)
            .await
            .unwrap_err();
        assert!(err.to_string().contains(message), "{err}");
    }
    assert_eq!(
        meetings::save(&test.db, &lead, plenary_form(), PUBLIC, None, now).await,
        Err(AppError::Forbidden)
    );
    let group_1_slug = app::entities::working_group::Entity::find()
        .filter(app::entities::working_group::Column::Number.eq(1))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .slug;
    let group_1 = MeetingFormData {
        plenary: false,
        group_slug: Some(group_1_slug),
        ..plenary_form()
    };
    assert_eq!(
        meetings::save(&test.db, &lead, group_1.clone(), PUBLIC, None, now).await,
        Err(AppError::Forbidden),
        "the lead of group 2 does not run group 1"
    );
    assert_eq!(
        meeting::Entity::find().count(&test.db).await.unwrap(),
        before,
        "nothing was written"
    );

    let id = meetings::save(&test.db, &admin, group_1, PUBLIC, None, now)
        .await
        .unwrap();
    let saved = meetings::find(&test.db, id).await.unwrap();
    assert_eq!(saved.starts_at, summer_day().1, "14:00 in Paris in summer");
    assert_eq!(saved.ends_at - saved.starts_at, Duration::minutes(180));
    assert_eq!(saved.status, MeetingStatus::Planned);
    test.drop_db().await;
}

#[tokio::test]
async fn convening_sends_each_invitee_a_calendar_invitation_and_updates_follow() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let now = Utc::now();
    let id = meetings::save(&test.db, &admin, plenary_form(), PUBLIC, None, now)
        .await
        .unwrap();
    let mails_before = outbox_count(&test).await;
    let convened = meetings::convene(&test.db, &admin, id, PUBLIC, None, now)
        .await
        .unwrap();
    assert!(convened >= 5, "{convened} people convened");
    let invitations = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(id))
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(invitations.len(), convened);
    assert_eq!(outbox_count(&test).await, mails_before + convened as u64);

    let marie = member(&test).await;
    let mail = outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(&marie.email))
        .order_by_asc(outbox_email::Column::Id)
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .last()
        .expect("the member is convened");
    assert!(
        mail.subject.starts_with("Convocation : 9e session"),
        "{}",
        mail.subject
    );
    assert!(mail.body_text.contains("/reunions/reponse/"));
    assert!(mail
        .body_text
        .contains("1. Accueil, par le secrétaire général"));
    let parsed = parse_ics(mail.ics.as_deref().expect("an iCalendar part"));
    let saved = meetings::find(&test.db, id).await.unwrap();
    assert_eq!(value(&parsed, "METHOD"), "REQUEST");
    assert_eq!(value(&parsed, "UID"), saved.uid);
    assert_eq!(value(&parsed, "SEQUENCE"), "0");
    assert_eq!(value(&parsed, "TZID"), "Europe/Paris");
    assert_eq!(value(&parsed, "LOCAL"), format!("{} 14:00", summer_day().0));
    assert_eq!(value(&parsed, "UTCOFFSET"), "2:00:00");
    assert!(value(&parsed, "ATTENDEE").contains(&marie.email));
    assert_eq!(saved.status, MeetingStatus::Convened);

    // Moving a convened meeting sends the new version, same UID, SEQUENCE + 1.
    let moved = MeetingFormData {
        id: Some(id),
        time: "15:30".into(),
        ..plenary_form()
    };
    meetings::save(&test.db, &admin, moved, PUBLIC, None, now)
        .await
        .unwrap();
    let update = outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(&marie.email))
        .order_by_asc(outbox_email::Column::Id)
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .last()
        .unwrap();
    assert!(
        update.subject.starts_with("Modification"),
        "{}",
        update.subject
    );
    let parsed = parse_ics(update.ics.as_deref().unwrap());
    assert_eq!(value(&parsed, "UID"), saved.uid);
    assert_eq!(value(&parsed, "SEQUENCE"), "1");
    assert_eq!(value(&parsed, "LOCAL"), format!("{} 15:30", summer_day().0));

    meetings::cancel(&test.db, &admin, id, PUBLIC, None, now)
        .await
        .unwrap();
    let cancellation = outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(&marie.email))
        .order_by_asc(outbox_email::Column::Id)
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .last()
        .unwrap();
    assert!(cancellation.subject.starts_with("Annulation"));
    let parsed = parse_ics(cancellation.ics.as_deref().unwrap());
    assert_eq!(value(&parsed, "METHOD"), "CANCEL");
    assert_eq!(value(&parsed, "SEQUENCE"), "2");
    assert_eq!(value(&parsed, "STATUS"), "CANCELLED");
    test.drop_db().await;
}

#[tokio::test]
async fn a_past_meeting_cannot_be_convened_nor_answered() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let now = Utc::now();
    let id = convened_plenary(&test, &admin, now).await;
    let marie = member(&test).await;
    let token = common::link_in_outbox(&test, &marie.email, "/reunions/reponse/").await;
    let later = summer_day().1 + Duration::hours(1);
    let mails = outbox_count(&test).await;
    let err = meetings::convene(&test.db, &admin, id, PUBLIC, None, later)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("date passée"), "{err}");
    let err = meetings::answer_with_token(
        &test.db,
        &token,
        InvitationResponse::Present,
        None,
        None,
        later,
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("n'est plus possible"), "{err}");
    assert_eq!(outbox_count(&test).await, mails);
    test.drop_db().await;
}

async fn send(app: &axum::Router, request: Request<Body>) -> (StatusCode, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).to_string())
}

fn get(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::ACCEPT, "text/html")
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn an_invitee_answers_from_the_link_of_the_email() {
    use leptos::server_fn::ServerFn;

    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let admin = admin(&test).await;
    let now = Utc::now();
    let id = convened_plenary(&test, &admin, now).await;
    let marie = member(&test).await;
    let invitation = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(id))
        .filter(meeting_invitation::Column::UserId.eq(marie.id))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();

    let token = common::link_in_outbox(&test, &marie.email, "/reunions/reponse/").await;
    assert_ne!(invitation.token, token, "only the link's hash is kept");
    let (status, _) = send(
        &app,
        get(&format!("/reunions/reponse/{}", invitation.token)),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the stored hash answers nothing"
    );
    let (status, html) = send(&app, get(&format!("/reunions/reponse/{token}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Bonjour Marie Lefèvre"), "{html}");
    assert!(html.contains("Sans réponse"));

    let form = format!(
        "token={token}&response=represented&represented_by=Paul+Durand+%28Familles+de+France%29"
    );
    let answer = Request::post(app::api::meetings::AnswerInvitation::PATH)
        .header(header::ORIGIN, common::PUBLIC_URL)
        .header(header::ACCEPT, "text/html")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let (status, _) = send(&app, answer).await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    let saved = meeting_invitation::Entity::find_by_id(invitation.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(saved.response, InvitationResponse::Represented);
    assert_eq!(
        saved.represented_by.as_deref(),
        Some("Paul Durand (Familles de France)")
    );

    let (status, _) = send(&app, get("/reunions/reponse/pas-un-jeton")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The meeting's own calendar file parses too.
    let (status, ics) = send(&app, get(&format!("/reunions/{id}/invitation.ics"))).await;
    assert_eq!(status, StatusCode::OK);
    let parsed = parse_ics(&ics);
    assert_eq!(value(&parsed, "METHOD"), "PUBLISH");
    assert_eq!(value(&parsed, "LOCAL"), format!("{} 14:00", summer_day().0));
    test.drop_db().await;
}

#[tokio::test]
async fn attendance_is_recorded_by_the_organiser_once_the_meeting_began() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let lead = lead(&test).await;
    let now = Utc::now();
    let id = convened_plenary(&test, &admin, now).await;
    let marie = member(&test).await;
    let before = meetings::detail(&test.db, Some(&admin), id, now)
        .await
        .unwrap();
    assert!(before.can_convene && !before.can_record_attendance);
    let present = mark(marie.id, "present");
    let err = invitees::record_attendance(&test.db, &admin, id, &present, None, now)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("une fois la réunion commencée"));
    let during = summer_day().1 + Duration::minutes(30);
    assert_eq!(
        invitees::record_attendance(&test.db, &lead, id, &present, None, during).await,
        Err(AppError::Forbidden),
        "a lead does not run plenary sessions"
    );
    invitees::record_attendance(&test.db, &admin, id, &present, None, during)
        .await
        .unwrap();
    let detail = meetings::detail(&test.db, Some(&admin), id, during)
        .await
        .unwrap();
    assert_eq!(detail.status, MeetingStatus::Held);
    assert!(detail.can_record_attendance && !detail.can_convene);
    let row = detail
        .invitees
        .iter()
        .find(|i| i.user_id == Some(marie.id))
        .unwrap();
    assert_eq!(row.attendance, Some(Attendance::Present));
    let anonymous = meetings::detail(&test.db, None, id, during).await.unwrap();
    assert!(anonymous.invitees.is_empty(), "invitees are not public");
    test.drop_db().await;
}

#[tokio::test]
async fn a_renewed_calendar_feed_replaces_the_old_address() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let admin = admin(&test).await;
    let marie = member(&test).await;
    let now = Utc::now();
    convened_plenary(&test, &admin, now).await;

    let token = meetings::renew_feed(&test.db, &marie, None).await.unwrap();
    let first = meetings::my_feed(&test.db, &marie, PUBLIC, Some(&token))
        .await
        .unwrap();
    let first_path = first.url.unwrap().replace(PUBLIC, "");
    // Only its hash is kept: the address is shown once, then only said to exist.
    let stored = app::entities::user::Entity::find_by_id(marie.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .calendar_token
        .unwrap();
    assert_ne!(stored, token);
    assert!(!first_path.contains(&stored));
    let later = meetings::my_feed(&test.db, &marie, PUBLIC, None)
        .await
        .unwrap();
    assert!(later.active && later.url.is_none());
    let forged = meetings::my_feed(&test.db, &marie, PUBLIC, Some(&stored))
        .await
        .unwrap();
    assert!(forged.url.is_none());
    let (status, _) = send(&app, get(&format!("/calendrier/{stored}.ics"))).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the stored hash opens nothing"
    );
    let (status, ics) = send(&app, get(&first_path)).await;
    assert_eq!(status, StatusCode::OK);
    let parsed = parse_ics(&ics);
    assert!(parsed
        .iter()
        .any(|(k, v)| k == "SUMMARY" && v.starts_with("9e session")));

    let token = meetings::renew_feed(&test.db, &marie, None).await.unwrap();
    let (status, _) = send(&app, get(&first_path)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the old address is revoked");
    let second = meetings::my_feed(&test.db, &marie, PUBLIC, Some(&token))
        .await
        .unwrap();
    let (status, _) = send(&app, get(&second.url.unwrap().replace(PUBLIC, ""))).await;
    assert_eq!(status, StatusCode::OK);
    test.drop_db().await;
}

/// A feed is written again only when what it was written from moves: kept
/// for an hour here, it still shows at once a withdrawn invitation, one
/// made again (as many invitations as before), and a cancellation.
#[tokio::test]
async fn a_kept_calendar_feed_shows_every_change_to_its_meetings_at_once() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let marie = member(&test).await;
    let now = Utc::now();
    let id = convened_plenary(&test, &admin, now).await;
    let uid = meeting::Entity::find_by_id(id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .uid;
    let token = meetings::renew_feed(&test.db, &marie, None).await.unwrap();
    let kept = app::services::shelf::Shelf::default();
    let hour = std::time::Duration::from_secs(3600);
    let feed = || meetings::calendar_feed(&test.db, &kept, hour, &token, PUBLIC);
    let status_of = |ics: &str| -> Option<String> {
        let parsed = parse_ics(ics);
        let at = parsed.iter().position(|(k, v)| k == "UID" && *v == uid)?;
        parsed[at..]
            .iter()
            .find(|(k, _)| k == "STATUS")
            .map(|(_, v)| v.clone())
    };

    let first = feed().await.unwrap();
    assert_eq!(status_of(&first).as_deref(), Some("CONFIRMED"));
    assert!(
        std::sync::Arc::ptr_eq(&first, &feed().await.unwrap()),
        "unchanged, the feed is the copy kept"
    );

    invitees::remove_invitee(&test.db, &admin, id, marie.id, PUBLIC, None, now)
        .await
        .unwrap();
    assert_eq!(status_of(&feed().await.unwrap()), None);
    invitees::add_invitee(&test.db, &admin, id, &marie.email, PUBLIC, None, now)
        .await
        .unwrap();
    assert_eq!(
        status_of(&feed().await.unwrap()).as_deref(),
        Some("CONFIRMED")
    );
    meetings::cancel(&test.db, &admin, id, PUBLIC, None, now)
        .await
        .unwrap();
    assert_eq!(
        status_of(&feed().await.unwrap()).as_deref(),
        Some("CANCELLED")
    );
    test.drop_db().await;
}

#[tokio::test]
async fn minutes_are_revised_without_silent_overwrite_then_published_sanitised() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let admin = admin(&test).await;
    let lead = lead(&test).await;
    let now = Utc::now();
    let id = convened_plenary(&test, &admin, now).await;

    let err = minutes::save(&test.db, &admin, id, 0, "   ", None, now)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("vide"));
    assert_eq!(
        minutes::save(&test.db, &lead, id, 0, "Texte", None, now).await,
        Err(AppError::Forbidden)
    );
    let first = minutes::save(
        &test.db,
        &admin,
        id,
        0,
        "# Compte rendu\nPrésents : 10",
        None,
        now,
    )
    .await
    .unwrap();
    assert_eq!(first, 1);
    let second = minutes::save(
        &test.db,
        &admin,
        id,
        1,
        "# Compte rendu\nPrésents : 12\n\n<script>alert(1)</script>\n\nUn [piège](javascript:alert(1)) et [le site](https://www.interieur.gouv.fr).",
        None,
        now,
    )
    .await
    .unwrap();
    assert_eq!(second, 2);
    // Someone who started from version 1 cannot overwrite version 2.
    let err = minutes::save(&test.db, &admin, id, 1, "Mon texte", None, now)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("version plus récente (n° 2)"),
        "{err}"
    );
    assert_eq!(
        minutes_revision::Entity::find()
            .filter(minutes_revision::Column::Body.eq("Mon texte"))
            .count(&test.db)
            .await
            .unwrap(),
        0,
        "the stale text was not saved"
    );
    let diff = minutes::compare(&test.db, &admin, id, 1, 2).await.unwrap();
    assert!(diff.contains(&app::model::DiffLine::Removed("Présents : 10".into())));
    assert!(diff.contains(&app::model::DiffLine::Added("Présents : 12".into())));

    let (status, _) = send(&app, get(&format!("/reunions/{id}/compte-rendu"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a draft is not public");

    let mails = outbox_count(&test).await;
    minutes::publish(&test.db, &admin, id, PUBLIC, None, now)
        .await
        .unwrap();
    let invited = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(id))
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(outbox_count(&test).await, mails + invited);
    let page = minutes::page(&test.db, None, id).await.unwrap();
    assert_eq!(page.status, Some(MinutesStatus::Published));
    let html = page.published_html.unwrap();
    assert!(html.contains("Présents : 12"));
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(
        html.contains("href=\"https://www.interieur.gouv.fr\""),
        "{html}"
    );
    let (status, body) = send(&app, get(&format!("/reunions/{id}/compte-rendu"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Présents : 12"));
    assert!(
        !body.contains("Enregistrer une nouvelle version"),
        "no editor for the public"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn a_lead_runs_the_meetings_of_their_own_group_from_start_to_minutes() {
    let test = common::with_demo().await;
    let lead = lead(&test).await;
    let marie = member(&test).await;
    let now = Utc::now();
    let group_2 = app::entities::working_group::Entity::find()
        .filter(app::entities::working_group::Column::Number.eq(2))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert!(lead.runs_group(group_2.id));
    let form = MeetingFormData {
        plenary: false,
        group_slug: Some(group_2.slug.clone()),
        title: "Parcours de la pré-demande".into(),
        ordinal: None,
        ..plenary_form()
    };
    let id = meetings::save(&test.db, &lead, form, PUBLIC, None, now)
        .await
        .unwrap();
    meetings::convene(&test.db, &lead, id, PUBLIC, None, now)
        .await
        .unwrap();
    let invited = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(id))
        .all(&test.db)
        .await
        .unwrap();
    assert!(
        invited.iter().any(|i| i.user_id == marie.id),
        "Familles de France sits in group 2"
    );
    assert!(invited.iter().any(|i| i.user_id == lead.id), "and its lead");

    // The member answers from the meeting's page.
    meetings::answer(
        &test.db,
        &marie,
        id,
        InvitationResponse::Represented,
        Some("Nina Petit, Familles de France".into()),
        None,
        now,
    )
    .await
    .unwrap();
    let detail = meetings::detail(&test.db, Some(&lead), id, now)
        .await
        .unwrap();
    let row = detail
        .invitees
        .iter()
        .find(|i| i.user_id == Some(marie.id))
        .unwrap();
    assert_eq!(row.response, InvitationResponse::Represented);
    assert_eq!(
        row.represented_by.as_deref(),
        Some("Nina Petit, Familles de France")
    );

    let during = summer_day().1 + Duration::minutes(10);
    invitees::record_attendance(&test.db, &lead, id, &mark(marie.id, "absent"), None, during)
        .await
        .unwrap();
    let revision = minutes::save(
        &test.db,
        &lead,
        id,
        0,
        "# Relevé\n\nDécisions.",
        None,
        during,
    )
    .await
    .unwrap();
    assert_eq!(revision, 1);
    minutes::publish(&test.db, &lead, id, PUBLIC, None, during)
        .await
        .unwrap();
    let page = minutes::page(&test.db, None, id).await.unwrap();
    assert_eq!(page.status, Some(MinutesStatus::Published));
    assert_eq!(
        meetings::save(
            &test.db,
            &marie,
            MeetingFormData {
                plenary: false,
                group_slug: Some(group_2.slug),
                ..plenary_form()
            },
            PUBLIC,
            None,
            now
        )
        .await,
        Err(AppError::Forbidden),
        "a member does not schedule the group's meetings"
    );
    test.drop_db().await;
}
