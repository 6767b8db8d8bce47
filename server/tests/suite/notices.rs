//! The handling side is told of new work: who is told of a new proposal, a
//! comment, a support, an action given or overdue (and never the person who
//! did it), each person's preferences (at once, daily or weekly digest,
//! never), digests grouped by proposal and sent once per person and period
//! at the set hour in Paris time, even by two workers at once or after a
//! missed hour, and the « Mes notifications » form without JavaScript.

use crate::common;

use app::entities::{action, audit_event, digest, digest_item, outbox_email};
use app::model::{AppError, Cadence, CurrentUser, NoticeKind};
use app::services::accounts::notifications;
use app::services::backlog::participation;
use app::services::backlog::submissions::{self, Submission};
use app::services::backlog::triage::{self, Context};
use app::services::body::actions;
use app::services::mail::digests::{self, Schedule};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

const URL: &str = common::PUBLIC_URL;

const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const OTHER_MEMBER: &str = "patrick.durand@secourspopulaire.example";
const LEAD_1: &str = "sophie.lambert@interieur.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const LEAD_3: &str = "nathalie.rousseau@apf-francehandicap.example";
const ADMIN: &str = "helene.marchand@interieur.example";

/// An instant given in Paris time.
fn paris(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Paris
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

fn at<'a>(user: &'a CurrentUser, now: DateTime<Utc>) -> Context<'a> {
    Context {
        now,
        ..common::context(user)
    }
}

fn submission(title: &str, group: &str) -> Submission {
    Submission {
        title: title.into(),
        body: "Les usagers ne trouvent pas la liste des pièces.".into(),
        procedures: vec!["cni-pre-demande".into()],
        origin: "association".into(),
        campaign: String::new(),
        group: group.into(),
        organisation: String::new(),
    }
}

async fn submit(
    test: &common::TestDb,
    by: &CurrentUser,
    title: &str,
    group: &str,
    now: DateTime<Utc>,
) -> app::entities::proposal::Model {
    let group = common::group_slug(test, group).await;
    submissions::submit(&test.db, by, submission(title, &group), URL, None, now)
        .await
        .unwrap()
}

async fn mails_to(test: &common::TestDb, address: &str) -> Vec<outbox_email::Model> {
    outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(address))
        .order_by_asc(outbox_email::Column::Id)
        .all(&test.db)
        .await
        .unwrap()
}

/// The subjects of the e-mails to `address` that contain `part`.
async fn subjects(test: &common::TestDb, address: &str, part: &str) -> Vec<String> {
    mails_to(test, address)
        .await
        .into_iter()
        .map(|m| m.subject)
        .filter(|s| s.contains(part))
        .collect()
}

/// The lines waiting for `person`'s digests.
async fn waiting(test: &common::TestDb, person: &CurrentUser) -> Vec<digest_item::Model> {
    digest_item::Entity::find()
        .filter(digest_item::Column::UserId.eq(person.id))
        .filter(digest_item::Column::DigestId.is_null())
        .order_by_asc(digest_item::Column::Id)
        .all(&test.db)
        .await
        .unwrap()
}

async fn choose(test: &common::TestDb, person: &CurrentUser, kind: NoticeKind, cadence: Cadence) {
    notifications::save(
        &test.db,
        person,
        &[(kind, cadence.code().to_string())],
        None,
        Utc::now(),
    )
    .await
    .unwrap();
}

/// The secretariat chooses to hear nothing of new proposals.
async fn silence_the_secretariat(test: &common::TestDb) {
    let admin = common::demo_person(test, ADMIN).await;
    choose(test, &admin, NoticeKind::NewProposal, Cadence::Off).await;
}

async fn digests_to(test: &common::TestDb, address: &str) -> Vec<outbox_email::Model> {
    mails_to(test, address)
        .await
        .into_iter()
        .filter(|m| m.subject.starts_with("Écoute : résumé"))
        .collect()
}

#[tokio::test]
async fn a_new_proposal_is_told_to_its_groups_lead_and_the_secretariat_never_to_its_author() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let admin = common::demo_person(&test, ADMIN).await;
    let now = Utc::now();

    let p = submit(
        &test,
        &member,
        "Liste des pièces <b>avant</b> la pré-demande",
        "2",
        now,
    )
    .await;
    // The lead is told at once (a lead's default), with a link to the proposal.
    let told = mails_to(&test, LEAD_2).await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(
        told[0].subject,
        format!(
            "Nouvelle proposition {} : Liste des pièces <b>avant</b> la pré-demande",
            p.reference
        )
    );
    assert!(told[0]
        .body_text
        .contains("Familles de France a déposé la proposition"));
    assert!(told[0]
        .body_text
        .contains(&format!("{URL}/propositions/{}", p.reference)));
    assert!(told[0]
        .body_text
        .contains(&format!("{URL}/compte/notifications")));
    assert!(told[0].body_html.contains("&lt;b&gt;avant&lt;/b&gt;"));
    assert!(!told[0].body_html.contains("<b>avant"));
    // The secretariat gets it in its daily digest (its default), not at once.
    assert!(mails_to(&test, ADMIN).await.is_empty());
    let lines = waiting(&test, &admin).await;
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].kind, NoticeKind::NewProposal);
    assert_eq!(lines[0].cadence, Cadence::Daily);
    assert_eq!(lines[0].proposal_id, Some(p.id));
    // The author gets their acknowledgement only; the other leads nothing.
    let own = mails_to(&test, MEMBER).await;
    assert_eq!(own.len(), 1);
    assert!(own[0].subject.ends_with("reçue"));
    for other in [LEAD_1, LEAD_3] {
        assert!(mails_to(&test, other).await.is_empty(), "{other}");
    }

    // Submitted by the group's lead: they are not told of their own.
    submit(&test, &lead, "Une proposition du pilote", "2", now).await;
    assert_eq!(
        mails_to(&test, LEAD_2).await.len(),
        2,
        "only their acknowledgement"
    );
    assert_eq!(waiting(&test, &admin).await.len(), 2);

    // With no group: the secretariat only.
    let unassigned = submit(&test, &member, "Sans groupe", "", now).await;
    assert_eq!(waiting(&test, &admin).await.len(), 3);
    assert_eq!(
        waiting(&test, &admin).await[2].proposal_id,
        Some(unassigned.id)
    );
    for lead in [LEAD_1, LEAD_2, LEAD_3] {
        assert!(
            subjects(&test, lead, "Sans groupe").await.is_empty(),
            "{lead}"
        );
    }
    test.drop_db().await;
}

#[tokio::test]
async fn comments_and_supports_are_told_to_the_groups_lead_never_to_their_author() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let admin = common::demo_person(&test, ADMIN).await;
    choose(&test, &lead, NoticeKind::Participation, Cadence::Immediate).await;
    let p = submit(&test, &member, "Pièces justificatives", "2", Utc::now()).await;
    let before = mails_to(&test, LEAD_2).await.len();

    participation::comment(
        &test.db,
        &common::context(&other),
        &p.reference,
        "Nous le voyons aussi <script>alert(1)</script>",
        false,
    )
    .await
    .unwrap();
    let told = mails_to(&test, LEAD_2).await;
    assert_eq!(told.len(), before + 1);
    let comment = told.last().unwrap();
    assert_eq!(
        comment.subject,
        format!("Proposition {} : nouveau commentaire", p.reference)
    );
    assert!(comment.body_text.contains("Patrick Durand ("));
    assert!(comment
        .body_text
        .contains("Nous le voyons aussi <script>alert(1)</script>"));
    assert!(comment
        .body_html
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!comment.body_html.contains("<script>"));
    assert!(comment.body_text.contains("#historique"));

    participation::support(&test.db, &common::context(&other), &p.reference)
        .await
        .unwrap();
    assert_eq!(
        subjects(&test, LEAD_2, "nouveau soutien").await,
        vec![format!("Proposition {} : nouveau soutien", p.reference)]
    );

    // Internal comments are for leads: told too, said so; never to their author.
    participation::comment(
        &test.db,
        &common::context(&admin),
        &p.reference,
        "À voir en réunion.",
        true,
    )
    .await
    .unwrap();
    assert_eq!(
        subjects(&test, LEAD_2, "commentaire interne").await.len(),
        1
    );
    let count = mails_to(&test, LEAD_2).await.len();
    participation::comment(
        &test.db,
        &common::context(&lead),
        &p.reference,
        "Je m'en occupe.",
        true,
    )
    .await
    .unwrap();
    assert_eq!(mails_to(&test, LEAD_2).await.len(), count);

    // Nobody else hears of it: neither the submitter nor the commenters, nor
    // the secretariat (it waits only for the new proposal in its digest).
    assert_eq!(
        mails_to(&test, MEMBER).await.len(),
        1,
        "the acknowledgement"
    );
    assert!(mails_to(&test, OTHER_MEMBER).await.is_empty());
    let admin_lines = waiting(&test, &admin).await;
    assert!(admin_lines
        .iter()
        .all(|l| l.kind == NoticeKind::NewProposal));
    for lead in [LEAD_1, LEAD_3] {
        assert!(mails_to(&test, lead).await.is_empty(), "{lead}");
    }

    // A proposal without a group: no lead to tell.
    let unassigned = submit(&test, &member, "Sans groupe", "", Utc::now()).await;
    let all = outbox_email::Entity::find().count(&test.db).await.unwrap();
    participation::comment(
        &test.db,
        &common::context(&other),
        &unassigned.reference,
        "Bonne idée.",
        false,
    )
    .await
    .unwrap();
    assert_eq!(
        outbox_email::Entity::find().count(&test.db).await.unwrap(),
        all
    );
    test.drop_db().await;
}

fn action_form(title: &str, owner: &str, due: &str) -> actions::ActionForm {
    actions::ActionForm {
        title: title.into(),
        owner: owner.into(),
        due_on: due.into(),
        description: String::new(),
        proposal_reference: String::new(),
    }
}

#[tokio::test]
async fn an_action_given_to_someone_is_told_to_them_never_to_the_one_who_gave_it() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let p = submit(&test, &member, "Pièces justificatives", "2", Utc::now()).await;

    let given = triage::record_action(
        &test.db,
        &lead,
        &p.reference,
        action_form("Joindre le récépissé", &other.email, "2030-06-30"),
        URL,
        None,
    )
    .await
    .unwrap();
    let told = mails_to(&test, OTHER_MEMBER).await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].subject, "Action confiée : Joindre le récépissé");
    assert!(told[0]
        .body_text
        .contains("Julien Garnier vous a confié l'action « Joindre le récépissé »"));
    assert!(told[0]
        .body_text
        .contains(&format!("suite de la proposition {}", p.reference)));
    assert!(told[0].body_text.contains("30 juin 2030"));
    assert!(told[0]
        .body_text
        .contains(&format!("{URL}/tableau-de-bord")));

    // Given to oneself: nothing.
    let before = mails_to(&test, LEAD_2).await.len();
    triage::record_action(
        &test.db,
        &lead,
        &p.reference,
        action_form("Relire le guide", &lead.email, "2030-06-30"),
        URL,
        None,
    )
    .await
    .unwrap();
    assert_eq!(mails_to(&test, LEAD_2).await.len(), before);

    // Its owner changed (the hook an owner's change calls in its transaction):
    // the new owner is told.
    let mut moved: action::ActiveModel = given.clone().into();
    moved.owner_user_id = Set(Some(member.id));
    let moved = moved.update(&test.db).await.unwrap();
    actions::tell_owner(&test.db, &lead, &moved, URL, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        subjects(&test, MEMBER, "Action confiée").await,
        vec!["Action confiée : Joindre le récépissé".to_string()]
    );

    // An owner who chose « jamais » for it is not told.
    choose(&test, &other, NoticeKind::ActionAssigned, Cadence::Off).await;
    triage::record_action(
        &test.db,
        &lead,
        &p.reference,
        action_form("Tester le parcours", &other.email, "2030-06-30"),
        URL,
        None,
    )
    .await
    .unwrap();
    assert_eq!(mails_to(&test, OTHER_MEMBER).await.len(), 1);
    assert!(waiting(&test, &other).await.is_empty());
    test.drop_db().await;
}

#[tokio::test]
async fn preferences_choose_between_an_email_a_digest_line_and_nothing() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;

    // Defaults by role, for the kinds each role receives.
    let settings = notifications::settings(&test.db, &lead, 8).await.unwrap();
    let chosen: Vec<_> = settings
        .preferences
        .iter()
        .map(|p| (p.kind, p.cadence))
        .collect();
    assert_eq!(
        chosen,
        vec![
            (NoticeKind::NewProposal, Cadence::Immediate),
            (NoticeKind::Participation, Cadence::Daily),
            (NoticeKind::ActionAssigned, Cadence::Immediate),
            (NoticeKind::ActionOverdue, Cadence::Immediate),
        ]
    );
    let kinds: Vec<_> = notifications::settings(&test.db, &member, 8)
        .await
        .unwrap()
        .preferences
        .iter()
        .map(|p| p.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![NoticeKind::ActionAssigned, NoticeKind::ActionOverdue]
    );

    // A value not offered is refused in French and changes nothing.
    let refused = notifications::save(
        &test.db,
        &lead,
        &[
            (NoticeKind::NewProposal, "off".into()),
            (NoticeKind::Participation, "souvent".into()),
        ],
        None,
        Utc::now(),
    )
    .await;
    match refused {
        Err(AppError::Invalid(message)) => {
            assert!(message.contains("Commentaires et soutiens"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        notifications::settings(&test.db, &lead, 8)
            .await
            .unwrap()
            .preferences[0]
            .cadence,
        Cadence::Immediate
    );

    // Off: nothing at all.
    choose(&test, &lead, NoticeKind::NewProposal, Cadence::Off).await;
    submit(&test, &member, "Première", "2", Utc::now()).await;
    assert!(mails_to(&test, LEAD_2).await.is_empty());
    assert!(waiting(&test, &lead).await.is_empty());
    // Daily digest: a line waits, no e-mail.
    choose(&test, &lead, NoticeKind::NewProposal, Cadence::Daily).await;
    submit(&test, &member, "Deuxième", "2", Utc::now()).await;
    assert!(mails_to(&test, LEAD_2).await.is_empty());
    assert_eq!(waiting(&test, &lead).await.len(), 1);
    // At once: an e-mail, no line.
    choose(&test, &lead, NoticeKind::NewProposal, Cadence::Immediate).await;
    submit(&test, &member, "Troisième", "2", Utc::now()).await;
    assert_eq!(subjects(&test, LEAD_2, "Troisième").await.len(), 1);
    assert_eq!(waiting(&test, &lead).await.len(), 1);

    // Waiting lines follow a change to the other digest, and go with « jamais ».
    choose(&test, &lead, NoticeKind::NewProposal, Cadence::Weekly).await;
    assert_eq!(waiting(&test, &lead).await[0].cadence, Cadence::Weekly);
    choose(&test, &lead, NoticeKind::NewProposal, Cadence::Off).await;
    assert!(waiting(&test, &lead).await.is_empty());

    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("notices.preferences"))
        .filter(audit_event::Column::ActorUserId.eq(lead.id))
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(audited.len(), 5, "each saved choice, not the refused one");
    assert!(audited[0]
        .detail
        .contains("Nouvelles propositions : Jamais"));
    test.drop_db().await;
}

#[tokio::test]
async fn a_digest_groups_its_lines_by_proposal_in_one_email_per_person_and_period() {
    let test = common::with_demo().await;
    silence_the_secretariat(&test).await;
    let member = common::demo_person(&test, MEMBER).await;
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    choose(&test, &lead, NoticeKind::NewProposal, Cadence::Off).await;
    let at_8 = Schedule::default();
    // Monday 7 December 2026, before 8 h in Paris.
    let first = submit(&test, &member, "Première", "2", paris(2026, 12, 7, 6, 0)).await;
    let second = submit(&test, &member, "Seconde", "2", paris(2026, 12, 7, 6, 5)).await;
    participation::comment(
        &test.db,
        &at(&other, paris(2026, 12, 7, 6, 10)),
        &first.reference,
        "Oui.",
        false,
    )
    .await
    .unwrap();
    participation::support(
        &test.db,
        &at(&other, paris(2026, 12, 7, 6, 20)),
        &second.reference,
    )
    .await
    .unwrap();
    participation::comment(
        &test.db,
        &at(&member, paris(2026, 12, 7, 6, 30)),
        &first.reference,
        "Merci.",
        false,
    )
    .await
    .unwrap();
    assert_eq!(waiting(&test, &lead).await.len(), 3);

    // Not before the hour.
    assert_eq!(
        digests::send_due(&test.db, at_8, URL, paris(2026, 12, 7, 7, 59))
            .await
            .unwrap(),
        0
    );
    assert!(digests_to(&test, LEAD_2).await.is_empty());
    assert_eq!(
        digests::send_due(&test.db, at_8, URL, paris(2026, 12, 7, 8, 0))
            .await
            .unwrap(),
        1
    );
    let sent = digests_to(&test, LEAD_2).await;
    assert_eq!(sent.len(), 1);
    let mail = &sent[0];
    assert_eq!(mail.subject, "Écoute : résumé du 7 décembre 2026");
    let text = &mail.body_text;
    let first_at = text
        .find(&format!("{} « Première »", first.reference))
        .unwrap();
    let second_at = text
        .find(&format!("{} « Seconde »", second.reference))
        .unwrap();
    let comment_at = text.find("Commentaire de Patrick Durand").unwrap();
    let thanks_at = text.find("Commentaire de Marie Lefèvre").unwrap();
    let support_at = text.find("Soutien de ").unwrap();
    assert!(first_at < comment_at && comment_at < thanks_at && thanks_at < second_at);
    assert!(second_at < support_at, "{text}");
    assert_eq!(text.matches("- 7 décembre 2026 : ").count(), 3, "{text}");
    assert!(text.contains(&format!("{URL}/propositions/{}", first.reference)));
    assert!(text.contains(&format!("{URL}/compte/notifications")));
    assert!(mail.body_html.contains("<h2>"));
    assert!(waiting(&test, &lead).await.is_empty());

    // Once per period: another pass the same day sends nothing, even with
    // new lines, which wait for the next day's digest.
    participation::comment(
        &test.db,
        &at(&other, paris(2026, 12, 7, 9, 0)),
        &second.reference,
        "Encore.",
        false,
    )
    .await
    .unwrap();
    assert_eq!(
        digests::send_due(&test.db, at_8, URL, paris(2026, 12, 7, 18, 0))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        digests::send_due(&test.db, at_8, URL, paris(2026, 12, 8, 8, 1))
            .await
            .unwrap(),
        1
    );
    let sent = digests_to(&test, LEAD_2).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].subject, "Écoute : résumé du 8 décembre 2026");
    assert!(sent[1]
        .body_text
        .contains(&format!("{} « Seconde »", second.reference)));
    assert!(sent[1].body_text.contains("Commentaire de Patrick Durand"));
    assert!(!sent[1].body_text.contains("« Première »"));
    assert_eq!(
        digest::Entity::find()
            .filter(digest::Column::UserId.eq(lead.id))
            .count(&test.db)
            .await
            .unwrap(),
        2
    );
    test.drop_db().await;
}

#[tokio::test]
async fn a_digest_whose_hour_was_missed_is_sent_at_the_next_pass_and_weekly_ones_on_mondays() {
    let test = common::with_demo().await;
    silence_the_secretariat(&test).await;
    let member = common::demo_person(&test, MEMBER).await;
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    let lead = common::demo_person(&test, LEAD_1).await;
    choose(&test, &lead, NoticeKind::NewProposal, Cadence::Weekly).await;
    let at_8 = Schedule::default();

    // Tuesday 8 December 2026: a line for the week's digest.
    let p = submit(
        &test,
        &member,
        "Pour le groupe 1",
        "1",
        paris(2026, 12, 8, 10, 0),
    )
    .await;
    participation::comment(
        &test.db,
        &at(&other, paris(2026, 12, 8, 11, 0)),
        &p.reference,
        "Oui.",
        false,
    )
    .await
    .unwrap();
    // The daily line (a comment) goes on Wednesday; the weekly one waits.
    assert_eq!(
        digests::send_due(&test.db, at_8, URL, paris(2026, 12, 9, 8, 30))
            .await
            .unwrap(),
        1
    );
    assert_eq!(digests_to(&test, LEAD_1).await.len(), 1);
    for day in 10..=13 {
        assert_eq!(
            digests::send_due(&test.db, at_8, URL, paris(2026, 12, day, 9, 0))
                .await
                .unwrap(),
            0,
            "{day} December"
        );
    }
    // No server ran on Monday 14 at 8 h: the week's digest leaves at the
    // next pass, on Tuesday afternoon.
    assert_eq!(
        digests::send_due(&test.db, at_8, URL, paris(2026, 12, 15, 15, 0))
            .await
            .unwrap(),
        1
    );
    let sent = digests_to(&test, LEAD_1).await;
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[1].subject,
        "Écoute : résumé de la semaine du 14 décembre 2026"
    );
    assert!(sent[1]
        .body_text
        .contains("Nouvelle proposition déposée par Familles de France"));
    assert_eq!(
        digests::send_due(&test.db, at_8, URL, paris(2026, 12, 16, 8, 30))
            .await
            .unwrap(),
        0
    );
    test.drop_db().await;
}

#[tokio::test]
async fn the_digest_hour_is_kept_in_paris_time_across_a_clock_change() {
    let test = common::with_demo().await;
    silence_the_secretariat(&test).await;
    let member = common::demo_person(&test, MEMBER).await;
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    let p = submit(
        &test,
        &member,
        "Heure d'été",
        "2",
        paris(2026, 3, 27, 12, 0),
    )
    .await;
    let at_8 = Schedule::default();
    let utc = |d, h, min| Utc.with_ymd_and_hms(2026, 3, d, h, min, 0).unwrap();
    participation::comment(
        &test.db,
        &at(&other, paris(2026, 3, 27, 13, 0)),
        &p.reference,
        "Un.",
        false,
    )
    .await
    .unwrap();
    // Saturday 28 March, winter time: 8 h in Paris is 7 h UTC.
    assert_eq!(
        digests::send_due(&test.db, at_8, URL, utc(28, 6, 59))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        digests::send_due(&test.db, at_8, URL, utc(28, 7, 0))
            .await
            .unwrap(),
        1
    );
    participation::comment(
        &test.db,
        &at(&other, paris(2026, 3, 28, 13, 0)),
        &p.reference,
        "Deux.",
        false,
    )
    .await
    .unwrap();
    // Sunday 29 March, summer time since 2 h: 8 h in Paris is 6 h UTC.
    assert_eq!(
        digests::send_due(&test.db, at_8, URL, utc(29, 5, 59))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        digests::send_due(&test.db, at_8, URL, utc(29, 6, 0))
            .await
            .unwrap(),
        1
    );
    let subjects: Vec<_> = digests_to(&test, LEAD_2)
        .await
        .into_iter()
        .map(|m| m.subject)
        .collect();
    assert_eq!(
        subjects,
        vec![
            "Écoute : résumé du 28 mars 2026".to_string(),
            "Écoute : résumé du 29 mars 2026".to_string()
        ]
    );
    test.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_on_one_database_never_send_the_same_digest() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    let people = [LEAD_1, LEAD_2, LEAD_3];
    for (number, lead) in people.iter().enumerate() {
        let lead = common::demo_person(&test, lead).await;
        choose(&test, &lead, NoticeKind::NewProposal, Cadence::Daily).await;
        let group = (number + 1).to_string();
        for n in 0..3u32 {
            let p = submit(
                &test,
                &member,
                &format!("Proposition {n}"),
                &group,
                paris(2026, 12, 7, 6, n),
            )
            .await;
            // A minute apart: a person posts only a few comments a minute.
            let minute = 30 + 3 * number as u32 + n;
            participation::comment(
                &test.db,
                &at(&other, paris(2026, 12, 7, 6, minute)),
                &p.reference,
                "Oui.",
                false,
            )
            .await
            .unwrap();
        }
    }
    // A second server: its own connections to the same database.
    let second = server::db::connect(&test.url, 4).await.unwrap();
    let now = paris(2026, 12, 7, 8, 0);
    let mut rounds = Vec::new();
    for db in [
        test.db.clone(),
        second.clone(),
        test.db.clone(),
        second.clone(),
    ] {
        rounds.push(tokio::spawn(async move {
            digests::send_due(&db, Schedule::default(), URL, now)
                .await
                .unwrap()
        }));
    }
    let mut sent = 0;
    for round in rounds {
        sent += round.await.unwrap();
    }
    // Each lead, and the secretariat (its daily digest of new proposals).
    assert_eq!(sent, people.len() + 1);
    let secretariat = digests_to(&test, ADMIN).await;
    assert_eq!(secretariat.len(), 1);
    assert_eq!(
        secretariat[0]
            .body_text
            .matches("Nouvelle proposition déposée")
            .count(),
        9
    );
    for lead in people {
        let mails = digests_to(&test, lead).await;
        assert_eq!(mails.len(), 1, "{lead}");
        assert_eq!(
            mails[0]
                .body_text
                .matches("Nouvelle proposition déposée")
                .count(),
            3
        );
        assert_eq!(mails[0].body_text.matches("Commentaire de").count(), 3);
    }
    assert_eq!(
        digest_item::Entity::find()
            .filter(digest_item::Column::DigestId.is_null())
            .count(&test.db)
            .await
            .unwrap(),
        0
    );
    second.close().await.unwrap();
    test.drop_db().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overdue_action_is_told_once_to_its_owner_and_its_groups_lead() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let p = submit(&test, &member, "Pièces justificatives", "2", Utc::now()).await;
    let record = |title: &'static str, due: &'static str| {
        triage::record_action(
            &test.db,
            &lead,
            &p.reference,
            action_form(title, &other.email, due),
            URL,
            None,
        )
    };
    let late = record("Joindre le récépissé", "2027-01-05").await.unwrap();
    let done = record("Déjà faite", "2027-01-05").await.unwrap();
    actions::set_status(
        &test.db,
        &lead,
        done.id,
        app::model::ActionStatus::Done,
        None,
    )
    .await
    .unwrap();
    let overdue = |address| subjects(&test, address, "Action en retard");

    // Due today: not late yet.
    actions::tell_overdue(&test.db, URL, paris(2027, 1, 5, 23, 59))
        .await
        .unwrap();
    assert!(overdue(OTHER_MEMBER).await.is_empty());
    // The next day in Paris (still the 5th in UTC), by two servers at once:
    // told once, to the owner and the lead.
    let second = server::db::connect(&test.url, 4).await.unwrap();
    let now = paris(2027, 1, 6, 0, 30);
    let rounds: Vec<_> = [test.db.clone(), second.clone()]
        .into_iter()
        .map(|db| tokio::spawn(async move { actions::tell_overdue(&db, URL, now).await.unwrap() }))
        .collect();
    for round in rounds {
        round.await.unwrap();
    }
    assert_eq!(
        overdue(OTHER_MEMBER).await,
        vec!["Action en retard : Joindre le récépissé".to_string()]
    );
    assert_eq!(
        subjects(&test, LEAD_2, "Action en retard : Joindre").await,
        vec!["Action en retard : Joindre le récépissé".to_string()]
    );
    let mail = mails_to(&test, LEAD_2).await.pop().unwrap();
    assert!(mail.body_text.contains("confiée à Patrick Durand"));
    assert!(mail.body_text.contains("échéance le 5 janvier 2027"));
    // Later rounds tell nothing more; a finished action is never told.
    actions::tell_overdue(&test.db, URL, paris(2027, 1, 20, 9, 0))
        .await
        .unwrap();
    assert_eq!(overdue(OTHER_MEMBER).await.len(), 1);
    assert!(
        subjects(&test, OTHER_MEMBER, "Action en retard : Déjà faite")
            .await
            .is_empty()
    );

    // Its due date moved later and passed again: told again.
    let mut moved: action::ActiveModel = late.into();
    moved.due_on = Set(NaiveDate::from_ymd_opt(2027, 2, 1));
    moved.update(&test.db).await.unwrap();
    actions::tell_overdue(&test.db, URL, paris(2027, 1, 25, 9, 0))
        .await
        .unwrap();
    assert_eq!(overdue(OTHER_MEMBER).await.len(), 1);
    actions::tell_overdue(&test.db, URL, paris(2027, 2, 2, 9, 0))
        .await
        .unwrap();
    assert_eq!(overdue(OTHER_MEMBER).await.len(), 2);
    second.close().await.unwrap();
    test.drop_db().await;
}

#[tokio::test]
async fn overdue_actions_and_digests_are_rounds_of_the_outbox_worker() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    choose(&test, &lead, NoticeKind::NewProposal, Cadence::Daily).await;
    submit(
        &test,
        &member,
        "Pour le résumé",
        "2",
        Utc::now() - Duration::days(2),
    )
    .await;
    let rounds = server::mailer::Rounds {
        public_url: URL.to_string(),
        digests: Schedule::default(),
        retention: Default::default(),
    };
    server::mailer::run_rounds(&test.db, &rounds, true, Utc::now())
        .await
        .unwrap();
    assert_eq!(digests_to(&test, LEAD_2).await.len(), 1);
    // The demo's actions still open since 2019 are told of once.
    assert_eq!(
        subjects(&test, LEAD_3, "Action en retard").await,
        vec![
            "Action en retard : Expertiser une alternative accessible au captcha visuel"
                .to_string()
        ]
    );
    server::mailer::run_rounds(&test.db, &rounds, true, Utc::now())
        .await
        .unwrap();
    assert_eq!(subjects(&test, LEAD_3, "Action en retard").await.len(), 1);
    assert_eq!(digests_to(&test, LEAD_2).await.len(), 1);
    test.drop_db().await;
}
