//! The views and pages kept for anonymous visitors: a change reaches
//! signed-in people at once and the public once the kept copy is older than
//! its time to live; a kept page never goes out twice with the same nonce.

use std::time::Duration;

use crate::common;

use app::model::{CurrentUser, ProposalStatus};
use app::services::sessions;
use app::services::submissions::{self, Submission};
use app::services::triage::{self, Context, StatusChange};
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
    let token = sessions::start(&test.db, member.id, None, None, Utc::now())
        .await
        .unwrap();
    let cookie = format!("ecoute_session={token}");
    let submission = Submission {
        title: "Rappeler par SMS la date du rendez-vous en mairie".into(),
        body: "Beaucoup de rendez-vous sont manqués.".into(),
        procedures: vec!["cni-pre-demande".into()],
        origin: "association".into(),
        campaign: String::new(),
        group: "2".into(),
    };
    let p = submissions::submit(&test.db, &member, submission, URL, None, Utc::now())
        .await
        .unwrap();
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
