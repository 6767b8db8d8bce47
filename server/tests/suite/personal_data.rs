//! Personal-data rights and the legal pages: each person's export holds
//! their data and nobody else's; the secretariat's erasure leaves nothing
//! of the person in any table, the outbox or the pages, and is refused to
//! anyone else; the legal texts are the secretariat's to edit.

use crate::common;

use app::entities::{audit_event, proposal, user};
use app::model::{AppError, CurrentUser, LegalText, ProposalStatus, Role};
use app::services::accounts;
use app::services::legal::{erasure, export, texts};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const MEMBER: &str = "isabelle.moreau@papillonsblancs-paris.example";
const ADMIN: &str = "helene.marchand@interieur.example";
const LEAD: &str = "nathalie.rousseau@apf-francehandicap.example";

async fn cookie_of(test: &common::TestDb, who: &CurrentUser) -> String {
    let token = accounts::sessions::start(&test.db, who.id, None, None, Utc::now())
        .await
        .unwrap();
    format!("ecoute_session={token}")
}

async fn audited(test: &common::TestDb, kind: &str) -> u64 {
    audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq(kind))
        .count(&test.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_export_holds_the_person_s_data_and_nobody_else_s() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let token = accounts::sessions::start(
        &test.db,
        member.id,
        Some("203.0.113.7".into()),
        Some("Navigateur de test".into()),
        Utc::now(),
    )
    .await
    .unwrap();

    let data = export::personal_data(&test.db, &member).await.unwrap();
    assert_eq!(data.account.email, MEMBER);
    assert_eq!(data.account.name, "Isabelle Moreau");
    assert!(data
        .organisation
        .as_ref()
        .unwrap()
        .name
        .contains("Papillons"));
    assert!(!data.proposals.is_empty(), "her proposals");
    assert!(!data.actions.is_empty(), "the actions she owns");
    assert!(data
        .sessions
        .iter()
        .any(|s| s.ip.as_deref() == Some("203.0.113.7")));

    let json = serde_json::to_string(&data).unwrap();
    assert!(!json.contains(&token), "no session token");
    for other in user::Entity::find()
        .filter(user::Column::Id.ne(member.id))
        .all(&test.db)
        .await
        .unwrap()
    {
        assert!(!json.contains(&other.email), "{} is not hers", other.email);
    }

    // The download, for her only.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = format!("ecoute_session={token}");
    let file = common::get(&app, "/compte/donnees.json", Some(&cookie)).await;
    assert_eq!(file.status, 200);
    assert!(file.headers[axum::http::header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    let read: serde_json::Value = serde_json::from_slice(&file.body).unwrap();
    assert_eq!(read["account"]["email"], MEMBER);
    let anonymous = common::get(&app, "/compte/donnees.json", None).await;
    assert_eq!(anonymous.status, 401);
    let page = common::get(&app, "/compte/donnees", Some(&cookie))
        .await
        .text();
    assert!(page.contains("Mes données personnelles"), "{page}");
    assert!(page.contains(MEMBER));
    test.drop_db().await;
}

#[tokio::test]
async fn after_erasure_nothing_of_the_person_remains_anywhere() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let member = common::demo_person(&test, MEMBER).await;
    let position = "Responsable du service d'accompagnement à la vie sociale";
    let name = "Isabelle Moreau";
    // What she leaves: a session, a reset link and its e-mail.
    let cookie = cookie_of(&test, &member).await;
    accounts::people::request_password_reset(
        &test.db,
        MEMBER,
        &accounts::people::Origin {
            ip: Some("198.51.100.4".into()),
            user_agent: None,
        },
        common::PUBLIC_URL,
        Utc::now(),
    )
    .await
    .unwrap();
    let hers: Vec<String> = proposal::Entity::find()
        .filter(proposal::Column::SubmittedBy.eq(member.id))
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.reference)
        .collect();
    assert!(!hers.is_empty());
    let site = tempfile::tempdir().unwrap();
    // Pages and their parts kept: the signed-in pages' parts must forget her
    // at the erasure itself, on every server (their stamp is the proposal's
    // row); whole public pages, kept by each server apart, within `kept`.
    let kept = std::time::Duration::from_secs(5);
    let app = common::router_with(&test, site.path(), common::PUBLIC_URL, kept);
    let admin_cookie = cookie_of(&test, &admin).await;
    let before = common::get(&app, "/membres/papillons-blancs-paris", Some(&admin_cookie))
        .await
        .text();
    assert!(
        before.contains(name),
        "the organisation page names her before"
    );
    let mut named = 0;
    for reference in &hers {
        for who in [None, Some(admin_cookie.as_str())] {
            let page = common::get(&app, &format!("/propositions/{reference}"), who).await;
            named += usize::from(page.text().contains(name));
        }
    }
    assert!(named > 0, "a kept page named her before");

    // A milestone the secretariat titled with her name.
    let decided = proposal::Entity::find()
        .filter(proposal::Column::Status.eq(ProposalStatus::EnCours))
        .one(&test.db)
        .await
        .unwrap()
        .expect("a demo proposal en cours");
    app::services::backlog::progress::add_milestone(
        &test.db,
        &common::context(&admin),
        &decided.reference,
        decided.version,
        &format!("Relecture par {name}"),
        "2099-01-31",
    )
    .await
    .unwrap();
    let erased = erasure::erase(&test.db, &admin, member.id, None)
        .await
        .unwrap();
    assert!(
        erased.replaced_by.starts_with("ancien membre de "),
        "{erased:?}"
    );
    let without_her = |page: common::Response, reference: &str| {
        assert_eq!(page.status, 200, "{reference}");
        let text = page.text();
        assert!(
            !text.contains(name) && !text.contains(MEMBER),
            "{reference}: {text}"
        );
    };
    for reference in &hers {
        let page = common::get(
            &app,
            &format!("/propositions/{reference}"),
            Some(&admin_cookie),
        )
        .await;
        without_her(page, reference);
    }
    let milestones = app::entities::proposal_milestone::Entity::find()
        .all(&test.db)
        .await
        .unwrap();
    assert!(
        milestones.iter().all(|m| !m.title.contains(name)),
        "{milestones:?}"
    );

    let folded = |text: &str| text.to_lowercase();
    let position_quoted = position.replace('\'', "''");
    for table in common::tables(&test.db).await {
        let columns = common::columns(&test.db, &table).await;
        for row in common::rows(&test.db, &table, &columns).await {
            let row = folded(&row);
            for trace in [
                name,
                MEMBER,
                position,
                position_quoted.as_str(),
                "isabelle moreau",
            ] {
                assert!(
                    !row.contains(&folded(trace)),
                    "{} left in {table}: {row}",
                    trace
                );
            }
        }
        // No column pointing to a person points to her.
        for column in columns.iter().filter(|c| {
            c.ends_with("user_id")
                || ["submitted_by", "author_id", "published_by", "created_by"].contains(&c.as_str())
        }) {
            let rows = common::rows(&test.db, &table, std::slice::from_ref(column)).await;
            assert!(
                !rows
                    .iter()
                    .any(|r| r.trim_matches(['(', ')']) == member.id.to_string()),
                "{table}.{column} still points to her"
            );
        }
    }
    assert_eq!(
        audit_event::Entity::find()
            .filter(audit_event::Column::TargetType.eq("user"))
            .filter(audit_event::Column::TargetId.eq(member.id))
            .count(&test.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(audited(&test, "user.erased").await, 1);

    // Once their time is up, the public pages kept what she wrote, without her name.
    tokio::time::sleep(kept).await;
    for reference in &hers {
        let page = common::get(&app, &format!("/propositions/{reference}"), None).await;
        without_her(page, reference);
    }
    let organisation = common::get(&app, "/membres/papillons-blancs-paris", Some(&admin_cookie))
        .await
        .text();
    assert!(!organisation.contains(name), "{organisation}");
    // Her session is gone with her.
    let data = common::get(&app, "/compte/donnees.json", Some(&cookie)).await;
    assert_eq!(data.status, 401);
    test.drop_db().await;
}

#[tokio::test]
async fn erasure_is_the_secretariat_s_and_never_of_itself() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let lead = common::demo_person(&test, LEAD).await;
    let member = common::demo_person(&test, MEMBER).await;
    for who in [&lead, &member] {
        assert_eq!(
            erasure::erase(&test.db, who, admin.id, None).await,
            Err(AppError::Forbidden)
        );
    }
    match erasure::erase(&test.db, &admin, admin.id, None).await {
        Err(AppError::Invalid(message)) => assert!(message.contains("propre compte"), "{message}"),
        other => panic!("expected a French refusal, got {other:?}"),
    }
    match erasure::erase(&test.db, &admin, i32::MAX, None).await {
        Err(AppError::Invalid(message)) => assert!(message.contains("n'existe pas"), "{message}"),
        other => panic!("expected a French refusal, got {other:?}"),
    }
    assert_eq!(
        user::Entity::find()
            .filter(user::Column::Id.is_in([admin.id, lead.id, member.id]))
            .count(&test.db)
            .await
            .unwrap(),
        3
    );
    assert_eq!(audited(&test, "user.erased").await, 0);
    test.drop_db().await;
}

#[tokio::test]
async fn the_legal_pages_are_in_every_footer_and_the_secretariat_edits_them() {
    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let admin = common::person(&test, Role::Admin, "secretariat@exemple.fr", None).await;
    let member = common::person(&test, Role::Member, "membre@exemple.fr", None).await;

    let home = common::get(&app, "/", None).await.text();
    for link in [
        "/plan-du-site",
        "/accessibilite",
        "/mentions-legales",
        "/donnees-personnelles",
    ] {
        let footer = home
            .split("fr-footer__bottom-list")
            .nth(1)
            .unwrap_or_default();
        assert!(
            footer.contains(&format!("href=\"{link}\"")),
            "{link}: {footer}"
        );
        assert_eq!(common::get(&app, link, None).await.status, 200, "{link}");
    }
    let statement = common::get(&app, "/accessibilite", None).await.text();
    assert!(statement.contains("partiellement conforme"));
    assert!(statement.contains("Défenseur des droits"));
    // The figures of the recorded end-to-end run, as app/data/audit.toml holds them.
    let figures = app::services::data_files::audit();
    let heading = statement
        .split("<h2 id=\"audit\">")
        .nth(1)
        .and_then(|rest| rest.split("</h2>").next())
        .unwrap_or_default();
    assert!(
        heading.ends_with(&app::services::format::date(figures.date)),
        "{statement}"
    );
    for (_, figure) in texts::audit_results(figures).rows {
        assert!(statement.contains(&figure), "{figure}: {statement}");
    }
    let data = common::get(&app, "/donnees-personnelles", None)
        .await
        .text();
    assert!(data.contains("Durées de conservation"));
    assert!(
        data.contains("30 jours") && data.contains("90 jours") && data.contains("1 an"),
        "{data}"
    );

    let hostile = "# Éditeur\n\nMinistère <script>alert(1)</script> [x](javascript:alert(1))";
    assert_eq!(
        texts::save(&test.db, &member, LegalText::Notice, hostile, None).await,
        Err(AppError::Forbidden)
    );
    assert!(texts::source(&test.db, &member, LegalText::Notice)
        .await
        .is_err());
    let too_long = "a".repeat(app::model::LEGAL_TEXT_MAX + 1);
    assert!(matches!(
        texts::save(&test.db, &admin, LegalText::Notice, &too_long, None).await,
        Err(AppError::Invalid(_))
    ));
    assert_eq!(audited(&test, "legal.updated").await, 0);
    texts::save(&test.db, &admin, LegalText::Notice, hostile, None)
        .await
        .unwrap();
    assert_eq!(audited(&test, "legal.updated").await, 1);
    let notice = common::get(&app, "/mentions-legales", None).await.text();
    assert!(notice.contains("Ministère &lt;script&gt;"), "{notice}");
    assert!(!notice.contains("<script>alert") && !notice.contains("javascript:"));
    // The form keeps the text as saved, escaped in its text area.
    let form = common::get(
        &app,
        "/admin/textes/mentions-legales",
        Some(&cookie_of(&test, &admin).await),
    )
    .await
    .text();
    assert!(
        form.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{form}"
    );
    let refused = common::get(
        &app,
        "/admin/textes/mentions-legales",
        Some(&cookie_of(&test, &member).await),
    )
    .await
    .text();
    assert!(!refused.contains("alert(1)"));
    // Emptied, the text as shipped is back.
    texts::save(&test.db, &admin, LegalText::Notice, "  ", None)
        .await
        .unwrap();
    let notice = common::get(&app, "/mentions-legales", None).await.text();
    assert!(notice.contains("Directeur de la publication"));

    // The site map lists the signed-in pages for signed-in people only.
    let map = common::get(&app, "/plan-du-site", None).await.text();
    assert!(map.contains("/propositions") && !map.contains("/compte/donnees"));
    let map = common::get(
        &app,
        "/plan-du-site",
        Some(&cookie_of(&test, &member).await),
    )
    .await
    .text();
    assert!(map.contains("/compte/donnees") && !map.contains("/admin/comptes"));
    test.drop_db().await;
}
