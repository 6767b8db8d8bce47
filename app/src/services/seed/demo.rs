//! Demo data drawn from the real body: its member organisations, the three
//! working groups, the catalogue of online procedures, the 2019 user tests,
//! the plenary sessions and a backlog of proposals with their histories.
//! Loaded only into an empty database, in one transaction.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use rand::distributions::{Alphanumeric, DistString};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, Set, SqlErr, TransactionTrait,
};

use crate::entities::{
    action, meeting, meeting_invitation, minutes, minutes_revision, organisation, procedure,
    proposal, proposal_event, proposal_procedure, proposal_support, reference_counter,
    test_campaign, test_campaign_procedure, user, working_group, working_group_member,
};
use crate::model::{
    ActionStatus, Attendance, Document, InvitationResponse, MeetingKind, MeetingStatus,
    MinutesStatus, OrganisationKind, Origin, Priority, ProposalEventKind, ProposalStatus, Role,
};

/// What was loaded, for the command line to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedOutcome {
    Loaded {
        organisations: usize,
        proposals: usize,
    },
    SkippedNotEmpty,
}

/// Loads the demo body into an empty database, in one transaction. Does nothing
/// (SkippedNotEmpty) if any organisation, user, meeting or proposal exists:
/// demo data never goes over real data.
pub async fn seed(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<SeedOutcome, DbErr> {
    let txn = db.begin().await?;
    if has_data(&txn).await? {
        txn.rollback().await?;
        return Ok(SeedOutcome::SkippedNotEmpty);
    }
    match load(&txn, now).await {
        Ok(outcome) => {
            txn.commit().await?;
            Ok(outcome)
        }
        Err(err) => {
            txn.rollback().await?;
            // Several app servers starting together: the one that loses the
            // race on a unique key finds the others' data and steps aside.
            let raced = matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)));
            if raced && has_data(db).await? {
                Ok(SeedOutcome::SkippedNotEmpty)
            } else {
                Err(err)
            }
        }
    }
}

async fn has_data(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    Ok(organisation::Entity::find().one(db).await?.is_some()
        || user::Entity::find().one(db).await?.is_some()
        || meeting::Entity::find().one(db).await?.is_some()
        || proposal::Entity::find().one(db).await?.is_some())
}

async fn load(txn: &DatabaseTransaction, now: DateTime<Utc>) -> Result<SeedOutcome, DbErr> {
    let mut ids = Ids::default();
    insert_organisations(txn, &mut ids).await?;
    insert_users(txn, &mut ids).await?;
    insert_working_groups(txn, &mut ids).await?;
    insert_procedures(txn, &mut ids).await?;
    insert_test_campaigns(txn, &mut ids).await?;
    insert_meetings(txn, &mut ids, now).await?;
    insert_invitations(txn, &ids).await?;
    insert_minutes(txn, &ids).await?;
    let proposals = insert_proposals(txn, &ids).await?;
    let actions = insert_actions(txn, &ids, &proposals).await?;
    insert_proposal_events(txn, &ids, &proposals, &actions).await?;
    Ok(SeedOutcome::Loaded {
        organisations: ORGANISATIONS.len(),
        proposals: proposals.len(),
    })
}

// ---------------------------------------------------------------------------
// Time helpers: every date of the body is written in Paris local time.

/// A Paris local date and time: year, month, day, hour, minute.
type At = (i32, u32, u32, u32, u32);

/// A calendar date: year, month, day.
type Ymd = (i32, u32, u32);

/// The day the secretary general set the body up.
const FOUNDED: Ymd = (2017, 11, 20);

fn date((year, month, day): Ymd) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("valid demo date")
}

fn local(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let naive = day.and_hms_opt(hour, minute, 0).expect("valid demo time");
    Paris
        .from_local_datetime(&naive)
        .earliest()
        .expect("demo time exists in Paris")
        .with_timezone(&Utc)
}

fn paris((year, month, day, hour, minute): At) -> DateTime<Utc> {
    local(date((year, month, day)), hour, minute)
}

/// When a record was entered: two weeks before the membership it describes.
fn registered(joined_on: NaiveDate) -> DateTime<Utc> {
    local(joined_on - Duration::days(14), 9, 0)
}

// ---------------------------------------------------------------------------
// Identifiers of what was inserted, by the keys the data tables use.

#[derive(Default)]
struct Ids {
    organisations: HashMap<&'static str, i32>,
    /// User key → (user id, organisation id).
    users: HashMap<&'static str, (i32, i32)>,
    /// Group number → group id.
    groups: HashMap<i32, i32>,
    procedures: HashMap<&'static str, i32>,
    campaigns: HashMap<&'static str, i32>,
    meetings: HashMap<&'static str, meeting::Model>,
}

impl Ids {
    fn user(&self, key: &str) -> i32 {
        self.users[key].0
    }

    fn organisation_of(&self, key: &str) -> i32 {
        self.users[key].1
    }
}

/// Inserts rows whose generated ids are not needed, in one statement.
async fn insert_all<A>(txn: &DatabaseTransaction, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    if !rows.is_empty() {
        <A::Entity as EntityTrait>::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Organisations

struct OrganisationSeed {
    slug: &'static str,
    name: &'static str,
    short_name: Option<&'static str>,
    kind: OrganisationKind,
    description: &'static str,
    website: Option<&'static str>,
    joined_on: Ymd,
    left_on: Option<Ymd>,
}

const ORGANISATIONS: &[OrganisationSeed] = &[
    OrganisationSeed {
        slug: "familles-de-france",
        name: "Familles de France",
        short_name: None,
        kind: OrganisationKind::Association,
        description: "Fédération nationale d'associations familiales, reconnue d'utilité publique. Elle représente les familles et relaie leurs difficultés dans les démarches administratives.",
        website: Some("https://www.familles-de-france.org"),
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "secours-populaire",
        name: "Secours populaire français",
        short_name: Some("SPF"),
        kind: OrganisationKind::Association,
        description: "Association de solidarité reconnue d'utilité publique. Ses bénévoles accompagnent dans leurs démarches des personnes en situation de précarité, souvent éloignées du numérique.",
        website: Some("https://www.secourspopulaire.fr"),
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "papillons-blancs-paris",
        name: "Association les Papillons Blancs de Paris",
        short_name: Some("Papillons Blancs de Paris"),
        kind: OrganisationKind::Association,
        description: "Association de parents et d'amis de personnes en situation de handicap intellectuel, membre de l'Unapei. Elle accompagne des adultes dans leur vie quotidienne, y compris leurs démarches.",
        website: None,
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "unaf",
        name: "Union nationale des associations familiales",
        short_name: Some("UNAF"),
        kind: OrganisationKind::Association,
        description: "Institution chargée par la loi de représenter l'ensemble des familles auprès des pouvoirs publics.",
        website: Some("https://www.unaf.fr"),
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "apf-france-handicap",
        name: "APF France handicap",
        short_name: None,
        kind: OrganisationKind::Association,
        description: "Association de défense et de représentation des personnes en situation de handicap et de leurs proches.",
        website: Some("https://www.apf-francehandicap.org"),
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "faf",
        name: "Fédération des aveugles et amblyopes de France",
        short_name: Some("FAF"),
        kind: OrganisationKind::Association,
        description: "Fédération d'associations de personnes aveugles et malvoyantes. Elle veille à l'accessibilité numérique des services publics.",
        website: Some("https://aveuglesdefrance.org"),
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "emmaus-connect",
        name: "Emmaüs Connect",
        short_name: None,
        kind: OrganisationKind::Association,
        description: "Association du mouvement Emmaüs qui agit pour l'inclusion numérique : accès à l'équipement, à la connexion et aux compétences numériques.",
        website: Some("https://emmaus-connect.org"),
        joined_on: (2018, 6, 26),
        left_on: None,
    },
    OrganisationSeed {
        slug: "ufc-que-choisir",
        name: "UFC-Que Choisir",
        short_name: None,
        kind: OrganisationKind::Association,
        description: "Association de consommateurs. Elle signale notamment les sites privés qui font payer des démarches gratuites.",
        website: Some("https://www.quechoisir.org"),
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "unapei",
        name: "Union nationale des associations de parents, de personnes handicapées mentales et de leurs amis",
        short_name: Some("Unapei"),
        kind: OrganisationKind::Association,
        description: "Fédération d'associations de personnes en situation de handicap intellectuel et de leurs familles. Elle promeut le français facile à lire et à comprendre (FALC).",
        website: Some("https://www.unapei.org"),
        joined_on: (2019, 3, 5),
        left_on: None,
    },
    OrganisationSeed {
        slug: "clcv",
        name: "Consommation, logement et cadre de vie",
        short_name: Some("CLCV"),
        kind: OrganisationKind::Association,
        description: "Association nationale de consommateurs et d'usagers. Membre fondateur, elle a quitté l'instance à la fin de l'année 2019.",
        website: Some("https://www.clcv.org"),
        joined_on: FOUNDED,
        left_on: Some((2019, 12, 31)),
    },
    OrganisationSeed {
        slug: "secretariat-general",
        name: "Secrétariat général du ministère de l'Intérieur",
        short_name: Some("Secrétariat général"),
        kind: OrganisationKind::Partner,
        description: "Assure le secrétariat de l'instance d'écoute : convocations, comptes rendus et suivi des propositions.",
        website: Some("https://www.interieur.gouv.fr"),
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "ants",
        name: "Agence nationale des titres sécurisés",
        short_name: Some("ANTS"),
        kind: OrganisationKind::Partner,
        description: "Établissement public qui conçoit et opère les démarches en ligne des quatre titres : carte d'identité, passeport, permis de conduire et certificat d'immatriculation.",
        website: Some("https://ants.gouv.fr"),
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "dmat",
        name: "Direction de la modernisation et de l'action territoriale",
        short_name: Some("DMAT"),
        kind: OrganisationKind::Partner,
        description: "Direction du ministère qui pilote le réseau des préfectures et le plan préfectures nouvelle génération (PPNG).",
        website: None,
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "dsr",
        name: "Délégation à la sécurité routière",
        short_name: Some("DSR"),
        kind: OrganisationKind::Partner,
        description: "Délégation chargée de la politique de sécurité routière, responsable de la réglementation du permis de conduire.",
        website: Some("https://www.securite-routiere.gouv.fr"),
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "prefecture-val-d-oise",
        name: "Préfecture du Val-d'Oise (Cergy)",
        short_name: Some("Préfecture du Val-d'Oise"),
        kind: OrganisationKind::Partner,
        description: "Préfecture dotée d'un point numérique animé par des médiateurs. Site de tests utilisateurs en 2019.",
        website: Some("https://www.val-doise.gouv.fr"),
        joined_on: (2019, 1, 15),
        left_on: None,
    },
    OrganisationSeed {
        slug: "prefecture-loiret",
        name: "Préfecture du Loiret (Orléans)",
        short_name: Some("Préfecture du Loiret"),
        kind: OrganisationKind::Partner,
        description: "Préfecture dotée d'un point numérique. Site de tests utilisateurs du permis de conduire en 2019.",
        website: Some("https://www.loiret.gouv.fr"),
        joined_on: (2019, 1, 15),
        left_on: None,
    },
    OrganisationSeed {
        slug: "prefecture-aisne",
        name: "Préfecture de l'Aisne (Laon)",
        short_name: Some("Préfecture de l'Aisne"),
        kind: OrganisationKind::Partner,
        description: "Préfecture d'un département rural, dotée d'un point numérique. Site de tests utilisateurs en 2019.",
        website: Some("https://www.aisne.gouv.fr"),
        joined_on: (2019, 1, 15),
        left_on: None,
    },
    OrganisationSeed {
        slug: "prefecture-aube",
        name: "Préfecture de l'Aube (Troyes)",
        short_name: Some("Préfecture de l'Aube"),
        kind: OrganisationKind::Partner,
        description: "Préfecture dotée d'un point numérique. Site de tests utilisateurs de la carte d'identité et du passeport en 2019.",
        website: Some("https://www.aube.gouv.fr"),
        joined_on: (2019, 1, 15),
        left_on: None,
    },
    OrganisationSeed {
        slug: "prefecture-seine-maritime",
        name: "Préfecture de la Seine-Maritime (Rouen)",
        short_name: Some("Préfecture de la Seine-Maritime"),
        kind: OrganisationKind::Partner,
        description: "Préfecture dotée d'un point numérique. Site de tests utilisateurs du permis de conduire et de la carte grise en 2019.",
        website: Some("https://www.seine-maritime.gouv.fr"),
        joined_on: (2019, 1, 15),
        left_on: None,
    },
    OrganisationSeed {
        slug: "sous-prefecture-saint-quentin",
        name: "Sous-préfecture de Saint-Quentin",
        short_name: None,
        kind: OrganisationKind::Partner,
        description: "Sous-préfecture de l'Aisne dotée d'un point numérique. Site de tests utilisateurs en 2019.",
        website: None,
        joined_on: (2019, 1, 15),
        left_on: None,
    },
    OrganisationSeed {
        slug: "la-poste",
        name: "La Poste",
        short_name: None,
        kind: OrganisationKind::Partner,
        description: "Partenaire de l'accompagnement au numérique dans les bureaux de poste, notamment en zone rurale.",
        website: Some("https://www.laposte.fr"),
        joined_on: FOUNDED,
        left_on: None,
    },
    OrganisationSeed {
        slug: "france-services",
        name: "Maisons France services (ex-MSAP)",
        short_name: Some("France services"),
        kind: OrganisationKind::Partner,
        description: "Réseau de guichets de proximité, héritier des maisons de services au public (MSAP), où des conseillers aident les usagers dans leurs démarches en ligne.",
        website: None,
        joined_on: FOUNDED,
        left_on: None,
    },
];

async fn insert_organisations(txn: &DatabaseTransaction, ids: &mut Ids) -> Result<(), DbErr> {
    for seed in ORGANISATIONS {
        let joined_on = date(seed.joined_on);
        let left_on = seed.left_on.map(date);
        let created_at = registered(joined_on);
        let saved = organisation::ActiveModel {
            slug: Set(seed.slug.to_string()),
            name: Set(seed.name.to_string()),
            short_name: Set(seed.short_name.map(str::to_string)),
            kind: Set(seed.kind),
            description: Set(seed.description.to_string()),
            website: Set(seed.website.map(str::to_string)),
            joined_on: Set(joined_on),
            left_on: Set(left_on),
            created_at: Set(created_at),
            updated_at: Set(left_on.map_or(created_at, |day| local(day, 9, 0))),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.organisations.insert(seed.slug, saved.id);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Users: invited later, so none has a password yet.

/// Key, name, e-mail, role, organisation slug, title.
const USERS: &[(&str, &str, &str, Role, &str, &str)] = &[
    (
        "marchand",
        "Hélène Marchand",
        "helene.marchand@interieur.example",
        Role::Admin,
        "secretariat-general",
        "Chargée de mission, secrétariat de l'instance d'écoute",
    ),
    (
        "lambert",
        "Sophie Lambert",
        "sophie.lambert@interieur.example",
        Role::Lead,
        "dmat",
        "Cheffe du bureau de l'accueil des usagers, pilote du groupe 1",
    ),
    (
        "garnier",
        "Julien Garnier",
        "julien.garnier@ants.example",
        Role::Lead,
        "ants",
        "Responsable de l'expérience usagers, pilote du groupe 2",
    ),
    (
        "rousseau",
        "Nathalie Rousseau",
        "nathalie.rousseau@apf-francehandicap.example",
        Role::Lead,
        "apf-france-handicap",
        "Chargée de mission accessibilité, pilote du groupe 3",
    ),
    (
        "lefevre",
        "Marie Lefèvre",
        "marie.lefevre@familles-de-france.example",
        Role::Member,
        "familles-de-france",
        "Administratrice nationale",
    ),
    (
        "durand",
        "Patrick Durand",
        "patrick.durand@secourspopulaire.example",
        Role::Member,
        "secours-populaire",
        "Bénévole, fédération de la Marne",
    ),
    (
        "moreau",
        "Isabelle Moreau",
        "isabelle.moreau@papillonsblancs-paris.example",
        Role::Member,
        "papillons-blancs-paris",
        "Responsable du service d'accompagnement à la vie sociale",
    ),
    (
        "girard",
        "François Girard",
        "francois.girard@unaf.example",
        Role::Member,
        "unaf",
        "Chargé de mission consommation et numérique",
    ),
    (
        "haddad",
        "Amina Haddad",
        "amina.haddad@emmaus-connect.example",
        Role::Member,
        "emmaus-connect",
        "Responsable des partenariats publics",
    ),
    (
        "blanc",
        "Thierry Blanc",
        "thierry.blanc@aveuglesdefrance.example",
        Role::Member,
        "faf",
        "Référent accessibilité numérique",
    ),
    (
        "petit",
        "Élodie Petit",
        "elodie.petit@quechoisir.example",
        Role::Member,
        "ufc-que-choisir",
        "Juriste, service des études",
    ),
    (
        "roux",
        "Camille Roux",
        "camille.roux@apf-francehandicap.example",
        Role::Member,
        "apf-france-handicap",
        "Chargée de plaidoyer",
    ),
    (
        "mercier",
        "Laurent Mercier",
        "laurent.mercier@val-doise.example",
        Role::Member,
        "prefecture-val-d-oise",
        "Médiateur numérique, point numérique de la préfecture",
    ),
    (
        "caron",
        "Olivier Caron",
        "olivier.caron@seine-maritime.example",
        Role::Member,
        "prefecture-seine-maritime",
        "Médiateur numérique, point numérique de la préfecture",
    ),
    (
        "lopez",
        "Sandrine Lopez",
        "sandrine.lopez@france-services.example",
        Role::Member,
        "france-services",
        "Conseillère France services",
    ),
];

async fn insert_users(txn: &DatabaseTransaction, ids: &mut Ids) -> Result<(), DbErr> {
    for &(key, name, email, role, organisation, title) in USERS {
        let organisation_id = ids.organisations[organisation];
        let joined_on = ORGANISATIONS
            .iter()
            .find(|o| o.slug == organisation)
            .map_or(FOUNDED, |o| o.joined_on);
        let created_at = registered(date(joined_on));
        let saved = user::ActiveModel {
            email: Set(email.to_string()),
            name: Set(name.to_string()),
            title: Set(Some(title.to_string())),
            role: Set(role),
            organisation_id: Set(Some(organisation_id)),
            password_hash: Set(None),
            active: Set(true),
            calendar_token: Set(None),
            created_at: Set(created_at),
            updated_at: Set(created_at),
            last_login_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.users.insert(key, (saved.id, organisation_id));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Working groups and their member organisations

/// Number, slug, title, mandate, lead's user key.
const WORKING_GROUPS: &[(i32, &str, &str, &str, &str)] = &[
    (
        1,
        "acces-au-plus-grand-nombre",
        "Rendre les démarches en ligne accessibles au plus grand nombre",
        "Identifier ce qui empêche les personnes éloignées du numérique de faire leurs démarches en ligne et proposer des solutions d'accompagnement : points numériques et médiateurs, maisons France services, aidants, supports pédagogiques.",
        "lambert",
    ),
    (
        2,
        "simplification-des-demarches",
        "Améliorer et simplifier les démarches en ligne",
        "Analyser les parcours en ligne des quatre titres (carte d'identité, passeport, permis de conduire, certificat d'immatriculation), repérer les étapes inutiles ou mal comprises et proposer des simplifications à l'ANTS et aux services instructeurs.",
        "garnier",
    ),
    (
        3,
        "handicap-et-accessibilite",
        "Rendre les démarches utilisables par les personnes en situation de handicap",
        "Vérifier l'accessibilité des démarches en ligne au regard du RGAA, les faire tester par des personnes en situation de handicap et proposer des adaptations : compatibilité avec les lecteurs d'écran, français facile à lire et à comprendre, aide humaine.",
        "rousseau",
    ),
];

/// Group number, organisation slug, joined on, left on.
const WORKING_GROUP_MEMBERS: &[(i32, &str, Ymd, Option<Ymd>)] = &[
    (1, "dmat", FOUNDED, None),
    (1, "secours-populaire", FOUNDED, None),
    (1, "familles-de-france", FOUNDED, None),
    (1, "unaf", FOUNDED, None),
    (1, "la-poste", FOUNDED, None),
    (1, "france-services", FOUNDED, None),
    (1, "emmaus-connect", (2018, 6, 26), None),
    (1, "prefecture-val-d-oise", (2019, 1, 15), None),
    (1, "prefecture-seine-maritime", (2019, 1, 15), None),
    (1, "sous-prefecture-saint-quentin", (2019, 1, 15), None),
    (2, "ants", FOUNDED, None),
    (2, "familles-de-france", FOUNDED, None),
    (2, "unaf", FOUNDED, None),
    (2, "ufc-que-choisir", FOUNDED, None),
    (2, "dsr", FOUNDED, None),
    (2, "clcv", FOUNDED, Some((2019, 12, 31))),
    (2, "prefecture-loiret", (2019, 1, 15), None),
    (2, "prefecture-aube", (2019, 1, 15), None),
    (2, "prefecture-seine-maritime", (2019, 1, 15), None),
    (3, "apf-france-handicap", FOUNDED, None),
    (3, "faf", FOUNDED, None),
    (3, "papillons-blancs-paris", FOUNDED, None),
    (3, "secours-populaire", FOUNDED, None),
    (3, "ants", FOUNDED, None),
    (3, "unapei", (2019, 3, 5), None),
    (3, "prefecture-aisne", (2019, 1, 15), None),
];

/// "Groupe 2 — Améliorer et simplifier les démarches en ligne".
fn group_label(number: i32) -> String {
    let title = WORKING_GROUPS
        .iter()
        .find(|group| group.0 == number)
        .map_or("", |group| group.2);
    format!("Groupe {number} — {title}")
}

async fn insert_working_groups(txn: &DatabaseTransaction, ids: &mut Ids) -> Result<(), DbErr> {
    let created_at = local(date(FOUNDED), 17, 0);
    for &(number, slug, title, mandate, lead) in WORKING_GROUPS {
        let saved = working_group::ActiveModel {
            number: Set(number),
            slug: Set(slug.to_string()),
            title: Set(title.to_string()),
            mandate: Set(mandate.to_string()),
            lead_user_id: Set(Some(ids.user(lead))),
            created_at: Set(created_at),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.groups.insert(number, saved.id);
    }
    let members = WORKING_GROUP_MEMBERS
        .iter()
        .map(
            |&(group, organisation, joined_on, left_on)| working_group_member::ActiveModel {
                working_group_id: Set(ids.groups[&group]),
                organisation_id: Set(ids.organisations[organisation]),
                joined_on: Set(date(joined_on)),
                left_on: Set(left_on.map(date)),
                ..Default::default()
            },
        )
        .collect();
    insert_all(txn, members).await
}

// ---------------------------------------------------------------------------
// Catalogue of online procedures

/// Slug, document, name, description, address of the online service.
const PROCEDURES: &[(&str, Document, &str, &str, Option<&str>)] = &[
    ("cni-pre-demande", Document::Cni, "Pré-demande de carte d'identité", "Saisie en ligne des informations de la demande, qui donne un numéro de pré-demande à présenter lors du rendez-vous en mairie.", Some("https://predemande-cni.ants.gouv.fr")),
    ("cni-renouvellement", Document::Cni, "Renouvellement de la carte d'identité", "Pré-demande de renouvellement d'une carte arrivée à expiration ou dont l'état civil ou l'adresse a changé.", None),
    ("cni-perte-vol", Document::Cni, "Perte ou vol de la carte d'identité", "Déclaration de perte intégrée à la pré-demande ; en cas de vol, déclaration préalable auprès de la police ou de la gendarmerie.", None),
    ("cni-rendez-vous-mairie", Document::Cni, "Prise de rendez-vous en mairie", "Recherche d'un créneau dans une mairie équipée d'un dispositif de recueil, pour déposer le dossier et les empreintes.", Some("https://rendezvouspasseport.ants.gouv.fr")),
    ("passeport-pre-demande", Document::Passeport, "Pré-demande de passeport", "Saisie en ligne des informations de la demande et achat du timbre fiscal électronique avant le rendez-vous en mairie.", Some("https://passeport.ants.gouv.fr")),
    ("passeport-renouvellement", Document::Passeport, "Renouvellement du passeport", "Pré-demande de renouvellement d'un passeport expiré ou dont les pages sont remplies.", None),
    ("passeport-perte-vol", Document::Passeport, "Perte ou vol du passeport", "Déclaration de perte ou de vol et demande d'un nouveau passeport.", None),
    ("passeport-suivi", Document::Passeport, "Suivi de la demande de passeport", "Consultation de l'état d'avancement de la demande jusqu'à la mise à disposition du passeport en mairie.", None),
    ("permis-inscription", Document::Permis, "Inscription au permis de conduire (demande de numéro NEPH)", "Demande d'inscription avant les examens, qui attribue le numéro d'enregistrement préfectoral harmonisé (NEPH).", Some("https://permisdeconduire.ants.gouv.fr")),
    ("permis-renouvellement", Document::Permis, "Renouvellement du permis (fin de validité ou visite médicale)", "Demande d'un nouveau titre à la fin de validité du permis ou après un avis médical.", None),
    ("permis-perte", Document::Permis, "Perte du permis de conduire", "Déclaration de perte et demande d'un nouveau permis, en une seule démarche.", None),
    ("permis-vol-degradation", Document::Permis, "Vol ou détérioration du permis de conduire", "Demande d'un nouveau permis après un vol, avec le récépissé de plainte, ou lorsque le titre est abîmé.", None),
    ("permis-changement-etat-civil", Document::Permis, "Changement d'état civil sur le permis", "Demande d'un nouveau permis après un changement de nom ou de prénom.", None),
    ("permis-international", Document::Permis, "Permis de conduire international", "Demande d'un permis international pour conduire dans les pays qui l'exigent.", None),
    ("permis-echange-etranger", Document::Permis, "Échange d'un permis étranger", "Demande d'échange d'un permis délivré par un autre État contre un permis français.", None),
    ("immat-changement-titulaire", Document::Immatriculation, "Changement de titulaire (achat d'un véhicule d'occasion)", "Demande de carte grise au nom de l'acheteur, avec le code de cession remis par le vendeur.", Some("https://immatriculation.ants.gouv.fr")),
    ("immat-changement-adresse", Document::Immatriculation, "Changement d'adresse sur la carte grise", "Déclaration de la nouvelle adresse et envoi d'une étiquette à coller sur le certificat.", None),
    ("immat-cession", Document::Immatriculation, "Déclaration de cession d'un véhicule", "Déclaration de la vente ou du don d'un véhicule, qui remet un code de cession à transmettre à l'acheteur.", None),
    ("immat-duplicata", Document::Immatriculation, "Duplicata du certificat d'immatriculation (perte, vol, détérioration)", "Demande d'un nouveau certificat lorsque l'original est perdu, volé ou abîmé.", None),
    ("immat-vehicule-neuf", Document::Immatriculation, "Immatriculation d'un véhicule neuf", "Première immatriculation d'un véhicule acheté neuf, souvent faite par le vendeur habilité.", None),
    ("compte-ants", Document::Autre, "Création du compte ANTS / connexion FranceConnect", "Création du compte usager de l'ANTS, ou connexion avec un compte FranceConnect, préalable à la plupart des démarches.", Some("https://moncompte.ants.gouv.fr")),
    ("suivi-messagerie-ants", Document::Autre, "Suivi de demande et messagerie ANTS", "Consultation de l'avancement des demandes et échanges avec les services instructeurs depuis le compte ANTS.", Some("https://ants.gouv.fr")),
];

async fn insert_procedures(txn: &DatabaseTransaction, ids: &mut Ids) -> Result<(), DbErr> {
    let mut positions: HashMap<Document, i32> = HashMap::new();
    for &(slug, document, name, description, url) in PROCEDURES {
        let position = positions.entry(document).or_insert(0);
        *position += 1;
        let saved = procedure::ActiveModel {
            slug: Set(slug.to_string()),
            document: Set(document),
            name: Set(name.to_string()),
            description: Set(description.to_string()),
            url: Set(url.map(str::to_string)),
            position: Set(*position),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.procedures.insert(slug, saved.id);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// User test campaigns of 2019

struct CampaignSeed {
    slug: &'static str,
    title: &'static str,
    site: &'static str,
    held_on: Ymd,
    audience: &'static str,
    findings: &'static str,
    organisation: &'static str,
    procedures: &'static [&'static str],
}

const CAMPAIGNS: &[CampaignSeed] = &[
    CampaignSeed {
        slug: "tests-cergy-2019",
        title: "Tests utilisateurs à la préfecture du Val-d'Oise",
        site: "Préfecture du Val-d'Oise, Cergy",
        held_on: (2019, 2, 12),
        audience: "Douze usagers reçus au point numérique, dont quatre venus pour une première demande de titre",
        findings: "- La création du compte ANTS a pris **plus de vingt minutes** en moyenne ; trois personnes n'avaient plus accès à leur messagerie.
- Six participants sur douze n'avaient pas de scanner : ils ont photographié le certificat de cession avec leur téléphone, et le fichier a souvent été refusé (taille ou format).
- Les mots « titulaire » et « cotitulaire » ne sont pas compris sans exemple.
- Les personnes de plus de 70 ans jugent la présence du médiateur indispensable.
",
        organisation: "prefecture-val-d-oise",
        procedures: &["cni-pre-demande", "compte-ants", "immat-changement-titulaire"],
    },
    CampaignSeed {
        slug: "tests-orleans-2019",
        title: "Tests utilisateurs à la préfecture du Loiret",
        site: "Préfecture du Loiret, Orléans",
        held_on: (2019, 2, 26),
        audience: "Dix candidats au permis de conduire et quatre parents d'élèves conducteurs",
        findings: "- Le numéro NEPH est inconnu des candidats : l'auto-école le leur donne sans l'expliquer.
- La photo numérique avec code e-photo est bien comprise quand la cabine affiche le logo « agréée ANTS ».
- Pour un renouvellement après visite médicale, les usagers ne savent pas s'ils doivent attendre l'avis du médecin avant de commencer.
",
        organisation: "prefecture-loiret",
        procedures: &["permis-inscription", "permis-renouvellement"],
    },
    CampaignSeed {
        slug: "tests-laon-2019",
        title: "Tests utilisateurs à la préfecture de l'Aisne",
        site: "Préfecture de l'Aisne, Laon",
        held_on: (2019, 3, 5),
        audience: "Huit usagers vivant en milieu rural, dont cinq sans ordinateur à domicile",
        findings: "- La déclaration de cession est réussie par tous quand le code de cession est expliqué ; sans explication, deux participants l'ont confondu avec le numéro de formule.
- Le changement d'adresse est jugé simple, mais le délai d'arrivée de l'étiquette n'est pas indiqué.
- Le réseau mobile a manqué pendant la séance : une démarche interrompue doit pouvoir reprendre là où elle s'est arrêtée.
",
        organisation: "prefecture-aisne",
        procedures: &["immat-cession", "immat-changement-adresse"],
    },
    CampaignSeed {
        slug: "tests-troyes-2019",
        title: "Tests utilisateurs à la préfecture de l'Aube",
        site: "Préfecture de l'Aube, Troyes",
        held_on: (2019, 3, 19),
        audience: "Quinze usagers, dont des parents faisant la pré-demande pour un enfant mineur",
        findings: "- Pour un mineur, les participants ne savent pas qui doit créer le compte : le parent ou l'enfant.
- L'information sur le timbre fiscal est jugée claire ; son achat en ligne est apprécié.
- Plusieurs participants ont cru que la pré-demande remplaçait le rendez-vous en mairie.
",
        organisation: "prefecture-aube",
        procedures: &["passeport-pre-demande", "cni-pre-demande"],
    },
    CampaignSeed {
        slug: "tests-rouen-2019",
        title: "Tests utilisateurs à la préfecture de la Seine-Maritime",
        site: "Préfecture de la Seine-Maritime, Rouen",
        held_on: (2019, 4, 2),
        audience: "Onze usagers venus au point numérique pour un permis ou une carte grise perdus, volés ou abîmés",
        findings: "- Cinq participants ont cherché une déclaration de perte séparée avant de commencer ; certains pensaient devoir passer au commissariat.
- En cas de vol, la nécessité du récépissé de plainte est bien comprise.
- Le mot « détérioration » n'est pas compris de tous ; « titre abîmé » est proposé.
",
        organisation: "prefecture-seine-maritime",
        procedures: &["permis-perte", "permis-vol-degradation", "immat-duplicata"],
    },
    CampaignSeed {
        slug: "tests-saint-quentin-2019",
        title: "Tests utilisateurs à la sous-préfecture de Saint-Quentin",
        site: "Sous-préfecture de Saint-Quentin",
        held_on: (2019, 4, 16),
        audience: "Neuf usagers, dont trois accompagnés par un travailleur social",
        findings: "- La connexion par FranceConnect a simplifié la création du compte pour ceux qui avaient déjà un compte impots.gouv.fr ou ameli.fr.
- Le vendeur n'avait souvent pas remis le code de cession : l'acheteur ne peut alors pas aller au bout de la démarche.
- Les messages d'erreur s'affichent en haut de la page, loin du champ concerné.
",
        organisation: "sous-prefecture-saint-quentin",
        procedures: &["immat-changement-titulaire", "compte-ants"],
    },
    CampaignSeed {
        slug: "tests-reims-secours-populaire-2019",
        title: "Tests avec des personnes accompagnées par le Secours populaire",
        site: "Fédération de la Marne du Secours populaire français, Reims",
        held_on: (2019, 5, 14),
        audience: "Quatorze personnes éloignées du numérique accompagnées par l'association, et leurs bénévoles",
        findings: "- Huit personnes sur quatorze n'avaient pas d'adresse e-mail personnelle ; les bénévoles en créent une, que les personnes oublient ensuite.
- Le téléphone est souvent le seul équipement : les pages doivent être lisibles sur un petit écran.
- La messagerie du compte ANTS n'est jamais consultée : un SMS ou un courrier serait lu.
",
        organisation: "secours-populaire",
        procedures: &["cni-pre-demande", "compte-ants", "suivi-messagerie-ants"],
    },
    CampaignSeed {
        slug: "tests-paris-papillons-blancs-2019",
        title: "Tests avec des adultes accompagnés par les Papillons Blancs de Paris",
        site: "Association les Papillons Blancs de Paris, Paris",
        held_on: (2019, 5, 28),
        audience: "Neuf adultes avec une déficience intellectuelle, accompagnés de leurs éducateurs et de leurs familles",
        findings: "- Aucun participant n'a pu terminer seul la pré-demande : les consignes sont longues et le vocabulaire administratif n'est pas compris.
- Les pictogrammes et les exemples déjà remplis ont beaucoup aidé.
- La prise de rendez-vous en mairie a été vécue comme une seconde démarche, sans lien avec la première.
",
        organisation: "papillons-blancs-paris",
        procedures: &["cni-pre-demande", "cni-rendez-vous-mairie"],
    },
];

async fn insert_test_campaigns(txn: &DatabaseTransaction, ids: &mut Ids) -> Result<(), DbErr> {
    let mut links = Vec::new();
    for seed in CAMPAIGNS {
        let held_on = date(seed.held_on);
        let saved = test_campaign::ActiveModel {
            slug: Set(seed.slug.to_string()),
            title: Set(seed.title.to_string()),
            site: Set(seed.site.to_string()),
            held_on: Set(held_on),
            audience: Set(seed.audience.to_string()),
            findings: Set(seed.findings.to_string()),
            organisation_id: Set(Some(ids.organisations[seed.organisation])),
            created_at: Set(local(held_on + Duration::days(7), 10, 0)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.campaigns.insert(seed.slug, saved.id);
        links.extend(
            seed.procedures
                .iter()
                .map(|slug| test_campaign_procedure::ActiveModel {
                    test_campaign_id: Set(saved.id),
                    procedure_id: Set(ids.procedures[slug]),
                }),
        );
    }
    insert_all(txn, links).await
}

// ---------------------------------------------------------------------------
// Meetings: the plenary sessions and working-group meetings

const PLENARY_3: &str = "plenary-3";
const GROUP_2_APRIL_2019: &str = "group-2-2019-04";
const GROUP_1_OCTOBER_2019: &str = "group-1-2019-10";
const GROUP_2_NEXT: &str = "group-2-next";

const BEAUVAU: &str = "Ministère de l'Intérieur, place Beauvau, Paris";
const SAUSSAIES: &str = "Ministère de l'Intérieur, 11 rue des Saussaies, Paris";

struct MeetingSeed {
    key: &'static str,
    /// Group number; None for a plenary session.
    group: Option<i32>,
    ordinal: Option<i32>,
    title: &'static str,
    starts_at: DateTime<Utc>,
    duration_minutes: i64,
    place: &'static str,
    video_url: Option<&'static str>,
    agenda: &'static str,
    status: MeetingStatus,
    created_by: &'static str,
}

/// The meetings in date order: held ones from the record, then the next
/// group meeting in three weeks and the next plenary session in two months.
fn meeting_plan(now: DateTime<Utc>) -> Vec<MeetingSeed> {
    let in_days = |days: i64| {
        (now + Duration::days(days))
            .with_timezone(&Paris)
            .date_naive()
    };
    vec![
        MeetingSeed {
            key: "plenary-1",
            group: None,
            ordinal: Some(1),
            title: "Séance d'installation de l'instance d'écoute des usagers",
            starts_at: paris((2017, 11, 20, 14, 0)),
            duration_minutes: 180,
            place: BEAUVAU,
            video_url: None,
            agenda: "1. Ouverture par le secrétaire général du ministère de l'Intérieur
2. Le plan préfectures nouvelle génération : ce qui change pour les usagers
3. Rôle et fonctionnement de l'instance d'écoute
4. Constitution des trois groupes de travail
",
            status: MeetingStatus::Held,
            created_by: "marchand",
        },
        MeetingSeed {
            key: "plenary-2",
            group: None,
            ordinal: Some(2),
            title: "2e séance plénière de l'instance d'écoute",
            starts_at: paris((2018, 6, 26, 14, 0)),
            duration_minutes: 180,
            place: BEAUVAU,
            video_url: None,
            agenda: "1. Bilan des premiers mois des démarches en ligne
2. Restitution des travaux des groupes de travail
3. Examen des premières propositions des associations
4. Programme des tests utilisateurs en préfecture
",
            status: MeetingStatus::Held,
            created_by: "marchand",
        },
        MeetingSeed {
            key: "group-1-2019-03",
            group: Some(1),
            ordinal: None,
            title: "Groupe 1 — premiers tests en préfecture",
            starts_at: paris((2019, 3, 14, 10, 0)),
            duration_minutes: 150,
            place: SAUSSAIES,
            video_url: None,
            agenda: "1. Retour sur les tests de Cergy et d'Orléans
2. Rôle des médiateurs des points numériques
3. Propositions en cours d'instruction
",
            status: MeetingStatus::Held,
            created_by: "lambert",
        },
        MeetingSeed {
            key: GROUP_2_APRIL_2019,
            group: Some(2),
            ordinal: None,
            title: "Groupe 2 — pièces justificatives et compte ANTS",
            starts_at: paris((2019, 4, 9, 14, 0)),
            duration_minutes: 150,
            place: SAUSSAIES,
            video_url: None,
            agenda: "1. Pièces justificatives : ce que les usagers découvrent trop tard
2. Retour des tests de Cergy et de Rouen
3. Examen des propositions DA-2018-0002, DA-2019-0001 et DA-2019-0003
",
            status: MeetingStatus::Held,
            created_by: "garnier",
        },
        MeetingSeed {
            key: "group-3-2019-05",
            group: Some(3),
            ordinal: None,
            title: "Groupe 3 — captcha et lecteurs d'écran",
            starts_at: paris((2019, 5, 21, 10, 0)),
            duration_minutes: 120,
            place: SAUSSAIES,
            video_url: None,
            agenda: "1. Démonstration du parcours avec un lecteur d'écran
2. Examen de la proposition DA-2018-0003
3. Préparation des tests avec les Papillons Blancs de Paris
",
            status: MeetingStatus::Held,
            created_by: "rousseau",
        },
        MeetingSeed {
            key: PLENARY_3,
            group: None,
            ordinal: Some(3),
            title: "3e séance plénière de l'instance d'écoute",
            starts_at: paris((2019, 7, 2, 14, 0)),
            duration_minutes: 180,
            place: BEAUVAU,
            video_url: None,
            agenda: "1. Ouverture par le secrétaire général
2. Bilan des démarches en ligne et des points numériques
3. Restitution des tests utilisateurs de 2019
4. Rapports des trois groupes de travail
5. Examen des propositions et décisions
",
            status: MeetingStatus::Held,
            created_by: "marchand",
        },
        MeetingSeed {
            key: GROUP_1_OCTOBER_2019,
            group: Some(1),
            ordinal: None,
            title: "Groupe 1 — médiation numérique et aidants",
            starts_at: paris((2019, 10, 15, 14, 0)),
            duration_minutes: 120,
            place: SAUSSAIES,
            video_url: None,
            agenda: "1. Suivi des actions décidées le 2 juillet 2019
2. Formation des médiateurs des points numériques
3. Proposition DA-2019-0005 : les aidants et le mandat
",
            status: MeetingStatus::Held,
            created_by: "lambert",
        },
        MeetingSeed {
            key: GROUP_2_NEXT,
            group: Some(2),
            ordinal: None,
            title: "Groupe 2 — simplifier le changement de titulaire",
            starts_at: local(in_days(21), 14, 0),
            duration_minutes: 150,
            place: SAUSSAIES,
            video_url: Some("https://visio.interieur.example/ecoute-groupe-2"),
            agenda: "1. Point sur les propositions en cours du groupe
2. Parcours de changement de titulaire : retours des points numériques
3. Questions diverses
",
            status: MeetingStatus::Convened,
            created_by: "garnier",
        },
        MeetingSeed {
            key: "plenary-4",
            group: None,
            ordinal: Some(4),
            title: "4e séance plénière de l'instance d'écoute",
            starts_at: local(in_days(60), 10, 0),
            duration_minutes: 180,
            place: BEAUVAU,
            video_url: None,
            agenda: "1. Ouverture par le secrétaire général
2. Bilan annuel des propositions
3. Rapports des groupes de travail
4. Programme de travail de l'année
",
            status: MeetingStatus::Planned,
            created_by: "marchand",
        },
    ]
}

async fn insert_meetings(
    txn: &DatabaseTransaction,
    ids: &mut Ids,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    for (n, seed) in meeting_plan(now).into_iter().enumerate() {
        let ends_at = seed.starts_at + Duration::minutes(seed.duration_minutes);
        let created_at = (seed.starts_at - Duration::days(14)).min(now);
        let (kind, year) = match seed.group {
            Some(_) => (MeetingKind::WorkingGroup, None),
            None => (
                MeetingKind::Plenary,
                Some(seed.starts_at.with_timezone(&Paris).year()),
            ),
        };
        let saved = meeting::ActiveModel {
            uid: Set(format!("meeting-{}@ecoute.interieur.gouv.fr", n + 1)),
            kind: Set(kind),
            working_group_id: Set(seed.group.map(|number| ids.groups[&number])),
            year: Set(year),
            ordinal: Set(seed.ordinal),
            title: Set(seed.title.to_string()),
            starts_at: Set(seed.starts_at),
            ends_at: Set(ends_at),
            place: Set(Some(seed.place.to_string())),
            video_url: Set(seed.video_url.map(str::to_string)),
            agenda: Set(seed.agenda.to_string()),
            status: Set(seed.status),
            sequence: Set(0),
            created_by: Set(Some(ids.user(seed.created_by))),
            created_at: Set(created_at),
            updated_at: Set(if seed.status == MeetingStatus::Held {
                ends_at
            } else {
                created_at
            }),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.meetings.insert(seed.key, saved);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Invitations: answered for the 3rd session, pending for the next group meeting

/// User key, response, represented by, answered at.
const PLENARY_3_REPLIES: &[(&str, InvitationResponse, Option<&str>, At)] = &[
    (
        "lambert",
        InvitationResponse::Present,
        None,
        (2019, 6, 5, 9, 10),
    ),
    (
        "garnier",
        InvitationResponse::Present,
        None,
        (2019, 6, 5, 11, 30),
    ),
    (
        "rousseau",
        InvitationResponse::Present,
        None,
        (2019, 6, 6, 8, 45),
    ),
    (
        "lefevre",
        InvitationResponse::Present,
        None,
        (2019, 6, 7, 14, 0),
    ),
    (
        "durand",
        InvitationResponse::Present,
        None,
        (2019, 6, 11, 18, 20),
    ),
    (
        "moreau",
        InvitationResponse::Present,
        None,
        (2019, 6, 12, 10, 5),
    ),
    (
        "girard",
        InvitationResponse::Represented,
        Some("Marie-Claude Vidal, administratrice de l'UNAF"),
        (2019, 6, 17, 16, 40),
    ),
    (
        "haddad",
        InvitationResponse::Present,
        None,
        (2019, 6, 13, 9, 0),
    ),
    (
        "blanc",
        InvitationResponse::Present,
        None,
        (2019, 6, 14, 15, 15),
    ),
    (
        "petit",
        InvitationResponse::Absent,
        None,
        (2019, 6, 24, 12, 0),
    ),
    (
        "roux",
        InvitationResponse::Present,
        None,
        (2019, 6, 18, 10, 30),
    ),
    (
        "mercier",
        InvitationResponse::Present,
        None,
        (2019, 6, 19, 11, 0),
    ),
    (
        "caron",
        InvitationResponse::Absent,
        None,
        (2019, 6, 27, 17, 45),
    ),
    (
        "lopez",
        InvitationResponse::Present,
        None,
        (2019, 6, 20, 9, 20),
    ),
];

/// A secret for the invitation's answer link.
fn invitation_token() -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), 43)
}

async fn insert_invitations(txn: &DatabaseTransaction, ids: &Ids) -> Result<(), DbErr> {
    let plenary = &ids.meetings[PLENARY_3];
    let sent_at = paris((2019, 6, 3, 10, 0));
    let mut rows: Vec<meeting_invitation::ActiveModel> = PLENARY_3_REPLIES
        .iter()
        .map(
            |&(key, response, represented_by, answered)| meeting_invitation::ActiveModel {
                meeting_id: Set(plenary.id),
                user_id: Set(ids.user(key)),
                response: Set(response),
                represented_by: Set(represented_by.map(str::to_string)),
                responded_at: Set(Some(paris(answered))),
                attendance: Set(Some(if response == InvitationResponse::Present {
                    Attendance::Present
                } else {
                    Attendance::Absent
                })),
                token: Set(invitation_token()),
                created_at: Set(sent_at),
                ..Default::default()
            },
        )
        .collect();

    let next = &ids.meetings[GROUP_2_NEXT];
    let members: Vec<&str> = WORKING_GROUP_MEMBERS
        .iter()
        .filter(|member| member.0 == 2 && member.3.is_none())
        .map(|member| member.1)
        .collect();
    rows.extend(
        USERS
            .iter()
            .filter(|u| u.3 != Role::Admin && members.contains(&u.4))
            .map(|u| meeting_invitation::ActiveModel {
                meeting_id: Set(next.id),
                user_id: Set(ids.user(u.0)),
                response: Set(InvitationResponse::Pending),
                represented_by: Set(None),
                responded_at: Set(None),
                attendance: Set(None),
                token: Set(invitation_token()),
                created_at: Set(next.created_at),
                ..Default::default()
            }),
    );
    insert_all(txn, rows).await
}

// ---------------------------------------------------------------------------
// Minutes: each revision is the concatenation of sections, so a later
// revision shows what was added to the earlier one.

struct MinutesSeed {
    meeting: &'static str,
    author: &'static str,
    revisions: &'static [(At, &'static [&'static str])],
    published_at: Option<At>,
}

const PLENARY_3_PROCEEDINGS: &str = "# Compte rendu de la 3e séance plénière

Séance du mardi 2 juillet 2019, de 14 h à 17 h, au ministère de l'Intérieur (place Beauvau), présidée par le secrétaire général du ministère.

## Participants

- **Associations d'usagers** : Familles de France, Secours populaire français, Association les Papillons Blancs de Paris, UNAF (représentée), APF France handicap, Fédération des aveugles et amblyopes de France, Emmaüs Connect.
- **Partenaires** : ANTS, DMAT, préfecture du Val-d'Oise, Maisons France services.
- **Excusés** : UFC-Que Choisir, préfecture de la Seine-Maritime.

## Points abordés

### Bilan des démarches en ligne

Le secrétaire général rappelle que les démarches de carte d'identité, de passeport, de permis de conduire et de certificat d'immatriculation sont en ligne depuis le plan préfectures nouvelle génération. 323 points numériques, animés par des médiateurs, accueillent les usagers dans les préfectures et les sous-préfectures. Les démarches en ligne restent gratuites.

### Tests utilisateurs de 2019

Les préfectures de Cergy, Orléans, Laon, Troyes et Rouen et la sous-préfecture de Saint-Quentin ont accueilli des groupes d'usagers volontaires. Le Secours populaire à Reims et les Papillons Blancs à Paris ont fait tester les démarches par des personnes éloignées du numérique. Leurs constats ont donné lieu à plusieurs propositions, dont DA-2019-0001 et DA-2019-0004.

### Rapports des groupes de travail

- **Groupe 1** : la pré-demande de carte d'identité sans adresse e-mail (DA-2018-0001) est en cours de développement ; la question des aidants (DA-2019-0005) est à l'instruction.
- **Groupe 2** : la page listant les pièces justificatives avant la création du compte (DA-2018-0002) est retenue et sera réalisée d'ici la fin de l'année.
- **Groupe 3** : le captcha reste inutilisable avec un lecteur d'écran (DA-2018-0003). Les Papillons Blancs de Paris présentent leur demande d'un parcours en français facile à lire et à comprendre (DA-2019-0004).
";

const PLENARY_3_DECISIONS: &str = "
## Décisions

- La proposition DA-2019-0004 (parcours en FALC) est retenue.
- Une alternative accessible au captcha sera expertisée par l'ANTS et présentée au groupe 3.
- La prochaine séance plénière se tiendra en 2020.
";

const PLENARY_3_ACTIONS: &str = "
## Actions de suivi

- Produire un guide FALC de la pré-demande de carte d'identité : Isabelle Moreau (Papillons Blancs de Paris), avant le 15 décembre 2019.
- Expertiser une alternative accessible au captcha visuel : Julien Garnier (ANTS), avant le 31 octobre 2019.
- Recenser les besoins de formation des médiateurs des points numériques : Sophie Lambert (DMAT), avant le 30 novembre 2019.
";

const GROUP_2_PROCEEDINGS: &str = "# Compte rendu de la réunion du groupe 2

Réunion du mardi 9 avril 2019, de 14 h à 16 h 30, au ministère de l'Intérieur, animée par Julien Garnier (ANTS).

## Participants

ANTS, Familles de France, UNAF, UFC-Que Choisir, CLCV, Délégation à la sécurité routière, préfectures du Loiret, de l'Aube et de la Seine-Maritime.

## Points abordés

- **Pièces justificatives (DA-2018-0002).** L'ANTS présente son analyse des abandons : un tiers des parcours interrompus le sont à l'étape des pièces justificatives. Le groupe souhaite une page, accessible sans compte, qui liste les pièces de chaque démarche.
- **Justificatifs photographiés au smartphone (DA-2019-0001).** Les tests de Cergy montrent que beaucoup d'usagers n'ont pas de scanner. L'ANTS vérifie si les photos peuvent être redimensionnées dans le navigateur.
- **Perte du permis (DA-2019-0003).** La déclaration de perte est déjà intégrée à la demande d'un nouveau permis ; c'est le libellé de la page d'accueil qui induit les usagers en erreur.
";

const GROUP_2_DECISIONS: &str = "
## Décisions

- DA-2018-0002 est retenue.
- DA-2019-0003 n'est pas retenue ; la clarification du libellé est suivie avec DA-2018-0002.
- DA-2019-0001 reste à l'instruction jusqu'à la prochaine réunion.
";

const GROUP_1_DRAFT: &str = "# Projet de compte rendu de la réunion du groupe 1

Réunion du mardi 15 octobre 2019, de 14 h à 16 h, animée par Sophie Lambert (DMAT). Projet soumis à la relecture des participants.

## Participants

DMAT, Secours populaire français, Familles de France, UNAF, Emmaüs Connect, La Poste, Maisons France services, préfectures du Val-d'Oise et de la Seine-Maritime.

## Points abordés

- **Pré-demande sans adresse e-mail (DA-2018-0001).** La fonctionnalité est en service ; le Secours populaire confirme qu'elle convient aux personnes qu'il accompagne.
- **Formation des médiateurs.** Le questionnaire de recensement des besoins est prêt ; il sera envoyé aux points numériques en novembre.
- **Aidants (DA-2019-0005).** Le groupe veut éviter deux dispositifs de mandat différents et propose d'étudier Aidants Connect.
";

const MINUTES: &[MinutesSeed] = &[
    MinutesSeed {
        meeting: PLENARY_3,
        author: "marchand",
        revisions: &[
            (
                (2019, 7, 10, 11, 0),
                &[PLENARY_3_PROCEEDINGS, PLENARY_3_DECISIONS],
            ),
            (
                (2019, 7, 22, 15, 30),
                &[
                    PLENARY_3_PROCEEDINGS,
                    PLENARY_3_DECISIONS,
                    PLENARY_3_ACTIONS,
                ],
            ),
        ],
        published_at: Some((2019, 7, 23, 9, 0)),
    },
    MinutesSeed {
        meeting: GROUP_2_APRIL_2019,
        author: "garnier",
        revisions: &[
            ((2019, 4, 12, 10, 0), &[GROUP_2_PROCEEDINGS]),
            (
                (2019, 4, 16, 14, 0),
                &[GROUP_2_PROCEEDINGS, GROUP_2_DECISIONS],
            ),
        ],
        published_at: Some((2019, 4, 17, 9, 30)),
    },
    MinutesSeed {
        meeting: GROUP_1_OCTOBER_2019,
        author: "lambert",
        revisions: &[((2019, 10, 17, 16, 0), &[GROUP_1_DRAFT])],
        published_at: None,
    },
];

async fn insert_minutes(txn: &DatabaseTransaction, ids: &Ids) -> Result<(), DbErr> {
    for seed in MINUTES {
        let author = ids.user(seed.author);
        let written: Vec<DateTime<Utc>> = seed.revisions.iter().map(|r| paris(r.0)).collect();
        let published_at = seed.published_at.map(paris);
        let saved = minutes::ActiveModel {
            meeting_id: Set(ids.meetings[seed.meeting].id),
            status: Set(if published_at.is_some() {
                MinutesStatus::Published
            } else {
                MinutesStatus::Draft
            }),
            current_revision: Set(written.len() as i32),
            published_html: Set(None),
            published_at: Set(published_at),
            published_by: Set(published_at.map(|_| author)),
            published_revision: Set(published_at.map(|_| written.len() as i32)),
            created_at: Set(written[0]),
            updated_at: Set(published_at.unwrap_or(written[written.len() - 1])),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let revisions = seed
            .revisions
            .iter()
            .zip(written)
            .zip(1..)
            .map(
                |(((_, sections), created_at), number)| minutes_revision::ActiveModel {
                    minutes_id: Set(saved.id),
                    number: Set(number),
                    body: Set(sections.concat()),
                    author_id: Set(Some(author)),
                    created_at: Set(created_at),
                    ..Default::default()
                },
            )
            .collect();
        insert_all(txn, revisions).await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Proposals and their timelines

/// One step of a proposal's history after its submission. `by` is a user key.
enum Step {
    Assign {
        at: At,
        by: &'static str,
    },
    Status {
        at: At,
        by: &'static str,
        to: ProposalStatus,
        reason: &'static str,
    },
    Comment {
        at: At,
        by: &'static str,
        body: &'static str,
        internal: bool,
    },
    Support {
        at: At,
        by: &'static str,
    },
    /// Examined at the 3rd plenary session.
    Meeting {
        at: At,
        by: &'static str,
        note: &'static str,
    },
    /// An action of [`ACTIONS`] (by index) decided about the proposal.
    Action {
        at: At,
        by: &'static str,
        action: usize,
    },
    /// Merged into an earlier proposal of [`PROPOSALS`] (by index).
    Merge {
        at: At,
        by: &'static str,
        into: usize,
        reason: &'static str,
    },
}

/// A proposal as submitted; its organisation is its submitter's. The list is
/// in submission order, which numbers the references within each year.
struct ProposalSeed {
    created: At,
    title: &'static str,
    body: &'static str,
    origin: Origin,
    submitter: &'static str,
    group: Option<i32>,
    campaign: Option<&'static str>,
    priority: Option<Priority>,
    procedures: &'static [&'static str],
    steps: &'static [Step],
}

const PROPOSALS: &[ProposalSeed] = &[
    // DA-2018-0001
    ProposalSeed {
        created: (2018, 3, 14, 10, 12),
        title: "Permettre la pré-demande de carte d'identité sans adresse e-mail",
        body: "Beaucoup de personnes que nous accompagnons n'ont pas d'adresse e-mail ou ne savent plus y accéder. La création du compte ANTS l'exige pourtant avant toute pré-demande. Nous demandons qu'une pré-demande puisse être faite sans compte, avec un numéro et un QR code affichés à l'écran puis imprimables, à présenter en mairie.",
        origin: Origin::Association,
        submitter: "durand",
        group: Some(1),
        campaign: None,
        priority: Some(Priority::High),
        procedures: &["cni-pre-demande", "compte-ants"],
        steps: &[
            Step::Assign { at: (2018, 3, 20, 9, 30), by: "marchand" },
            Step::Support { at: (2018, 3, 22, 11, 0), by: "girard" },
            Step::Status { at: (2018, 4, 5, 15, 0), by: "lambert", to: ProposalStatus::EnInstruction, reason: "Instruction confiée au groupe 1, avec l'appui de l'ANTS pour l'analyse technique." },
            Step::Support { at: (2018, 4, 18, 10, 20), by: "lefevre" },
            Step::Comment { at: (2018, 5, 15, 16, 45), by: "garnier", body: "L'adresse e-mail sert aujourd'hui à envoyer le numéro de pré-demande et à sécuriser le compte. Une pré-demande sans compte est possible si le numéro est remis à l'écran et sous une forme imprimable.", internal: false },
            Step::Status { at: (2018, 6, 26, 17, 0), by: "lambert", to: ProposalStatus::Retenue, reason: "Retenue lors de la 2e séance plénière : la pré-demande sans compte sera proposée à côté du parcours avec compte." },
            Step::Support { at: (2018, 7, 3, 9, 15), by: "haddad" },
            Step::Status { at: (2018, 11, 6, 10, 0), by: "lambert", to: ProposalStatus::EnCours, reason: "Développement engagé par l'ANTS ; mise en service prévue en 2019." },
            Step::Meeting { at: (2019, 7, 2, 15, 0), by: "marchand", note: "Point d'avancement présenté lors de la 3e séance plénière." },
            Step::Status { at: (2019, 10, 15, 11, 0), by: "lambert", to: ProposalStatus::Realisee, reason: "Depuis octobre 2019, la pré-demande peut être faite sans compte ni adresse e-mail : le numéro et le QR code sont affichés à l'écran et peuvent être imprimés." },
            Step::Comment { at: (2019, 10, 22, 14, 10), by: "durand", body: "Testé avec des bénévoles de la fédération de la Marne : le parcours fonctionne et le QR code imprimé est bien accepté en mairie. Merci.", internal: false },
        ],
    },
    // DA-2018-0002
    ProposalSeed {
        created: (2018, 5, 22, 9, 40),
        title: "Afficher les pièces justificatives avant la création du compte ANTS",
        body: "Des usagers créent leur compte, commencent la démarche, puis découvrent au milieu du parcours qu'il leur manque un justificatif de domicile récent ou le certificat de cession. Beaucoup abandonnent et recommencent tout. Nous proposons une page, accessible sans compte, qui liste pour chaque démarche les pièces à préparer et les formats acceptés.",
        origin: Origin::Association,
        submitter: "lefevre",
        group: Some(2),
        campaign: None,
        priority: Some(Priority::Normal),
        procedures: &["compte-ants", "immat-changement-titulaire", "permis-inscription"],
        steps: &[
            Step::Assign { at: (2018, 5, 28, 10, 0), by: "marchand" },
            Step::Status { at: (2018, 6, 12, 14, 0), by: "garnier", to: ProposalStatus::EnInstruction, reason: "Analyse des abandons en cours de parcours demandée aux équipes de l'ANTS." },
            Step::Support { at: (2018, 6, 20, 9, 0), by: "petit" },
            Step::Support { at: (2018, 9, 4, 17, 30), by: "girard" },
            Step::Comment { at: (2018, 10, 2, 11, 15), by: "garnier", body: "Chiffrage en cours avec la maîtrise d'œuvre : la page dépend de la refonte des pages d'accueil des démarches prévue en 2019.", internal: true },
            Step::Status { at: (2019, 4, 9, 16, 30), by: "garnier", to: ProposalStatus::Retenue, reason: "Retenue par le groupe 2 lors de sa réunion du 9 avril 2019." },
            Step::Meeting { at: (2019, 7, 2, 15, 20), by: "marchand", note: "Présentée lors de la 3e séance plénière comme prioritaire pour le groupe 2." },
            Step::Status { at: (2019, 9, 16, 10, 0), by: "garnier", to: ProposalStatus::EnCours, reason: "Une page « Préparer ma démarche » listant les pièces de chaque démarche est en cours de réalisation." },
        ],
    },
    // DA-2018-0003
    ProposalSeed {
        created: (2018, 10, 9, 14, 30),
        title: "Rendre le captcha accessible aux lecteurs d'écran",
        body: "Le captcha demandé à la création du compte ANTS n'est pas utilisable avec un lecteur d'écran : l'image n'a pas d'alternative et la version sonore est inaudible. Une personne aveugle ne peut donc pas faire seule sa pré-demande. Nous demandons une vérification conforme au RGAA, sans image à déchiffrer.",
        origin: Origin::Association,
        submitter: "blanc",
        group: Some(3),
        campaign: None,
        priority: Some(Priority::High),
        procedures: &["compte-ants", "cni-pre-demande", "passeport-pre-demande"],
        steps: &[
            Step::Assign { at: (2018, 10, 11, 9, 0), by: "marchand" },
            Step::Status { at: (2018, 11, 5, 10, 30), by: "rousseau", to: ProposalStatus::EnInstruction, reason: "Tests prévus par le groupe 3 avec des utilisateurs de lecteurs d'écran." },
            Step::Support { at: (2018, 11, 20, 15, 0), by: "moreau" },
            Step::Comment { at: (2019, 1, 22, 18, 5), by: "blanc", body: "Tests réalisés avec NVDA et VoiceOver : aucune des trois personnes testeuses n'a pu franchir le captcha sans aide.", internal: false },
            Step::Support { at: (2019, 2, 6, 10, 0), by: "durand" },
            Step::Status { at: (2019, 5, 21, 12, 0), by: "rousseau", to: ProposalStatus::Retenue, reason: "Retenue par le groupe 3 : remplacer le captcha par une vérification accessible est une condition de l'autonomie des personnes aveugles." },
            Step::Meeting { at: (2019, 7, 2, 15, 40), by: "marchand", note: "Examinée lors de la 3e séance plénière." },
            Step::Action { at: (2019, 7, 2, 17, 0), by: "marchand", action: 1 },
            Step::Comment { at: (2019, 9, 10, 9, 45), by: "garnier", body: "Deux solutions sont à l'étude avec le prestataire : une vérification invisible et une question logique accessible. Décision attendue à l'automne.", internal: true },
        ],
    },
    // DA-2019-0001
    ProposalSeed {
        created: (2019, 2, 20, 11, 0),
        title: "Accepter les justificatifs photographiés au smartphone pour le changement de titulaire",
        body: "Lors des tests à Cergy, la moitié des participants n'avait pas de scanner et a photographié le certificat de cession avec un téléphone. Les fichiers dépassaient souvent la taille maximale ou étaient refusés à cause de leur format. Nous proposons d'accepter les photos au format JPEG jusqu'à 10 Mo et de les réduire automatiquement.",
        origin: Origin::TestCampaign,
        submitter: "mercier",
        group: Some(2),
        campaign: Some("tests-cergy-2019"),
        priority: Some(Priority::Normal),
        procedures: &["immat-changement-titulaire"],
        steps: &[
            Step::Assign { at: (2019, 2, 22, 9, 0), by: "marchand" },
            Step::Support { at: (2019, 3, 1, 10, 0), by: "haddad" },
            Step::Status { at: (2019, 3, 4, 14, 0), by: "garnier", to: ProposalStatus::EnInstruction, reason: "Vérification en cours des contraintes de stockage et de contrôle des pièces." },
            Step::Comment { at: (2019, 4, 9, 16, 0), by: "garnier", body: "Examinée lors de la réunion du groupe 2 : l'ANTS vérifie si les photos peuvent être réduites dans le navigateur avant l'envoi.", internal: false },
            Step::Support { at: (2019, 5, 14, 11, 0), by: "caron" },
        ],
    },
    // DA-2019-0002
    ProposalSeed {
        created: (2019, 3, 12, 15, 20),
        title: "Indiquer clairement que les démarches en ligne sont gratuites",
        body: "Au point numérique de la préfecture, à Rouen, des usagers arrivent après avoir payé un site privé pour une carte grise ou une pré-demande. Ils ignorent que la démarche officielle est gratuite, hors taxes et timbres. Nous proposons d'afficher sur la page d'accueil de chaque démarche que le service est gratuit sur les sites en .gouv.fr, et de mettre en garde contre les sites payants.",
        origin: Origin::PointNumerique,
        submitter: "caron",
        group: Some(1),
        campaign: None,
        priority: Some(Priority::High),
        procedures: &["immat-changement-titulaire", "immat-duplicata", "cni-pre-demande"],
        steps: &[
            Step::Assign { at: (2019, 3, 13, 9, 0), by: "marchand" },
            Step::Status { at: (2019, 3, 14, 12, 0), by: "lambert", to: ProposalStatus::EnInstruction, reason: "Examinée lors de la réunion du groupe 1 du 14 mars 2019." },
            Step::Support { at: (2019, 3, 18, 10, 30), by: "lefevre" },
            Step::Support { at: (2019, 3, 20, 14, 0), by: "petit" },
            Step::Support { at: (2019, 3, 26, 9, 15), by: "lopez" },
            Step::Status { at: (2019, 4, 16, 10, 0), by: "lambert", to: ProposalStatus::Retenue, reason: "Retenue : un message commun à toutes les démarches sera rédigé avec l'ANTS et la Délégation à la sécurité routière." },
            Step::Status { at: (2019, 5, 6, 9, 0), by: "lambert", to: ProposalStatus::EnCours, reason: "Bandeau en cours d'intégration par l'ANTS." },
            Step::Status { at: (2019, 6, 20, 10, 0), by: "lambert", to: ProposalStatus::Realisee, reason: "Un bandeau « Démarche gratuite » est affiché depuis le 20 juin 2019 sur la page d'accueil de chaque démarche." },
        ],
    },
    // DA-2019-0003
    ProposalSeed {
        created: (2019, 4, 3, 16, 0),
        title: "Déclarer la perte et demander le nouveau permis en une seule démarche",
        body: "Pendant les tests à Rouen, plusieurs participants ont cherché une déclaration de perte séparée avant de demander leur nouveau permis. Certains pensaient devoir passer au commissariat. Nous proposons de réunir les deux étapes en une seule démarche.",
        origin: Origin::TestCampaign,
        submitter: "caron",
        group: Some(2),
        campaign: Some("tests-rouen-2019"),
        priority: Some(Priority::Low),
        procedures: &["permis-perte", "permis-vol-degradation"],
        steps: &[
            Step::Assign { at: (2019, 4, 4, 9, 30), by: "marchand" },
            Step::Status { at: (2019, 4, 5, 11, 0), by: "garnier", to: ProposalStatus::EnInstruction, reason: "À examiner lors de la réunion du groupe 2 du 9 avril 2019." },
            Step::Status { at: (2019, 4, 9, 16, 45), by: "garnier", to: ProposalStatus::NonRetenue, reason: "La déclaration de perte est déjà intégrée à la demande en ligne d'un nouveau permis : aucune démarche séparée n'est nécessaire. C'est le libellé de la page d'accueil qui trompe les usagers ; sa clarification est suivie avec la proposition DA-2018-0002." },
            Step::Comment { at: (2019, 4, 12, 10, 0), by: "caron", body: "Merci pour l'explication. Nous la relayons auprès des médiateurs du point numérique.", internal: false },
        ],
    },
    // DA-2019-0004
    ProposalSeed {
        created: (2019, 6, 4, 10, 0),
        title: "Proposer un parcours en français facile à lire et à comprendre (FALC)",
        body: "Lors des tests menés à Paris avec des adultes accompagnés par l'association, les consignes de la pré-demande ont été jugées trop longues et trop abstraites. Personne n'a pu aller seul jusqu'au bout. Nous proposons un parcours rédigé en FALC, avec une idée par phrase et des pictogrammes, relu par des personnes concernées.",
        origin: Origin::TestCampaign,
        submitter: "moreau",
        group: Some(3),
        campaign: Some("tests-paris-papillons-blancs-2019"),
        priority: Some(Priority::High),
        procedures: &["cni-pre-demande", "cni-rendez-vous-mairie"],
        steps: &[
            Step::Assign { at: (2019, 6, 5, 9, 0), by: "marchand" },
            Step::Status { at: (2019, 6, 12, 14, 30), by: "rousseau", to: ProposalStatus::EnInstruction, reason: "Le groupe 3 prépare sa présentation en séance plénière." },
            Step::Support { at: (2019, 6, 14, 10, 0), by: "durand" },
            Step::Support { at: (2019, 6, 20, 16, 0), by: "roux" },
            Step::Meeting { at: (2019, 7, 2, 16, 0), by: "marchand", note: "Présentée lors de la 3e séance plénière par les Papillons Blancs de Paris." },
            Step::Status { at: (2019, 7, 2, 16, 30), by: "rousseau", to: ProposalStatus::Retenue, reason: "Retenue en séance plénière : un guide FALC de la pré-demande sera produit avec l'association avant la reprise des écrans." },
            Step::Action { at: (2019, 7, 2, 17, 0), by: "marchand", action: 0 },
            Step::Status { at: (2019, 9, 10, 10, 0), by: "rousseau", to: ProposalStatus::EnCours, reason: "Rédaction du guide avec un groupe de relecteurs de l'association." },
            Step::Comment { at: (2019, 12, 12, 15, 0), by: "moreau", body: "Le guide FALC a été relu et validé par six personnes accompagnées par l'association. Il est disponible dans les points numériques et les maisons France services.", internal: false },
        ],
    },
    // DA-2019-0005
    ProposalSeed {
        created: (2019, 6, 18, 14, 0),
        title: "Permettre à un aidant de faire la démarche pour un proche",
        body: "Le groupe 1 constate que de nombreux aidants font les démarches d'un proche avec son adresse e-mail et son mot de passe. Cette pratique fragilise la sécurité du compte et la responsabilité de l'aidant. Nous proposons un mandat explicite, donné par l'usager et limité dans le temps, qui permette à un aidant identifié d'agir pour lui.",
        origin: Origin::WorkingGroup,
        submitter: "haddad",
        group: Some(1),
        campaign: None,
        priority: Some(Priority::Normal),
        procedures: &["compte-ants", "cni-pre-demande", "immat-changement-adresse"],
        steps: &[
            Step::Assign { at: (2019, 6, 19, 9, 0), by: "marchand" },
            Step::Status { at: (2019, 6, 25, 11, 0), by: "lambert", to: ProposalStatus::EnInstruction, reason: "Instruction avec la DMAT sur le cadre juridique du mandat." },
            Step::Support { at: (2019, 6, 26, 10, 0), by: "girard" },
            Step::Meeting { at: (2019, 7, 2, 16, 15), by: "marchand", note: "Évoquée lors de la 3e séance plénière." },
            Step::Support { at: (2019, 7, 8, 9, 30), by: "lefevre" },
            Step::Comment { at: (2019, 10, 15, 15, 30), by: "lambert", body: "À articuler avec le dispositif Aidants Connect : il faut éviter deux mécanismes de mandat différents.", internal: true },
            Step::Support { at: (2019, 11, 4, 11, 0), by: "durand" },
        ],
    },
    // DA-2019-0006
    ProposalSeed {
        created: (2019, 9, 24, 10, 30),
        title: "Informer par SMS à chaque étape de la demande de permis de conduire",
        body: "Une grande partie des appels au centre de contact porte sur l'avancement des demandes de permis. L'ANTS propose d'envoyer un SMS, avec l'accord de l'usager, à chaque étape : demande complète, instruction en cours, titre en production, titre expédié.",
        origin: Origin::Administration,
        submitter: "garnier",
        group: Some(2),
        campaign: None,
        priority: Some(Priority::Low),
        procedures: &["permis-inscription", "permis-renouvellement", "suivi-messagerie-ants"],
        steps: &[
            Step::Assign { at: (2019, 9, 25, 9, 0), by: "marchand" },
            Step::Status { at: (2019, 10, 8, 14, 0), by: "garnier", to: ProposalStatus::EnInstruction, reason: "Étude du coût d'envoi des SMS en cours." },
            Step::Support { at: (2019, 10, 14, 10, 0), by: "petit" },
            Step::Comment { at: (2019, 10, 21, 17, 0), by: "girard", body: "Bonne idée, mais pensez aux personnes qui n'ont qu'un téléphone fixe : un courrier doit rester possible.", internal: false },
            Step::Status { at: (2019, 11, 19, 16, 0), by: "garnier", to: ProposalStatus::Retenue, reason: "Retenue par le groupe 2 ; la mise en œuvre est à programmer avec le prestataire d'envoi." },
        ],
    },
    // DA-2020-0001
    ProposalSeed {
        created: (2020, 1, 14, 11, 0),
        title: "Remplacer le captcha visuel par une vérification accessible à tous",
        body: "Des adhérents malvoyants nous signalent qu'ils ne peuvent pas créer leur compte ANTS à cause du captcha. Ils doivent demander l'aide d'un proche pour une étape qui devrait être simple. Nous demandons une vérification qui ne repose pas sur la vue.",
        origin: Origin::Association,
        submitter: "roux",
        group: Some(3),
        campaign: None,
        priority: Some(Priority::Normal),
        procedures: &["compte-ants"],
        steps: &[
            Step::Assign { at: (2020, 1, 15, 9, 0), by: "marchand" },
            Step::Status { at: (2020, 1, 20, 10, 0), by: "rousseau", to: ProposalStatus::EnInstruction, reason: "Recherche des propositions proches déjà examinées par le groupe 3." },
            Step::Merge { at: (2020, 2, 4, 14, 0), by: "rousseau", into: 2, reason: "Même demande que DA-2018-0003, déjà retenue : le suivi se poursuit sur cette proposition." },
        ],
    },
    // DA-2020-0002
    ProposalSeed {
        created: (2020, 2, 11, 9, 15),
        title: "Permettre de corriger une pré-demande après sa validation",
        body: "Une erreur de saisie dans une pré-demande validée oblige aujourd'hui à en refaire une entière, avec un nouveau numéro. Des usagers se présentent ensuite en mairie avec l'ancien numéro. Nous proposons de pouvoir corriger une pré-demande tant que le rendez-vous en mairie n'a pas eu lieu.",
        origin: Origin::Association,
        submitter: "petit",
        group: None,
        campaign: None,
        priority: None,
        procedures: &["cni-pre-demande", "passeport-pre-demande"],
        steps: &[Step::Support { at: (2020, 2, 18, 10, 0), by: "lefevre" }],
    },
    // DA-2020-0003
    ProposalSeed {
        created: (2020, 3, 3, 16, 40),
        title: "Permettre aux conseillers France services de suivre une demande avec l'accord de l'usager",
        body: "Les conseillers France services aident les usagers à déposer leur demande, mais ne voient plus rien ensuite. Quand l'usager revient avec une question, il faut retrouver ses identifiants. Nous proposons un accès en lecture seule au suivi de la demande, accordé par l'usager pour une durée limitée.",
        origin: Origin::PointNumerique,
        submitter: "lopez",
        group: None,
        campaign: None,
        priority: None,
        procedures: &["suivi-messagerie-ants", "compte-ants"],
        steps: &[],
    },
];

/// An event of a proposal's timeline, before the ids it points to exist.
struct PlannedEvent {
    kind: ProposalEventKind,
    at: DateTime<Utc>,
    actor: &'static str,
    from: Option<ProposalStatus>,
    to: Option<ProposalStatus>,
    body: Option<String>,
    internal: bool,
    meeting: bool,
    action: Option<usize>,
    related: Option<usize>,
}

impl PlannedEvent {
    fn new(kind: ProposalEventKind, at: At, actor: &'static str) -> Self {
        PlannedEvent {
            kind,
            at: paris(at),
            actor,
            from: None,
            to: None,
            body: None,
            internal: false,
            meeting: false,
            action: None,
            related: None,
        }
    }
}

/// The submission and every step, in time order, each status change
/// recording the status it leaves.
fn timeline(seed: &ProposalSeed) -> Vec<PlannedEvent> {
    use ProposalEventKind as Kind;
    let mut status = ProposalStatus::Deposee;
    let mut events = vec![PlannedEvent::new(
        Kind::Submitted,
        seed.created,
        seed.submitter,
    )];
    for step in seed.steps {
        let event = match *step {
            Step::Assign { at, by } => PlannedEvent {
                body: seed.group.map(group_label),
                ..PlannedEvent::new(Kind::Assigned, at, by)
            },
            Step::Status { at, by, to, reason } => {
                let from = std::mem::replace(&mut status, to);
                PlannedEvent {
                    from: Some(from),
                    to: Some(to),
                    body: Some(reason.to_string()),
                    ..PlannedEvent::new(Kind::StatusChanged, at, by)
                }
            }
            Step::Comment {
                at,
                by,
                body,
                internal,
            } => PlannedEvent {
                body: Some(body.to_string()),
                internal,
                ..PlannedEvent::new(Kind::Comment, at, by)
            },
            Step::Support { at, by } => PlannedEvent::new(Kind::Supported, at, by),
            Step::Meeting { at, by, note } => PlannedEvent {
                body: Some(note.to_string()),
                meeting: true,
                ..PlannedEvent::new(Kind::MeetingLinked, at, by)
            },
            Step::Action { at, by, action } => PlannedEvent {
                action: Some(action),
                ..PlannedEvent::new(Kind::ActionLinked, at, by)
            },
            Step::Merge {
                at,
                by,
                into,
                reason,
            } => {
                let from = std::mem::replace(&mut status, ProposalStatus::Fusionnee);
                PlannedEvent {
                    from: Some(from),
                    to: Some(ProposalStatus::Fusionnee),
                    body: Some(reason.to_string()),
                    related: Some(into),
                    ..PlannedEvent::new(Kind::Merged, at, by)
                }
            }
        };
        events.push(event);
    }
    events.sort_by_key(|event| event.at);
    events
}

/// Inserts the proposals with their procedures, supports and reference
/// counters; returns each proposal's id with its planned timeline.
async fn insert_proposals(
    txn: &DatabaseTransaction,
    ids: &Ids,
) -> Result<Vec<(i32, Vec<PlannedEvent>)>, DbErr> {
    let plenary = ids.meetings[PLENARY_3].id;
    let mut last_numbers: BTreeMap<i32, i32> = BTreeMap::new();
    let mut inserted: Vec<(i32, Vec<PlannedEvent>)> = Vec::new();
    let mut procedures = Vec::new();
    let mut supports = Vec::new();
    for seed in PROPOSALS {
        let events = timeline(seed);
        let year = seed.created.0;
        let number = last_numbers
            .entry(year)
            .and_modify(|n| *n += 1)
            .or_insert(1);
        let last_change = events.iter().rev().find(|event| event.to.is_some());
        let status = last_change
            .and_then(|event| event.to)
            .unwrap_or(ProposalStatus::Deposee);
        let status_reason = match status {
            ProposalStatus::NonRetenue | ProposalStatus::Fusionnee => {
                last_change.and_then(|event| event.body.clone())
            }
            _ => None,
        };
        let support_events: Vec<&PlannedEvent> = events
            .iter()
            .filter(|event| event.kind == ProposalEventKind::Supported)
            .collect();
        let created_at = paris(seed.created);
        let last_activity_at = events.last().map_or(created_at, |event| event.at);
        let saved = proposal::ActiveModel {
            reference: Set(format!("DA-{year}-{number:04}")),
            year: Set(year),
            number: Set(*number),
            title: Set(seed.title.to_string()),
            body: Set(seed.body.to_string()),
            origin: Set(seed.origin),
            organisation_id: Set(ids.organisation_of(seed.submitter)),
            submitted_by: Set(Some(ids.user(seed.submitter))),
            working_group_id: Set(seed.group.map(|group| ids.groups[&group])),
            test_campaign_id: Set(seed.campaign.map(|slug| ids.campaigns[slug])),
            priority: Set(seed.priority),
            status: Set(status),
            status_reason: Set(status_reason),
            merged_into_id: Set(events
                .iter()
                .find_map(|event| event.related)
                .map(|index| inserted[index].0)),
            meeting_id: Set(events.iter().any(|event| event.meeting).then_some(plenary)),
            version: Set(1),
            supports_count: Set(support_events.len() as i32),
            search_text: Set(crate::services::backlog::search::document(&[
                seed.title, seed.body,
            ])),
            created_at: Set(created_at),
            updated_at: Set(last_activity_at),
            last_activity_at: Set(last_activity_at),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        procedures.extend(
            seed.procedures
                .iter()
                .map(|slug| proposal_procedure::ActiveModel {
                    proposal_id: Set(saved.id),
                    procedure_id: Set(ids.procedures[slug]),
                }),
        );
        supports.extend(
            support_events
                .iter()
                .map(|event| proposal_support::ActiveModel {
                    proposal_id: Set(saved.id),
                    organisation_id: Set(ids.organisation_of(event.actor)),
                    user_id: Set(Some(ids.user(event.actor))),
                    created_at: Set(event.at),
                    ..Default::default()
                }),
        );
        inserted.push((saved.id, events));
    }
    insert_all(txn, procedures).await?;
    insert_all(txn, supports).await?;
    let counters = last_numbers
        .into_iter()
        .map(|(year, last_value)| reference_counter::ActiveModel {
            scope: Set(format!("DA-{year}")),
            last_value: Set(last_value),
        })
        .collect();
    insert_all(txn, counters).await?;
    Ok(inserted)
}

async fn insert_proposal_events(
    txn: &DatabaseTransaction,
    ids: &Ids,
    proposals: &[(i32, Vec<PlannedEvent>)],
    actions: &[i32],
) -> Result<(), DbErr> {
    let plenary = ids.meetings[PLENARY_3].id;
    let rows = proposals
        .iter()
        .flat_map(|(proposal_id, events)| {
            events.iter().map(move |event| proposal_event::ActiveModel {
                proposal_id: Set(*proposal_id),
                kind: Set(event.kind),
                actor_user_id: Set(Some(ids.user(event.actor))),
                actor_organisation_id: Set(Some(ids.organisation_of(event.actor))),
                from_status: Set(event.from),
                to_status: Set(event.to),
                body: Set(event.body.clone()),
                internal: Set(event.internal),
                meeting_id: Set(event.meeting.then_some(plenary)),
                action_id: Set(event.action.map(|index| actions[index])),
                related_proposal_id: Set(event.related.map(|index| proposals[index].0)),
                created_at: Set(event.at),
                ..Default::default()
            })
        })
        .collect();
    insert_all(txn, rows).await
}

// ---------------------------------------------------------------------------
// Actions decided at the 3rd plenary session

struct ActionSeed {
    title: &'static str,
    description: &'static str,
    owner: &'static str,
    group: i32,
    due_on: Ymd,
    status: ActionStatus,
    updated: At,
}

const ACTIONS: &[ActionSeed] = &[
    ActionSeed {
        title: "Produire un guide FALC de la pré-demande de carte d'identité",
        description: "Rédiger avec les Papillons Blancs de Paris un guide en français facile à lire et à comprendre, relu par des personnes concernées, puis le diffuser dans les points numériques et les maisons France services.",
        owner: "moreau",
        group: 3,
        due_on: (2019, 12, 15),
        status: ActionStatus::Done,
        updated: (2019, 12, 12, 15, 0),
    },
    ActionSeed {
        title: "Expertiser une alternative accessible au captcha visuel",
        description: "Étudier avec le prestataire de l'ANTS une vérification qui ne repose pas sur la vue (vérification invisible ou question logique) et présenter la solution choisie au groupe 3.",
        owner: "garnier",
        group: 3,
        due_on: (2019, 10, 31),
        status: ActionStatus::InProgress,
        updated: (2019, 9, 10, 9, 45),
    },
    ActionSeed {
        title: "Recenser les besoins de formation des médiateurs des points numériques",
        description: "Interroger les médiateurs des points numériques des préfectures et sous-préfectures sur les démarches qui posent le plus de difficultés et sur les supports de formation attendus.",
        owner: "lambert",
        group: 1,
        due_on: (2019, 11, 30),
        status: ActionStatus::Open,
        updated: (2019, 7, 2, 17, 0),
    },
];

/// The proposal whose timeline links the action of this index, if any.
fn proposal_of_action(index: usize) -> Option<usize> {
    PROPOSALS.iter().position(|seed| {
        seed.steps
            .iter()
            .any(|step| matches!(step, Step::Action { action, .. } if *action == index))
    })
}

async fn insert_actions(
    txn: &DatabaseTransaction,
    ids: &Ids,
    proposals: &[(i32, Vec<PlannedEvent>)],
) -> Result<Vec<i32>, DbErr> {
    let plenary = &ids.meetings[PLENARY_3];
    let mut inserted = Vec::with_capacity(ACTIONS.len());
    for (index, seed) in ACTIONS.iter().enumerate() {
        let saved = action::ActiveModel {
            title: Set(seed.title.to_string()),
            description: Set(seed.description.to_string()),
            meeting_id: Set(Some(plenary.id)),
            working_group_id: Set(Some(ids.groups[&seed.group])),
            proposal_id: Set(proposal_of_action(index).map(|p| proposals[p].0)),
            owner_user_id: Set(Some(ids.user(seed.owner))),
            due_on: Set(Some(date(seed.due_on))),
            status: Set(seed.status),
            created_at: Set(plenary.ends_at),
            updated_at: Set(paris(seed.updated)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        inserted.push(saved.id);
    }
    Ok(inserted)
}
