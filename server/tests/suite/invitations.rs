//! Invitations, password resets and account management by the secretariat.

use crate::common;

use app::entities::{audit_event, login_session, outbox_email, user};
use app::model::{CurrentUser, Role, TokenPurpose};
use app::services::accounts::people::{self as accounts, Origin};
use app::services::accounts::sessions;
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const PASSWORD: &str = "une phrase de passe solide";
const PUBLIC: &str = "https://ecoute.example";

async fn admin(test: &common::TestDb) -> CurrentUser {
    let model = accounts::create_admin(
        &test.db,
        "claire@interieur.gouv.fr",
        "Claire Martin",
        PASSWORD,
    )
    .await
    .unwrap();
    sessions::current_user(&test.db, model).await.unwrap()
}

async fn some_organisation(test: &common::TestDb) -> i32 {
    app::entities::organisation::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .expect("demo organisations")
        .id
}

/// The single-use link in the last e-mail sent to `to`.
async fn link_sent_to(test: &common::TestDb, to: &str, path: &str) -> String {
    let mail = outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(to))
        .order_by_asc(outbox_email::Column::Id)
        .all(&test.db)
        .await
        .unwrap()
        .pop()
        .unwrap_or_else(|| panic!("no e-mail to {to}"));
    let start = mail
        .body_text
        .find(&format!("{PUBLIC}/{path}/"))
        .expect("link in the e-mail");
    let link: String = mail.body_text[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    link.rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn an_invited_member_chooses_a_password_and_is_signed_in() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let organisation = some_organisation(&test).await;
    let now = Utc::now();
    let invited = accounts::invite(
        &test.db,
        &admin,
        "Nina.Petit@exemple.fr",
        "Nina Petit",
        Role::Member,
        Some(organisation),
        &Origin::default(),
        PUBLIC,
        now,
    )
    .await
    .unwrap();
    assert_eq!(invited.email, "nina.petit@exemple.fr");
    assert!(invited.password_hash.is_none());

    let mail = outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq("nina.petit@exemple.fr"))
        .one(&test.db)
        .await
        .unwrap()
        .expect("the invitation is in the outbox");
    assert_eq!(mail.subject, "Invitation à rejoindre Écoute");
    assert!(mail.body_html.contains("Claire Martin"));
    let token = link_sent_to(&test, "nina.petit@exemple.fr", "invitation").await;

    let short = accounts::set_password_with_link(
        &test.db,
        &token,
        TokenPurpose::Invitation,
        "court",
        &Origin::default(),
        now,
    )
    .await
    .unwrap_err();
    assert!(short.to_string().contains("au moins 12"));

    let (me, session) = accounts::set_password_with_link(
        &test.db,
        &token,
        TokenPurpose::Invitation,
        PASSWORD,
        &Origin::default(),
        now,
    )
    .await
    .unwrap();
    assert_eq!(me.id, invited.id);
    for event in app::entities::audit_event::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
    {
        let written = format!("{} {} {}", event.kind, event.actor_label, event.detail);
        assert!(
            !written.contains(&token),
            "a link token in the audit log: {written}"
        );
        assert!(
            !written.contains(PASSWORD),
            "a password in the audit log: {written}"
        );
        assert!(
            !written.contains(&session),
            "a session id in the audit log: {written}"
        );
    }
    assert_eq!(me.role, Role::Member);
    assert!(sessions::resolve(&test.db, &test.db, &session, now)
        .await
        .unwrap()
        .is_some());

    let again = accounts::set_password_with_link(
        &test.db,
        &token,
        TokenPurpose::Invitation,
        "une autre phrase de passe",
        &Origin::default(),
        now,
    )
    .await
    .unwrap_err();
    assert!(again.to_string().contains("n'est plus valable"), "{again}");
    assert!(accounts::sign_in(
        &test.db,
        "nina.petit@exemple.fr",
        PASSWORD,
        &Origin::default(),
        now
    )
    .await
    .is_ok());

    let kinds: Vec<String> = audit_event::Entity::find()
        .all(&test.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(
        kinds.contains(&"account.invited".into()) && kinds.contains(&"account.activated".into())
    );
    test.drop_db().await;
}

#[tokio::test]
async fn invitation_links_expire_after_seven_days_and_reinviting_voids_the_old_one() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let now = Utc::now();
    let invited = accounts::invite(
        &test.db,
        &admin,
        "lead@exemple.fr",
        "Léa Durand",
        Role::Lead,
        None,
        &Origin::default(),
        PUBLIC,
        now,
    )
    .await
    .unwrap();
    let first = link_sent_to(&test, "lead@exemple.fr", "invitation").await;
    let late = now + Duration::days(7) + Duration::minutes(1);
    assert!(accounts::set_password_with_link(
        &test.db,
        &first,
        TokenPurpose::Invitation,
        PASSWORD,
        &Origin::default(),
        late
    )
    .await
    .is_err());

    accounts::reinvite(
        &test.db,
        &admin,
        invited.id,
        &Origin::default(),
        PUBLIC,
        now,
    )
    .await
    .unwrap();
    let second = link_sent_to(&test, "lead@exemple.fr", "invitation").await;
    assert_ne!(first, second);
    assert!(
        accounts::set_password_with_link(
            &test.db,
            &first,
            TokenPurpose::Invitation,
            PASSWORD,
            &Origin::default(),
            now
        )
        .await
        .is_err(),
        "the first link was voided"
    );
    assert!(accounts::set_password_with_link(
        &test.db,
        &second,
        TokenPurpose::Invitation,
        PASSWORD,
        &Origin::default(),
        now
    )
    .await
    .is_ok());
    test.drop_db().await;
}

#[tokio::test]
async fn bad_invitations_are_refused_in_french_and_change_nothing() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let organisation = some_organisation(&test).await;
    let users_before = user::Entity::find().count(&test.db).await.unwrap();
    let mails_before = outbox_email::Entity::find().count(&test.db).await.unwrap();
    let now = Utc::now();
    let cases = [
        (
            "pas-une-adresse",
            "Nina",
            Role::Member,
            Some(organisation),
            "n'est pas une adresse électronique valide",
        ),
        (
            "nina@exemple.fr",
            "   ",
            Role::Member,
            Some(organisation),
            "Le nom ne peut pas être vide",
        ),
        (
            "nina@exemple.fr",
            "Nina",
            Role::Member,
            None,
            "représente une organisation",
        ),
        (
            "nina@exemple.fr",
            "Nina",
            Role::Member,
            Some(999_999),
            "n'existe pas",
        ),
        (
            "claire@interieur.gouv.fr",
            "Claire",
            Role::Admin,
            None,
            "existe déjà",
        ),
    ];
    for (email, name, role, organisation, expected) in cases {
        let err = accounts::invite(
            &test.db,
            &admin,
            email,
            name,
            role,
            organisation,
            &Origin::default(),
            PUBLIC,
            now,
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains(expected), "{email}: {err}");
    }
    assert_eq!(
        user::Entity::find().count(&test.db).await.unwrap(),
        users_before
    );
    assert_eq!(
        outbox_email::Entity::find().count(&test.db).await.unwrap(),
        mails_before
    );
    test.drop_db().await;
}

#[tokio::test]
async fn password_reset_answers_alike_and_ends_the_other_sessions() {
    let test = common::migrated().await;
    let admin = admin(&test).await;
    let now = Utc::now();
    accounts::request_password_reset(
        &test.db,
        "inconnu@exemple.fr",
        &Origin::default(),
        PUBLIC,
        now,
    )
    .await
    .unwrap();
    assert_eq!(
        outbox_email::Entity::find().count(&test.db).await.unwrap(),
        0,
        "no mail for an unknown address"
    );

    let (_, old_session) =
        accounts::sign_in(&test.db, &admin.email, PASSWORD, &Origin::default(), now)
            .await
            .unwrap();
    accounts::request_password_reset(&test.db, &admin.email, &Origin::default(), PUBLIC, now)
        .await
        .unwrap();
    let token = link_sent_to(&test, &admin.email, "reinitialisation").await;
    let expired = accounts::set_password_with_link(
        &test.db,
        &token,
        TokenPurpose::PasswordReset,
        "encore une phrase de passe",
        &Origin::default(),
        now + Duration::minutes(61),
    )
    .await
    .unwrap_err();
    assert!(expired.to_string().contains("n'est plus valable"));
    let (_, new_session) = accounts::set_password_with_link(
        &test.db,
        &token,
        TokenPurpose::PasswordReset,
        "encore une phrase de passe",
        &Origin::default(),
        now,
    )
    .await
    .unwrap();
    assert!(sessions::resolve(&test.db, &test.db, &old_session, now)
        .await
        .unwrap()
        .is_none());
    assert!(sessions::resolve(&test.db, &test.db, &new_session, now)
        .await
        .unwrap()
        .is_some());
    assert!(
        accounts::sign_in(&test.db, &admin.email, PASSWORD, &Origin::default(), now)
            .await
            .is_err()
    );
    test.drop_db().await;
}

#[tokio::test]
async fn deactivating_ends_sessions_and_admins_cannot_lock_themselves_out() {
    let test = common::with_demo().await;
    let admin = admin(&test).await;
    let organisation = some_organisation(&test).await;
    let now = Utc::now();
    let member = accounts::invite(
        &test.db,
        &admin,
        "m@exemple.fr",
        "Marc",
        Role::Member,
        Some(organisation),
        &Origin::default(),
        PUBLIC,
        now,
    )
    .await
    .unwrap();
    let token = link_sent_to(&test, "m@exemple.fr", "invitation").await;
    accounts::set_password_with_link(
        &test.db,
        &token,
        TokenPurpose::Invitation,
        PASSWORD,
        &Origin::default(),
        now,
    )
    .await
    .unwrap();
    let held = login_session::Entity::find()
        .filter(login_session::Column::UserId.eq(member.id))
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(held, 1);

    accounts::set_active(&test.db, &admin, member.id, false, &Origin::default())
        .await
        .unwrap();
    let left = login_session::Entity::find()
        .filter(login_session::Column::UserId.eq(member.id))
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(left, 0);
    assert!(
        accounts::sign_in(&test.db, "m@exemple.fr", PASSWORD, &Origin::default(), now)
            .await
            .is_err()
    );

    accounts::change_role(&test.db, &admin, member.id, Role::Lead, &Origin::default())
        .await
        .unwrap();
    let listed = accounts::list(&test.db).await.unwrap();
    let row = listed.accounts.iter().find(|a| a.id == member.id).unwrap();
    assert_eq!(
        (row.role, row.active, row.activated),
        (Role::Lead, false, true)
    );

    assert!(
        accounts::set_active(&test.db, &admin, admin.id, false, &Origin::default())
            .await
            .is_err()
    );
    assert!(
        accounts::change_role(&test.db, &admin, admin.id, Role::Member, &Origin::default())
            .await
            .is_err()
    );
    test.drop_db().await;
}
