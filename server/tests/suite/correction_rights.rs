//! The server functions of everyday corrections, called over HTTP by every
//! role: allowed to the people who may (the secretariat, the organisers, a
//! proposal's organisation, each person for their own account, the holder
//! of a link), refused and audited for everyone else.

use crate::authorization::{call, person, Who, EVERYONE};
use crate::common::{self, mails_to};
use crate::meeting_corrections::group_meeting;

use app::api::{actions, meetings, members, profiles, proposals};
use app::entities::{audit_event, meeting, minutes, proposal};
use app::model::{AppError, MeetingStatus, MinutesStatus, Role};
use app::services::backlog::submissions::{self, Submission};
use app::services::backlog::triage;
use app::services::body::actions::ActionForm;
use app::services::body::invitees;
use chrono::Utc;
use leptos::server_fn::ServerFn;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const PUBLIC: &str = common::PUBLIC_URL;
const MARIE: &str = "marie.lefevre@familles-de-france.example";
const PATRICK: &str = "patrick.durand@secourspopulaire.example";

/// A proposal of Secours populaire, still « déposée ».
async fn proposal_of_patrick(test: &common::TestDb, title: &str) -> proposal::Model {
    let patrick = common::demo_person(test, PATRICK).await;
    submissions::submit(
        &test.db,
        &patrick,
        Submission {
            title: title.into(),
            body: "Une description.".into(),
            procedures: vec!["cni-pre-demande".into()],
            origin: "association".into(),
            group: "simplification-des-demarches".into(),
            ..Default::default()
        },
        PUBLIC,
        None,
        Utc::now(),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn every_correction_is_refused_to_the_wrong_people_and_the_refusal_audited() {
    let test = common::with_demo().await;
    let site = tempfile::tempdir().unwrap();
    let app = common::router(&test, site.path());
    // The test people belong to the first organisation, not to Secours
    // populaire, and the lead leads no group.
    let (_, member) = person(&test, Role::Member, "membre@exemple.fr").await;
    let (_, lead) = person(&test, Role::Lead, "pilote@exemple.fr").await;
    let (_, admin) = person(&test, Role::Admin, "admin@exemple.fr").await;
    let cookie = |who: Who| match who {
        Who::Anonymous => None,
        Who::Member => Some(member.as_str()),
        Who::Lead => Some(lead.as_str()),
        Who::Admin => Some(admin.as_str()),
    };
    let julien = common::demo_person(&test, "julien.garnier@ants.example").await;
    let helene = common::demo_person(&test, "helene.marchand@interieur.example").await;
    let marie = common::demo_person(&test, MARIE).await;
    let patrick = common::demo_person(&test, PATRICK).await;
    let now = Utc::now();

    let edited = proposal_of_patrick(&test, "À corriger").await;
    let withdrawn = proposal_of_patrick(&test, "À retirer").await;
    let triaged = proposal_of_patrick(&test, "À instruire").await;
    let action = triage::record_action(
        &test.db,
        &julien,
        &triaged.reference,
        ActionForm {
            title: "Suivre".into(),
            owner: marie.email.clone(),
            due_on: "2099-01-31".into(),
            description: String::new(),
            proposal_reference: String::new(),
        },
        PUBLIC,
        None,
    )
    .await
    .unwrap();
    let meeting_id = group_meeting(&test, &julien, true).await.id;
    invitees::invite_guest(
        &test.db,
        &julien,
        meeting_id,
        "invitee@exemple.fr",
        "Invitée",
        PUBLIC,
        None,
        now,
    )
    .await
    .unwrap();
    let guest_mail = mails_to(&test, "invitee@exemple.fr").await.pop().unwrap();
    let guest_token = common::link_token(&guest_mail.body_text, "/reunions/invite/");
    let guest_id = app::entities::meeting_guest::Entity::find()
        .one(&test.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let held = minutes::Entity::find()
        .filter(minutes::Column::Status.eq(MinutesStatus::Published))
        .one(&test.db)
        .await
        .unwrap()
        .expect("published minutes in the demo")
        .meeting_id;
    assert_eq!(
        meeting::Entity::find_by_id(held)
            .one(&test.db)
            .await
            .unwrap()
            .unwrap()
            .status,
        MeetingStatus::Held
    );
    app::services::accounts::profiles::request_email_change(
        &test.db,
        &helene,
        patrick.id,
        "patrick@nouvelle.fr",
        &Default::default(),
        PUBLIC,
        now,
    )
    .await
    .unwrap();
    let change_mail = mails_to(&test, "patrick@nouvelle.fr").await.pop().unwrap();
    let change_token = common::link_token(&change_mail.body_text, "/adresse/");

    let public: Vec<(&str, String)> = vec![
        (
            meetings::GuestInvitation::PATH,
            format!("token={guest_token}"),
        ),
        (
            meetings::AnswerAsGuest::PATH,
            format!("token={guest_token}&response=present"),
        ),
        (
            profiles::LoadEmailChange::PATH,
            format!("token={change_token}"),
        ),
    ];
    let signed_in: Vec<(&str, String)> = vec![
        (profiles::LoadMyAccount::PATH, String::new()),
        (
            profiles::UpdateMyAccount::PATH,
            "name=Nom+corrig%C3%A9&title=Fonction".into(),
        ),
    ];
    // For the secretariat only here: the test lead runs no group and the
    // test people are not of Familles de France.
    let secretariat: Vec<(&str, String)> = vec![
        (profiles::LoadAccount::PATH, format!("id={}", marie.id)),
        (
            profiles::UpdateAccount::PATH,
            format!(
                "user_id={}&name=Marie+L.&title=&organisation={}&moved_on=",
                marie.id,
                marie.organisation_id.unwrap()
            ),
        ),
        (
            profiles::ChangeAccountEmail::PATH,
            format!("user_id={}&email=marie%40nouvelle.fr", marie.id),
        ),
        (
            members::RenewMembership::PATH,
            "slug=clcv&joined_on=2022-01-01".into(),
        ),
        (
            members::CorrectMembershipDates::PATH,
            "slug=unaf&joined_on=2017-11-19&left_on=".into(),
        ),
        (
            proposals::ProposalEditForm::PATH,
            format!("reference={}", edited.reference),
        ),
        (
            proposals::EditProposal::PATH,
            format!(
                "reference={}&version={}&title=Corrig%C3%A9&body=Texte&procedures%5Bcni-pre-demande%5D=on",
                edited.reference, edited.version
            ),
        ),
        (
            proposals::WithdrawProposal::PATH,
            format!(
                "reference={}&version={}&reason=Doublon",
                withdrawn.reference, withdrawn.version
            ),
        ),
        (
            proposals::ChangeProposalProcedures::PATH,
            format!(
                "reference={}&version={}&procedures%5Bpasseport-pre-demande%5D=on",
                triaged.reference, triaged.version
            ),
        ),
        (actions::ActionForm::PATH, format!("id={}", action.id)),
        (
            actions::UpdateAction::PATH,
            format!(
                "action_id={}&title=Suivre+de+pr%C3%A8s&owner={}&due_on=2099-02-28",
                action.id, marie.email.replace('@', "%40")
            ),
        ),
        (
            meetings::AddInvitee::PATH,
            format!("id={meeting_id}&person={}", patrick.email.replace('@', "%40")),
        ),
        (
            meetings::RemoveInvitee::PATH,
            format!("id={meeting_id}&user_id={}", patrick.id),
        ),
        (
            meetings::InviteGuest::PATH,
            format!("id={meeting_id}&email=autre%40exemple.fr&name=Autre"),
        ),
        (
            meetings::RemoveGuest::PATH,
            format!("id={meeting_id}&guest_id={guest_id}"),
        ),
        (meetings::LoadAttendance::PATH, format!("id={held}")),
    ];

    let mut refusals = 0;
    for &who in EVERYONE {
        for (path, body) in &public {
            let result = call(&app, path, cookie(who), body).await;
            assert!(result.is_ok(), "{who:?} refused {path}: {result:?}");
        }
        for (path, body) in &signed_in {
            let result = call(&app, path, cookie(who), body).await;
            if who == Who::Anonymous {
                assert_eq!(result, Err(AppError::Unauthenticated), "{path}");
            } else {
                assert!(result.is_ok(), "{who:?} refused {path}: {result:?}");
            }
        }
        for (path, body) in &secretariat {
            let result = call(&app, path, cookie(who), body).await;
            match who {
                Who::Anonymous => assert_eq!(result, Err(AppError::Unauthenticated), "{path}"),
                Who::Member | Who::Lead => {
                    assert_eq!(result, Err(AppError::Forbidden), "{who:?} {path}")
                }
                Who::Admin => assert!(result.is_ok(), "admin refused {path}: {result:?}"),
            }
            // Only signed-in people's refusals are journaled.
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
    assert_eq!(audited, refusals, "every refusal is in the audit log");
    for kind in [
        "account.updated",
        "account.updated_own",
        "account.email_change_requested",
        "organisation.membership_renewed",
        "organisation.membership_dates",
        "proposal.edited",
        "proposal.withdrawn",
        "proposal.procedures",
        "action.updated",
        "meeting.invitee_added",
        "meeting.invitee_removed",
        "meeting.guest_invited",
        "meeting.guest_removed",
        "meeting.guest_answered",
    ] {
        assert!(
            !common::audits(&test, kind).await.is_empty(),
            "{kind} is audited"
        );
    }
    test.drop_db().await;
}
