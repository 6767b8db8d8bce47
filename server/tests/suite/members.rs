//! The member directory: an organisation's page shows its representatives,
//! with their e-mail addresses for signed-in visitors only; the secretariat
//! keeps the membership of the body and of its groups, with its history.

use crate::common;

use app::entities::{organisation, user, working_group};
use app::model::AppError;
use app::services::{accounts::sessions, body::membership};
use axum::http::StatusCode;
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn page(app: &axum::Router, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let response = common::get(app, path, cookie).await;
    (response.status, response.text())
}

#[tokio::test]
async fn representatives_addresses_are_shown_to_signed_in_visitors_only() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let familles = organisation::Entity::find()
        .filter(organisation::Column::Slug.eq("familles-de-france"))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let representative = user::Entity::find()
        .filter(user::Column::OrganisationId.eq(familles.id))
        .one(&test.db)
        .await
        .unwrap()
        .expect("a representative in the demo data");

    let (status, directory) = page(&app, "/membres", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(directory.contains("href=\"/membres/familles-de-france\""));

    let (status, anonymous) = page(&app, "/membres/familles-de-france", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(anonymous.contains(&representative.name), "{anonymous}");
    assert!(!anonymous.contains(&representative.email));

    let token = sessions::start(&test.db, representative.id, None, None, Utc::now())
        .await
        .unwrap();
    let cookie = format!("ecoute_session={token}");
    let (status, signed_in) = page(&app, "/membres/familles-de-france", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(signed_in.contains(&format!("mailto:{}", representative.email)));

    let (status, _) = page(&app, "/membres/pas-une-organisation", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    test.drop_db().await;
}

fn organisation_form(name: &str) -> membership::OrganisationForm {
    membership::OrganisationForm {
        name: name.into(),
        short_name: "ADV".into(),
        kind: "association".into(),
        description: "Accompagne les personnes âgées dans leurs démarches.".into(),
        website: "https://aines-du-val.example".into(),
        joined_on: "2020-01-15".into(),
    }
}

#[tokio::test]
async fn the_secretariat_adds_edits_and_ends_memberships_keeping_their_history() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, "helene.marchand@interieur.example").await;
    let member = common::demo_person(&test, "marie.lefevre@familles-de-france.example").await;

    assert_eq!(
        membership::create_organisation(
            &test.db,
            &member,
            organisation_form("Les Aînés du Val"),
            None
        )
        .await,
        Err(AppError::Forbidden)
    );
    let slug = membership::create_organisation(
        &test.db,
        &admin,
        organisation_form("Les Aînés du Val"),
        None,
    )
    .await
    .unwrap();
    assert_eq!(slug, "les-aines-du-val");
    for bad in [
        organisation_form(""),
        organisation_form("Les Aînés du Val"),
        membership::OrganisationForm {
            kind: "club".into(),
            ..organisation_form("Autre")
        },
        membership::OrganisationForm {
            website: "javascript:alert(1)".into(),
            ..organisation_form("Autre")
        },
        membership::OrganisationForm {
            joined_on: "15/01/2020".into(),
            ..organisation_form("Autre")
        },
    ] {
        match membership::create_organisation(&test.db, &admin, bad.clone(), None).await {
            Err(AppError::Invalid(message)) => assert!(!message.is_empty()),
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    membership::update_organisation(
        &test.db,
        &admin,
        &slug,
        membership::OrganisationForm {
            short_name: String::new(),
            ..organisation_form("Les Aînés du Val-d'Oise")
        },
        None,
    )
    .await
    .unwrap();

    // It joins group 1, then its membership ends: the seat ends with it.
    membership::add_seat(
        &test.db,
        &admin,
        "acces-au-plus-grand-nombre",
        &slug,
        "2020-02-01",
        None,
    )
    .await
    .unwrap();
    let twice = membership::add_seat(
        &test.db,
        &admin,
        "acces-au-plus-grand-nombre",
        &slug,
        "2020-03-01",
        None,
    )
    .await;
    assert!(
        matches!(twice, Err(AppError::Invalid(ref m)) if m.contains("déjà membre")),
        "{twice:?}"
    );
    let early = membership::end_membership(&test.db, &admin, &slug, "2019-12-31", None).await;
    assert!(matches!(early, Err(AppError::Invalid(_))), "{early:?}");
    membership::end_membership(&test.db, &admin, &slug, "2022-06-30", None)
        .await
        .unwrap();

    let detail = app::services::views::organisation_page::detail(&test.db, Some(&admin), &slug)
        .await
        .unwrap();
    assert_eq!(detail.name, "Les Aînés du Val-d'Oise");
    assert_eq!(detail.short_name, None);
    assert_eq!(detail.left_on.as_deref(), Some("30 juin 2022"));
    assert!(detail.groups.is_empty());
    assert_eq!(detail.former_groups.len(), 1);
    assert_eq!(
        detail.former_groups[0].until.as_deref(),
        Some("30 juin 2022")
    );
    assert!(detail.manage.is_some_and(|m| m.ended));
    assert!(
        app::services::views::organisation_page::detail(&test.db, Some(&member), &slug)
            .await
            .unwrap()
            .manage
            .is_none()
    );

    let group =
        app::services::views::group_page::detail(&test.db, None, "acces-au-plus-grand-nombre")
            .await
            .unwrap();
    assert!(group.members.iter().all(|m| m.slug != slug));
    assert!(group.former_members.iter().any(|m| m.slug == slug));
    let rejoin = membership::add_seat(
        &test.db,
        &admin,
        "acces-au-plus-grand-nombre",
        &slug,
        "2023-01-01",
        None,
    )
    .await;
    assert!(
        matches!(rejoin, Err(AppError::Invalid(ref m)) if m.contains("a pris fin")),
        "{rejoin:?}"
    );
    // Still listed in the directory, with its dates.
    let listed = app::services::body::organisations::directory(&test.db)
        .await
        .unwrap();
    assert!(listed.iter().any(|o| o.slug == slug && o.left_on.is_some()));
    test.drop_db().await;
}

#[tokio::test]
async fn the_secretariat_names_a_group_lead_who_may_then_run_it() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, "helene.marchand@interieur.example").await;
    let lead_3 = common::demo_person(&test, "nathalie.rousseau@apf-francehandicap.example").await;
    let member = common::demo_person(&test, "marie.lefevre@familles-de-france.example").await;
    let group = working_group::Entity::find()
        .filter(working_group::Column::Slug.eq("simplification-des-demarches"))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!lead_3.runs_group(group.id));
    let form = |lead: i32| membership::GroupForm {
        title: "Simplifier les démarches en ligne".into(),
        mandate: "Repérer les étapes **inutiles**.".into(),
        lead_user_id: lead.to_string(),
    };
    assert_eq!(
        membership::update_group(&test.db, &member, &group.slug, form(lead_3.id), None).await,
        Err(AppError::Forbidden)
    );
    let not_a_lead =
        membership::update_group(&test.db, &admin, &group.slug, form(member.id), None).await;
    assert!(
        matches!(not_a_lead, Err(AppError::Invalid(_))),
        "{not_a_lead:?}"
    );
    membership::update_group(&test.db, &admin, &group.slug, form(lead_3.id), None)
        .await
        .unwrap();
    let lead_3 = common::demo_person(&test, "nathalie.rousseau@apf-francehandicap.example").await;
    assert!(lead_3.runs_group(group.id));
    let page = app::services::views::group_page::detail(&test.db, Some(&lead_3), &group.slug)
        .await
        .unwrap();
    assert_eq!(page.heading, "Groupe 2 — Simplifier les démarches en ligne");
    assert!(page.mandate_html.contains("<strong>inutiles</strong>"));
    assert_eq!(page.lead.as_deref(), Some("Nathalie Rousseau"));
    assert!(page.can_schedule);
    assert!(
        page.manage.is_none(),
        "the lead runs meetings, the secretariat the group"
    );
    assert!(
        app::services::views::group_page::detail(&test.db, Some(&admin), &group.slug)
            .await
            .unwrap()
            .manage
            .is_some()
    );
    test.drop_db().await;
}
