//! The views and pages kept for anonymous visitors: a change reaches
//! signed-in people at once and the public once the kept copy is older than
//! its time to live; a kept page never goes out twice with the same nonce.

use std::time::Duration;

use crate::common;

use app::model::{ActionStatus, CurrentUser, ProposalStatus};
use app::services::accounts::sessions;
use app::services::backlog::submissions::{self, Submission};
use app::services::backlog::triage::{self, Context, StatusChange};
use axum::http::{header, StatusCode};
use chrono::Utc;

const URL: &str = common::PUBLIC_URL;
const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const TTL: Duration = Duration::from_millis(1500);

async fn move_to(
    test: &common::TestDb,
    lead: &CurrentUser,
    reference: &str,
    version: i32,
    status: ProposalStatus,
) {
    let ctx = Context {
        user: lead,
        public_url: URL.to_string(),
        ip: None,
        now: Utc::now(),
    };
    let change = StatusChange {
        version,
        status: status.code().into(),
        reason: String::new(),
        kept: String::new(),
    };
    triage::change_status(&test.db, &ctx, reference, change)
        .await
        .unwrap();
}

/// The cookie a browser signed in as `person` sends.
async fn cookie_of(test: &common::TestDb, person: &CurrentUser) -> String {
    let token = sessions::start(&test.db, person.id, None, None, Utc::now())
        .await
        .unwrap();
    format!("ecoute_session={token}")
}

/// `member`'s proposal on the identity card pre-application, for group 2.
async fn submit(
    test: &common::TestDb,
    member: &CurrentUser,
    title: &str,
    body: &str,
) -> app::entities::proposal::Model {
    let submission = Submission {
        title: title.into(),
        body: body.into(),
        procedures: vec!["cni-pre-demande".into()],
        origin: "association".into(),
        campaign: String::new(),
        group: "simplification-des-demarches".into(),
        organisation: String::new(),
    };
    submissions::submit(&test.db, member, submission, URL, None, Utc::now())
        .await
        .unwrap()
}

/// A page as `cookie` (or an anonymous visitor) gets it: its body and the
/// nonce of its Content-Security-Policy.
async fn page(app: &axum::Router, path: &str, cookie: Option<&str>) -> (String, String) {
    let response = common::get(app, path, cookie).await;
    assert_eq!(response.status, StatusCode::OK, "{path}");
    let policy = response.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("no nonce in the policy of {path}: {policy}"))
        .to_string();
    (response.text(), nonce)
}

fn badge(status: ProposalStatus) -> String {
    format!(
        r#"<span class="{}">{}</span>"#,
        status.badge_class(),
        status.label()
    )
}

/// How many times the page shows the badge of `status`.
fn badges(html: &str, status: ProposalStatus) -> usize {
    html.matches(&badge(status)).count()
}

/// Whether a proposal's page says it stands at `status`.
fn stands(html: &str, status: ProposalStatus) -> bool {
    html.contains(&format!("Statut : {}", badge(status)))
}

#[tokio::test]
async fn the_public_sees_a_change_once_its_copy_expires_and_members_at_once() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router_with(&test, site.path(), URL, TTL);
    let member = common::demo_person(&test, MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let cookie = cookie_of(&test, &member).await;
    let p = submit(
        &test,
        &member,
        "Rappeler par SMS la date du rendez-vous en mairie",
        "Beaucoup de rendez-vous sont manqués.",
    )
    .await;
    move_to(&test, &lead, &p.reference, 1, ProposalStatus::EnInstruction).await;
    let proposal = format!("/propositions/{}", p.reference);
    let listed = "/propositions?q=rappeler+sms+rendez";
    let on_home = |html: &str, status| {
        let card = html
            .split(r#"<li class="ecoute-list__item">"#)
            .find(|item| item.contains(&format!(r#"href="{proposal}""#)))
            .expect("the latest public proposal on the home page");
        badges(card, status) == 1
    };

    let (first, first_nonce) = page(&app, &proposal, None).await;
    assert!(stands(&first, ProposalStatus::EnInstruction));
    assert_eq!(
        badges(
            &page(&app, listed, None).await.0,
            ProposalStatus::EnInstruction
        ),
        1
    );
    assert!(on_home(
        &page(&app, "/", None).await.0,
        ProposalStatus::EnInstruction
    ));

    move_to(&test, &lead, &p.reference, 2, ProposalStatus::Retenue).await;
    let (signed_in, _) = page(&app, &proposal, Some(&cookie)).await;
    assert!(
        stands(&signed_in, ProposalStatus::Retenue),
        "members get pages rendered for them"
    );
    assert_eq!(
        badges(
            &page(&app, listed, Some(&cookie)).await.0,
            ProposalStatus::Retenue
        ),
        1
    );
    let (kept, kept_nonce) = page(&app, &proposal, None).await;
    assert!(
        stands(&kept, ProposalStatus::EnInstruction),
        "the public is shown the page kept a moment ago"
    );
    assert_ne!(
        kept_nonce, first_nonce,
        "each response has a nonce of its own"
    );
    assert!(!kept.contains(&first_nonce));
    assert_eq!(
        kept.matches(&format!(r#"nonce="{kept_nonce}""#)).count(),
        first.matches(&format!(r#"nonce="{first_nonce}""#)).count(),
        "the kept page's scripts carry the new nonce"
    );
    assert!(
        first.contains(&format!(r#"nonce="{first_nonce}""#)),
        "{first}"
    );
    assert_eq!(
        badges(
            &page(&app, listed, None).await.0,
            ProposalStatus::EnInstruction
        ),
        1
    );
    assert!(
        on_home(
            &page(&app, "/", Some(&cookie)).await.0,
            ProposalStatus::EnInstruction
        ),
        "the home page's figures are kept for everyone"
    );

    tokio::time::sleep(TTL).await;
    assert!(stands(
        &page(&app, &proposal, None).await.0,
        ProposalStatus::Retenue
    ));
    assert_eq!(
        badges(&page(&app, listed, None).await.0, ProposalStatus::Retenue),
        1
    );
    assert!(on_home(
        &page(&app, "/", None).await.0,
        ProposalStatus::Retenue
    ));
    test.drop_db().await;
}

#[tokio::test]
async fn a_proposal_page_kept_for_an_audience_shows_each_change_to_the_proposal_at_once() {
    use app::entities::organisation;
    use app::services::{backlog::participation, backlog::triage, body::actions};
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};

    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    // Far longer than the test: whatever shows below shows because the
    // proposal changed, not because a kept copy grew old.
    let app = common::router_with(&test, site.path(), URL, Duration::from_secs(600));
    let member = common::demo_person(&test, MEMBER).await;
    let other = common::demo_person(&test, "patrick.durand@secourspopulaire.example").await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let (member_cookie, other_cookie, lead_cookie) = (
        cookie_of(&test, &member).await,
        cookie_of(&test, &other).await,
        cookie_of(&test, &lead).await,
    );
    let (as_member, as_other, as_lead) = (
        Some(member_cookie.as_str()),
        Some(other_cookie.as_str()),
        Some(lead_cookie.as_str()),
    );
    let p = submit(
        &test,
        &member,
        "Envoyer le récépissé de pré-demande par courriel",
        "Le récépissé imprimé se perd.",
    )
    .await;
    let proposal = format!("/propositions/{}", p.reference);
    let organisation = organisation::Entity::find_by_id(member.organisation_id.unwrap())
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let name = organisation.name.clone();
    assert!(page(&app, &proposal, as_other).await.0.contains(&name));

    let renamed = format!("{name} (nouveau nom)");
    let mut active: organisation::ActiveModel = organisation.into();
    active.name = Set(renamed.clone());
    active.update(&test.db).await.unwrap();
    let kept = page(&app, &proposal, as_other).await.0;
    assert!(
        !kept.contains(&renamed),
        "the page's parts are kept while the proposal is unchanged"
    );

    participation::comment(
        &test.db,
        &common::context(&other),
        &p.reference,
        "Nous le constatons aussi dans nos permanences.",
        false,
    )
    .await
    .unwrap();
    let commented = page(&app, &proposal, as_other).await.0;
    assert!(commented.contains("Nous le constatons aussi dans nos permanences."));
    assert!(
        commented.contains(&renamed),
        "a change to the proposal reads its parts anew"
    );

    participation::comment(
        &test.db,
        &common::context(&lead),
        &p.reference,
        "Note du groupe avant la réunion.",
        true,
    )
    .await
    .unwrap();
    assert!(page(&app, &proposal, as_lead)
        .await
        .0
        .contains("Note du groupe avant la réunion."));
    assert!(
        !page(&app, &proposal, as_member)
            .await
            .0
            .contains("Note du groupe avant la réunion."),
        "internal comments are kept apart from what members read"
    );

    assert!(page(&app, &proposal, as_other)
        .await
        .0
        .contains("Soutenir cette proposition"));
    participation::support(&test.db, &common::context(&other), &p.reference)
        .await
        .unwrap();
    let supported = page(&app, &proposal, as_other).await.0;
    assert!(supported.contains("Votre organisation soutient cette proposition."));
    assert!(!supported.contains("Soutenir cette proposition"));
    assert!(page(&app, &proposal, as_member)
        .await
        .0
        .contains("Soutenue par 1 organisation :"));

    let action = triage::record_action(
        &test.db,
        &lead,
        &p.reference,
        actions::ActionForm {
            title: "Joindre le récépissé au courriel de confirmation".into(),
            owner: other.email.clone(),
            due_on: "2027-06-30".into(),
            description: String::new(),
            proposal_reference: String::new(),
        },
        URL,
        None,
    )
    .await
    .unwrap();
    let decided = page(&app, &proposal, as_member).await.0;
    assert!(decided.contains("Joindre le récépissé au courriel de confirmation"));
    assert!(decided.contains("Action de suivi décidée"));
    let status_form = "État de l'action « Joindre le récépissé au courriel de confirmation »";
    assert!(
        !decided.contains(status_form),
        "only its owner and the group's lead may move an action"
    );
    assert!(page(&app, &proposal, as_other)
        .await
        .0
        .contains(status_form));
    assert!(page(&app, &proposal, as_lead).await.0.contains(status_form));

    let done = r#"<span class="fr-badge fr-badge--sm">Terminée</span>"#;
    assert!(!decided.contains(done));
    actions::set_status(&test.db, &other, action.id, ActionStatus::Done, None)
        .await
        .unwrap();
    assert!(
        page(&app, &proposal, as_member).await.0.contains(done),
        "an action its owner moves shows at once on its proposal's page"
    );
    test.drop_db().await;
}
