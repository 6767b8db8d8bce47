//! Everyday corrections around meetings: the list of a convened meeting
//! changes (REQUEST to a person added, CANCEL with a higher SEQUENCE to one
//! removed, read back with Python's `icalendar`), guests without an account
//! invited by e-mail answer through a link of their own (kept hashed),
//! attendance of the whole list recorded in one submit, minutes published
//! once per version, a cancelled plenary session's number free again, and
//! constraint violations told in French.

use crate::common::{self, audits, invalid, mails_to, signed_in};
use crate::meetings::{
    admin, convened_plenary, lead, member, outbox_count, parse_ics, plenary_form, summer_day, value,
};

use std::collections::BTreeMap;

use app::api::meetings::{AnswerAsGuest, RecordAttendance, SaveMeeting};
use app::entities::{meeting, meeting_guest, meeting_invitation};
use app::model::{
    AppError, Attendance, ConstraintMeaning, CurrentUser, InvitationResponse, MeetingFormData,
    MeetingKind, MeetingStatus,
};
use app::services::accounts::sessions::token_hash;
use app::services::body::minutes::{self, Published};
use app::services::body::{invitees, meetings};
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use leptos::server_fn::ServerFn;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

const PUBLIC: &str = common::PUBLIC_URL;
const OTHER_MEMBER: &str = "patrick.durand@secourspopulaire.example";
const LEAD_3: &str = "nathalie.rousseau@apf-francehandicap.example";
const GUEST: &str = "claire.dubois@exemple.fr";

/// A meeting of group 2 scheduled by its lead, convened when `convene`.
pub(crate) async fn group_meeting(
    test: &common::TestDb,
    lead: &CurrentUser,
    convene: bool,
) -> meeting::Model {
    let group_2 = common::group(test, 2).await;
    let form = MeetingFormData {
        plenary: false,
        group_slug: Some(group_2.slug),
        title: "Parcours de la pré-demande".into(),
        ordinal: None,
        ..plenary_form()
    };
    let now = Utc::now();
    let id = meetings::save(&test.db, lead, form, PUBLIC, None, now)
        .await
        .unwrap();
    if convene {
        meetings::convene(&test.db, lead, id, PUBLIC, None, now)
            .await
            .unwrap();
    }
    meetings::find(&test.db, id).await.unwrap()
}

/// A plenary session convened by `admin`, to which Claire Dubois is invited
/// as a guest.
async fn plenary_with_a_guest(
    test: &common::TestDb,
    admin: &CurrentUser,
    now: chrono::DateTime<Utc>,
) -> i32 {
    let id = convened_plenary(test, admin, now).await;
    invitees::invite_guest(
        &test.db,
        admin,
        id,
        GUEST,
        "Claire Dubois",
        PUBLIC,
        None,
        now,
    )
    .await
    .unwrap();
    id
}

/// The last e-mail to `address`, with its calendar read back.
async fn last_letter(
    test: &common::TestDb,
    address: &str,
) -> (String, String, Vec<(String, String)>) {
    let mail = mails_to(test, address).await.pop().expect("an e-mail");
    let parsed = parse_ics(mail.ics.as_deref().expect("an iCalendar part"));
    (mail.subject, mail.body_text, parsed)
}

#[tokio::test]
async fn a_person_added_after_the_convocation_gets_the_request_and_one_removed_the_cancel() {
    let test = common::with_demo().await;
    let lead = lead(&test).await;
    let patrick = common::demo_person(&test, OTHER_MEMBER).await;
    let now = Utc::now();

    let planned = group_meeting(&test, &lead, false).await;
    let early = invalid(
        invitees::add_invitee(
            &test.db,
            &lead,
            planned.id,
            &patrick.email,
            PUBLIC,
            None,
            now,
        )
        .await,
    );
    assert!(early.contains("convoquez-la d'abord"), "{early}");

    let m = group_meeting(&test, &lead, true).await;
    let detail = meetings::detail(&test.db, Some(&lead), m.id, now)
        .await
        .unwrap();
    assert!(detail.can_change_invitees);
    // Suggested as an action's owners are: the secretariat and the people
    // of the group's organisations; anyone else active is typed.
    assert!(!detail.candidates.is_empty());
    assert!(
        detail.candidates.iter().all(|c| c.email != patrick.email),
        "not of group 2's organisations"
    );
    assert!(
        detail.candidates.iter().all(|c| c.email != lead.email),
        "already invited"
    );
    for someone in [
        member(&test).await,
        common::demo_person(&test, LEAD_3).await,
    ] {
        assert_eq!(
            invitees::add_invitee(&test.db, &someone, m.id, &patrick.email, PUBLIC, None, now)
                .await,
            Err(AppError::Forbidden),
            "{}",
            someone.email
        );
    }

    invitees::add_invitee(&test.db, &lead, m.id, &patrick.email, PUBLIC, None, now)
        .await
        .unwrap();
    let (subject, text, ics) = last_letter(&test, &patrick.email).await;
    assert!(subject.starts_with("Convocation : Parcours"), "{subject}");
    assert!(text.contains("/reunions/reponse/"));
    assert_eq!(value(&ics, "METHOD"), "REQUEST");
    assert_eq!(value(&ics, "UID"), m.uid);
    assert_eq!(value(&ics, "SEQUENCE"), "0");
    assert!(value(&ics, "ATTENDEE").contains(&patrick.email));
    let twice = invalid(
        invitees::add_invitee(&test.db, &lead, m.id, &patrick.email, PUBLIC, None, now).await,
    );
    assert!(twice.contains("est déjà convoqué(e)"), "{twice}");
    let token = common::link_token(&text, "/reunions/reponse/");

    invitees::remove_invitee(&test.db, &lead, m.id, patrick.id, PUBLIC, None, now)
        .await
        .unwrap();
    let (subject, text, ics) = last_letter(&test, &patrick.email).await;
    assert!(subject.starts_with("Convocation retirée"), "{subject}");
    assert!(!text.contains("/reunions/reponse/"));
    assert_eq!(value(&ics, "METHOD"), "CANCEL");
    assert_eq!(value(&ics, "UID"), m.uid);
    assert_eq!(value(&ics, "SEQUENCE"), "1", "a CANCEL is a newer version");
    assert_eq!(value(&ics, "STATUS"), "CANCELLED");
    assert_eq!(meetings::find(&test.db, m.id).await.unwrap().sequence, 1);
    let invited = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(m.id))
        .filter(meeting_invitation::Column::UserId.eq(patrick.id))
        .one(&test.db)
        .await
        .unwrap();
    assert!(invited.is_none());
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let dead = common::get(&app, &format!("/reunions/reponse/{token}"), None).await;
    assert_eq!(dead.status, StatusCode::NOT_FOUND, "the link stops working");
    let gone = invalid(
        invitees::remove_invitee(&test.db, &lead, m.id, patrick.id, PUBLIC, None, now).await,
    );
    assert!(gone.contains("n'est pas convoquée"), "{gone}");

    assert_eq!(audits(&test, "meeting.invitee_added").await.len(), 1);
    assert_eq!(audits(&test, "meeting.invitee_removed").await.len(), 1);
    let begun = summer_day().1 + Duration::minutes(1);
    let late = invalid(
        invitees::add_invitee(&test.db, &lead, m.id, &patrick.email, PUBLIC, None, begun).await,
    );
    assert!(late.contains("avant son début"), "{late}");
    test.drop_db().await;
}

#[tokio::test]
async fn a_guest_without_an_account_is_invited_by_email_and_answers_through_their_own_link() {
    let test = common::with_demo().await;
    let lead = lead(&test).await;
    let now = Utc::now();
    let m = group_meeting(&test, &lead, true).await;

    let taken = invalid(
        invitees::invite_guest(
            &test.db,
            &lead,
            m.id,
            "marie.lefevre@familles-de-france.example",
            "Marie",
            PUBLIC,
            None,
            now,
        )
        .await,
    );
    assert!(
        taken.contains("est l'adresse du compte de Marie Lefèvre"),
        "{taken}"
    );
    let nameless =
        invalid(invitees::invite_guest(&test.db, &lead, m.id, GUEST, " ", PUBLIC, None, now).await);
    assert!(
        nameless.contains("Indiquez le prénom et le nom"),
        "{nameless}"
    );
    assert_eq!(
        invitees::invite_guest(
            &test.db,
            &member(&test).await,
            m.id,
            GUEST,
            "Claire",
            PUBLIC,
            None,
            now
        )
        .await,
        Err(AppError::Forbidden)
    );

    invitees::invite_guest(
        &test.db,
        &lead,
        m.id,
        "Claire.Dubois@exemple.fr",
        "Claire <b>Dubois</b>",
        PUBLIC,
        None,
        now,
    )
    .await
    .unwrap();
    let twice = invalid(
        invitees::invite_guest(&test.db, &lead, m.id, GUEST, "Claire", PUBLIC, None, now).await,
    );
    assert!(twice.contains("est déjà invité(e)"), "{twice}");
    let (subject, text, ics) = last_letter(&test, GUEST).await;
    assert!(subject.starts_with("Convocation : Parcours"), "{subject}");
    assert_eq!(value(&ics, "METHOD"), "REQUEST");
    assert_eq!(value(&ics, "UID"), m.uid);
    assert!(value(&ics, "ATTENDEE").contains(GUEST));
    let token = common::link_token(&text, "/reunions/invite/");
    let guest = meeting_guest::Entity::find()
        .filter(meeting_guest::Column::MeetingId.eq(m.id))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        guest.token_hash,
        token_hash(&token),
        "only the link's hash is kept"
    );
    assert_eq!(audits(&test, "meeting.guest_invited").await.len(), 1);

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let page = common::get(&app, &format!("/reunions/invite/{token}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text()
            .contains("Bonjour Claire &lt;b&gt;Dubois&lt;/b&gt;"),
        "{}",
        page.text()
    );
    let answered = common::post_form(
        &app,
        AnswerAsGuest::PATH,
        None,
        &format!("/reunions/invite/{token}"),
        &format!("token={token}&response=represented&represented_by=Paul+Martin"),
    )
    .await;
    assert!(answered.status.is_redirection(), "{}", answered.status);
    let row = meetings::detail(&test.db, Some(&lead), m.id, now)
        .await
        .unwrap()
        .invitees
        .into_iter()
        .find(|i| i.email.as_deref() == Some(GUEST))
        .expect("the guest on the list");
    assert_eq!(row.response, InvitationResponse::Represented);
    assert_eq!(row.represented_by.as_deref(), Some("Paul Martin"));
    assert_eq!(audits(&test, "meeting.guest_answered").await.len(), 1);
    let seen_by_a_member = meetings::detail(&test.db, Some(&member(&test).await), m.id, now)
        .await
        .unwrap();
    let guest_row = seen_by_a_member
        .invitees
        .iter()
        .find(|i| i.guest_id == Some(guest.id))
        .expect("members see who is invited");
    assert_eq!(
        guest_row.email, None,
        "a guest's address is for the organisers"
    );

    // The meeting moves: the guest gets the new version and a new link.
    let moved = MeetingFormData {
        id: Some(m.id),
        time: "16:00".into(),
        ..meetings::form(&test.db, &lead, Some(m.id), None)
            .await
            .unwrap()
    };
    meetings::save(&test.db, &lead, moved, PUBLIC, None, now)
        .await
        .unwrap();
    let (subject, text, ics) = last_letter(&test, GUEST).await;
    assert!(subject.starts_with("Modification"), "{subject}");
    assert_eq!(value(&ics, "SEQUENCE"), "1");
    let renewed = common::link_token(&text, "/reunions/invite/");
    assert_ne!(renewed, token);
    assert_eq!(
        common::get(&app, &format!("/reunions/invite/{token}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        common::get(&app, &format!("/reunions/invite/{renewed}"), None)
            .await
            .status,
        StatusCode::OK
    );

    invitees::remove_guest(&test.db, &lead, m.id, guest.id, PUBLIC, None, now)
        .await
        .unwrap();
    let (subject, _, ics) = last_letter(&test, GUEST).await;
    assert!(subject.starts_with("Convocation retirée"), "{subject}");
    assert_eq!(value(&ics, "METHOD"), "CANCEL");
    assert_eq!(value(&ics, "SEQUENCE"), "2");
    assert_eq!(audits(&test, "meeting.guest_removed").await.len(), 1);

    // A guest still invited is told of a cancellation.
    invitees::invite_guest(
        &test.db,
        &lead,
        m.id,
        "invite2@exemple.fr",
        "Jeanne Roux",
        PUBLIC,
        None,
        now,
    )
    .await
    .unwrap();
    meetings::cancel(&test.db, &lead, m.id, PUBLIC, None, now)
        .await
        .unwrap();
    let (subject, _, ics) = last_letter(&test, "invite2@exemple.fr").await;
    assert!(subject.starts_with("Annulation"), "{subject}");
    assert_eq!(value(&ics, "METHOD"), "CANCEL");
    test.drop_db().await;
}

#[tokio::test]
async fn attendance_of_the_whole_list_is_recorded_in_one_submit() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let marie = member(&test).await;
    let patrick = common::demo_person(&test, OTHER_MEMBER).await;
    let now = Utc::now();
    let id = plenary_with_a_guest(&test, &admin, now).await;
    let early = invalid(invitees::attendance_sheet(&test.db, &admin, id, now).await);
    assert!(early.contains("une fois la réunion commencée"), "{early}");
    // The meeting is under way.
    let mut begun: meeting::ActiveModel = meetings::find(&test.db, id).await.unwrap().into();
    begun.starts_at = Set(now - Duration::hours(1));
    begun.ends_at = Set(now + Duration::hours(1));
    begun.update(&test.db).await.unwrap();

    let sheet = invitees::attendance_sheet(&test.db, &admin, id, now)
        .await
        .unwrap();
    let guest_key = sheet
        .invitees
        .iter()
        .find(|i| i.guest_id.is_some())
        .unwrap()
        .key
        .clone();
    assert!(sheet.invitees.len() > 3);
    assert_eq!(
        invitees::attendance_sheet(&test.db, &lead(&test).await, id, now)
            .await
            .map(|s| s.meeting_id),
        Err(AppError::Forbidden),
        "a lead does not run plenary sessions"
    );
    for (marks, expected) in [
        (
            BTreeMap::from([("u999999".to_string(), "present".to_string())]),
            "n'est pas invitée",
        ),
        (
            BTreeMap::from([(format!("u{}", marie.id), "peut-etre".to_string())]),
            "présent(e), absent(e) ou représenté(e)",
        ),
        (
            BTreeMap::from([("x1".to_string(), "present".to_string())]),
            "inconnue",
        ),
        (BTreeMap::new(), "au moins une personne"),
    ] {
        let refused =
            invalid(invitees::record_attendance(&test.db, &admin, id, &marks, None, now).await);
        assert!(refused.contains(expected), "{refused}");
    }
    assert_eq!(
        invitees::record_attendance(
            &test.db,
            &marie,
            id,
            &[(format!("u{}", marie.id), "present".to_string())].into(),
            None,
            now
        )
        .await,
        Err(AppError::Forbidden)
    );
    assert!(
        audits(&test, "meeting.attendance").await.is_empty(),
        "refusals change nothing"
    );

    // The page's form: every line, one submit, without JavaScript.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = signed_in(&test, "helene.marchand@interieur.example").await;
    let page = common::get(&app, &format!("/reunions/{id}/presence"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(
        html.contains(&format!("name=\"presence[u{}]\"", marie.id)),
        "{html}"
    );
    assert!(html.contains(&format!("name=\"presence[{guest_key}]\"")));
    let sheet = html
        .split(&format!("action=\"{}\"", RecordAttendance::PATH))
        .nth(1)
        .and_then(|rest| rest.split("</form>").next())
        .expect("the attendance form");
    assert_eq!(sheet.matches("type=\"submit\"").count(), 1, "one submit");
    let form = format!(
        "id={id}&presence%5Bu{}%5D=present&presence%5Bu{}%5D=represented&presence%5B{guest_key}%5D=absent&presence%5Bu{}%5D=",
        marie.id, patrick.id, admin.id
    );
    let response = common::post_form(
        &app,
        RecordAttendance::PATH,
        Some(&cookie),
        &format!("/reunions/{id}/presence"),
        &form,
    )
    .await;
    assert_eq!(
        response.headers["location"].to_str().unwrap(),
        format!("/reunions/{id}?presence#presence")
    );
    let after = invitees::attendance_sheet(&test.db, &admin, id, now)
        .await
        .unwrap();
    let attendance = |key: &str| {
        after
            .invitees
            .iter()
            .find(|i| i.key == key)
            .unwrap()
            .attendance
    };
    assert_eq!(
        attendance(&format!("u{}", marie.id)),
        Some(Attendance::Present)
    );
    assert_eq!(
        attendance(&format!("u{}", patrick.id)),
        Some(Attendance::Represented)
    );
    assert_eq!(attendance(&guest_key), Some(Attendance::Absent));
    assert_eq!(
        attendance(&format!("u{}", admin.id)),
        None,
        "a line left blank stays"
    );
    assert_eq!(
        meetings::find(&test.db, id).await.unwrap().status,
        MeetingStatus::Held
    );
    let audited = audits(&test, "meeting.attendance").await;
    assert_eq!(audited.len(), 1, "one record for the whole list");
    assert!(
        audited[0]
            .detail
            .contains("1 présent(e)s, 1 absent(e)s, 1 représenté(e)s"),
        "{}",
        audited[0].detail
    );
    test.drop_db().await;
}

#[tokio::test]
async fn publishing_the_version_already_published_does_nothing_and_the_button_says_what_it_will_do()
{
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let now = Utc::now();
    let id = plenary_with_a_guest(&test, &admin, now).await;
    minutes::save(&test.db, &admin, id, 0, "# Relevé de décisions", None, now)
        .await
        .unwrap();
    let participants = minutes::page(&test.db, Some(&admin), id)
        .await
        .unwrap()
        .participants;
    let invited = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(id))
        .all(&test.db)
        .await
        .unwrap()
        .len() as u64;
    assert_eq!(participants, invited + 1, "the invitees and the guest");

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = signed_in(&test, "helene.marchand@interieur.example").await;
    let page = |cookie: String| {
        let app = app.clone();
        async move {
            common::get(&app, &format!("/reunions/{id}/compte-rendu"), Some(&cookie))
                .await
                .text()
        }
    };
    assert!(page(cookie.clone()).await.contains(&format!(
        "Publier la version 1 et prévenir les {participants} participants"
    )));

    let before = outbox_count(&test).await;
    assert_eq!(
        minutes::publish(&test.db, &admin, id, PUBLIC, None, now).await,
        Ok(Published::Now(1))
    );
    assert_eq!(outbox_count(&test).await, before + participants);
    assert!(mails_to(&test, GUEST)
        .await
        .iter()
        .any(|m| m.subject.starts_with("Compte rendu publié")));
    assert!(page(cookie.clone())
        .await
        .contains("Version 1 déjà publiée"));

    assert_eq!(
        minutes::publish(&test.db, &admin, id, PUBLIC, None, now).await,
        Ok(Published::Already(1))
    );
    assert_eq!(
        outbox_count(&test).await,
        before + participants,
        "nothing sent"
    );
    assert_eq!(
        audits(&test, "minutes.published").await.len(),
        1,
        "nothing done"
    );
    assert_eq!(
        minutes::publish(&test.db, &member(&test).await, id, PUBLIC, None, now).await,
        Err(AppError::Forbidden)
    );

    minutes::save(
        &test.db,
        &admin,
        id,
        1,
        "# Relevé de décisions\n\nCorrigé.",
        None,
        now,
    )
    .await
    .unwrap();
    assert!(page(cookie.clone()).await.contains(&format!(
        "Publier la version 2 et prévenir les {participants} participants"
    )));
    assert_eq!(
        minutes::publish(&test.db, &admin, id, PUBLIC, None, now).await,
        Ok(Published::Now(2))
    );
    assert_eq!(audits(&test, "minutes.published").await.len(), 2);
    test.drop_db().await;
}

#[tokio::test]
async fn a_cancelled_plenary_session_is_scheduled_again_under_its_number() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let now = Utc::now();
    let first = meetings::save(&test.db, &admin, plenary_form(), PUBLIC, None, now)
        .await
        .unwrap();
    let taken = invalid(meetings::save(&test.db, &admin, plenary_form(), PUBLIC, None, now).await);
    assert!(
        taken.starts_with("La 9e session est déjà programmée le "),
        "{taken}"
    );
    meetings::cancel(&test.db, &admin, first, PUBLIC, None, now)
        .await
        .unwrap();
    let again = meetings::save(&test.db, &admin, plenary_form(), PUBLIC, None, now)
        .await
        .expect("the number of a cancelled session is free again");
    assert_ne!(again, first);

    // Moving another session onto a number in use is refused too.
    let tenth = meetings::save(
        &test.db,
        &admin,
        MeetingFormData {
            ordinal: Some(10),
            ..plenary_form()
        },
        PUBLIC,
        None,
        now,
    )
    .await
    .unwrap();
    let moved = invalid(
        meetings::save(
            &test.db,
            &admin,
            MeetingFormData {
                id: Some(tenth),
                ..plenary_form()
            },
            PUBLIC,
            None,
            now,
        )
        .await,
    );
    assert!(
        moved.contains("La 9e session est déjà programmée"),
        "{moved}"
    );

    // Over HTTP, the person reads that sentence, not an outage.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let (_, cookie) =
        crate::authorization::person(&test, app::model::Role::Admin, "admin@exemple.fr").await;
    let result = crate::authorization::call(
        &app,
        SaveMeeting::PATH,
        Some(&cookie),
        &format!(
            "plenary=true&title=S%C3%A9ance&ordinal=9&date={}&time=14%3A00&duration_minutes=120&place=Beauvau&video_url=&agenda=",
            summer_day().0
        ),
    )
    .await;
    match result {
        Err(AppError::Invalid(message)) => {
            assert!(message.contains("déjà programmée"), "{message}")
        }
        other => panic!("expected a French sentence, got {other:?}"),
    }
    test.drop_db().await;
}

#[tokio::test]
async fn a_constraint_violation_is_bad_input_in_french_and_other_errors_stay_outages() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let now = Utc::now();
    let id = meetings::save(&test.db, &admin, plenary_form(), PUBLIC, None, now)
        .await
        .unwrap();
    let copy = meetings::find(&test.db, id).await.unwrap();
    // What the services guard against when two people act at once: the
    // database itself refuses a second session 9, or a row of no meeting.
    let duplicate = meeting::ActiveModel {
        uid: Set("autre@ecoute".into()),
        kind: Set(MeetingKind::Plenary),
        ordinal: Set(Some(9)),
        title: Set(copy.title.clone()),
        starts_at: Set(copy.starts_at),
        ends_at: Set(copy.ends_at),
        agenda: Set(String::new()),
        status: Set(MeetingStatus::Planned),
        sequence: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let refused = duplicate
        .clone()
        .insert(&test.db)
        .await
        .or_invalid("La 9e session est déjà programmée.");
    assert_eq!(
        refused.map(|m| m.id),
        Err(AppError::Invalid(
            "La 9e session est déjà programmée.".into()
        ))
    );
    let orphan = meeting_guest::ActiveModel {
        meeting_id: Set(999_999),
        email: Set(GUEST.into()),
        name: Set("Claire".into()),
        token_hash: Set(token_hash("x")),
        response: Set(InvitationResponse::Pending),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .or_invalid("Cette réunion n'existe plus.");
    assert_eq!(
        orphan.map(|g| g.id),
        Err(AppError::Invalid("Cette réunion n'existe plus.".into()))
    );
    let outage = meeting::Entity::find()
        .from_raw_sql(sea_orm::Statement::from_string(
            sea_orm::ConnectionTrait::get_database_backend(&test.db),
            "SELECT * FROM no_such_table",
        ))
        .one(&test.db)
        .await
        .or_invalid("jamais");
    assert_eq!(outage.map(|_| ()), Err(AppError::Unavailable));
    test.drop_db().await;
}
