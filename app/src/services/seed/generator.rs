//! A large, realistic body for benchmarks: the demo body, then hundreds of
//! organisations, thousands of people, a hundred thousand proposals with a
//! million timeline events, supports, and two thousand meetings with minutes.
//! Deterministic from a seed; only ever run on an empty database.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait,
    IntoActiveModel, QueryOrder, QuerySelect, Set, Statement, TransactionTrait,
};

use super::demo::{self, SeedOutcome};
use crate::entities::{
    meeting, meeting_invitation, minutes, minutes_revision, organisation, procedure, proposal,
    proposal_event, proposal_procedure, proposal_support, reference_counter, user, working_group,
};
use crate::model::{
    Attendance, InvitationResponse, MeetingKind, MeetingStatus, MinutesStatus, OrganisationKind,
    Origin, Priority, ProposalEventKind, ProposalStatus, Role,
};
use crate::services::accounts::sessions::token_hash;
use crate::services::markdown;
use crate::services::search;

/// How big a body to generate.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub organisations: usize,
    pub users: usize,
    pub proposals: usize,
    pub events: usize,
    pub supports: usize,
    pub meetings: usize,
}

impl Size {
    /// The body the performance budgets are set for.
    pub const FULL: Size = Size {
        organisations: 300,
        users: 5_000,
        proposals: 100_000,
        events: 1_000_000,
        supports: 200_000,
        meetings: 2_000,
    };

    /// The full body divided by `divisor` (at least one of each).
    pub fn divided_by(divisor: usize) -> Size {
        let d = divisor.max(1);
        let f = Size::FULL;
        Size {
            organisations: (f.organisations / d).max(30),
            users: (f.users / d).max(50),
            proposals: (f.proposals / d).max(10),
            events: (f.events / d).max(200),
            supports: (f.supports / d).max(10),
            meetings: (f.meetings / d).max(10),
        }
    }
}

/// What was generated, for the report.
#[derive(Debug, Clone)]
pub struct Generated {
    pub organisations: usize,
    pub users: usize,
    pub proposals: usize,
    pub events: usize,
    pub supports: usize,
    pub meetings: usize,
    /// A published proposal with exactly [`LONG_TIMELINE`] events.
    pub long_timeline_reference: String,
    /// A meeting whose minutes are published.
    pub minutes_meeting_id: i32,
    /// A member whose calendar feed lists many meetings.
    pub calendar_token: String,
    /// Generated people all share this password (hashed once).
    pub password: &'static str,
    pub member_email: String,
    pub lead_email: String,
}

pub const LONG_TIMELINE: usize = 200;
pub const PASSWORD: &str = "banc d'essai de l'instance";
/// Rows a single INSERT carries (SQLite allows 32 766 bound values).
const CHUNK: usize = 1_000;

pub enum Outcome {
    Generated(Box<Generated>),
    NotEmpty,
}

/// Generates the body. `password_hash` is the argon2 hash of [`PASSWORD`].
pub async fn generate(
    db: &DatabaseConnection,
    size: Size,
    seed: u64,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<Outcome, DbErr> {
    if matches!(
        demo::seed(db, now, None).await?,
        SeedOutcome::SkippedNotEmpty
    ) {
        return Ok(Outcome::NotEmpty);
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let txn = db.begin().await?;
    let organisations = organisations(&txn, &mut rng, size.organisations, now).await?;
    let people = users(
        &txn,
        &mut rng,
        size.users,
        &organisations,
        password_hash,
        now,
    )
    .await?;
    let groups: Vec<i32> = working_group::Entity::find()
        .order_by_asc(working_group::Column::Id)
        .select_only()
        .column(working_group::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    let procedures: Vec<(i32, String)> = procedure::Entity::find()
        .order_by_asc(procedure::Column::Id)
        .select_only()
        .column(procedure::Column::Id)
        .column(procedure::Column::Name)
        .into_tuple()
        .all(&txn)
        .await?;
    // Generated leads run the groups, so benchmarks can triage as a lead.
    for (group, lead) in groups.iter().zip(&people.leads) {
        working_group::ActiveModel {
            id: Set(*group),
            lead_user_id: Set(Some(*lead)),
            ..Default::default()
        }
        .update(&txn)
        .await?;
    }
    let meetings = meetings(&txn, &mut rng, size.meetings, &groups, &people, now).await?;
    let plan = ProposalPlan {
        organisations: &organisations,
        people: &people,
        groups: &groups,
        procedures: &procedures,
        meetings: &meetings,
    };
    let inserted = plan.insert(&txn, &mut rng, size).await?;
    let events = plan
        .events(&txn, &mut rng, &inserted.proposals, size.events)
        .await?;
    reset_sequences(&txn).await?;
    let calendar_token = format!("banc-{seed:016x}");
    let member = &people.members[0];
    user::ActiveModel {
        id: Set(member.0),
        calendar_token: Set(Some(token_hash(&calendar_token))),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    // The meetings and minutes, inserted in bulk, are made searchable.
    search::index_missing(&txn)
        .await
        .map_err(|error| DbErr::Custom(error.to_string()))?;
    txn.commit().await?;
    // Statistics for the planner, as a database that grew this large over
    // years would have them; on PostgreSQL, its pages vacuumed too, or
    // autovacuum would work through the million fresh rows during the first
    // minutes of a benchmark.
    let statistics = match db.get_database_backend() {
        DbBackend::Postgres => "VACUUM (ANALYZE)",
        _ => "ANALYZE",
    };
    db.execute_unprepared(statistics).await?;
    Ok(Outcome::Generated(Box::new(Generated {
        organisations: organisations.len(),
        users: people.members.len() + people.leads.len(),
        proposals: inserted.proposals.len(),
        events,
        supports: inserted.supports,
        meetings: meetings.len(),
        long_timeline_reference: inserted.long_reference,
        minutes_meeting_id: meetings[0],
        calendar_token,
        password: PASSWORD,
        member_email: email_of(member.0),
        lead_email: email_of(people.leads[0]),
    })))
}

async fn insert_chunked<A>(txn: &impl ConnectionTrait, rows: Vec<A>) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// The next id of a table whose ids we assign ourselves (so that related rows
/// can be written in bulk without reading ids back).
async fn next_id<E: EntityTrait>(
    txn: &impl ConnectionTrait,
    entity: E,
    id: E::Column,
) -> Result<i32, DbErr> {
    let statement = Query::select()
        .expr(Expr::col(id).max())
        .from(entity)
        .to_owned();
    let row = txn
        .query_one(txn.get_database_backend().build(&statement))
        .await?;
    let max: Option<i32> = match row {
        Some(row) => row.try_get_by_index(0)?,
        None => None,
    };
    Ok(max.unwrap_or(0) + 1)
}

/// PostgreSQL's serial sequences do not see explicit ids: move them past.
async fn reset_sequences(txn: &impl ConnectionTrait) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for table in ["organisations", "users", "meetings", "minutes", "proposals"] {
        txn.execute(Statement::from_string(
            DbBackend::Postgres,
            format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
            ),
        ))
        .await?;
    }
    Ok(())
}

const TOWNS: &[&str] = &[
    "Lille",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Nantes",
    "Rennes",
    "Strasbourg",
    "Bordeaux",
    "Montpellier",
    "Dijon",
    "Limoges",
    "Amiens",
    "Rouen",
    "Caen",
    "Besançon",
    "Orléans",
    "Poitiers",
    "Clermont-Ferrand",
    "Grenoble",
    "Nancy",
    "Metz",
    "Brest",
    "Pau",
    "Ajaccio",
    "Cayenne",
    "Fort-de-France",
    "Saint-Denis",
    "Nouméa",
];
const ASSOCIATION_KINDS: &[&str] = &[
    "Association des familles de",
    "Union départementale des associations familiales de",
    "Point d'accès au droit de",
    "Collectif des aidants numériques de",
    "Association des personnes sourdes de",
    "Comité des retraités de",
    "Maison France services de",
    "Association d'aide aux migrants de",
];
const FIRST_NAMES: &[&str] = &[
    "Camille", "Louis", "Chloé", "Hugo", "Inès", "Jules", "Léa", "Nathan", "Manon", "Ethan",
    "Sarah", "Lucas", "Jeanne", "Adam", "Zoé", "Raphaël", "Alice", "Gabriel", "Louise", "Arthur",
];
const LAST_NAMES: &[&str] = &[
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "N'Diaye", "Nguyen", "Da Silva", "Benali",
];

async fn organisations(
    txn: &impl ConnectionTrait,
    rng: &mut StdRng,
    count: usize,
    now: DateTime<Utc>,
) -> Result<Vec<i32>, DbErr> {
    let existing: Vec<i32> = organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .into_tuple()
        .all(txn)
        .await?;
    let first = next_id(txn, organisation::Entity, organisation::Column::Id).await?;
    let extra = count.saturating_sub(existing.len());
    let rows = (0..extra).map(|n| {
        let id = first + n as i32;
        let town = TOWNS[n % TOWNS.len()];
        let prefix = ASSOCIATION_KINDS[(n / TOWNS.len()) % ASSOCIATION_KINDS.len()];
        let joined =
            NaiveDate::from_ymd_opt(2018 + rng.gen_range(0..8), 1 + rng.gen_range(0..12), 1)
                .expect("a valid date");
        organisation::ActiveModel {
            id: Set(id),
            slug: Set(format!("organisation-{id}")),
            name: Set(format!("{prefix} {town} ({id})")),
            short_name: Set(None),
            kind: Set(if n % 10 == 0 {
                OrganisationKind::Partner
            } else {
                OrganisationKind::Association
            }),
            description: Set(format!(
                "{prefix} {town} accompagne les usagers dans leurs démarches en ligne."
            )),
            website: Set(None),
            joined_on: Set(joined),
            left_on: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
    });
    let rows: Vec<_> = rows.collect();
    let ids: Vec<i32> = rows.iter().map(|r| *r.id.as_ref()).collect();
    insert_chunked(txn, rows).await?;
    Ok(existing.into_iter().chain(ids).collect())
}

struct People {
    /// (user id, organisation id)
    members: Vec<(i32, i32)>,
    leads: Vec<i32>,
}

fn email_of(user_id: i32) -> String {
    format!("personne{user_id}@banc.exemple")
}

async fn users(
    txn: &impl ConnectionTrait,
    rng: &mut StdRng,
    count: usize,
    organisations: &[i32],
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<People, DbErr> {
    let first = next_id(txn, user::Entity, user::Column::Id).await?;
    let mut people = People {
        members: Vec::new(),
        leads: Vec::new(),
    };
    let rows: Vec<user::ActiveModel> = (0..count)
        .map(|n| {
            let id = first + n as i32;
            let lead = n % 250 == 1;
            let organisation = organisations[n % organisations.len()];
            if lead {
                people.leads.push(id);
            } else {
                people.members.push((id, organisation));
            }
            let name = format!(
                "{} {}",
                FIRST_NAMES.choose(rng).expect("names"),
                LAST_NAMES.choose(rng).expect("names")
            );
            user::ActiveModel {
                id: Set(id),
                email: Set(email_of(id)),
                name: Set(name),
                title: Set(None),
                role: Set(if lead { Role::Lead } else { Role::Member }),
                organisation_id: Set(Some(organisation)),
                password_hash: Set(Some(password_hash.clone())),
                active: Set(true),
                calendar_token: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                last_login_at: Set(None),
            }
        })
        .collect();
    insert_chunked(txn, rows).await?;
    Ok(people)
}

const AGENDA: &str = "1. Accueil et adoption du compte rendu de la réunion précédente
2. Point d'étape sur les propositions en cours
3. Retour des campagnes de tests utilisateurs
4. Questions diverses";

/// Minutes of a realistic length (about 6 000 characters).
fn minutes_body(rng: &mut StdRng, title: &str) -> String {
    let mut body = format!("# Compte rendu — {title}\n\n## Présents\n\n");
    for _ in 0..12 {
        body.push_str(&format!(
            "- {} {}\n",
            FIRST_NAMES.choose(rng).expect("names"),
            LAST_NAMES.choose(rng).expect("names")
        ));
    }
    for (n, topic) in [
        "Adoption du compte rendu",
        "Propositions en cours",
        "Campagnes de tests",
        "Questions diverses",
    ]
    .iter()
    .enumerate()
    {
        body.push_str(&format!("\n## {}. {topic}\n\n", n + 1));
        for _ in 0..4 {
            body.push_str(SENTENCES.choose(rng).expect("sentences"));
            body.push(' ');
            body.push_str(SENTENCES.choose(rng).expect("sentences"));
            body.push_str("\n\n");
        }
        body.push_str(
            "**Décision :** le groupe retient la proposition et en confie le suivi au pilote.\n",
        );
    }
    body
}

async fn meetings(
    txn: &impl ConnectionTrait,
    rng: &mut StdRng,
    count: usize,
    groups: &[i32],
    people: &People,
    now: DateTime<Utc>,
) -> Result<Vec<i32>, DbErr> {
    let first = next_id(txn, meeting::Entity, meeting::Column::Id).await?;
    let first_minutes = next_id(txn, minutes::Entity, minutes::Column::Id).await?;
    let mut meetings = Vec::with_capacity(count);
    let mut minutes_rows = Vec::with_capacity(count);
    let mut revisions = Vec::with_capacity(count);
    let mut invitations = Vec::new();
    let start = Utc
        .with_ymd_and_hms(2018, 1, 8, 8, 0, 0)
        .single()
        .expect("a date");
    let author = people.leads[0];
    let agenda_html = markdown::to_html(AGENDA);
    for n in 0..count {
        let id = first + n as i32;
        let group = groups[n % groups.len()];
        let starts_at =
            start + Duration::days((n as i64) * 3) + Duration::hours(rng.gen_range(0..6));
        let title = format!("Réunion de travail n° {}", n + 1);
        meetings.push(meeting::ActiveModel {
            id: Set(id),
            uid: Set(format!("banc-{id}@ecoute.interieur.gouv.fr")),
            kind: Set(MeetingKind::WorkingGroup),
            working_group_id: Set(Some(group)),
            year: Set(Some(starts_at.year())),
            ordinal: Set(None),
            title: Set(title.clone()),
            starts_at: Set(starts_at),
            ends_at: Set(starts_at + Duration::hours(2)),
            place: Set(Some(
                "Ministère de l'Intérieur, place Beauvau, Paris".into(),
            )),
            video_url: Set(None),
            agenda: Set(AGENDA.into()),
            agenda_html: Set(Some(agenda_html.clone())),
            status: Set(if starts_at < now {
                MeetingStatus::Held
            } else {
                MeetingStatus::Convened
            }),
            sequence: Set(0),
            search_text: Set(None),
            created_by: Set(Some(author)),
            created_at: Set(now),
            updated_at: Set(now),
        });
        let body = minutes_body(rng, &title);
        let minutes_id = first_minutes + n as i32;
        minutes_rows.push(minutes::ActiveModel {
            id: Set(minutes_id),
            meeting_id: Set(id),
            status: Set(MinutesStatus::Published),
            current_revision: Set(1),
            published_html: Set(Some(markdown::to_html(&body))),
            published_at: Set(Some(starts_at + Duration::days(7))),
            published_by: Set(Some(author)),
            published_revision: Set(Some(1)),
            search_text: Set(None),
            created_at: Set(starts_at),
            updated_at: Set(starts_at),
        });
        revisions.push(minutes_revision::ActiveModel {
            minutes_id: Set(minutes_id),
            number: Set(1),
            body: Set(body),
            author_id: Set(Some(author)),
            created_at: Set(starts_at),
            ..Default::default()
        });
        // The first member is invited to one meeting in ten (calendar feed).
        let mut invited: Vec<i32> = people
            .members
            .choose_multiple(rng, 8)
            .map(|(user, _)| *user)
            .collect();
        if n % 10 == 0 && !invited.contains(&people.members[0].0) {
            invited.push(people.members[0].0);
        }
        for user in invited {
            invitations.push(meeting_invitation::ActiveModel {
                meeting_id: Set(id),
                user_id: Set(user),
                response: Set(InvitationResponse::Present),
                represented_by: Set(None),
                responded_at: Set(Some(starts_at - Duration::days(3))),
                attendance: Set(Some(Attendance::Present)),
                token: Set(token_hash(&format!(
                    "banc-{id}-{user}-{:016x}",
                    rng.gen::<u64>()
                ))),
                created_at: Set(starts_at - Duration::days(14)),
                ..Default::default()
            });
        }
    }
    let ids = meetings.iter().map(|m| *m.id.as_ref()).collect();
    insert_chunked(txn, meetings).await?;
    insert_chunked(txn, minutes_rows).await?;
    insert_chunked(txn, revisions).await?;
    insert_chunked(txn, invitations).await?;
    Ok(ids)
}

const VERBS: &[&str] = &[
    "Simplifier",
    "Clarifier",
    "Rendre accessible",
    "Permettre",
    "Expliquer",
    "Raccourcir",
    "Sécuriser",
    "Traduire",
];
const OBJECTS: &[&str] = &[
    "le formulaire de",
    "les messages d'erreur de",
    "la prise de photo pour",
    "le paiement du timbre fiscal de",
    "le suivi de",
    "la confirmation de",
    "l'aide en ligne de",
    "les pièces justificatives de",
];
const AUDIENCES: &[&str] = &[
    "pour les personnes âgées",
    "pour les personnes malvoyantes",
    "pour les usagers sans adresse e-mail",
    "pour les aidants",
    "sur téléphone mobile",
    "pour les personnes sourdes",
    "pour les personnes en situation d'illettrisme",
    "depuis un point numérique",
];
const SENTENCES: &[&str] = &[
    "Les usagers rencontrés lors des tests abandonnent la démarche à cette étape.",
    "Le vocabulaire employé n'est pas compris par les personnes accompagnées.",
    "Les lecteurs d'écran n'annoncent pas le message d'erreur.",
    "Le délai de traitement n'est pas indiqué, ce qui multiplie les appels.",
    "Les aidants numériques doivent ressaisir plusieurs fois les mêmes informations.",
    "La démarche n'est pas utilisable sur un petit écran.",
    "Le bouton de validation n'est pas accessible au clavier.",
    "Les associations proposent de tester une nouvelle version avec leurs bénévoles.",
    "Un courriel de confirmation rassurerait les usagers.",
    "Les pièces demandées ne sont pas expliquées en langage clair.",
];
const STATUSES: &[(ProposalStatus, u32)] = &[
    (ProposalStatus::Deposee, 10),
    (ProposalStatus::EnInstruction, 25),
    (ProposalStatus::Retenue, 20),
    (ProposalStatus::EnCours, 15),
    (ProposalStatus::Realisee, 15),
    (ProposalStatus::NonRetenue, 12),
    (ProposalStatus::Fusionnee, 3),
];
const ORIGINS: &[Origin] = &[
    Origin::Association,
    Origin::Association,
    Origin::TestCampaign,
    Origin::WorkingGroup,
    Origin::Administration,
    Origin::PointNumerique,
];

fn pick_status(rng: &mut StdRng) -> ProposalStatus {
    let total: u32 = STATUSES.iter().map(|(_, w)| w).sum();
    let mut draw = rng.gen_range(0..total);
    for (status, weight) in STATUSES {
        if draw < *weight {
            return *status;
        }
        draw -= weight;
    }
    ProposalStatus::EnInstruction
}

/// A generated proposal, as later rows need it.
struct Planned {
    id: i32,
    organisation: i32,
    status: ProposalStatus,
    created_at: DateTime<Utc>,
}

struct Inserted {
    proposals: Vec<Planned>,
    long_reference: String,
    supports: usize,
}

struct ProposalPlan<'a> {
    organisations: &'a [i32],
    people: &'a People,
    groups: &'a [i32],
    procedures: &'a [(i32, String)],
    meetings: &'a [i32],
}

impl ProposalPlan<'_> {
    async fn insert(
        &self,
        txn: &impl ConnectionTrait,
        rng: &mut StdRng,
        size: Size,
    ) -> Result<Inserted, DbErr> {
        let first = next_id(txn, proposal::Entity, proposal::Column::Id).await?;
        let counters: Vec<reference_counter::Model> =
            reference_counter::Entity::find().all(txn).await?;
        let last_number = |year: i32| -> i32 {
            let scope = format!("DA-{year}");
            counters
                .iter()
                .find(|c| c.scope == scope)
                .map_or(0, |c| c.last_value)
        };
        let mut numbers: std::collections::BTreeMap<i32, i32> = std::collections::BTreeMap::new();
        let origin_of_time = Utc
            .with_ymd_and_hms(2018, 1, 1, 0, 0, 0)
            .single()
            .expect("a date");
        // A fixed span, so that the same seed gives the same body any day.
        let span = (Utc
            .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
            .single()
            .expect("a date")
            - origin_of_time)
            .num_minutes();
        let mut created: Vec<(i64, usize)> = (0..size.proposals)
            .map(|n| (rng.gen_range(0..span), n))
            .collect();
        created.sort();
        let mut planned = Vec::with_capacity(size.proposals);
        let mut rows = Vec::with_capacity(size.proposals);
        let mut links = Vec::with_capacity(size.proposals * 2);
        for (n, (minute, _)) in created.into_iter().enumerate() {
            let id = first + n as i32;
            let created_at = origin_of_time + Duration::minutes(minute);
            let year = created_at.year();
            let number = numbers.entry(year).or_insert_with(|| last_number(year));
            *number += 1;
            let (member, organisation) =
                self.people.members[rng.gen_range(0..self.people.members.len())];
            // The first proposal carries the long timeline: it must be public.
            let status = if n == 0 {
                ProposalStatus::EnCours
            } else {
                pick_status(rng)
            };
            let how_many = rng.gen_range(1..=3);
            let mut chosen: Vec<&(i32, String)> =
                self.procedures.choose_multiple(rng, how_many).collect();
            chosen.sort_by_key(|p| p.0);
            let title = format!(
                "{} {} {} {}",
                VERBS.choose(rng).expect("verbs"),
                OBJECTS.choose(rng).expect("objects"),
                chosen[0].1.to_lowercase(),
                AUDIENCES.choose(rng).expect("audiences")
            );
            let body = (0..rng.gen_range(2..6))
                .map(|_| *SENTENCES.choose(rng).expect("sentences"))
                .collect::<Vec<_>>()
                .join(" ");
            for (procedure, _) in &chosen {
                links.push(proposal_procedure::ActiveModel {
                    proposal_id: Set(id),
                    procedure_id: Set(*procedure),
                });
            }
            rows.push(proposal::ActiveModel {
                id: Set(id),
                reference: Set(format!("DA-{year}-{number:04}")),
                year: Set(year),
                number: Set(*number),
                search_text: Set(search::document(&[&title, &body])),
                search_title: Set(Some(search::document(&[&title]))),
                title: Set(title),
                body_html: Set(Some(markdown::to_html(&body))),
                body: Set(body),
                origin: Set(*ORIGINS.choose(rng).expect("origins")),
                organisation_id: Set(organisation),
                submitted_by: Set(Some(member)),
                working_group_id: Set(
                    (status != ProposalStatus::Deposee).then(|| self.groups[n % self.groups.len()])
                ),
                test_campaign_id: Set(None),
                priority: Set((status != ProposalStatus::Deposee).then_some(Priority::Normal)),
                status: Set(status),
                status_reason: Set((status == ProposalStatus::NonRetenue).then(|| {
                    "Hors du champ de l'instance : relève d'une autre administration.".to_string()
                })),
                merged_into_id: Set(None),
                meeting_id: Set(None),
                version: Set(1),
                supports_count: Set(0),
                created_at: Set(created_at),
                updated_at: Set(created_at),
                last_activity_at: Set(created_at),
                was_public: Set(false),
                progress: Set(status.is_implementing().then_some((n % 11 * 10) as i32)),
            });
            planned.push(Planned {
                id,
                organisation,
                status,
                created_at,
            });
        }
        let long_reference = rows
            .first()
            .map(|r| r.reference.as_ref().clone())
            .unwrap_or_default();
        let (supports, per_proposal) = self.supports(rng, &planned, size.supports);
        for (row, count) in rows.iter_mut().zip(per_proposal) {
            row.supports_count = Set(count);
        }
        insert_chunked(txn, rows).await?;
        insert_chunked(txn, links).await?;
        // Every word of the generated texts comes from these lists.
        let names: Vec<&str> = self
            .procedures
            .iter()
            .map(|(_, name)| name.as_str())
            .collect();
        let lists = [VERBS, OBJECTS, AUDIENCES, SENTENCES, &names].map(|list| list.join(" "));
        search::remember(txn, &lists.each_ref().map(String::as_str))
            .await
            .map_err(|error| DbErr::Custom(error.to_string()))?;
        let support_count = supports.len();
        insert_chunked(txn, supports).await?;
        for (year, last) in numbers {
            let scope = format!("DA-{year}");
            reference_counter::Entity::delete_by_id(scope.clone())
                .exec(txn)
                .await?;
            reference_counter::ActiveModel {
                scope: Set(scope),
                last_value: Set(last),
            }
            .insert(txn)
            .await?;
        }
        Ok(Inserted {
            proposals: planned,
            long_reference,
            supports: support_count,
        })
    }

    /// Supports from other organisations, never twice the same, with the
    /// number each proposal receives.
    fn supports(
        &self,
        rng: &mut StdRng,
        proposals: &[Planned],
        count: usize,
    ) -> (Vec<proposal_support::ActiveModel>, Vec<i32>) {
        let mut seen = HashSet::with_capacity(count);
        let mut rows = Vec::with_capacity(count);
        let mut per_proposal = vec![0i32; proposals.len()];
        let mut attempts = 0;
        while rows.len() < count && attempts < count * 3 {
            attempts += 1;
            let p = rng.gen_range(0..proposals.len());
            let organisation = self.organisations[rng.gen_range(0..self.organisations.len())];
            let target = &proposals[p];
            if organisation == target.organisation || !seen.insert((p, organisation)) {
                continue;
            }
            per_proposal[p] += 1;
            rows.push(proposal_support::ActiveModel {
                proposal_id: Set(target.id),
                organisation_id: Set(organisation),
                user_id: Set(None),
                created_at: Set(target.created_at + Duration::days(rng.gen_range(1..60))),
                ..Default::default()
            });
        }
        (rows, per_proposal)
    }

    /// The timeline: submitted, then status changes and comments, so that the
    /// average is `count / proposals` events and the first proposal has
    /// [`LONG_TIMELINE`].
    async fn events(
        &self,
        txn: &impl ConnectionTrait,
        rng: &mut StdRng,
        proposals: &[Planned],
        count: usize,
    ) -> Result<usize, DbErr> {
        let mut left = count.saturating_sub(LONG_TIMELINE);
        let mut written = 0;
        let mut batch = Vec::with_capacity(CHUNK * 10);
        for (n, p) in proposals.iter().enumerate() {
            let events = if n == 0 {
                LONG_TIMELINE
            } else {
                // Around the average of what is left, so the total lands on `count`.
                let average = (left / (proposals.len() - n)).max(1);
                let drawn = if n + 1 == proposals.len() {
                    left.max(1)
                } else {
                    rng.gen_range(1..=average * 2 - 1)
                };
                left = left.saturating_sub(drawn);
                drawn
            };
            let mut at = p.created_at;
            for e in 0..events {
                let kind = if e == 0 {
                    ProposalEventKind::Submitted
                } else if e == events - 1 && p.status != ProposalStatus::Deposee {
                    ProposalEventKind::StatusChanged
                } else if e % 7 == 3 {
                    ProposalEventKind::MeetingLinked
                } else {
                    ProposalEventKind::Comment
                };
                at += Duration::hours(rng.gen_range(1..96));
                let status_change = kind == ProposalEventKind::StatusChanged;
                batch.push(proposal_event::ActiveModel {
                    proposal_id: Set(p.id),
                    kind: Set(kind),
                    actor_user_id: Set(Some(self.people.leads[e % self.people.leads.len()])),
                    actor_organisation_id: Set(None),
                    from_status: Set(status_change.then_some(ProposalStatus::EnInstruction)),
                    to_status: Set(status_change.then_some(p.status)),
                    body: Set((kind == ProposalEventKind::Comment)
                        .then(|| SENTENCES.choose(rng).expect("sentences").to_string())),
                    internal: Set(kind == ProposalEventKind::Comment && e % 5 == 0),
                    meeting_id: Set((kind == ProposalEventKind::MeetingLinked)
                        .then(|| self.meetings[rng.gen_range(0..self.meetings.len())])),
                    action_id: Set(None),
                    related_proposal_id: Set(None),
                    created_at: Set(at),
                    ..Default::default()
                });
            }
            written += events;
            if batch.len() >= CHUNK * 10 {
                insert_chunked(txn, std::mem::take(&mut batch)).await?;
            }
        }
        insert_chunked(txn, batch).await?;
        Ok(written)
    }
}
