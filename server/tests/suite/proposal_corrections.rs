//! Everyday corrections of proposals: the organisation edits its proposal
//! while it is « déposée » (each edit keeps the former text on the
//! timeline) and withdraws it (public only if it was); the secretariat files
//! one on behalf of an organisation; the lead or the secretariat changes its
//! procedures during triage. Each refused for the wrong people, audited,
//! checked against the version seen.

use crate::common::{self, audits, invalid, mails_to, signed_in};

use app::api::proposals::{EditProposal, WithdrawProposal};
use app::entities::proposal;
use app::model::{
    AppError, BacklogFilters, BacklogPage, CurrentUser, ProposalEventKind, ProposalStatus,
    TimelineEntry,
};
use app::services::backlog::amendments::{self, Edit};
use app::services::backlog::cards::Audience;
use app::services::backlog::submissions::{self, Submission};
use app::services::backlog::triage;
use app::services::backlog::{participation, proposal_page, proposals};
use axum::http::StatusCode;
use chrono::Utc;
use leptos::server_fn::ServerFn;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

const URL: &str = common::PUBLIC_URL;
const MEMBER: &str = "marie.lefevre@familles-de-france.example";
const OTHER_MEMBER: &str = "patrick.durand@secourspopulaire.example";
const LEAD_2: &str = "julien.garnier@ants.example";
const LEAD_3: &str = "nathalie.rousseau@apf-francehandicap.example";
const ADMIN: &str = "helene.marchand@interieur.example";

/// A proposal of Familles de France for group 2, still « déposée ».
async fn submitted(test: &common::TestDb) -> proposal::Model {
    let member = common::demo_person(test, MEMBER).await;
    submissions::submit(
        &test.db,
        &member,
        Submission {
            title: "Rappeler la date de fin de validité du titre".into(),
            body: "Les usagers oublient **l'échéance** de leur titre.".into(),
            procedures: vec!["cni-pre-demande".into()],
            origin: "association".into(),
            group: "simplification-des-demarches".into(),
            ..Default::default()
        },
        URL,
        None,
        Utc::now(),
    )
    .await
    .unwrap()
}

async fn reload(test: &common::TestDb, id: i32) -> proposal::Model {
    proposal::Entity::find_by_id(id)
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
}

async fn timeline(
    test: &common::TestDb,
    viewer: Option<&CurrentUser>,
    reference: &str,
) -> Vec<TimelineEntry> {
    proposal_page::detail(&test.db, &common::views(), viewer, reference)
        .await
        .unwrap()
        .timeline
        .to_vec()
}

/// The backlog as `audience` sees it with `filters`.
async fn listed(test: &common::TestDb, audience: Audience, filters: BacklogFilters) -> BacklogPage {
    proposals::backlog(&test.db, &common::lists(), audience, &filters)
        .await
        .unwrap()
}

fn with_status(status: ProposalStatus) -> BacklogFilters {
    BacklogFilters {
        status: Some(status),
        ..Default::default()
    }
}

fn searching(words: &str) -> BacklogFilters {
    BacklogFilters {
        search: words.into(),
        ..Default::default()
    }
}

/// `who` ticks the procedures `list` in triage, from `version`.
async fn change_procedures(
    test: &common::TestDb,
    who: &CurrentUser,
    reference: &str,
    version: i32,
    list: &[&str],
) -> Result<(), AppError> {
    let slugs: Vec<String> = list.iter().map(|s| s.to_string()).collect();
    triage::change_procedures(&test.db, &common::context(who), reference, version, &slugs).await
}

fn edit(version: i32, title: &str) -> Edit {
    Edit {
        version,
        title: title.into(),
        body: "Les usagers oublient l'échéance : un courriel deux mois avant aiderait.".into(),
        procedures: vec!["cni-pre-demande".into(), "passeport-pre-demande".into()],
    }
}

#[tokio::test]
async fn an_organisation_edits_its_submitted_proposal_and_each_edit_keeps_the_former_text() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let p = submitted(&test).await;
    // Another organisation supports it, and is told of the edit.
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    participation::support(&test.db, &common::context(&other), &p.reference)
        .await
        .unwrap();

    amendments::edit(
        &test.db,
        &common::context(&member),
        &p.reference,
        edit(p.version, "Prévenir avant la fin de validité du titre"),
    )
    .await
    .unwrap();
    let edited = reload(&test, p.id).await;
    assert_eq!(edited.title, "Prévenir avant la fin de validité du titre");
    assert_eq!(edited.version, p.version + 1);
    let kept = edited.body_html.as_deref().unwrap_or_default();
    assert!(
        kept.starts_with("<p>") && kept.contains("un courriel deux mois avant aiderait."),
        "the kept HTML is the new description's: {kept}"
    );
    assert!(
        edited.search_text.contains(" courriel "),
        "the search finds the new words: {}",
        edited.search_text
    );
    let found = listed(&test, Audience::SignedIn, searching("courriel échéance")).await;
    assert!(found.rows.iter().any(|r| r.card.reference == p.reference));

    let entries = timeline(&test, Some(&member), &p.reference).await;
    let change = entries
        .iter()
        .find(|e| e.kind == ProposalEventKind::Edited)
        .expect("the edit is on the timeline");
    assert_eq!(change.summary, "Texte modifié par son organisation");
    let said = change.body.as_deref().unwrap();
    assert!(
        said.contains("titre") && said.contains("description"),
        "{said}"
    );
    assert!(
        said.contains("ajoutée(s) : Pré-demande de passeport"),
        "{said}"
    );
    let previous = change.previous.as_ref().expect("the former text");
    assert_eq!(
        previous.title,
        "Rappeler la date de fin de validité du titre"
    );
    assert_eq!(
        previous.body,
        "Les usagers oublient **l'échéance** de leur titre."
    );
    assert_eq!(previous.procedures, vec!["Pré-demande de carte d'identité"]);
    let audited = audits(&test, "proposal.edited").await;
    assert_eq!(audited.len(), 1);
    assert_eq!(audited[0].actor_user_id, Some(member.id));
    assert!(mails_to(&test, &other.email)
        .await
        .iter()
        .any(|m| m.subject.contains("modifiée par son organisation")));

    // A second edit keeps the first edit's text in turn.
    amendments::edit(
        &test.db,
        &common::context(&member),
        &p.reference,
        Edit {
            procedures: vec!["passeport-pre-demande".into()],
            ..edit(p.version + 1, "Prévenir avant la fin de validité du titre")
        },
    )
    .await
    .unwrap();
    let entries = timeline(&test, Some(&member), &p.reference).await;
    let edits: Vec<_> = entries
        .iter()
        .filter(|e| e.kind == ProposalEventKind::Edited)
        .collect();
    assert_eq!(edits.len(), 2);
    assert_eq!(
        edits[1].previous.as_ref().unwrap().title,
        "Prévenir avant la fin de validité du titre"
    );
    assert!(edits[1]
        .body
        .as_deref()
        .unwrap()
        .contains("retirée(s) : Pré-demande de carte d'identité"));
    test.drop_db().await;
}

#[tokio::test]
async fn only_the_organisation_edits_while_submitted_and_bad_edits_change_nothing() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let p = submitted(&test).await;

    for email in [OTHER_MEMBER, LEAD_2, LEAD_3] {
        let someone = common::demo_person(&test, email).await;
        assert_eq!(
            amendments::edit(
                &test.db,
                &common::context(&someone),
                &p.reference,
                edit(p.version, "X")
            )
            .await,
            Err(AppError::Forbidden),
            "{email} does not speak for Familles de France"
        );
    }
    let stale = invalid(
        amendments::edit(
            &test.db,
            &common::context(&member),
            &p.reference,
            edit(0, "Un autre titre"),
        )
        .await,
    );
    assert!(stale.contains("modifiée entre-temps"), "{stale}");
    let empty = invalid(
        amendments::edit(
            &test.db,
            &common::context(&member),
            &p.reference,
            edit(p.version, "  "),
        )
        .await,
    );
    assert!(empty.contains("titre"), "{empty}");
    let unchanged = Edit {
        version: p.version,
        title: p.title.clone(),
        body: p.body.clone(),
        procedures: vec!["cni-pre-demande".into()],
    };
    let nothing = invalid(
        amendments::edit(&test.db, &common::context(&member), &p.reference, unchanged).await,
    );
    assert!(nothing.contains("Rien n'a changé"), "{nothing}");
    let unknown = invalid(
        amendments::edit(
            &test.db,
            &common::context(&member),
            &p.reference,
            Edit {
                procedures: vec!["visa-long-sejour".into()],
                ..edit(p.version, "Un autre titre")
            },
        )
        .await,
    );
    assert!(unknown.contains("n'existe pas"), "{unknown}");
    assert_eq!(reload(&test, p.id).await, p, "nothing was written");

    // The secretariat may correct it for the organisation.
    let admin = common::demo_person(&test, ADMIN).await;
    amendments::edit(
        &test.db,
        &common::context(&admin),
        &p.reference,
        edit(p.version, "Corrigé"),
    )
    .await
    .unwrap();

    // Once triaged, the text is fixed: a comment says what changed.
    let lead = common::demo_person(&test, LEAD_2).await;
    triage::change_status(
        &test.db,
        &common::context(&lead),
        &p.reference,
        triage::StatusChange {
            version: p.version + 1,
            status: "en_instruction".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let closed = invalid(
        amendments::edit(
            &test.db,
            &common::context(&member),
            &p.reference,
            edit(p.version + 2, "Trop tard"),
        )
        .await,
    );
    assert!(closed.contains("« déposée »"), "{closed}");
    assert_eq!(audits(&test, "proposal.edited").await.len(), 1);
    test.drop_db().await;
}

#[tokio::test]
async fn a_proposal_withdrawn_before_it_was_public_stays_hidden() {
    let test = common::with_demo().await;
    let member = common::demo_person(&test, MEMBER).await;
    let p = submitted(&test).await;

    let no_reason = invalid(
        amendments::withdraw(
            &test.db,
            &common::context(&member),
            &p.reference,
            p.version,
            " ",
        )
        .await,
    );
    assert!(no_reason.contains("Expliquez"), "{no_reason}");
    for email in [OTHER_MEMBER, LEAD_2] {
        let someone = common::demo_person(&test, email).await;
        assert_eq!(
            amendments::withdraw(
                &test.db,
                &common::context(&someone),
                &p.reference,
                p.version,
                "Non"
            )
            .await,
            Err(AppError::Forbidden),
            "{email}"
        );
    }
    amendments::withdraw(
        &test.db,
        &common::context(&member),
        &p.reference,
        p.version,
        "Le besoin est couvert par la proposition de l'ANTS.",
    )
    .await
    .unwrap();
    let withdrawn = reload(&test, p.id).await;
    assert_eq!(withdrawn.status, ProposalStatus::Retiree);
    assert!(!withdrawn.was_public);
    assert_eq!(
        withdrawn.status_reason.as_deref(),
        Some("Le besoin est couvert par la proposition de l'ANTS.")
    );
    let audited = audits(&test, "proposal.withdrawn").await;
    assert_eq!(audited.len(), 1);
    assert!(audited[0].detail.contains("Déposée → Retirée"));

    assert_eq!(
        proposal_page::find_visible(&test.db, None, &p.reference).await,
        Err(AppError::Unauthenticated),
        "never public, still hidden"
    );
    let public = listed(
        &test,
        Audience::Public,
        with_status(ProposalStatus::Retiree),
    )
    .await;
    assert!(public.rows.iter().all(|r| r.card.reference != p.reference));
    // Signed in: out of the open backlog, found by its status.
    let open = listed(&test, Audience::SignedIn, BacklogFilters::default()).await;
    assert!(open
        .rows
        .iter()
        .all(|r| r.card.status != ProposalStatus::Retiree));
    let retired = listed(
        &test,
        Audience::SignedIn,
        with_status(ProposalStatus::Retiree),
    )
    .await;
    assert_eq!(retired.total, 1);
    assert_eq!(retired.rows[0].card.reference, p.reference);
    // A search alone is counted without it too.
    let searched = listed(&test, Audience::SignedIn, searching("validité")).await;
    assert_eq!(searched.total, searched.rows.len() as u64);
    assert!(searched
        .rows
        .iter()
        .all(|r| r.card.reference != p.reference));

    // Withdrawn is closed: no support, no triage, no second withdrawal.
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    let support =
        invalid(participation::support(&test.db, &common::context(&other), &p.reference).await);
    assert!(support.contains("Retirée"), "{support}");
    let admin = common::demo_person(&test, ADMIN).await;
    let detail = proposal_page::detail(&test.db, &common::views(), Some(&admin), &p.reference)
        .await
        .unwrap();
    assert!(detail.triage.unwrap().next_statuses.is_empty());
    assert!(!detail.abilities.may_withdraw && !detail.abilities.may_edit);
    let again = invalid(
        amendments::withdraw(
            &test.db,
            &common::context(&member),
            &p.reference,
            p.version + 1,
            "Encore",
        )
        .await,
    );
    assert!(again.contains("ne peut plus être retirée"), "{again}");
    test.drop_db().await;
}

#[tokio::test]
async fn a_public_proposal_withdrawn_stays_public_with_its_reason() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let p = submitted(&test).await;
    triage::change_status(
        &test.db,
        &common::context(&lead),
        &p.reference,
        triage::StatusChange {
            version: p.version,
            status: "en_instruction".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    participation::support(&test.db, &common::context(&other), &p.reference)
        .await
        .unwrap();

    // Through the form of the page, without JavaScript.
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let cookie = signed_in(&test, MEMBER).await;
    let response = common::post_form(
        &app,
        WithdrawProposal::PATH,
        Some(&cookie),
        &format!("/propositions/{}", p.reference),
        &format!(
            "reference={}&version={}&reason=Nous+portons+d%C3%A9sormais+ce+besoin+ailleurs.",
            p.reference,
            p.version + 1
        ),
    )
    .await;
    assert!(response.status.is_redirection(), "{}", response.status);
    let withdrawn = reload(&test, p.id).await;
    assert_eq!(withdrawn.status, ProposalStatus::Retiree);
    assert!(withdrawn.was_public);

    let anonymous = proposal_page::detail(&test.db, &common::views(), None, &p.reference)
        .await
        .unwrap();
    assert_eq!(anonymous.status, ProposalStatus::Retiree);
    assert_eq!(
        anonymous.status_reason.as_deref(),
        Some("Nous portons désormais ce besoin ailleurs.")
    );
    assert!(anonymous
        .timeline
        .iter()
        .any(|e| e.kind == ProposalEventKind::StatusChanged
            && e.summary == "Statut : En instruction → Retirée"));
    let open = listed(&test, Audience::Public, BacklogFilters::default()).await;
    assert!(open.rows.iter().all(|r| r.card.reference != p.reference));
    let retired = listed(
        &test,
        Audience::Public,
        with_status(ProposalStatus::Retiree),
    )
    .await;
    assert!(retired.rows.iter().any(|r| r.card.reference == p.reference));
    let page = common::get(&app, &format!("/propositions/{}", p.reference), None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Retirée"));

    assert!(mails_to(&test, &other.email)
        .await
        .iter()
        .any(|m| m.subject.contains("retirée par son organisation")));
    assert_eq!(audits(&test, "proposal.withdrawn").await.len(), 1);
    test.drop_db().await;
}

#[tokio::test]
async fn the_secretariat_files_a_proposal_on_behalf_of_an_organisation() {
    let test = common::with_demo().await;
    let admin = common::demo_person(&test, ADMIN).await;
    let member = common::demo_person(&test, MEMBER).await;
    let form = submissions::form(&test.db, &admin, None, None)
        .await
        .unwrap();
    assert!(form
        .organisations
        .iter()
        .any(|o| o.value == "familles-de-france"));
    let filed = |organisation: &str| Submission {
        title: "Afficher le délai de fabrication du titre".into(),
        body: "Un usager nous a signalé ce manque.".into(),
        procedures: vec!["passeport-pre-demande".into()],
        origin: "association".into(),
        organisation: organisation.into(),
        ..Default::default()
    };
    let member_mails = mails_to(&test, &member.email).await.len();
    let created = submissions::submit(
        &test.db,
        &admin,
        filed("familles-de-france"),
        URL,
        None,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(Some(created.organisation_id), member.organisation_id);
    assert_eq!(created.submitted_by, Some(admin.id));

    let entries = timeline(&test, Some(&member), &created.reference).await;
    assert_eq!(entries[0].kind, ProposalEventKind::FiledOnBehalf);
    assert_eq!(
        entries[0].summary,
        "Proposition déposée par le secrétariat pour le compte de Familles de France"
    );
    assert_eq!(
        entries[0].who.as_deref(),
        Some("Hélène Marchand (secrétariat de l'instance)")
    );
    // The organisation and the filer get the acknowledgement: who for whom.
    let mails = mails_to(&test, &member.email).await;
    assert_eq!(mails.len(), member_mails + 1);
    let ack = mails.last().unwrap();
    assert!(ack.subject.contains(&created.reference));
    assert!(
        ack.body_text
            .contains("Hélène Marchand, du secrétariat de l'instance, a déposé pour le compte de Familles de France"),
        "{}",
        ack.body_text
    );
    assert!(mails_to(&test, &admin.email)
        .await
        .iter()
        .any(|m| m.subject.contains(&created.reference)));
    assert_eq!(audits(&test, "proposal.filed_on_behalf").await.len(), 1);
    // It is the organisation's: its people may edit it.
    let detail = proposal_page::detail(
        &test.db,
        &common::views(),
        Some(&member),
        &created.reference,
    )
    .await
    .unwrap();
    assert!(detail.abilities.may_edit);

    // Only the secretariat files for another organisation.
    let other = common::demo_person(&test, OTHER_MEMBER).await;
    assert_eq!(
        submissions::submit(
            &test.db,
            &other,
            filed("familles-de-france"),
            URL,
            None,
            Utc::now()
        )
        .await
        .map(|p| p.id),
        Err(AppError::Forbidden)
    );
    let unknown = invalid(
        submissions::submit(&test.db, &admin, filed("inconnue"), URL, None, Utc::now()).await,
    );
    assert!(unknown.contains("Choisissez l'organisation"), "{unknown}");
    test.drop_db().await;
}

#[tokio::test]
async fn the_lead_or_the_secretariat_changes_the_procedures_and_the_group_in_triage() {
    let test = common::with_demo().await;
    let lead = common::demo_person(&test, LEAD_2).await;
    let member = common::demo_person(&test, MEMBER).await;
    let p = submitted(&test).await;
    let mails = mails_to(&test, &member.email).await.len();

    for email in [MEMBER, LEAD_3] {
        let someone = common::demo_person(&test, email).await;
        assert_eq!(
            change_procedures(
                &test,
                &someone,
                &p.reference,
                p.version,
                &["permis-pre-demande"]
            )
            .await,
            Err(AppError::Forbidden),
            "{email}"
        );
    }
    let nothing = invalid(
        change_procedures(&test, &lead, &p.reference, p.version, &["cni-pre-demande"]).await,
    );
    assert!(nothing.contains("Rien n'a changé"), "{nothing}");
    let none = invalid(change_procedures(&test, &lead, &p.reference, p.version, &[]).await);
    assert!(none.contains("au moins une démarche"), "{none}");
    change_procedures(
        &test,
        &lead,
        &p.reference,
        p.version,
        &["passeport-pre-demande", "passeport-renouvellement"],
    )
    .await
    .unwrap();
    let stale = invalid(
        change_procedures(&test, &lead, &p.reference, p.version, &["cni-pre-demande"]).await,
    );
    assert!(stale.contains("modifiée entre-temps"), "{stale}");

    let detail = proposal_page::detail(&test.db, &common::views(), Some(&member), &p.reference)
        .await
        .unwrap();
    let names: Vec<_> = detail.procedures.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        names,
        vec!["Pré-demande de passeport", "Renouvellement du passeport"]
    );
    let event = detail
        .timeline
        .iter()
        .find(|e| e.kind == ProposalEventKind::ProceduresChanged)
        .expect("on the timeline");
    let said = event.body.as_deref().unwrap();
    assert!(
        said.contains("retirée(s) : Pré-demande de carte d'identité"),
        "{said}"
    );
    assert_eq!(audits(&test, "proposal.procedures").await.len(), 1);
    assert_eq!(mails_to(&test, &member.email).await.len(), mails + 1);

    // The group changes too, with its own event: then the other lead triages.
    let admin = common::demo_person(&test, ADMIN).await;
    triage::assign(
        &test.db,
        &common::context(&admin),
        &p.reference,
        p.version + 1,
        &common::group_slug(&test, "3").await,
        "",
    )
    .await
    .unwrap();
    let lead_3 = common::demo_person(&test, LEAD_3).await;
    change_procedures(
        &test,
        &lead_3,
        &p.reference,
        p.version + 2,
        &["passeport-pre-demande"],
    )
    .await
    .unwrap();
    assert_eq!(
        change_procedures(
            &test,
            &lead,
            &p.reference,
            p.version + 3,
            &["cni-pre-demande"]
        )
        .await,
        Err(AppError::Forbidden),
        "group 2's lead no longer triages it"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn the_edit_form_works_without_javascript_and_the_former_text_is_escaped() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let p = submitted(&test).await;
    // A hostile title, as typed at submission.
    let mut hostile: proposal::ActiveModel = p.clone().into();
    hostile.title = Set("<script>alert('titre')</script>".into());
    let p = hostile.update(&test.db).await.unwrap();
    let cookie = signed_in(&test, MEMBER).await;

    let page = common::get(
        &app,
        &format!("/propositions/{}", p.reference),
        Some(&cookie),
    )
    .await;
    assert!(page
        .text()
        .contains(&format!("/propositions/{}/modifier", p.reference)));
    let form = common::get(
        &app,
        &format!("/propositions/{}/modifier", p.reference),
        Some(&cookie),
    )
    .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains("Modifier la proposition"));
    assert!(!form.text().contains("<script>alert"));

    let response = common::post_form(
        &app,
        EditProposal::PATH,
        Some(&cookie),
        &format!("/propositions/{}/modifier", p.reference),
        &format!(
            "reference={}&version={}&title=Un+titre+sans+danger&body=Le+nouveau+texte.&procedures%5Bcni-pre-demande%5D=on",
            p.reference, p.version
        ),
    )
    .await;
    assert!(response.status.is_redirection(), "{}", response.status);
    let html = common::get(
        &app,
        &format!("/propositions/{}", p.reference),
        Some(&cookie),
    )
    .await
    .text();
    assert!(html.contains("Texte précédent"));
    assert!(
        html.contains("<div class=\"ecoute-markdown\"><p>Le nouveau texte.</p>"),
        "the page shows the new description: {html}"
    );
    assert!(
        html.contains("&lt;script&gt;alert("),
        "the former title is text"
    );
    assert!(!html.contains("<script>alert("));

    // Another organisation's person gets no form.
    let other = signed_in(&test, OTHER_MEMBER).await;
    let refused = common::get(
        &app,
        &format!("/propositions/{}/modifier", p.reference),
        Some(&other),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    test.drop_db().await;
}
