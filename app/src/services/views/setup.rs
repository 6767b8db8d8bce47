//! « Mise en place »: the steps of setting up a body, each with where it
//! stands and the management page that does it — its identity, working
//! groups, procedure catalogue, member organisations and first invitations.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::entities::{organisation, procedure, user, working_group};
use crate::model::{AppError, DemoState, Role, SetupPage, SetupStep};
use crate::services::settings;

/// « Aucun groupe de travail », « 1 groupe de travail », « 3 groupes… ».
fn counted(n: u64, none: &str, one: &str, many: &str) -> String {
    match n {
        0 => none.to_string(),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// The steps of the set-up and where each stands.
pub async fn page(db: &impl ConnectionTrait) -> Result<SetupPage, AppError> {
    let identity_saved = settings::identity_saved(db).await?;
    let identity = settings::identity(db).await?;
    let groups = working_group::Entity::find()
        .filter(working_group::Column::ArchivedAt.is_null())
        .count(db)
        .await?;
    let procedures = procedure::Entity::find()
        .filter(procedure::Column::RetiredAt.is_null())
        .count(db)
        .await?;
    let organisations = organisation::Entity::find()
        .filter(organisation::Column::LeftOn.is_null())
        .count(db)
        .await?;
    let invited = user::Entity::find()
        .filter(user::Column::Role.ne(Role::Admin))
        .count(db)
        .await?;
    let steps = vec![
        SetupStep {
            title: "Identité de l'instance".into(),
            description: "Son nom et son ministère de rattachement, affichés en tête de chaque page et dans chaque courriel.".into(),
            done: identity_saved,
            state: if identity_saved {
                format!("{} — {}", identity.name, identity.ministry_inline())
            } else {
                "Pas encore définie : le nom par défaut est affiché".into()
            },
            href: "/admin/identite".into(),
            action: "Définir l'identité".into(),
        },
        SetupStep {
            title: "Groupes de travail".into(),
            description: "Les groupes qui instruisent les propositions, avec leur mandat et leur pilote.".into(),
            done: groups > 0,
            state: counted(
                groups,
                "Aucun groupe de travail",
                "groupe de travail",
                "groupes de travail",
            ),
            href: "/groupes".into(),
            action: "Gérer les groupes de travail".into(),
        },
        SetupStep {
            title: "Catalogue des démarches".into(),
            description: "Les démarches en ligne sur lesquelles portent les propositions, classées par famille ; un catalogue de départ se charge en un clic.".into(),
            done: procedures > 0,
            state: counted(
                procedures,
                "Aucune démarche au catalogue",
                "démarche en service",
                "démarches en service",
            ),
            href: "/admin/demarches".into(),
            action: "Gérer le catalogue".into(),
        },
        SetupStep {
            title: "Organisations membres".into(),
            description: "Les associations d'usagers et les partenaires administratifs qui siègent à l'instance.".into(),
            done: organisations > 0,
            state: counted(
                organisations,
                "Aucune organisation membre",
                "organisation membre",
                "organisations membres",
            ),
            href: "/membres".into(),
            action: "Gérer les membres".into(),
        },
        SetupStep {
            title: "Premières invitations".into(),
            description: "Les pilotes des groupes et les représentants des organisations, invités par courriel à créer leur mot de passe.".into(),
            done: invited > 0,
            state: counted(
                invited,
                "Personne n'est encore invité",
                "personne invitée",
                "personnes invitées",
            ),
            href: "/admin/comptes".into(),
            action: "Inviter des personnes".into(),
        },
    ];
    Ok(SetupPage {
        steps,
        demo: DemoState::default(),
    })
}

/// Whether every step of the set-up is done.
pub async fn complete(db: &impl ConnectionTrait) -> Result<bool, AppError> {
    Ok(page(db).await?.steps.iter().all(|s| s.done))
}
