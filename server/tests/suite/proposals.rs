//! One proposal's life: submission (reference, checks, acknowledgement),
//! supports, comments (internal ones hidden), triage along the workflow by
//! the right people only, optimistic version check, merge, the e-mails to
//! the submitting organisation and the supporters, and the page over HTTP.

use crate::common;

use app::entities::{proposal, proposal_support, working_group};
use app::model::{AppError, CurrentUser, ProposalEventKind, ProposalStatus};
use app::services::backlog::submissions::{self, Submission};
use app::services::backlog::triage::{self, Context, StatusChange};
use app::services::{backlog::participation, backlog::proposal_page};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::Utc;
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tower::ServiceExt;

const URL: &str = common::PUBLIC_URL;

const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const OTHER_MEMBER: &str = "patrick.durand@secourspopulaire.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const LEAD_3: &str = "nathalie.rousseau@apf-francehandicap.example";
const ADMIN: &str = "helene.marchand@interieur.example";

fn submission() -> Submission {
    Submission {
        title: "Afficher la liste des pièces justificatives avant la pré-demande".into(),
        body: "Les familles découvrent **trop tard** les pièces à fournir.".into(),
        procedures: vec!["cni-pre-demande".into(), "passeport-pre-demande".into()],
        origin: "association".into(),
        campaign: String::new(),
        group: "simplification-des-demarches".into(),
        organisation: String::new(),
    }
}

fn ctx(user: &CurrentUser) -> Context<'_> {
    Context {
        user,
        public_url: URL.to_string(),
        ip: Some("192.0.2.7".into()),
        now: Utc::now(),
    }
}

fn change(version: i32, status: ProposalStatus, reason: &str) -> StatusChange {
    StatusChange {
        version,
        status: status.code().into(),
        reason: reason.into(),
        kept: String::new(),
    }
}

async fn reload(test: &common::TestDb, id: i32) -> proposal::Model {
    proposal::Entity::find_by_id(id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
}

use common::{invalid, mails_to, signed_in};

#[tokio::test]
async fn a_submission_gets_the_next_reference_of_its_year_and_an_acknowledgement() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let now = Utc::now();
    let first = submissions::submit(&test.db, &member, submission(), URL, None, now)
        .await
        .unwrap();
    let second = submissions::submit(&test.db, &member, submission(), URL, None, now)
        .await
        .unwrap();
    let year = first.year;
    assert!(first.reference.starts_with(&format!("DA-{year}-")));
    assert_eq!(
        second.number,
        first.number + 1,
        "never the same number twice"
    );
    assert_eq!(first.status, ProposalStatus::Deposee);
    assert_eq!(Some(first.organisation_id), member.organisation_id);

    let detail = proposal_page::detail(
        &test.db,
        &common::views(),
        Some(&member),
        &first.reference.to_lowercase(),
    )
    .await
    .unwrap();
    assert_eq!(detail.procedures.len(), 2);
    assert!(detail.body_html.contains("<strong>trop tard</strong>"));
    assert_eq!(
        detail.working_group_slug.as_deref(),
        Some("simplification-des-demarches")
    );
    assert_eq!(detail.timeline.len(), 1);
    assert_eq!(detail.timeline[0].kind, ProposalEventKind::Submitted);

    let mails = mails_to(&test, MEMBER).await;
    assert_eq!(mails.len(), 2);
    assert!(mails[0].subject.contains(&first.reference));
    assert!(mails[0]
        .body_text
        .contains(&format!("{URL}/propositions/{}", first.reference)));

    // Not public yet: anonymous visitors are sent to sign in.
    assert_eq!(
        proposal_page::detail(&test.db, &common::views(), None, &first.reference).await,
        Err(AppError::Unauthenticated)
    );
    test.drop_db().await;
}

#[tokio::test]
async fn bad_submissions_are_refused_in_french_and_change_nothing() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let before = proposal::Entity::find().count(&test.db).await.unwrap();
    let cases = [
        Submission {
            title: "  ".into(),
            ..submission()
        },
        Submission {
            title: "x".repeat(201),
            ..submission()
        },
        Submission {
            body: String::new(),
            ..submission()
        },
        Submission {
            procedures: vec![],
            ..submission()
        },
        Submission {
            procedures: vec!["cni-pre-demande".into(), "visa-schengen".into()],
            ..submission()
        },
        Submission {
            origin: "rumeur".into(),
            ..submission()
        },
        Submission {
            origin: "test_campaign".into(),
            ..submission()
        },
        Submission {
            campaign: "tests-mars".into(),
            ..submission()
        },
        Submission {
            group: "groupe-inconnu".into(),
            ..submission()
        },
    ];
    for case in cases {
        let message = invalid(
            submissions::submit(&test.db, &member, case.clone(), URL, None, Utc::now()).await,
        );
        assert!(!message.is_empty(), "{case:?}");
    }
    assert_eq!(
        proposal::Entity::find().count(&test.db).await.unwrap(),
        before
    );
    assert!(mails_to(&test, MEMBER).await.is_empty());
    test.drop_db().await;
}

#[tokio::test]
async fn organisations_support_once_and_may_withdraw() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    let p = submissions::submit(&test.db, &member, submission(), URL, None, Utc::now())
        .await
        .unwrap();

    let own = invalid(participation::support(&test.db, &ctx(&member), &p.reference).await);
    assert!(own.contains("votre organisation"), "{own}");

    participation::support(&test.db, &ctx(&other), &p.reference)
        .await
        .unwrap();
    let twice = invalid(participation::support(&test.db, &ctx(&other), &p.reference).await);
    assert!(twice.contains("déjà"), "{twice}");
    assert_eq!(reload(&test, p.id).await.supports_count, 1);

    let seen = proposal_page::detail(&test.db, &common::views(), Some(&other), &p.reference)
        .await
        .unwrap();
    assert!(seen.abilities.supported);
    assert!(!seen.abilities.may_support);
    assert_eq!(seen.supports.len(), 1);
    assert_eq!(seen.supports[0].organisation_slug, "secours-populaire");

    participation::withdraw(&test.db, &ctx(&other), &p.reference)
        .await
        .unwrap();
    assert_eq!(reload(&test, p.id).await.supports_count, 0);
    let again = invalid(participation::withdraw(&test.db, &ctx(&other), &p.reference).await);
    assert!(again.contains("ne soutient pas"), "{again}");
    let kinds: Vec<_> =
        proposal_page::detail(&test.db, &common::views(), Some(&other), &p.reference)
            .await
            .unwrap()
            .timeline
            .iter()
            .map(|e| e.kind)
            .collect();
    assert_eq!(
        kinds,
        [
            ProposalEventKind::Submitted,
            ProposalEventKind::Supported,
            ProposalEventKind::SupportWithdrawn
        ]
    );
    test.drop_db().await;
}

#[tokio::test]
async fn internal_comments_are_for_the_secretariat_and_the_leads_only() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let p = submissions::submit(&test.db, &member, submission(), URL, None, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        participation::comment(&test.db, &ctx(&member), &p.reference, "Secret", true).await,
        Err(AppError::Forbidden)
    );
    invalid(participation::comment(&test.db, &ctx(&member), &p.reference, "  ", false).await);
    participation::comment(
        &test.db,
        &ctx(&member),
        &p.reference,
        "Précision publique",
        false,
    )
    .await
    .unwrap();
    participation::comment(
        &test.db,
        &ctx(&lead),
        &p.reference,
        "À voir avec l'ANTS",
        true,
    )
    .await
    .unwrap();
    triage::change_status(
        &test.db,
        &ctx(&lead),
        &p.reference,
        change(1, ProposalStatus::EnInstruction, ""),
    )
    .await
    .unwrap();

    let bodies = |entries: std::sync::Arc<[app::model::TimelineEntry]>| -> Vec<String> {
        entries.iter().filter_map(|e| e.body.clone()).collect()
    };
    let by_lead = bodies(
        proposal_page::detail(&test.db, &common::views(), Some(&lead), &p.reference)
            .await
            .unwrap()
            .timeline,
    );
    assert!(by_lead.contains(&"À voir avec l'ANTS".to_string()));
    for viewer in [Some(&member), None] {
        let seen = bodies(
            proposal_page::detail(&test.db, &common::views(), viewer, &p.reference)
                .await
                .unwrap()
                .timeline,
        );
        assert!(seen.contains(&"Précision publique".to_string()));
        assert!(
            !seen.contains(&"À voir avec l'ANTS".to_string()),
            "{viewer:?}"
        );
    }
    test.drop_db().await;
}

#[tokio::test]
async fn only_the_lead_of_the_group_or_the_secretariat_triages_along_the_workflow() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let supporter = common::demo_person(&test, OTHER_MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let other_lead = common::demo_person(&test, LEAD_3).await;
    let admin = common::demo_person(&test, ADMIN).await;
    let p = submissions::submit(&test.db, &member, submission(), URL, None, Utc::now())
        .await
        .unwrap();
    participation::support(&test.db, &ctx(&supporter), &p.reference)
        .await
        .unwrap();

    for refused in [&member, &other_lead] {
        assert_eq!(
            triage::change_status(
                &test.db,
                &ctx(refused),
                &p.reference,
                change(1, ProposalStatus::EnInstruction, "")
            )
            .await,
            Err(AppError::Forbidden)
        );
    }
    let skip = invalid(
        triage::change_status(
            &test.db,
            &ctx(&lead),
            &p.reference,
            change(1, ProposalStatus::Realisee, ""),
        )
        .await,
    );
    assert!(skip.contains("ne peut pas passer"), "{skip}");
    assert_eq!(
        reload(&test, p.id).await.version,
        1,
        "a refusal changes nothing"
    );

    triage::change_status(
        &test.db,
        &ctx(&lead),
        &p.reference,
        change(1, ProposalStatus::EnInstruction, ""),
    )
    .await
    .unwrap();
    triage::change_status(
        &test.db,
        &ctx(&lead),
        &p.reference,
        change(2, ProposalStatus::Retenue, "Validé en groupe 2."),
    )
    .await
    .unwrap();
    let no_reason = invalid(
        triage::change_status(
            &test.db,
            &ctx(&admin),
            &p.reference,
            change(3, ProposalStatus::NonRetenue, " "),
        )
        .await,
    );
    assert!(no_reason.contains("pourquoi"), "{no_reason}");
    triage::change_status(
        &test.db,
        &ctx(&admin),
        &p.reference,
        change(3, ProposalStatus::EnCours, ""),
    )
    .await
    .unwrap();

    let now = reload(&test, p.id).await;
    assert_eq!(now.status, ProposalStatus::EnCours);
    assert_eq!(now.version, 4);
    // The public now sees it, with every status change.
    let public = proposal_page::detail(&test.db, &common::views(), None, &p.reference)
        .await
        .unwrap();
    let changes: Vec<_> = public
        .timeline
        .iter()
        .filter(|e| e.kind == ProposalEventKind::StatusChanged)
        .map(|e| e.summary.clone())
        .collect();
    assert_eq!(
        changes,
        [
            "Statut : Déposée → En instruction",
            "Statut : En instruction → Retenue",
            "Statut : Retenue → En cours"
        ]
    );
    assert!(public.triage.is_none());
    assert!(
        proposal_page::detail(&test.db, &common::views(), Some(&lead), &p.reference)
            .await
            .unwrap()
            .triage
            .is_some()
    );

    // The submitter and the supporting organisation hear of each step; the
    // person who made the change does not.
    let to_member = mails_to(&test, MEMBER).await;
    assert_eq!(to_member.len(), 1 + 3, "acknowledgement and three steps");
    assert!(to_member
        .iter()
        .any(|m| m.subject.contains("statut « Retenue »")));
    assert_eq!(mails_to(&test, OTHER_MEMBER).await.len(), 3);
    assert!(mails_to(&test, LEAD_2)
        .await
        .iter()
        .all(|m| !m.subject.contains("Retenue")));
    test.drop_db().await;
}

#[tokio::test]
async fn a_change_based_on_an_old_version_is_refused() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let admin = common::demo_person(&test, ADMIN).await;
    let p = submissions::submit(&test.db, &member, submission(), URL, None, Utc::now())
        .await
        .unwrap();
    // Both saw version 1; the admin saves first.
    triage::assign(
        &test.db,
        &ctx(&admin),
        &p.reference,
        1,
        "simplification-des-demarches",
        "high",
    )
    .await
    .unwrap();
    let late = invalid(
        triage::change_status(
            &test.db,
            &ctx(&lead),
            &p.reference,
            change(1, ProposalStatus::NonRetenue, "Hors sujet"),
        )
        .await,
    );
    assert!(late.contains("modifiée entre-temps"), "{late}");
    let now = reload(&test, p.id).await;
    assert_eq!(now.status, ProposalStatus::Deposee);
    assert_eq!(now.priority, Some(app::model::Priority::High));
    test.drop_db().await;
}

#[tokio::test]
async fn a_merged_proposal_hands_its_supports_to_the_kept_one() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let supporter = common::demo_person(&test, OTHER_MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let kept = submissions::submit(&test.db, &member, submission(), URL, None, Utc::now())
        .await
        .unwrap();
    let duplicate = submissions::submit(
        &test.db,
        &common::demo_person(&test, "isabelle.moreau@papillonsblancs-paris.example").await,
        submission(),
        URL,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    participation::support(&test.db, &ctx(&supporter), &duplicate.reference)
        .await
        .unwrap();
    participation::support(&test.db, &ctx(&member), &duplicate.reference)
        .await
        .unwrap();

    let mut merge = change(1, ProposalStatus::Fusionnee, "Même besoin.");
    let missing = invalid(
        triage::change_status(&test.db, &ctx(&lead), &duplicate.reference, merge.clone()).await,
    );
    assert!(missing.contains("référence"), "{missing}");
    merge.kept = duplicate.reference.clone();
    invalid(
        triage::change_status(&test.db, &ctx(&lead), &duplicate.reference, merge.clone()).await,
    );
    merge.kept = kept.reference.to_lowercase();
    triage::change_status(&test.db, &ctx(&lead), &duplicate.reference, merge)
        .await
        .unwrap();

    let merged = reload(&test, duplicate.id).await;
    assert_eq!(merged.status, ProposalStatus::Fusionnee);
    assert_eq!(merged.merged_into_id, Some(kept.id));
    assert_eq!(merged.supports_count, 0);
    // Secours populaire moves over; Familles de France submitted the kept one.
    let kept_now = reload(&test, kept.id).await;
    assert_eq!(kept_now.supports_count, 1);
    let supports = proposal_support::Entity::find()
        .filter(proposal_support::Column::ProposalId.eq(kept.id))
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(supports.len(), 1);
    assert_eq!(Some(supports[0].organisation_id), supporter.organisation_id);
    let page = proposal_page::detail(&test.db, &common::views(), None, &duplicate.reference)
        .await
        .unwrap();
    assert_eq!(page.merged_into.as_deref(), Some(kept.reference.as_str()));
    assert!(page
        .timeline
        .iter()
        .any(|e| e.kind == ProposalEventKind::Merged
            && e.related_reference.as_deref() == Some(kept.reference.as_str())));
    test.drop_db().await;
}

#[tokio::test]
async fn a_lead_links_the_meeting_and_a_follow_up_action() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let p = submissions::submit(&test.db, &member, submission(), URL, None, Utc::now())
        .await
        .unwrap();
    let options = proposal_page::detail(&test.db, &common::views(), Some(&lead), &p.reference)
        .await
        .unwrap()
        .triage
        .unwrap();
    let meeting = options.meetings.first().expect("a meeting to link").id;
    triage::link_meeting(
        &test.db,
        &ctx(&lead),
        &p.reference,
        1,
        meeting,
        "Décidé en séance.",
    )
    .await
    .unwrap();
    app::services::backlog::triage::record_action(
        &test.db,
        &lead,
        &p.reference,
        app::services::body::actions::ActionForm {
            title: "Ajouter la liste des pièces sur la page d'accueil".into(),
            owner: lead.email.clone(),
            due_on: "2027-03-31".into(),
            description: String::new(),
            proposal_reference: String::new(),
        },
        URL,
        None,
    )
    .await
    .unwrap();
    let group_2 = working_group::Entity::find()
        .filter(working_group::Column::Number.eq(2))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let page = proposal_page::detail(&test.db, &common::views(), Some(&member), &p.reference)
        .await
        .unwrap();
    assert_eq!(page.meeting.map(|m| m.id), Some(meeting));
    assert_eq!(page.actions.len(), 1);
    assert_eq!(
        page.actions[0].working_group.as_deref(),
        Some(app::services::body::groups::label(&group_2).as_str())
    );
    let kinds: Vec<_> = page.timeline.iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&ProposalEventKind::MeetingLinked));
    assert!(kinds.contains(&ProposalEventKind::ActionLinked));
    assert_eq!(
        app::services::backlog::triage::record_action(
            &test.db,
            &member,
            &p.reference,
            app::services::body::actions::ActionForm {
                title: "Non".into(),
                owner: member.email.clone(),
                due_on: "2027-03-31".into(),
                description: String::new(),
                proposal_reference: String::new(),
            },
            URL,
            None,
        )
        .await
        .map(|_| ()),
        Err(AppError::Forbidden)
    );
    test.drop_db().await;
}

#[tokio::test]
async fn the_form_posts_without_javascript_and_the_page_shows_the_proposal() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = signed_in(&test, MEMBER).await;

    let form = "title=Simplifier+la+cession&body=Le+formulaire+est+long.&procedures%5Bimmat-cession%5D=on&procedures%5Bimmat-changement-titulaire%5D=on&origin=association&campaign=&group=";
    let response = app
        .clone()
        .oneshot(
            Request::post(<app::api::proposals::SubmitProposal as ServerFn>::PATH)
                .header(header::COOKIE, &cookie)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "text/html,application/xhtml+xml")
                .header(header::ORIGIN, URL)
                .header(header::REFERER, format!("{URL}/propositions/nouvelle"))
                .body(Body::from(form))
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(
        response.status().is_redirection(),
        "{:?}",
        response.status()
    );
    let location = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string();
    assert!(location.starts_with("/propositions/DA-"), "{location}");
    let created = proposal::Entity::find()
        .filter(proposal::Column::Title.eq("Simplifier la cession"))
        .one(&test.db)
        .await
        .unwrap()
        .expect("saved");
    let detail = proposal_page::detail(
        &test.db,
        &common::views(),
        Some(&common::demo_person(&test, MEMBER).await),
        &created.reference,
    )
    .await
    .unwrap();
    assert_eq!(detail.procedures.len(), 2);

    let page = app
        .clone()
        .oneshot(
            Request::get(format!("/propositions/{}", created.reference))
                .header(header::COOKIE, &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = String::from_utf8(
        page.into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    assert!(html.contains("Simplifier la cession"));
    assert!(html.contains("Le formulaire est long."));
    assert!(html.contains("Proposition déposée par"));

    let anonymous = app
        .clone()
        .oneshot(
            Request::get(format!("/propositions/{}", created.reference))
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(
        anonymous.status().is_redirection(),
        "déposée: sign in first"
    );
    let missing = app
        .oneshot(
            Request::get("/propositions/DA-1999-0001")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    test.drop_db().await;
}

#[tokio::test]
async fn a_proposal_started_from_a_test_campaign_has_its_origin_preset() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let form = submissions::form(&test.db, &member, None, Some("tests-laon-2019".into()))
        .await
        .unwrap();
    assert_eq!(form.origin, app::model::Origin::TestCampaign);
    assert_eq!(form.campaign.as_deref(), Some("tests-laon-2019"));
    assert_eq!(form.organisation, "Familles de France");
    assert!(form.procedures.iter().any(|family| family
        .procedures
        .iter()
        .any(|p| p.value == "cni-pre-demande")));
    let unknown = submissions::form(&test.db, &member, None, Some("tests-mars".into()))
        .await
        .unwrap();
    assert_eq!(unknown.campaign, None);
    assert_eq!(unknown.origin, app::model::Origin::Association);
    test.drop_db().await;
}
