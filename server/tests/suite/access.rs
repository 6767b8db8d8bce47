//! Who may act on what (issue 18, items 7, 8, 9, 13, 14, 15 and 17): the
//! target of an action is authorised as well as its source, leading a group
//! goes with the role, a former member loses its access, private meeting
//! details stay with those convened, input is checked after the role and
//! within sane bounds, tokens are kept hashed and sent bodies wiped.

use crate::common;

use app::entities::{
    action, audit_event, meeting_invitation, outbox_email, proposal, proposal_event, user,
    working_group,
};
use app::model::{AppError, CurrentUser, MeetingFormData, ProposalEventKind, ProposalStatus, Role};
use app::services::accounts::people::{self as accounts, Origin};
use app::services::accounts::sessions;
use app::services::backlog::submissions::{self, Submission};
use app::services::backlog::triage::{self, Context, StatusChange};
use app::services::backlog::{participation, proposal_page};
use app::services::body::{actions, meetings, membership};
use app::services::views::organisation_page;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

const URL: &str = common::PUBLIC_URL;
const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const LEAD_3: &str = "nathalie.rousseau@apf-francehandicap.example";
const ADMIN: &str = "helene.marchand@interieur.example";

fn submission(group: &str) -> Submission {
    Submission {
        title: "Afficher les pièces justificatives avant la pré-demande".into(),
        body: "Les familles découvrent trop tard les pièces à fournir.".into(),
        procedures: vec!["cni-pre-demande".into()],
        origin: "association".into(),
        campaign: String::new(),
        group: group.into(),
        organisation: String::new(),
    }
}

fn ctx(user: &CurrentUser) -> Context<'_> {
    Context {
        user,
        public_url: URL.to_string(),
        ip: None,
        now: Utc::now(),
    }
}

async fn reload(test: &common::TestDb, id: i32) -> proposal::Model {
    proposal::Entity::find_by_id(id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
}

async fn submitted(test: &common::TestDb, group: &str) -> proposal::Model {
    let member = common::demo_person(test, MEMBER).await;
    submissions::submit(&test.db, &member, submission(group), URL, None, Utc::now())
        .await
        .unwrap()
}

async fn group(test: &common::TestDb, number: i32) -> working_group::Model {
    working_group::Entity::find()
        .filter(working_group::Column::Number.eq(number))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
}

fn meeting_form(group_slug: &str) -> MeetingFormData {
    MeetingFormData {
        plenary: false,
        group_slug: Some(group_slug.to_string()),
        title: "Réunion du groupe".into(),
        date: format!("{}-03-10", chrono::Datelike::year(&Utc::now()) + 1),
        time: "14:00".into(),
        duration_minutes: 120,
        place: "Salle 2".into(),
        video_url: "https://visio.example/salle-secrete".into(),
        agenda: "1. Points en cours".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_lead_merges_only_into_a_proposal_they_may_triage_and_both_sides_say_so() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let admin = common::demo_person(&test, ADMIN).await;
    let mine = submitted(&test, "simplification-des-demarches").await;
    let other_group = submitted(&test, "handicap-et-accessibilite").await;
    let merge = |version: i32, kept: &str| StatusChange {
        version,
        status: ProposalStatus::Fusionnee.code().into(),
        reason: String::new(),
        kept: kept.into(),
    };
    assert_eq!(
        triage::change_status(
            &test.db,
            &ctx(&lead),
            &mine.reference,
            merge(1, &other_group.reference)
        )
        .await,
        Err(AppError::Forbidden)
    );
    assert_eq!(reload(&test, mine.id).await.status, ProposalStatus::Deposee);
    assert_eq!(
        reload(&test, other_group.id).await,
        other_group,
        "untouched"
    );

    triage::change_status(
        &test.db,
        &ctx(&admin),
        &mine.reference,
        merge(1, &other_group.reference),
    )
    .await
    .unwrap();
    let kept = reload(&test, other_group.id).await;
    assert_eq!(
        kept.version,
        other_group.version + 1,
        "the kept one changed"
    );
    let events = proposal_event::Entity::find()
        .filter(proposal_event::Column::ProposalId.eq(kept.id))
        .filter(proposal_event::Column::Kind.eq(ProposalEventKind::Absorbed))
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].related_proposal_id, Some(mine.id));
    let page = proposal_page::detail(&test.db, &common::views(), Some(&admin), &kept.reference)
        .await
        .unwrap_or_else(|_| panic!("the kept proposal"));
    assert!(page
        .timeline
        .iter()
        .any(|e| e.summary.contains(&mine.reference) && e.summary.contains("fusionnée")));
    test.drop_db().await;
}

#[tokio::test]
async fn a_lead_attaches_actions_and_meetings_only_within_their_groups() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let lead_3 = common::demo_person(&test, LEAD_3).await;
    let mine = submitted(&test, "simplification-des-demarches").await;
    let theirs = submitted(&test, "handicap-et-accessibilite").await;
    let group_2 = group(&test, 2).await;
    let group_3 = group(&test, 3).await;
    let now = Utc::now();
    let my_meeting = meetings::save(&test.db, &lead, meeting_form(&group_2.slug), URL, None, now)
        .await
        .unwrap();
    let their_meeting = meetings::save(
        &test.db,
        &lead_3,
        meeting_form(&group_3.slug),
        URL,
        None,
        now,
    )
    .await
    .unwrap();
    let form = |reference: &str| actions::ActionForm {
        title: "Vérifier avec l'ANTS".into(),
        owner: lead.email.clone(),
        due_on: "2099-01-31".into(),
        description: String::new(),
        proposal_reference: reference.into(),
    };
    let actions_before = action::Entity::find().count(&test.db).await.unwrap();
    assert_eq!(
        meetings::record_action(
            &test.db,
            &lead,
            my_meeting,
            form(&theirs.reference),
            URL,
            None
        )
        .await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        action::Entity::find().count(&test.db).await.unwrap(),
        actions_before
    );
    meetings::record_action(
        &test.db,
        &lead,
        my_meeting,
        form(&mine.reference),
        URL,
        None,
    )
    .await
    .unwrap();

    assert_eq!(
        triage::link_meeting(&test.db, &ctx(&lead), &mine.reference, 1, their_meeting, "").await,
        Err(AppError::Forbidden)
    );
    assert_eq!(reload(&test, mine.id).await.meeting_id, None);
    triage::link_meeting(&test.db, &ctx(&lead), &mine.reference, 1, my_meeting, "")
        .await
        .unwrap();
    assert_eq!(reload(&test, mine.id).await.meeting_id, Some(my_meeting));
    test.drop_db().await;
}

#[tokio::test]
async fn leading_a_group_goes_with_the_role() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let origin = Origin::default();
    let refused = accounts::change_role(&test.db, &admin, lead.id, Role::Member, &origin)
        .await
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("Julien Garnier pilote le groupe 2") && refused.contains("autre pilote"),
        "{refused}"
    );
    assert_eq!(common::demo_person(&test, LEAD_2).await.lead_of.len(), 1);

    // A lead whose role was changed behind the rule's back (an older
    // database) leads nothing any more.
    let row = user::Entity::find_by_id(lead.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let mut demoted: user::ActiveModel = row.into();
    demoted.role = Set(Role::Member);
    demoted.update(&test.db).await.unwrap();
    let token = sessions::start(&test.db, lead.id, None, None, Utc::now())
        .await
        .unwrap();
    let signed_in = sessions::resolve(&test.db, &test.db, &token, Utc::now())
        .await
        .unwrap()
        .unwrap();
    assert!(signed_in.lead_of.is_empty());
    let p = submitted(&test, "simplification-des-demarches").await;
    assert_eq!(
        triage::change_status(
            &test.db,
            &ctx(&signed_in),
            &p.reference,
            StatusChange {
                version: 1,
                status: ProposalStatus::EnInstruction.code().into(),
                ..Default::default()
            }
        )
        .await,
        Err(AppError::Forbidden)
    );

    // Once another lead is named, the role may change.
    let group_2 = group(&test, 2).await;
    membership::update_group(
        &test.db,
        &admin,
        &group_2.slug,
        membership::GroupForm {
            title: group_2.title.clone(),
            mandate: group_2.mandate.clone(),
            lead_user_id: admin.id.to_string(),
        },
        None,
    )
    .await
    .unwrap();
    accounts::change_role(&test.db, &admin, lead.id, Role::Member, &origin)
        .await
        .unwrap();
    test.drop_db().await;
}

#[tokio::test]
async fn internal_comments_belong_to_those_who_triage_the_proposal() {
    let test = common::with_demo().await;
    let lead_2 = common::demo_person(&test, LEAD_2).await;
    let lead_3 = common::demo_person(&test, LEAD_3).await;
    let p = submitted(&test, "simplification-des-demarches").await;
    participation::comment(
        &test.db,
        &common::context(&lead_2),
        &p.reference,
        "Note interne",
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        participation::comment(
            &test.db,
            &common::context(&lead_3),
            &p.reference,
            "Moi aussi",
            true,
        )
        .await,
        Err(AppError::Forbidden)
    );
    // A « pilote » who leads no group at all reads none either.
    let now = Utc::now();
    let idle = user::ActiveModel {
        email: Set("pilote.sans.groupe@exemple.fr".into()),
        name: Set("Pilote sans groupe".into()),
        role: Set(Role::Lead),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap();
    let idle = sessions::current_user(&test.db, idle).await.unwrap();
    for (viewer, sees) in [(&lead_2, true), (&lead_3, false), (&idle, false)] {
        let page = proposal_page::detail(&test.db, &common::views(), Some(viewer), &p.reference)
            .await
            .unwrap();
        assert_eq!(
            page.timeline.iter().any(|e| e.internal),
            sees,
            "{}",
            viewer.email
        );
        assert_eq!(
            page.abilities.may_comment_internally, sees,
            "{}",
            viewer.email
        );
    }
    test.drop_db().await;
}

#[tokio::test]
async fn a_former_member_organisation_takes_its_members_access_with_it() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let marie = common::demo_person(&test, MEMBER).await;
    let now = Utc::now();
    let token = sessions::start(&test.db, marie.id, None, None, now)
        .await
        .unwrap();
    membership::end_membership(&test.db, &admin, "familles-de-france", "2026-01-31", None)
        .await
        .unwrap();
    assert!(
        sessions::resolve(&test.db, &test.db, &token, now)
            .await
            .unwrap()
            .is_none(),
        "her session ended with the membership"
    );
    let row = user::Entity::find_by_id(marie.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!row.active);
    // Her rights went too, even with a session kept from before.
    assert!(submissions::submit(
        &test.db,
        &marie,
        submission("simplification-des-demarches"),
        URL,
        None,
        now
    )
    .await
    .unwrap_err()
    .to_string()
    .contains("a pris fin"));
    assert_eq!(
        accounts::set_active(&test.db, &admin, marie.id, true, &Origin::default())
            .await
            .unwrap_err()
            .to_string(),
        "L'adhésion de l'organisation de cette personne a pris fin : rattachez-la d'abord à une organisation membre."
    );
    // The secretariat sees who lost access, on the page and in the journal.
    let page = organisation_page::detail(&test.db, Some(&admin), "familles-de-france")
        .await
        .unwrap();
    assert!(page
        .access_ended
        .iter()
        .any(|r| r.email.as_deref() == Some(MEMBER)));
    let public = organisation_page::detail(&test.db, None, "familles-de-france")
        .await
        .unwrap();
    assert!(public.access_ended.is_empty());
    let journal = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("account.deactivated"))
        .filter(audit_event::Column::TargetId.eq(marie.id))
        .one(&test.db)
        .await
        .unwrap()
        .expect("her account's closing is in the journal");
    assert!(
        journal
            .detail
            .contains("fin de l'adhésion de Familles de France"),
        "{}",
        journal.detail
    );
    test.drop_db().await;
}

#[tokio::test]
async fn a_group_meetings_link_and_agenda_are_for_those_convened() {
    use axum::http::StatusCode;

    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let lead = common::demo_person(&test, LEAD_2).await;
    let group_2 = group(&test, 2).await;
    let now = Utc::now();
    let id = meetings::save(&test.db, &lead, meeting_form(&group_2.slug), URL, None, now)
        .await
        .unwrap();
    meetings::convene(&test.db, &lead, id, URL, None, now)
        .await
        .unwrap();
    let invited = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(id))
        .filter(meeting_invitation::Column::UserId.ne(lead.id))
        .one(&test.db)
        .await
        .unwrap()
        .expect("an invitee");
    let invitee = user::Entity::find_by_id(invited.user_id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let invitee = sessions::current_user(&test.db, invitee).await.unwrap();
    let convened: Vec<i32> = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(id))
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.user_id)
        .collect();
    let outsider = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Member))
        .filter(user::Column::Id.is_not_in(convened))
        .one(&test.db)
        .await
        .unwrap()
        .expect("a member not convened");
    let outsider = sessions::current_user(&test.db, outsider).await.unwrap();

    for (viewer, private) in [
        (None, false),
        (Some(&outsider), false),
        (Some(&invitee), true),
        (Some(&lead), true),
    ] {
        let page = meetings::detail(&test.db, viewer, id, now).await.unwrap();
        assert_eq!(page.video_url.is_some(), private, "{viewer:?}");
        assert_eq!(page.agenda_html.is_some(), private, "{viewer:?}");
    }
    let anonymous = common::get(&app, &format!("/reunions/{id}/invitation.ics"), None).await;
    assert_eq!(anonymous.status, StatusCode::OK);
    assert!(!anonymous.text().contains("salle-secrete"));
    assert!(!anonymous.text().contains("Points en cours"));
    let page = common::get(&app, &format!("/reunions/{id}"), None).await;
    assert!(!page.text().contains("salle-secrete"));
    let token = sessions::start(&test.db, invitee.id, None, None, now)
        .await
        .unwrap();
    let cookie = format!("ecoute_session={token}");
    let theirs = common::get(
        &app,
        &format!("/reunions/{id}/invitation.ics"),
        Some(&cookie),
    )
    .await;
    assert!(theirs.text().contains("salle-secrete"));
    test.drop_db().await;
}

#[tokio::test]
async fn scheduling_checks_the_role_first_then_dates_within_reason() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let admin = common::demo_person(&test, ADMIN).await;
    let group_2 = group(&test, 2).await;
    let mut far = meeting_form(&group_2.slug);
    far.date = "+262142-12-31".into();
    // A member learns nothing of the rules: refused before any check.
    assert_eq!(
        meetings::save(&test.db, &member, far.clone(), URL, None, Utc::now()).await,
        Err(AppError::Forbidden)
    );
    let mut bad = far.clone();
    bad.title = String::new();
    assert_eq!(
        meetings::save(&test.db, &member, bad, URL, None, Utc::now()).await,
        Err(AppError::Forbidden)
    );
    for date in ["+262142-12-31", "9999-12-31", "0001-01-01"] {
        far.date = date.into();
        let err = meetings::save(&test.db, &lead, far.clone(), URL, None, Utc::now())
            .await
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("la date de la réunion entre 1900 et 2200"),
            "{date}: {err}"
        );
    }
    // Every date typed in a form keeps to the same range.
    let action = actions::ActionForm {
        title: "Suivi".into(),
        owner: lead.email.clone(),
        due_on: "+262142-12-31".into(),
        description: String::new(),
        proposal_reference: String::new(),
    };
    let id = meetings::save(
        &test.db,
        &lead,
        meeting_form(&group_2.slug),
        URL,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    assert!(
        meetings::record_action(&test.db, &lead, id, action, URL, None)
            .await
            .unwrap_err()
            .to_string()
            .contains("l'échéance de l'action entre 1900 et 2200")
    );
    for (left_on, ok) in [("+262142-12-31", false), ("2026-06-30", true)] {
        let result =
            membership::end_membership(&test.db, &admin, "familles-de-france", left_on, None).await;
        assert_eq!(result.is_ok(), ok, "{left_on}: {result:?}");
    }
    assert!(
        membership::add_seat(&test.db, &admin, &group_2.slug, "faf", "99999-01-01", None)
            .await
            .unwrap_err()
            .to_string()
            .contains("la date d'entrée dans le groupe")
    );
    test.drop_db().await;
}

#[tokio::test]
async fn one_line_fields_refuse_line_breaks_everywhere() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let member = common::demo_person(&test, MEMBER).await;
    let group_2 = group(&test, 2).await;
    let hostile = "Eve\r\nATTENDEE:mailto:intrus@evil.example";
    let one_line = |result: Result<(), AppError>, what: &str| match result {
        Err(AppError::Invalid(message)) => assert!(
            message.contains("doit tenir sur une ligne"),
            "{what}: {message}"
        ),
        other => panic!("{what}: {other:?}"),
    };
    one_line(
        accounts::invite(
            &test.db,
            &admin,
            "eve@exemple.fr",
            hostile,
            Role::Member,
            member.organisation_id,
            &Origin::default(),
            URL,
            Utc::now(),
        )
        .await
        .map(|_| ()),
        "a person's name",
    );
    let mut title = submission("simplification-des-demarches");
    title.title = hostile.into();
    one_line(
        submissions::submit(&test.db, &member, title, URL, None, Utc::now())
            .await
            .map(|_| ()),
        "a proposal's title",
    );
    for field in ["title", "place", "video_url"] {
        let mut form = meeting_form(&group_2.slug);
        match field {
            "title" => form.title = hostile.into(),
            "place" => form.place = hostile.into(),
            _ => form.video_url = format!("https://visio.example/\n{hostile}"),
        }
        one_line(
            meetings::save(&test.db, &lead, form, URL, None, Utc::now())
                .await
                .map(|_| ()),
            field,
        );
    }
    let mut organisation = membership::OrganisationForm {
        name: "Nouvelle association".into(),
        kind: "association".into(),
        joined_on: "2024-01-01".into(),
        ..Default::default()
    };
    organisation.short_name = hostile.into();
    one_line(
        membership::create_organisation(&test.db, &admin, organisation, None)
            .await
            .map(|_| ()),
        "an organisation's short name",
    );
    one_line(
        membership::update_group(
            &test.db,
            &admin,
            &group_2.slug,
            membership::GroupForm {
                title: hostile.into(),
                mandate: String::new(),
                lead_user_id: String::new(),
            },
            None,
        )
        .await,
        "a group's title",
    );
    let id = meetings::save(
        &test.db,
        &lead,
        meeting_form(&group_2.slug),
        URL,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    one_line(
        meetings::record_action(
            &test.db,
            &lead,
            id,
            actions::ActionForm {
                title: hostile.into(),
                owner: lead.email.clone(),
                due_on: "2099-01-31".into(),
                description: String::new(),
                proposal_reference: String::new(),
            },
            URL,
            None,
        )
        .await
        .map(|_| ()),
        "an action's title",
    );
    test.drop_db().await;
}

#[tokio::test]
async fn a_sent_message_keeps_its_metadata_but_not_its_links() {
    use app::services::mail::outbox;

    let test = common::migrated().await;
    let id = outbox::enqueue(
        &test.db,
        outbox::OutgoingEmail {
            to_address: "marie@exemple.fr".into(),
            to_name: "Marie".into(),
            subject: "Réinitialisation".into(),
            body_text: "Lien : https://ecoute.example/reinitialisation/SECRET".into(),
            body_html: "<a href=\"https://ecoute.example/reinitialisation/SECRET\">lien</a>".into(),
            ics: Some("BEGIN:VCALENDAR".into()),
        },
    )
    .await
    .unwrap();
    let now = Utc::now();
    assert_eq!(
        outbox::claim(&test.db, "w", now, 10).await.unwrap().len(),
        1
    );
    assert!(outbox::mark_sent(&test.db, id, "w", now).await.unwrap());
    let row = outbox_email::Entity::find_by_id(id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.subject, "Réinitialisation");
    assert_eq!(row.to_address, "marie@exemple.fr");
    assert!(row.sent_at.is_some());
    for body in [&row.body_text, &row.body_html] {
        assert!(!body.contains("SECRET"), "{body}");
    }
    assert_eq!(row.ics, None);
    test.drop_db().await;
}

#[tokio::test]
async fn the_migration_hashes_the_tokens_already_handed_out() {
    use migration::{Migrator, MigratorTrait};

    // A body as it stood before tokens were hashed: the schema taken back
    // to just before that migration, with tokens written in clear.
    let test = common::with_demo().await;
    // Read with today's schema, before it is taken back.
    let marie = common::demo_person(&test, MEMBER).await;
    let upcoming = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::UserId.eq(marie.id))
        .order_by_desc(meeting_invitation::Column::Id)
        .one(&test.db)
        .await
        .unwrap()
        .expect("an invitation of Marie's");
    let migrations = Migrator::migrations();
    let hashing = migrations
        .iter()
        .position(|m| m.name() == "m20261204_200002_tokens_at_rest")
        .expect("the migration that hashes tokens");
    Migrator::down(&test.db, Some((migrations.len() - hashing) as u32))
        .await
        .unwrap();
    // The entities are today's (an invitation's attendance, say): the rows
    // of the older schema are written in SQL.
    let feed = "un-ancien-jeton-d-agenda-en-clair-0123";
    let answer = "un-ancien-lien-de-reponse-en-clair-0123";
    test.db
        .execute_unprepared(&format!(
            "UPDATE users SET calendar_token = '{feed}' WHERE id = {}",
            marie.id
        ))
        .await
        .unwrap();
    test.db
        .execute_unprepared(&format!(
            "UPDATE meeting_invitations SET token = '{answer}' WHERE id = {}",
            upcoming.id
        ))
        .await
        .unwrap();
    let sent = outbox_email::ActiveModel {
        to_address: Set("marie@exemple.fr".into()),
        to_name: Set("Marie".into()),
        subject: Set("Invitation".into()),
        body_text: Set("https://ecoute.example/invitation/SECRET".into()),
        body_html: Set("SECRET".into()),
        ics: Set(None),
        status: Set(app::model::OutboxStatus::Sent),
        attempts: Set(1),
        next_attempt_at: Set(Utc::now()),
        created_at: Set(Utc::now()),
        sent_at: Set(Some(Utc::now())),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap();

    Migrator::up(&test.db, None).await.unwrap();
    let row = user::Entity::find_by_id(marie.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.calendar_token, Some(sessions::token_hash(feed)));
    let invitation = meeting_invitation::Entity::find_by_id(upcoming.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(invitation.token, sessions::token_hash(answer));
    // The addresses already handed out keep working for their holders.
    let kept = app::services::shelf::Shelf::default();
    assert!(
        meetings::calendar_feed(&test.db, &kept, std::time::Duration::ZERO, feed, URL)
            .await
            .is_ok()
    );
    assert!(
        meetings::answer_page(&test.db, answer, Utc::now() - Duration::days(3650))
            .await
            .is_ok()
    );
    let wiped = outbox_email::Entity::find_by_id(sent.id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!wiped.body_text.contains("SECRET") && !wiped.body_html.contains("SECRET"));
    test.drop_db().await;
}
