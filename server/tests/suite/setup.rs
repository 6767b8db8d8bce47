//! Setting up a body of one's own: its identity (shown in every page and
//! e-mail), the steps of « Mise en place », working groups, the procedure
//! catalogue and test campaigns, each kept by the secretariat only, each
//! change audited.

use crate::common;

use app::entities::{audit_event, organisation, outbox_email, procedure, working_group};
use app::model::{AppError, BodyIdentity, CampaignFormData, CurrentUser, ProcedureFormData, Role};
use app::services::backlog::{campaigns, catalogue, submissions};
use app::services::body::{groups, identity, meetings, membership};
use app::services::{accounts, views};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn cookie_of(test: &common::TestDb, who: &CurrentUser) -> String {
    let token = accounts::sessions::start(&test.db, who.id, None, None, Utc::now())
        .await
        .unwrap();
    format!("ecoute_session={token}")
}

/// How many times `kind` is in the audit journal.
async fn audited(test: &common::TestDb, kind: &str) -> u64 {
    audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq(kind))
        .count(&test.db)
        .await
        .unwrap()
}

fn refused<T: std::fmt::Debug>(result: Result<T, AppError>) -> String {
    match result {
        Err(AppError::Invalid(message)) => message,
        other => panic!("expected a French refusal, got {other:?}"),
    }
}

fn origin() -> accounts::people::Origin {
    accounts::people::Origin {
        ip: None,
        user_agent: None,
    }
}

#[tokio::test]
async fn the_identity_set_by_the_secretariat_is_in_every_header_title_and_mail() {
    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let admin = common::person(&test, Role::Admin, "secretariat@exemple.fr", None).await;
    let member = common::person(&test, Role::Member, "membre@exemple.fr", None).await;

    // A fresh body shows the default identity.
    let home = common::get(&app, "/", None).await.text();
    assert!(
        home.contains("<title>Instance d&#39;écoute des usagers</title>"),
        "{home}"
    );
    assert!(home.contains("fr-header__service-title"));
    assert!(home.contains("de l'Intérieur"));

    let hostile = BodyIdentity {
        name: "Comité <script>alert(1)</script> & co".into(),
        ministry: "Ministère\nde la Culture".into(),
        tagline: "Écouter <b>vraiment</b>".into(),
        presentation: "Des usagers et des services.".into(),
    };
    assert_eq!(
        identity::update(&test.db, &member, hostile.clone(), None).await,
        Err(AppError::Forbidden)
    );
    let nameless = BodyIdentity {
        name: "  ".into(),
        ..hostile.clone()
    };
    assert!(refused(identity::update(&test.db, &admin, nameless, None).await).contains("nom"));
    assert_eq!(audited(&test, "identity.updated").await, 0, "nothing saved");
    identity::update(&test.db, &admin, hostile.clone(), None)
        .await
        .unwrap();
    assert_eq!(audited(&test, "identity.updated").await, 1);

    for path in ["/", "/membres", "/groupes", "/connexion"] {
        let page = common::get(&app, path, None).await.text();
        assert!(
            page.contains("Comité &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
            "{path}: {page}"
        );
        assert!(!page.contains("<script>alert(1)"), "{path}");
        assert!(!page.contains("<b>vraiment"), "{path}");
        assert!(page.contains("de la Culture"), "{path}");
        assert!(
            page.contains("— Comité &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>")
                || page.contains(
                    "<title>Comité &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>"
                ),
            "{path}: the title names the body"
        );
    }
    let membres = common::get(&app, "/membres", None).await.text();
    assert!(membres.contains(
        "<title>Membres — Comité &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</title>"
    ));

    // Every e-mail is signed with it, and an invitation names it.
    let invited = accounts::people::invite(
        &test.db,
        &admin,
        "nouvelle@exemple.fr",
        "Nouvelle Personne",
        Role::Lead,
        None,
        &origin(),
        common::PUBLIC_URL,
        Utc::now(),
    )
    .await
    .unwrap();
    let mail = outbox_email::Entity::find()
        .filter(outbox_email::Column::ToAddress.eq(invited.email))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert!(mail.body_text.contains(
        "l'outil de « Comité <script>alert(1)</script> & co » (Ministère de la Culture)"
    ));
    assert!(mail
        .body_text
        .trim_end()
        .ends_with("— Comité <script>alert(1)</script> & co, Ministère de la Culture"));
    assert!(mail.body_html.contains(
        "<p>— Comité &lt;script&gt;alert(1)&lt;/script&gt; &amp; co, Ministère de la Culture</p>"
    ));
    assert!(!mail.body_html.contains("<script>"));
    test.drop_db().await;
}

#[tokio::test]
async fn a_fresh_body_is_led_through_its_setup_steps_until_it_is_set_up() {
    let test = common::migrated().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let password = "une phrase de passe du secrétariat";
    let admin = accounts::people::create_admin(
        &test.db,
        "claire@interieur.gouv.fr",
        "Claire Martin",
        password,
    )
    .await
    .unwrap();
    let admin = accounts::sessions::current_user(&test.db, admin)
        .await
        .unwrap();
    let page = views::setup::page(&test.db).await.unwrap();
    let titles: Vec<&str> = page.steps.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Identité de l'instance",
            "Groupes de travail",
            "Catalogue des démarches",
            "Organisations membres",
            "Premières invitations"
        ]
    );
    assert_eq!(page.done(), 0);
    let hrefs: Vec<&str> = page.steps.iter().map(|s| s.href.as_str()).collect();
    assert_eq!(
        hrefs,
        [
            "/admin/identite",
            "/groupes",
            "/admin/demarches",
            "/membres",
            "/admin/comptes"
        ]
    );

    // Signed in, the secretariat of a body not set up is led to the steps.
    let signed_in = sign_in(&app, password).await;
    assert_eq!(signed_in, "/admin/mise-en-place");
    let cookie = cookie_of(&test, &admin).await;
    let html = common::get(&app, "/admin/mise-en-place", Some(&cookie))
        .await
        .text();
    assert!(
        html.contains("Mise en place de l&#x27;instance")
            || html.contains("Mise en place de l'instance")
    );
    assert!(html.contains("0 étape(s) sur 5 terminée(s)"), "{html}");
    for href in hrefs {
        assert!(html.contains(&format!("href=\"{href}\"")), "{href}");
    }
    assert!(
        html.contains("href=\"/admin/mise-en-place\""),
        "in the secretariat's menu"
    );

    identity::update(
        &test.db,
        &admin,
        BodyIdentity {
            name: "Comité des usagers de la culture".into(),
            ministry: "Ministère\nde la Culture".into(),
            ..BodyIdentity::default()
        },
        None,
    )
    .await
    .unwrap();
    membership::create_group(
        &test.db,
        &admin,
        membership::GroupForm {
            title: "Accessibilité des musées".into(),
            mandate: String::new(),
            lead_user_id: String::new(),
        },
        None,
    )
    .await
    .unwrap();
    catalogue::load_starting_set(&test.db, &admin, None)
        .await
        .unwrap();
    let organisation = membership::create_organisation(
        &test.db,
        &admin,
        membership::OrganisationForm {
            name: "Association des visiteurs".into(),
            kind: "association".into(),
            joined_on: "2024-01-15".into(),
            ..Default::default()
        },
        None,
    )
    .await
    .unwrap();
    assert!(!views::setup::complete(&test.db).await.unwrap());
    let organisation_id = organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(organisation))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    accounts::people::invite(
        &test.db,
        &admin,
        "visiteur@exemple.fr",
        "Un Visiteur",
        Role::Member,
        Some(organisation_id),
        &origin(),
        common::PUBLIC_URL,
        Utc::now(),
    )
    .await
    .unwrap();
    let page = views::setup::page(&test.db).await.unwrap();
    assert_eq!(page.done(), 5, "{page:?}");
    assert!(views::setup::complete(&test.db).await.unwrap());
    assert_eq!(sign_in(&app, password).await, "/", "set up: home, as usual");

    let member = common::person(
        &test,
        Role::Member,
        "membre@exemple.fr",
        Some(organisation_id),
    )
    .await;
    let refused = common::get(
        &app,
        "/admin/mise-en-place",
        Some(&cookie_of(&test, &member).await),
    )
    .await;
    assert_eq!(refused.status.as_u16(), 403);
    test.drop_db().await;
}

/// Signs in through the form as a browser without JavaScript; where to.
async fn sign_in(app: &axum::Router, password: &str) -> String {
    use axum::http::{header, Request};
    use leptos::server_fn::ServerFn;
    use tower::ServiceExt;
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("email", "claire@interieur.gouv.fr")
        .append_pair("password", password)
        .append_pair("next", "")
        .finish();
    let request = Request::post(<app::api::account::SignIn as ServerFn>::PATH)
        .header(header::ORIGIN, common::PUBLIC_URL)
        .header(header::REFERER, format!("{}/connexion", common::PUBLIC_URL))
        .header(header::ACCEPT, "text/html")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status().as_u16(), 302);
    response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

/// A proposal of `member` on `procedure`, from `campaign` for `group` (by
/// slug, or empty), as the submission form sends it.
async fn submit(
    test: &common::TestDb,
    member: &CurrentUser,
    procedure: &str,
    origin: &str,
    campaign: &str,
    group: &str,
) -> Result<app::entities::proposal::Model, AppError> {
    let typed = submissions::Submission {
        title: "Une proposition".into(),
        body: "Un texte".into(),
        procedures: vec![procedure.into()],
        origin: origin.into(),
        campaign: campaign.into(),
        group: group.into(),
        organisation: String::new(),
    };
    submissions::submit(
        &test.db,
        member,
        typed,
        common::PUBLIC_URL,
        None,
        Utc::now(),
    )
    .await
}

fn group_form(title: &str, lead: Option<i32>) -> membership::GroupForm {
    membership::GroupForm {
        title: title.into(),
        mandate: "Rendre les **accueils** accessibles.".into(),
        lead_user_id: lead.map(|id| id.to_string()).unwrap_or_default(),
    }
}

#[tokio::test]
async fn working_groups_are_created_edited_and_archived_without_losing_their_history() {
    let test = common::with_demo().await;
    let admin = common::person(&test, Role::Admin, "secretariat@exemple.fr", None).await;
    let lead = common::demo_person(&test, "sophie.lambert@interieur.example").await;
    let member = common::demo_person(&test, "marie.lefevre@familles-de-france.example").await;

    for who in [&member, &lead] {
        assert_eq!(
            membership::create_group(&test.db, who, group_form("Accueil", None), None).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            membership::set_group_archived(&test.db, who, "handicap-et-accessibilite", true, None)
                .await,
            Err(AppError::Forbidden)
        );
    }
    let slug = membership::create_group(
        &test.db,
        &admin,
        group_form("Accueil téléphonique", Some(lead.id)),
        None,
    )
    .await
    .unwrap();
    assert_eq!(slug, "accueil-telephonique");
    let created = working_group::Entity::find()
        .filter(working_group::Column::Slug.eq(slug.as_str()))
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(created.number, 4, "numbered after the demo's three");
    assert_eq!(created.lead_user_id, Some(lead.id));
    for bad in [
        group_form("", None),
        group_form("Accueil téléphonique", None),
        group_form("Autre", Some(member.id)),
    ] {
        refused(membership::create_group(&test.db, &admin, bad, None).await);
    }
    assert_eq!(
        working_group::Entity::find().count(&test.db).await.unwrap(),
        4
    );
    membership::update_group(
        &test.db,
        &admin,
        &slug,
        group_form("Accueil au téléphone", None),
        None,
    )
    .await
    .unwrap();
    let page = views::group_page::detail(&test.db, None, &slug)
        .await
        .unwrap();
    assert_eq!(page.heading, "Groupe 4 — Accueil au téléphone");
    assert_eq!(page.lead, None);

    // The demo's group 3 is archived: it keeps its proposals and seats.
    let archived = "handicap-et-accessibilite";
    let before = views::group_page::detail(&test.db, None, archived)
        .await
        .unwrap();
    assert!(!before.backlog.items.is_empty());
    membership::set_group_archived(&test.db, &admin, archived, true, None)
        .await
        .unwrap();
    refused(membership::set_group_archived(&test.db, &admin, archived, true, None).await);
    let after = views::group_page::detail(&test.db, Some(&admin), archived)
        .await
        .unwrap();
    assert!(after.archived);
    assert_eq!(after.backlog, before.backlog);
    assert_eq!(after.members, before.members);
    assert!(!after.can_schedule);
    assert!(after
        .manage
        .is_some_and(|m| m.archived && m.candidates.is_empty()));
    let listed = groups::list(&test.db).await.unwrap();
    assert!(listed.iter().any(|g| g.slug == archived && g.archived));
    let home = views::home::load(&test.db, Utc::now()).await.unwrap();
    assert!(home.groups.iter().all(|g| g.slug != archived));
    let offered = submissions::form(&test.db, &member, None, None)
        .await
        .unwrap();
    assert!(offered.groups.iter().all(|g| g.value != archived));
    assert!(offered.groups.iter().any(|g| g.value == slug));
    let filters = groups::all_choices(&test.db).await.unwrap();
    assert!(filters
        .iter()
        .any(|g| g.value == archived && g.label.ends_with("(archivé)")));
    let message = refused(
        submit(
            &test,
            &member,
            "cni-pre-demande",
            "association",
            "",
            archived,
        )
        .await,
    );
    assert!(message.contains("groupe"), "{message}");
    let rousseau = common::demo_person(&test, "nathalie.rousseau@apf-francehandicap.example").await;
    assert!(
        refused(meetings::form(&test.db, &rousseau, None, Some(archived.to_string())).await)
            .contains("archivé")
    );
    assert!(refused(
        membership::add_seat(&test.db, &admin, archived, "unaf", "2024-01-01", None).await
    )
    .contains("archivé"));

    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let groups_page = common::get(&app, "/groupes", None).await.text();
    let (active, apart) = groups_page
        .split_once("Groupes archivés")
        .expect("archived groups are listed apart");
    assert!(!active.contains("/groupes/handicap-et-accessibilite\""));
    assert!(apart.contains("/groupes/handicap-et-accessibilite\""));

    membership::set_group_archived(&test.db, &admin, archived, false, None)
        .await
        .unwrap();
    let offered = submissions::form(&test.db, &member, None, None)
        .await
        .unwrap();
    assert!(offered.groups.iter().any(|g| g.value == archived));
    for kind in [
        "group.created",
        "group.updated",
        "group.archived",
        "group.reopened",
    ] {
        assert_eq!(audited(&test, kind).await, 1, "{kind}");
    }
    test.drop_db().await;
}

fn procedure_form(family: &str, name: &str, url: &str) -> ProcedureFormData {
    ProcedureFormData {
        family: family.into(),
        name: name.into(),
        description: "Une démarche en ligne.".into(),
        url: url.into(),
        ..Default::default()
    }
}

/// The procedures' slugs in catalogue order, family by family.
async fn order(test: &common::TestDb) -> Vec<(String, Vec<String>)> {
    catalogue::admin_view(&test.db)
        .await
        .unwrap()
        .families
        .into_iter()
        .map(|f| (f.slug, f.procedures.into_iter().map(|p| p.slug).collect()))
        .collect()
}

#[tokio::test]
async fn the_secretariat_loads_the_starting_catalogue_then_keeps_it() {
    let test = common::migrated().await;
    let admin = common::person(&test, Role::Admin, "secretariat@exemple.fr", None).await;
    let lead = common::person(&test, Role::Lead, "pilote@exemple.fr", None).await;

    let empty = catalogue::admin_view(&test.db).await.unwrap();
    assert!(empty.families.is_empty());
    assert_eq!(empty.starting_set.len(), 5);
    assert_eq!(
        catalogue::load_starting_set(&test.db, &lead, None).await,
        Err(AppError::Forbidden)
    );
    let loaded = catalogue::load_starting_set(&test.db, &admin, None)
        .await
        .unwrap();
    assert_eq!(loaded, 22);
    assert!(refused(catalogue::load_starting_set(&test.db, &admin, None).await).contains("vide"));
    let view = catalogue::admin_view(&test.db).await.unwrap();
    assert!(view.starting_set.is_empty());
    assert_eq!(view.families[0].name, "Carte nationale d'identité");
    assert_eq!(view.families[0].procedures[0].slug, "cni-pre-demande");

    // Families: created, renamed, put in order, retired and back.
    for result in [
        catalogue::create_family(&test.db, &lead, "Titres de séjour", None)
            .await
            .map(|_| ()),
        catalogue::rename_family(&test.db, &lead, "autre", "Divers", None).await,
        catalogue::move_family(&test.db, &lead, "autre", true, None).await,
        catalogue::set_family_retired(&test.db, &lead, "autre", true, None).await,
    ] {
        assert_eq!(result, Err(AppError::Forbidden));
    }
    let family = catalogue::create_family(&test.db, &admin, "Titres de séjour", None)
        .await
        .unwrap();
    assert_eq!(family, "titres-de-sejour");
    refused(catalogue::create_family(&test.db, &admin, "Titres de séjour", None).await);
    refused(catalogue::create_family(&test.db, &admin, " ", None).await);
    catalogue::rename_family(
        &test.db,
        &admin,
        &family,
        "Titres de séjour des étrangers",
        None,
    )
    .await
    .unwrap();
    refused(catalogue::rename_family(&test.db, &admin, &family, "Passeport", None).await);
    catalogue::move_family(&test.db, &admin, &family, true, None)
        .await
        .unwrap();
    let slugs: Vec<String> = order(&test).await.into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        slugs,
        [
            "cni",
            "passeport",
            "permis",
            "immatriculation",
            "titres-de-sejour",
            "autre"
        ]
    );
    refused(catalogue::move_family(&test.db, &admin, "cni", true, None).await);
    catalogue::move_family(&test.db, &admin, "cni", false, None)
        .await
        .unwrap();
    assert_eq!(order(&test).await[0].0, "passeport");

    // Procedures: added, edited, moved within and between families.
    for result in [
        catalogue::create_procedure(&test.db, &lead, procedure_form(&family, "Visa", ""), None)
            .await
            .map(|_| ()),
        catalogue::update_procedure(
            &test.db,
            &lead,
            "cni-perte-vol",
            procedure_form("cni", "Perte", ""),
            None,
        )
        .await,
        catalogue::move_procedure(&test.db, &lead, "cni-perte-vol", true, None).await,
        catalogue::set_procedure_retired(&test.db, &lead, "cni-perte-vol", true, None).await,
    ] {
        assert_eq!(result, Err(AppError::Forbidden));
    }
    let slug = catalogue::create_procedure(
        &test.db,
        &admin,
        procedure_form(
            &family,
            "Renouvellement du titre de séjour",
            "https://administration-etrangers-en-france.interieur.gouv.fr",
        ),
        None,
    )
    .await
    .unwrap();
    assert_eq!(slug, "renouvellement-du-titre-de-sejour");
    for bad in [
        procedure_form(&family, "Autre démarche", "javascript:alert(1)"),
        procedure_form(&family, "Pré-demande de passeport", ""),
        procedure_form("inconnue", "Autre démarche", ""),
        procedure_form(&family, "", ""),
    ] {
        refused(catalogue::create_procedure(&test.db, &admin, bad, None).await);
    }
    assert_eq!(procedure::Entity::find().count(&test.db).await.unwrap(), 23);
    catalogue::move_procedure(&test.db, &admin, "cni-perte-vol", true, None)
        .await
        .unwrap();
    let cni = order(&test)
        .await
        .into_iter()
        .find(|(f, _)| f == "cni")
        .unwrap()
        .1;
    assert_eq!(
        cni,
        [
            "cni-pre-demande",
            "cni-perte-vol",
            "cni-renouvellement",
            "cni-rendez-vous-mairie"
        ]
    );
    refused(
        catalogue::move_procedure(&test.db, &admin, "cni-rendez-vous-mairie", false, None).await,
    );
    catalogue::update_procedure(
        &test.db,
        &admin,
        "cni-perte-vol",
        procedure_form(&family, "Perte ou vol du titre", ""),
        None,
    )
    .await
    .unwrap();
    let moved = order(&test).await;
    let sejour = &moved.iter().find(|(f, _)| f == &family).unwrap().1;
    assert_eq!(
        sejour.last().map(String::as_str),
        Some("cni-perte-vol"),
        "its address stays"
    );

    // Retired: kept with its page and in filters, not offered any more.
    catalogue::set_procedure_retired(&test.db, &admin, &slug, true, None)
        .await
        .unwrap();
    refused(catalogue::set_procedure_retired(&test.db, &admin, &slug, true, None).await);
    let offered = catalogue::choices(&test.db, &[]).await.unwrap();
    assert!(offered
        .iter()
        .flat_map(|f| &f.procedures)
        .all(|p| p.value != slug));
    let filters = catalogue::all_choices(&test.db).await.unwrap();
    assert!(filters
        .iter()
        .flat_map(|f| &f.procedures)
        .any(|p| p.value == slug && p.label.ends_with("(retirée)")));
    let public = app::services::backlog::procedures::page(
        &test.db,
        app::services::backlog::cards::Audience::Public,
        &slug,
    )
    .await
    .unwrap();
    assert!(public.retired);
    catalogue::set_family_retired(&test.db, &admin, "passeport", true, None)
        .await
        .unwrap();
    let offered = catalogue::choices(&test.db, &[]).await.unwrap();
    assert!(offered.iter().all(|f| f.family != "Passeport"));
    catalogue::set_family_retired(&test.db, &admin, "passeport", false, None)
        .await
        .unwrap();
    catalogue::set_procedure_retired(&test.db, &admin, &slug, false, None)
        .await
        .unwrap();

    for (kind, times) in [
        ("catalogue.loaded", 1),
        ("family.created", 1),
        ("family.updated", 1),
        ("family.moved", 2),
        ("family.retired", 1),
        ("family.restored", 1),
        ("procedure.created", 1),
        ("procedure.updated", 1),
        ("procedure.moved", 1),
        ("procedure.retired", 1),
        ("procedure.restored", 1),
    ] {
        assert_eq!(audited(&test, kind).await, times, "{kind}");
    }
    test.drop_db().await;
}

#[tokio::test]
async fn a_retired_procedure_keeps_its_proposals_and_is_not_offered_for_new_ones() {
    let test = common::with_demo().await;
    let admin = common::person(&test, Role::Admin, "secretariat@exemple.fr", None).await;
    let member = common::demo_person(&test, "marie.lefevre@familles-de-france.example").await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let before = common::get(&app, "/propositions?demarche=cni-pre-demande", None)
        .await
        .text();
    catalogue::set_procedure_retired(&test.db, &admin, "cni-pre-demande", true, None)
        .await
        .unwrap();
    let after = common::get(&app, "/propositions?demarche=cni-pre-demande", None)
        .await
        .text();
    let count = |html: &str| {
        html.split("propositions trouvées")
            .next()
            .and_then(|s| s.rsplit('>').next())
            .map(|s| s.trim().to_string())
    };
    assert_eq!(count(&before), count(&after));
    assert!(
        after.contains("Pré-demande de carte d&#x27;identité (retirée)")
            || after.contains("Pré-demande de carte d'identité (retirée)")
    );
    let by_family = common::get(&app, "/propositions?document=cni", None).await;
    assert_eq!(
        by_family.status.as_u16(),
        200,
        "the family's former address"
    );
    let catalogue_page = common::get(&app, "/demarches", None).await.text();
    assert!(catalogue_page.contains("/demarches/cni-pre-demande"));
    assert!(catalogue_page.contains("Retirée"));
    let form = submissions::form(&test.db, &member, None, None)
        .await
        .unwrap();
    assert!(form
        .procedures
        .iter()
        .flat_map(|f| &f.procedures)
        .all(|p| p.value != "cni-pre-demande"));
    let message = refused(submit(&test, &member, "cni-pre-demande", "association", "", "").await);
    assert!(message.contains("retirée"), "{message}");
    test.drop_db().await;
}

fn campaign(title: &str) -> CampaignFormData {
    CampaignFormData {
        title: title.into(),
        site: "Préfecture du Nord, Lille".into(),
        held_on: "2024-05-02".into(),
        ends_on: "2024-05-03".into(),
        audience: "Dix usagers du point numérique".into(),
        findings: "- Le **code de cession** n'est pas compris.".into(),
        organisation: "la-poste".into(),
        procedures: vec!["immat-cession".into(), "compte-ants".into()],
        ..Default::default()
    }
}

#[tokio::test]
async fn test_campaigns_are_created_edited_and_closed_by_the_secretariat() {
    let test = common::with_demo().await;
    let admin = common::person(&test, Role::Admin, "secretariat@exemple.fr", None).await;
    let lead = common::demo_person(&test, "julien.garnier@ants.example").await;
    let member = common::demo_person(&test, "marie.lefevre@familles-de-france.example").await;
    assert_eq!(
        campaigns::create(&test.db, &lead, campaign("Tests à Lille"), None).await,
        Err(AppError::Forbidden)
    );
    let slug = campaigns::create(&test.db, &admin, campaign("Tests à Lille"), None)
        .await
        .unwrap();
    assert_eq!(slug, "tests-a-lille");
    for bad in [
        CampaignFormData {
            held_on: "02/05/2024".into(),
            ..campaign("Autre")
        },
        CampaignFormData {
            ends_on: "2024-05-01".into(),
            ..campaign("Autre")
        },
        CampaignFormData {
            site: String::new(),
            ..campaign("Autre")
        },
        CampaignFormData {
            organisation: "inconnue".into(),
            ..campaign("Autre")
        },
        CampaignFormData {
            procedures: vec!["inconnue".into()],
            ..campaign("Autre")
        },
        campaign(""),
    ] {
        refused(campaigns::create(&test.db, &admin, bad, None).await);
    }
    let audience = app::services::backlog::cards::Audience::SignedIn;
    let page = campaigns::page(&test.db, audience, Some(&admin), &slug)
        .await
        .unwrap();
    assert_eq!(page.campaign.ends_on.as_deref(), Some("3 mai 2024"));
    assert_eq!(page.campaign.procedures.len(), 2);
    assert_eq!(page.organisation.as_deref(), Some("La Poste"));
    assert!(page
        .findings_html
        .contains("<strong>code de cession</strong>"));
    assert!(page.can_manage && page.can_propose);

    assert_eq!(
        campaigns::update(&test.db, &member, &slug, campaign("Tests"), None).await,
        Err(AppError::Forbidden)
    );
    campaigns::update(
        &test.db,
        &admin,
        &slug,
        CampaignFormData {
            ends_on: String::new(),
            procedures: vec!["immat-cession".into()],
            ..campaign("Tests utilisateurs à Lille")
        },
        None,
    )
    .await
    .unwrap();
    let form = campaigns::form(&test.db, Some(&slug)).await.unwrap();
    assert_eq!(form.title, "Tests utilisateurs à Lille");
    assert_eq!(form.procedures, ["immat-cession"]);
    assert_eq!(form.ends_on, "");

    // Closed: no longer offered for new proposals, still listed and filterable.
    assert_eq!(
        campaigns::set_closed(&test.db, &lead, &slug, true, None).await,
        Err(AppError::Forbidden)
    );
    campaigns::set_closed(&test.db, &admin, &slug, true, None)
        .await
        .unwrap();
    refused(campaigns::set_closed(&test.db, &admin, &slug, true, None).await);
    let page = campaigns::page(&test.db, audience, Some(&member), &slug)
        .await
        .unwrap();
    assert!(page.campaign.closed && !page.can_propose && !page.can_manage);
    assert!(campaigns::choices(&test.db)
        .await
        .unwrap()
        .iter()
        .all(|c| c.value != slug));
    assert!(campaigns::all_choices(&test.db)
        .await
        .unwrap()
        .iter()
        .any(|c| c.value == slug));
    let message =
        refused(submit(&test, &member, "immat-cession", "test_campaign", &slug, "").await);
    assert!(message.contains("close"), "{message}");
    campaigns::set_closed(&test.db, &admin, &slug, false, None)
        .await
        .unwrap();
    for kind in [
        "campaign.created",
        "campaign.updated",
        "campaign.closed",
        "campaign.reopened",
    ] {
        assert_eq!(audited(&test, kind).await, 1, "{kind}");
    }

    // Reachable from the main navigation, with its forms for the secretariat.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let home = common::get(&app, "/", None).await.text();
    assert!(home.contains("href=\"/campagnes\""));
    let cookie = cookie_of(&test, &admin).await;
    let list = common::get(&app, "/campagnes", Some(&cookie)).await.text();
    assert!(list.contains("href=\"/campagnes/nouvelle\""));
    let edit = common::get(&app, &format!("/campagnes/{slug}/modifier"), Some(&cookie)).await;
    assert_eq!(edit.status.as_u16(), 200);
    assert!(edit.text().contains("Tests utilisateurs à Lille"));
    let member_cookie = cookie_of(&test, &member).await;
    let refused_page = common::get(&app, "/campagnes/nouvelle", Some(&member_cookie)).await;
    assert_eq!(refused_page.status.as_u16(), 403);
    test.drop_db().await;
}
