//! Everyday corrections of accounts: the secretariat edits a person's name,
//! position and organisation (a dated move, kept in the history of who
//! represented which organisation when, shown on the organisation pages),
//! their e-mail address (effective once confirmed through a link sent to the
//! new address, the old one told) and their role; each person edits their
//! own name and position. Every change audited, every wrong role refused.

use crate::common::{self, audits, invalid, mails_to, signed_in};

use app::api::admin::ChangeRole;
use app::api::profiles::{ConfirmEmailChange, UpdateMyAccount};
use app::entities::{email_change, representation, user};
use app::model::{AppError, Role};
use app::services::accounts::people::{self, Origin};
use app::services::accounts::profiles::{self, IdentityForm};
use app::services::views::organisation_page;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use leptos::server_fn::ServerFn;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const ADMIN: &str = "helene.marchand@interieur.example";

fn origin() -> Origin {
    Origin {
        ip: Some("192.0.2.9".into()),
        user_agent: None,
    }
}

async fn account(test: &common::TestDb, id: i32) -> user::Model {
    user::Entity::find_by_id(id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn the_secretariat_moves_a_representative_to_another_organisation_with_dated_history() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let marie = common::demo_person(&test, MEMBER).await;
    let secours = common::organisation(&test, "secours-populaire").await.id;
    let moved_on = (Utc::now() - Duration::days(30)).date_naive();
    let form = |organisation: String, moved_on: String| IdentityForm {
        name: "Marie Lefèvre-Bonnet".into(),
        title: "Déléguée régionale".into(),
        organisation,
        moved_on,
    };

    // Dates that cannot be are refused, and change nothing.
    let future = invalid(
        profiles::update_identity(
            &test.db,
            &admin,
            marie.id,
            form(
                secours.to_string(),
                (Utc::now() + Duration::days(3)).date_naive().to_string(),
            ),
            &origin(),
        )
        .await,
    );
    assert!(future.contains("au plus tard d'aujourd'hui"), "{future}");
    let before_joining = invalid(
        profiles::update_identity(
            &test.db,
            &admin,
            marie.id,
            form(secours.to_string(), "1990-01-01".into()),
            &origin(),
        )
        .await,
    );
    assert!(
        before_joining.contains("n'était pas encore membre de l'instance"),
        "{before_joining}"
    );
    let bad = invalid(
        profiles::update_identity(
            &test.db,
            &admin,
            marie.id,
            form(secours.to_string(), "2024-02-30".into()),
            &origin(),
        )
        .await,
    );
    assert!(bad.contains("format attendu"), "{bad}");
    let none = invalid(
        profiles::update_identity(
            &test.db,
            &admin,
            marie.id,
            form(String::new(), String::new()),
            &origin(),
        )
        .await,
    );
    assert!(
        none.contains("Un membre représente une organisation"),
        "{none}"
    );
    assert_eq!(account(&test, marie.id).await.name, "Marie Lefèvre");

    profiles::update_identity(
        &test.db,
        &admin,
        marie.id,
        form(secours.to_string(), moved_on.to_string()),
        &origin(),
    )
    .await
    .unwrap();
    let saved = account(&test, marie.id).await;
    assert_eq!(saved.name, "Marie Lefèvre-Bonnet");
    assert_eq!(saved.title.as_deref(), Some("Déléguée régionale"));
    assert_eq!(saved.organisation_id, Some(secours));
    let history = representation::Entity::find()
        .filter(representation::Column::UserId.eq(marie.id))
        .order_by_asc(representation::Column::Id)
        .all(&test.db)
        .await
        .unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].organisation_id, marie.organisation_id.unwrap());
    assert_eq!(history[0].ended_on, Some(moved_on));
    assert_eq!(history[1].organisation_id, secours);
    assert_eq!(
        (history[1].started_on, history[1].ended_on),
        (moved_on, None)
    );
    let audited = audits(&test, "account.updated").await;
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].actor_user_id, Some(admin.id));
    assert!(
        audited[0].detail.contains("Secours populaire"),
        "{}",
        audited[0].detail
    );

    // The organisation pages tell who represented them when.
    let former = organisation_page::detail(&test.db, None, "familles-de-france")
        .await
        .unwrap();
    assert!(former.representatives.iter().all(|r| r.name != saved.name));
    let left = &former.former_representatives[0];
    assert_eq!(left.person, "Marie Lefèvre-Bonnet");
    assert!(left.until.is_some());
    let current = organisation_page::detail(&test.db, None, "secours-populaire")
        .await
        .unwrap();
    let row = current
        .representatives
        .iter()
        .find(|r| r.name == saved.name)
        .expect("a representative of Secours populaire now");
    assert!(row.since.is_some());
    assert_eq!(
        row.account_id, None,
        "the public gets no link to the account"
    );

    // A move before the current representation began is refused.
    let earlier = invalid(
        profiles::update_identity(
            &test.db,
            &admin,
            marie.id,
            IdentityForm {
                organisation: marie.organisation_id.unwrap().to_string(),
                moved_on: (moved_on - Duration::days(1)).to_string(),
                ..form(String::new(), String::new())
            },
            &origin(),
        )
        .await,
    );
    assert!(earlier.contains("ne peut pas précéder"), "{earlier}");

    // Only the secretariat edits someone else's account.
    let lead = common::demo_person(&test, LEAD_2).await;
    assert_eq!(
        profiles::update_identity(
            &test.db,
            &lead,
            marie.id,
            form(secours.to_string(), String::new()),
            &origin()
        )
        .await,
        Err(AppError::Forbidden)
    );
    assert_eq!(
        profiles::detail(&test.db, &lead, marie.id, Utc::now())
            .await
            .map(|d| d.id),
        Err(AppError::Forbidden)
    );
    test.drop_db().await;
}

#[tokio::test]
async fn a_new_address_takes_effect_only_once_confirmed_and_the_old_one_is_told() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let marie = common::demo_person(&test, MEMBER).await;
    let now = Utc::now();
    let from = origin();
    let request = |email: &'static str| {
        profiles::request_email_change(
            &test.db,
            &admin,
            marie.id,
            email,
            &from,
            common::PUBLIC_URL,
            now,
        )
    };

    let same = invalid(request("Marie.Lefevre@familles-de-france.example").await);
    assert!(same.contains("est déjà l'adresse de ce compte"), "{same}");
    let taken = invalid(request("julien.garnier@ants.example").await);
    assert!(taken.contains("Un compte existe déjà"), "{taken}");
    let malformed = invalid(request("marie@").await);
    assert!(
        malformed.contains("n'est pas une adresse électronique valide"),
        "{malformed}"
    );

    request("marie.lefevre@exemple.fr").await.unwrap();
    let first = common::link_token(
        &mails_to(&test, "marie.lefevre@exemple.fr").await[0].body_text,
        "/adresse/",
    );
    request("marie.lefevre@nouvelle.fr").await.unwrap();
    assert_eq!(
        account(&test, marie.id).await.email,
        MEMBER,
        "nothing changes before the confirmation"
    );
    let confirmation = mails_to(&test, "marie.lefevre@nouvelle.fr").await;
    assert_eq!(confirmation.len(), 1);
    assert!(confirmation[0]
        .subject
        .contains("Confirmez votre nouvelle adresse"));
    let token = common::link_token(&confirmation[0].body_text, "/adresse/");
    let notices: Vec<_> = mails_to(&test, MEMBER)
        .await
        .into_iter()
        .filter(|m| m.subject.contains("Changement de l'adresse électronique"))
        .collect();
    assert_eq!(
        notices.len(),
        2,
        "the address in use is told of each request"
    );
    assert!(notices[1].body_text.contains("marie.lefevre@nouvelle.fr"));
    assert!(
        !notices[1].body_text.contains(&token),
        "the link goes to the new address only"
    );
    // Only the hash of the link is kept.
    let stored = email_change::Entity::find().all(&test.db).await.unwrap();
    assert!(stored
        .iter()
        .all(|c| c.token_hash != token && c.token_hash.len() == 64));
    assert_eq!(
        audits(&test, "account.email_change_requested").await.len(),
        2
    );

    // The first request's link was replaced by the second.
    let replaced = invalid(profiles::confirm_email_change(&test.db, &first, &origin(), now).await);
    assert!(replaced.contains("n'est plus valable"), "{replaced}");
    let late = invalid(
        profiles::confirm_email_change(&test.db, &token, &origin(), now + Duration::days(8)).await,
    );
    assert!(late.contains("n'est plus valable"), "{late}");

    // Confirmed through the page, without JavaScript.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let page = common::get(&app, &format!("/adresse/{token}"), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("marie.lefevre@nouvelle.fr"));
    assert_eq!(
        account(&test, marie.id).await.email,
        MEMBER,
        "reading changes nothing"
    );
    let confirmed = common::post_form(
        &app,
        ConfirmEmailChange::PATH,
        None,
        &format!("/adresse/{token}"),
        &format!("token={token}"),
    )
    .await;
    assert!(confirmed.status.is_redirection(), "{}", confirmed.status);
    let next = confirmed.headers["location"].to_str().unwrap().to_string();
    assert_eq!(next, "/connexion?adresse-confirmee");
    assert!(common::get(&app, &next, None)
        .await
        .text()
        .contains("Votre nouvelle adresse électronique est confirmée"));
    assert_eq!(
        account(&test, marie.id).await.email,
        "marie.lefevre@nouvelle.fr"
    );
    let changed = audits(&test, "account.email_changed").await;
    assert_eq!(changed.len(), 1);
    assert!(changed[0].detail.contains(MEMBER) && changed[0].detail.contains("nouvelle.fr"));
    let again = invalid(profiles::confirm_email_change(&test.db, &token, &origin(), now).await);
    assert!(again.contains("n'est plus valable"), "{again}");

    // Only the secretariat asks for a change.
    let lead = common::demo_person(&test, LEAD_2).await;
    assert_eq!(
        profiles::request_email_change(
            &test.db,
            &lead,
            marie.id,
            "x@exemple.fr",
            &origin(),
            common::PUBLIC_URL,
            now
        )
        .await,
        Err(AppError::Forbidden)
    );
    test.drop_db().await;
}

#[tokio::test]
async fn an_address_taken_meanwhile_is_refused_in_french_at_confirmation() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let marie = common::demo_person(&test, MEMBER).await;
    let now = Utc::now();
    profiles::request_email_change(
        &test.db,
        &admin,
        marie.id,
        "libre@exemple.fr",
        &origin(),
        common::PUBLIC_URL,
        now,
    )
    .await
    .unwrap();
    let token = common::link_token(
        &mails_to(&test, "libre@exemple.fr").await[0].body_text,
        "/adresse/",
    );
    people::invite(
        &test.db,
        &admin,
        "libre@exemple.fr",
        "Quelqu'un d'autre",
        Role::Lead,
        None,
        &origin(),
        common::PUBLIC_URL,
        now,
    )
    .await
    .unwrap();
    let refused = invalid(profiles::confirm_email_change(&test.db, &token, &origin(), now).await);
    assert_eq!(
        refused,
        "Un compte existe déjà pour l'adresse libre@exemple.fr."
    );
    assert_eq!(account(&test, marie.id).await.email, MEMBER);
    test.drop_db().await;
}

#[tokio::test]
async fn a_person_edits_their_own_name_and_position_on_my_account() {
    let test = common::with_demo().await;
    let marie = common::demo_person(&test, MEMBER).await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = signed_in(&test, MEMBER).await;

    let page = common::get(&app, "/compte", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Mon compte"));
    assert!(page.text().contains("Administratrice nationale"));
    let anonymous = common::get(&app, "/compte", None).await;
    assert!(anonymous.status.is_redirection());

    let response = common::post_form(
        &app,
        UpdateMyAccount::PATH,
        Some(&cookie),
        "/compte",
        "name=Marie+Lef%C3%A8vre&title=Pr%C3%A9sidente+%3Cb%3Er%C3%A9gionale%3C%2Fb%3E",
    )
    .await;
    assert!(response.status.is_redirection(), "{}", response.status);
    let saved = account(&test, marie.id).await;
    assert_eq!(saved.title.as_deref(), Some("Présidente <b>régionale</b>"));
    assert_eq!(saved.organisation_id, marie.organisation_id);
    let html = common::get(&app, "/membres/familles-de-france", None)
        .await
        .text();
    assert!(
        html.contains("Présidente &lt;b&gt;régionale&lt;/b&gt;"),
        "escaped on the page"
    );
    let audited = audits(&test, "account.updated_own").await;
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].actor_user_id, Some(marie.id));

    let nothing = invalid(
        profiles::update_mine(
            &test.db,
            &marie,
            "Marie Lefèvre",
            "Présidente <b>régionale</b>",
            &origin(),
        )
        .await,
    );
    assert!(nothing.contains("Rien n'a changé"), "{nothing}");
    let empty = invalid(profiles::update_mine(&test.db, &marie, " ", "", &origin()).await);
    assert!(empty.contains("Le nom ne peut pas être vide"), "{empty}");
    let long = invalid(
        profiles::update_mine(&test.db, &marie, "Marie", &"x".repeat(201), &origin()).await,
    );
    assert!(long.contains("La fonction dépasse"), "{long}");
    assert_eq!(audits(&test, "account.updated_own").await.len(), 1);
    test.drop_db().await;
}

#[tokio::test]
async fn the_secretariats_page_about_a_person_changes_the_role_through_its_one_rule() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let marie = common::demo_person(&test, MEMBER).await;
    let cookie = signed_in(&test, ADMIN).await;

    let page = common::get(&app, &format!("/admin/comptes/{}", marie.id), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(html.contains("Marie Lefèvre"));
    assert!(html.contains("Nouvelle adresse") && html.contains("Organisation représentée"));
    let member_cookie = signed_in(&test, MEMBER).await;
    let refused = common::get(
        &app,
        &format!("/admin/comptes/{}", marie.id),
        Some(&member_cookie),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let back = format!("/admin/comptes/{}", marie.id);
    let response = common::post_form(
        &app,
        ChangeRole::PATH,
        Some(&cookie),
        &back,
        &format!(
            "user_id={}&role=lead&back=%2Fadmin%2Fcomptes%2F{}",
            marie.id, marie.id
        ),
    )
    .await;
    assert_eq!(response.headers["location"], back.as_str());
    assert_eq!(account(&test, marie.id).await.role, Role::Lead);
    assert_eq!(audits(&test, "account.role_changed").await.len(), 1);
    // Anywhere else, back to the list.
    let response = common::post_form(
        &app,
        ChangeRole::PATH,
        Some(&cookie),
        &back,
        &format!(
            "user_id={}&role=member&back=https%3A%2F%2Fevil.example%2F",
            marie.id
        ),
    )
    .await;
    assert_eq!(response.headers["location"], "/admin/comptes");
    test.drop_db().await;
}
