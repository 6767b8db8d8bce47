//! Every server function, called over HTTP by every role: allowed where
//! DESIGN.md's roles table allows, refused (and audited) everywhere else.

use crate::common;

use app::entities::{
    action, audit_event, meeting, meeting_invitation, minutes, organisation, proposal, user,
    working_group,
};
use app::model::{AppError, Role, INDICATOR_UPLOAD_PATH};
use app::services::{accounts::passwords, accounts::sessions};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::Utc;
use http_body_util::BodyExt;
use leptos::server_fn::ServerFn;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use tower::ServiceExt;

use app::api::{
    account, actions, admin, campaigns, catalogue, dashboard, groups, indicators, instance,
    meetings, members, procedures, proposals, setup,
};

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Who {
    Anonymous,
    Member,
    Lead,
    Admin,
}

pub(crate) const EVERYONE: &[Who] = &[Who::Anonymous, Who::Member, Who::Lead, Who::Admin];

pub(crate) async fn person(test: &common::TestDb, role: Role, email: &str) -> (i32, String) {
    let organisation = organisation::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .unwrap();
    let now = Utc::now();
    let created = user::ActiveModel {
        email: Set(email.to_string()),
        name: Set(email.to_string()),
        role: Set(role),
        organisation_id: Set(Some(organisation.id)),
        password_hash: Set(Some(
            passwords::hash("une phrase de passe solide".into())
                .await
                .unwrap(),
        )),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&test.db)
    .await
    .unwrap();
    let token = sessions::start(&test.db, created.id, None, None, now)
        .await
        .unwrap();
    (created.id, format!("ecoute_session={token}"))
}

/// Calls a server function as a script would, and returns its error if any.
pub(crate) async fn call(
    app: &axum::Router,
    path: &str,
    cookie: Option<&str>,
    body: &str,
) -> Result<(), AppError> {
    let mut request = Request::post(path)
        .header(header::ORIGIN, common::PUBLIC_URL)
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let failed = response.headers().contains_key("serverfnerror");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    if failed {
        Err(serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("{path}: {}", String::from_utf8_lossy(&bytes))))
    } else {
        Ok(())
    }
}

#[tokio::test]
async fn every_server_function_enforces_the_roles() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let (_, member) = person(&test, Role::Member, "membre@exemple.fr").await;
    let (lead_id, lead) = person(&test, Role::Lead, "pilote@exemple.fr").await;
    let (_, admin_cookie) = person(&test, Role::Admin, "admin@exemple.fr").await;
    let invitee = user::Entity::find()
        .filter(user::Column::PasswordHash.is_null())
        .one(&test.db)
        .await
        .unwrap()
        .expect("a demo person without a password")
        .id;
    let organisation = organisation::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let published = minutes::Entity::find()
        .filter(minutes::Column::Status.eq(app::model::MinutesStatus::Published))
        .one(&test.db)
        .await
        .unwrap()
        .expect("published minutes in the demo")
        .meeting_id;
    let attendee = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(published))
        .one(&test.db)
        .await
        .unwrap()
        .expect("an invitee of that meeting")
        .user_id;
    let upcoming = meeting::Entity::find()
        .filter(meeting::Column::StartsAt.gt(Utc::now()))
        .one(&test.db)
        .await
        .unwrap()
        .expect("an upcoming meeting in the demo")
        .id;
    // The demo's answer links are held by no one (only their hash is
    // stored): this one is given a link the test holds.
    let upcoming_token = "un-lien-de-reponse-pour-le-test-0123456789".to_string();
    let invitation = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::MeetingId.eq(upcoming))
        .one(&test.db)
        .await
        .unwrap()
        .expect("an invitation to the upcoming meeting");
    let mut holder: meeting_invitation::ActiveModel = invitation.into();
    holder.token = Set(sessions::token_hash(&upcoming_token));
    holder.update(&test.db).await.unwrap();
    let group_slug = working_group::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .slug;
    let demo_action = action::Entity::find()
        .filter(action::Column::WorkingGroupId.is_not_null())
        .one(&test.db)
        .await
        .unwrap()
        .expect("a demo action of a working group")
        .id;
    // Public proposals being worked on, not of the test people's
    // organisation (so that they may support them): one per triage call, so
    // that each admin call is based on the current version.
    let open: Vec<proposal::Model> = proposal::Entity::find()
        .filter(proposal::Column::Status.is_in([
            app::model::ProposalStatus::EnInstruction,
            app::model::ProposalStatus::Retenue,
            app::model::ProposalStatus::EnCours,
        ]))
        .filter(proposal::Column::OrganisationId.ne(organisation))
        .order_by_asc(proposal::Column::Id)
        .all(&test.db)
        .await
        .unwrap();
    assert!(open.len() >= 4, "demo proposals being worked on");
    let reference = |i: usize| open[i].reference.clone();
    let version = |i: usize| open[i].version;
    let cookie = |who: Who| match who {
        Who::Anonymous => None,
        Who::Member => Some(member.as_str()),
        Who::Lead => Some(lead.as_str()),
        Who::Admin => Some(admin_cookie.as_str()),
    };

    let public: Vec<(&str, String)> = vec![
        (instance::LoadHome::PATH, String::new()),
        (instance::PlenarySessions::PATH, String::new()),
        (groups::WorkingGroups::PATH, String::new()),
        (members::MemberDirectory::PATH, String::new()),
        (procedures::ProcedureCatalogue::PATH, String::new()),
        (
            proposals::ProposalBacklog::PATH,
            "query=statut%3Dretenue%26tri%3Dsoutiens".into(),
        ),
        (
            procedures::ProcedureDetail::PATH,
            "slug=cni-pre-demande".into(),
        ),
        (campaigns::TestCampaigns::PATH, String::new()),
        (
            campaigns::TestCampaign::PATH,
            "slug=tests-cergy-2019".into(),
        ),
        (account::WhoAmI::PATH, String::new()),
        (setup::LoadIdentity::PATH, String::new()),
        (meetings::LoadMeeting::PATH, format!("id={upcoming}")),
        (groups::LoadGroup::PATH, format!("slug={group_slug}")),
        (
            members::LoadOrganisation::PATH,
            "slug=familles-de-france".into(),
        ),
        (meetings::LoadMinutes::PATH, format!("id={published}")),
        (
            meetings::InvitationAnswer::PATH,
            format!("token={upcoming_token}"),
        ),
        (
            meetings::AnswerInvitation::PATH,
            format!("token={upcoming_token}&response=present"),
        ),
        (
            proposals::LoadProposal::PATH,
            format!("reference={}", reference(0)),
        ),
    ];
    let signed_in: Vec<(&str, String)> =
        vec![
        (account::MySessions::PATH, String::new()),
        (meetings::MyCalendar::PATH, String::new()),
        (dashboard::MyDashboard::PATH, String::new()),
        (dashboard::MyNoticeSettings::PATH, String::new()),
        (
            dashboard::SaveNoticePreferences::PATH,
            "action_assigned=daily".into(),
        ),
        (meetings::RenewCalendar::PATH, String::new()),
        (meetings::PreviewMarkdown::PATH, "body=%23+Titre".into()),
        (proposals::ProposalForm::PATH, String::new()),
        (
            proposals::SubmitProposal::PATH,
            "title=Un+titre&body=Un+texte&procedures%5Bcni-pre-demande%5D=on&origin=association"
                .into(),
        ),
        (proposals::SupportProposal::PATH, format!("reference={}", reference(0))),
        (proposals::WithdrawSupport::PATH, format!("reference={}", reference(0))),
        (
            proposals::CommentProposal::PATH,
            format!("reference={}&body=Merci", reference(0)),
        ),
    ];
    let admin_only: Vec<(&str, String)> = vec![
        (admin::ListAccounts::PATH, String::new()),
        (admin::AuditJournal::PATH, "person=&kind=&page=1".into()),
        (
            admin::ChangeRole::PATH,
            format!("user_id={lead_id}&role=lead"),
        ),
        (
            admin::SetAccountActive::PATH,
            format!("user_id={lead_id}&active=true"),
        ),
        (admin::Reinvite::PATH, format!("user_id={invitee}")),
        (
            admin::InvitePerson::PATH,
            format!(
                "email=nouvelle%40exemple.fr&name=Nouvelle&role=member&organisation={organisation}"
            ),
        ),
        (meetings::MeetingForm::PATH, String::new()),
        (meetings::MeetingForm::PATH, format!("id={upcoming}")),
        (
            meetings::SaveMeeting::PATH,
            "plenary=true&title=S%C3%A9ance&ordinal=12&date=2099-07-02&time=14%3A00\
             &duration_minutes=120&place=Beauvau&video_url=&agenda=1.+Accueil"
                .into(),
        ),
        (meetings::ConveneMeeting::PATH, format!("id={upcoming}")),
        (
            meetings::RecordAttendance::PATH,
            format!("id={published}&presence%5Bu{attendee}%5D=present"),
        ),
        (
            meetings::SaveMinutes::PATH,
            format!("id={upcoming}&based_on=0&body=%23+Compte+rendu"),
        ),
        (meetings::PublishMinutes::PATH, format!("id={upcoming}")),
        (
            meetings::CompareRevisions::PATH,
            format!("id={upcoming}&from=1&to=1"),
        ),
        (
            actions::AddAction::PATH,
            format!(
                "meeting_id={published}&title=Suivi&owner=Julien+Garnier&due_on=2099-01-31\
                 &description=&proposal_reference="
            ),
        ),
        (
            actions::SetActionStatus::PATH,
            format!("action_id={demo_action}&status=in_progress&back=%2F"),
        ),
        (meetings::CancelMeeting::PATH, format!("id={upcoming}")),
        (members::OrganisationForm::PATH, String::new()),
        (
            members::SaveOrganisation::PATH,
            "name=Nouvelle+association&kind=association&joined_on=2024-01-01".into(),
        ),
        (
            members::EndMembership::PATH,
            "slug=unapei&left_on=2099-01-01".into(),
        ),
        (
            groups::SaveGroup::PATH,
            "slug=acces-au-plus-grand-nombre&title=Acc%C3%A8s+au+plus+grand+nombre&mandate=&lead_user_id="
                .into(),
        ),
        (
            groups::AddGroupMember::PATH,
            "slug=acces-au-plus-grand-nombre&organisation=faf&joined_on=2099-01-01".into(),
        ),
        (
            groups::EndGroupMember::PATH,
            "slug=acces-au-plus-grand-nombre&organisation=dmat&left_on=2099-01-01".into(),
        ),
        (
            proposals::ChangeProposalStatus::PATH,
            format!(
                "reference={}&version={}&status={}&reason=&kept=",
                reference(1),
                version(1),
                open[1].status.next()[0].code()
            ),
        ),
        (
            proposals::AssignProposal::PATH,
            format!(
                "reference={}&version={}&group=acces-au-plus-grand-nombre&priority=high",
                reference(2),
                version(2)
            ),
        ),
        (
            proposals::LinkProposalMeeting::PATH,
            format!(
                "reference={}&version={}&meeting_id={published}&note=",
                reference(3),
                version(3)
            ),
        ),
        (
            proposals::AddProposalAction::PATH,
            format!(
                "reference={}&title=Suivi&owner=Julien+Garnier&due_on=2099-01-31",
                reference(0)
            ),
        ),
        (setup::LoadSetup::PATH, String::new()),
        (setup::IdentityForm::PATH, String::new()),
        (
            setup::SaveIdentity::PATH,
            "name=Instance+des+usagers&ministry=Minist%C3%A8re%0Ade+l%27Int%C3%A9rieur".into(),
        ),
        (groups::NewGroupForm::PATH, String::new()),
        (
            groups::CreateGroup::PATH,
            "title=Accueil+t%C3%A9l%C3%A9phonique&mandate=&lead_user_id=".into(),
        ),
        (
            groups::ArchiveGroup::PATH,
            "slug=handicap-et-accessibilite&archived=true".into(),
        ),
        (catalogue::LoadCatalogue::PATH, String::new()),
        (
            catalogue::CreateFamily::PATH,
            "name=Titres+de+s%C3%A9jour".into(),
        ),
        (
            catalogue::RenameFamily::PATH,
            "slug=autre&name=Autres+d%C3%A9marches+en+ligne".into(),
        ),
        (
            catalogue::MoveFamily::PATH,
            "slug=autre&direction=haut".into(),
        ),
        (catalogue::RetireFamily::PATH, "slug=autre&retired=true".into()),
        (catalogue::ProcedureForm::PATH, String::new()),
        (
            catalogue::SaveProcedure::PATH,
            "family=permis&name=Permis+%C3%A0+points".into(),
        ),
        (
            catalogue::MoveProcedure::PATH,
            "slug=permis-perte&direction=bas".into(),
        ),
        (
            catalogue::RetireProcedure::PATH,
            "slug=permis-international&retired=true".into(),
        ),
        (campaigns::CampaignForm::PATH, String::new()),
        (
            campaigns::SaveCampaign::PATH,
            "title=Tests+%C3%A0+Lille&site=Pr%C3%A9fecture+du+Nord&held_on=2024-05-02\
             &audience=Dix+usagers&procedures%5Bcni-pre-demande%5D=on"
                .into(),
        ),
        (
            campaigns::CloseCampaign::PATH,
            "slug=tests-cergy-2019&closed=true".into(),
        ),
        (indicators::LoadIndicatorAdmin::PATH, String::new()),
        (
            indicators::RecordIndicator::PATH,
            "procedure=passeport-pre-demande&kind=satisfaction&measured_on=2024-03-31\
             &value=7%2C1&source=Observatoire"
                .into(),
        ),
        (indicators::DeleteIndicator::PATH, "id=1".into()),
        // The file the secretariat's upload below kept, the first.
        (indicators::IndicatorImportReport::PATH, "id=1".into()),
        (indicators::ApplyIndicatorImport::PATH, "id=1".into()),
        // Last: it takes the demo body away.
        (setup::RemoveDemo::PATH, String::new()),
    ];

    let mut refusals = 0;
    for who in EVERYONE {
        for (path, body) in &public {
            let result = call(&app, path, cookie(*who), body).await;
            assert!(result.is_ok(), "{who:?} refused {path}: {result:?}");
        }
        for (path, body) in &signed_in {
            let result = call(&app, path, cookie(*who), body).await;
            if *who == Who::Anonymous {
                assert_eq!(result, Err(AppError::Unauthenticated), "{who:?} {path}");
            } else {
                assert!(result.is_ok(), "{who:?} refused {path}: {result:?}");
            }
        }
        // The indicators' file, sent as a form of its own (multipart).
        let uploaded = common::post_multipart(
            &app,
            INDICATOR_UPLOAD_PATH,
            cookie(*who),
            "/admin/indicateurs/import",
            &[(
                "fichier",
                Some("indicateurs.csv"),
                b"demarche;indicateur;date;valeur;source\ncni-pre-demande;duree;2024-03-31;14;Observatoire\n",
            )],
        )
        .await;
        let expected = match who {
            Who::Anonymous => StatusCode::UNAUTHORIZED,
            Who::Member | Who::Lead => StatusCode::FORBIDDEN,
            Who::Admin => StatusCode::SEE_OTHER,
        };
        assert_eq!(uploaded.status, expected, "{who:?} {INDICATOR_UPLOAD_PATH}");
        if matches!(who, Who::Member | Who::Lead) {
            refusals += 1;
        }
        for (path, body) in &admin_only {
            let result = call(&app, path, cookie(*who), body).await;
            match who {
                Who::Anonymous => assert_eq!(result, Err(AppError::Unauthenticated), "{path}"),
                Who::Member | Who::Lead => {
                    assert_eq!(result, Err(AppError::Forbidden), "{who:?} {path}")
                }
                Who::Admin => assert!(result.is_ok(), "admin refused {path}: {result:?}"),
            }
            if matches!(who, Who::Member | Who::Lead) {
                refusals += 1;
            }
        }
    }
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Kind.eq("access.refused"))
        .count(&test.db)
        .await
        .unwrap();
    assert_eq!(
        audited, refusals,
        "every refusal of a signed-in person is in the audit log, none of an anonymous visitor"
    );

    let end_others = call(&app, account::EndOtherSessions::PATH, None, "").await;
    assert_eq!(end_others, Err(AppError::Unauthenticated));
    assert!(
        call(&app, account::EndOtherSessions::PATH, Some(&member), "")
            .await
            .is_ok()
    );
    test.drop_db().await;
}

#[tokio::test]
async fn reserved_pages_send_anonymous_visitors_to_sign_in_and_refuse_members_with_403() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let (_, member) = person(&test, Role::Member, "membre@exemple.fr").await;
    let (_, admin_cookie) = person(&test, Role::Admin, "admin@exemple.fr").await;
    let get = |path: &str, cookie: Option<&str>| {
        let mut request = Request::get(path).header(header::ACCEPT, "text/html");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        app.clone().oneshot(request.body(Body::empty()).unwrap())
    };

    for path in ["/admin/comptes", "/admin/journal", "/compte/sessions"] {
        let anonymous = get(path, None).await.unwrap();
        assert_eq!(anonymous.status().as_u16(), 302, "{path}");
        let location = anonymous.headers()[header::LOCATION].to_str().unwrap();
        assert!(
            location.starts_with("/connexion?retour=%2F")
                || location.starts_with("/connexion?retour=/"),
            "{location}"
        );
    }
    let refused = get("/admin/comptes", Some(&member)).await.unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    let html = String::from_utf8(
        refused
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    assert!(
        html.contains("Vous n&#x27;avez pas les droits")
            || html.contains("Vous n'avez pas les droits")
    );
    assert!(!html.contains("panicked"));

    let allowed = get("/admin/journal", Some(&admin_cookie)).await.unwrap();
    assert_eq!(allowed.status().as_u16(), 200);
    let html = String::from_utf8(
        allowed
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    assert!(html.contains("Journal des actions"));
    assert!(
        html.contains("access.refused"),
        "the refusal above is in the journal"
    );
    test.drop_db().await;
}

#[tokio::test]
async fn refusals_are_journaled_for_signed_in_people_only_and_a_few_at_a_time() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    let (_, member) = person(&test, Role::Member, "membre@exemple.fr").await;
    let refused = || async {
        audit_event::Entity::find()
            .filter(audit_event::Column::Kind.eq("access.refused"))
            .count(&test.db)
            .await
            .unwrap()
    };
    for _ in 0..30 {
        let anonymous = common::get(&app, "/tableau-de-bord", None).await;
        assert_eq!(anonymous.status.as_u16(), 302);
        assert_eq!(
            call(&app, admin::ListAccounts::PATH, None, "").await,
            Err(AppError::Unauthenticated)
        );
    }
    assert_eq!(
        refused().await,
        0,
        "an anonymous visitor is no security event"
    );
    for _ in 0..30 {
        assert_eq!(
            call(&app, admin::ListAccounts::PATH, Some(&member), "").await,
            Err(AppError::Forbidden)
        );
    }
    assert_eq!(
        refused().await,
        5,
        "five of the same refusal in ten minutes"
    );
    assert_eq!(
        call(
            &app,
            admin::AuditJournal::PATH,
            Some(&member),
            "person=&kind=&page=1"
        )
        .await,
        Err(AppError::Forbidden)
    );
    assert_eq!(refused().await, 6, "another kind of refusal is journaled");
    test.drop_db().await;
}
