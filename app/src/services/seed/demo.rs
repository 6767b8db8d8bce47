//! The demo body, loaded from its data file (`app/data/demo.toml`, with the
//! procedures of `app/data/catalogue.toml`): its identity, member
//! organisations, people, working groups, the 2019 user tests, the plenary
//! sessions and group meetings with their minutes, a backlog of proposals
//! with their histories, and example values of a few procedures' quality
//! indicators (marked as examples, never official figures). Loaded only
//! into an empty database, in one transaction; every row it loads is
//! marked, so that [`super::removal`] can take it away again.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set, SqlErr, TransactionTrait,
};

use super::removal;
use crate::entities::{
    action, easy_read_text, meeting, meeting_invitation, minutes, minutes_revision, organisation,
    procedure_indicator, proposal, proposal_event, proposal_milestone, proposal_procedure,
    proposal_support, reference_counter, test_campaign, test_campaign_procedure, user,
    working_group, working_group_member,
};
use crate::model::{
    Attendance, EasyReadKind, InvitationResponse, MeetingKind, MeetingStatus, MinutesStatus,
    ProposalEventKind, ProposalStatus, Role,
};
use crate::services::backlog::{catalogue, indicators};
use crate::services::body::{groups, snapshots};
use crate::services::data_files::{self, DemoBody, ProposalData, StepData};
use crate::services::markdown;
use crate::services::search;
use crate::services::settings;

/// What was loaded, for the command line to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedOutcome {
    Loaded {
        organisations: usize,
        proposals: usize,
    },
    SkippedNotEmpty,
}

/// The demo's accounts that sign in with its password: (role, name, e-mail),
/// for the secretariat, a working-group lead and a member association.
pub fn accounts() -> Vec<(Role, String, String)> {
    let demo = data_files::demo();
    let a = &demo.accounts;
    [&a.secretariat, &a.lead, &a.member]
        .into_iter()
        .filter_map(|key| demo.people.iter().find(|p| &p.key == key))
        .map(|p| (p.role, p.name.clone(), p.email.clone()))
        .collect()
}

/// Loads the demo body into an empty database, in one transaction. Does
/// nothing (SkippedNotEmpty) if the database holds any of the body's data:
/// demo data never goes over real data. The accounts of [`accounts`] get
/// `password_hash`; without one, like every other demo person, they sign in
/// once invited.
pub async fn seed(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    password_hash: Option<String>,
) -> Result<SeedOutcome, DbErr> {
    let txn = db.begin().await?;
    if removal::holds_data(&txn).await? {
        txn.rollback().await?;
        return Ok(SeedOutcome::SkippedNotEmpty);
    }
    match load(&txn, now, password_hash).await {
        Ok(outcome) => {
            txn.commit().await?;
            Ok(outcome)
        }
        Err(err) => {
            txn.rollback().await?;
            // Several app servers starting together: the one that loses the
            // race on a unique key finds the others' data and steps aside.
            let raced = matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)));
            if raced && removal::holds_data(db).await? {
                Ok(SeedOutcome::SkippedNotEmpty)
            } else {
                Err(err)
            }
        }
    }
}

async fn load(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    password_hash: Option<String>,
) -> Result<SeedOutcome, DbErr> {
    let demo = data_files::demo();
    settings::save_identity(txn, &demo.identity, now).await?;
    let mut ids = Ids {
        procedures: catalogue::insert(txn, data_files::catalogue()).await?,
        ..Ids::default()
    };
    insert_organisations(txn, demo, &mut ids).await?;
    insert_people(txn, demo, &mut ids, password_hash).await?;
    insert_groups(txn, demo, &mut ids).await?;
    insert_campaigns(txn, demo, &mut ids).await?;
    insert_meetings(txn, demo, &mut ids, now).await?;
    insert_invitations(txn, demo, &ids).await?;
    insert_minutes(txn, demo, &ids).await?;
    let proposals = insert_proposals(txn, demo, &mut ids).await?;
    let actions = insert_actions(txn, demo, &ids).await?;
    insert_proposal_events(txn, &ids, &proposals, &actions).await?;
    insert_milestones(txn, demo, &ids).await?;
    insert_easy_read(txn, demo, &ids).await?;
    insert_indicators(txn, demo, &ids).await?;
    snapshot_coming_sessions(txn, now).await?;
    search::index_missing(txn)
        .await
        .map_err(|error| DbErr::Custom(error.to_string()))?;
    removal::mark_all(txn).await?;
    Ok(SeedOutcome::Loaded {
        organisations: demo.organisations.len(),
        proposals: proposals.len(),
    })
}

/// The plenary sessions still to come are scheduled as the demo is loaded:
/// each gets the snapshot of the backlog that scheduling records.
async fn snapshot_coming_sessions(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let coming = meeting::Entity::find()
        .filter(meeting::Column::Kind.eq(MeetingKind::Plenary))
        .filter(meeting::Column::StartsAt.gt(now))
        .all(txn)
        .await?;
    for session in coming {
        snapshots::take(txn, session.id, now)
            .await
            .map_err(|error| DbErr::Custom(error.to_string()))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Time: every date of the body is written in Paris local time.

fn paris(at: NaiveDateTime) -> DateTime<Utc> {
    Paris
        .from_local_datetime(&at)
        .earliest()
        .expect("demo time exists in Paris")
        .with_timezone(&Utc)
}

fn local(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    paris(day.and_hms_opt(hour, minute, 0).expect("valid demo time"))
}

/// When a record was entered: two weeks before the membership it describes.
fn registered(joined_on: NaiveDate) -> DateTime<Utc> {
    local(joined_on - Duration::days(14), 9, 0)
}

/// The example values of the procedures' indicators, marked as examples
/// (every page that shows them says so), entered a week after their date.
async fn insert_indicators(
    txn: &DatabaseTransaction,
    demo: &DemoBody,
    ids: &Ids,
) -> Result<(), DbErr> {
    let mut rows = Vec::with_capacity(demo.indicators.len());
    for i in &demo.indicators {
        let (figure, level) = indicators::parse_value(i.kind, &i.value).map_err(DbErr::Custom)?;
        rows.push(procedure_indicator::ActiveModel {
            procedure_id: Set(ids.procedures[&i.procedure]),
            kind: Set(i.kind),
            measured_on: Set(i.measured_on),
            figure: Set(figure),
            level: Set(level),
            source: Set(i.source.clone()),
            example: Set(true),
            recorded_by_user_id: Set(None),
            recorded_at: Set(local(i.measured_on + Duration::days(7), 10, 0)),
            ..Default::default()
        });
    }
    insert_all(txn, rows).await
}

// ---------------------------------------------------------------------------
// Identifiers of what was inserted, by the keys of the data file.

#[derive(Default)]
struct Ids {
    organisations: HashMap<String, i32>,
    /// Person key → (user id, organisation id).
    people: HashMap<String, (i32, i32)>,
    /// Group slug → group row.
    groups: HashMap<String, working_group::Model>,
    procedures: HashMap<String, i32>,
    campaigns: HashMap<String, i32>,
    meetings: HashMap<String, meeting::Model>,
    /// Proposal reference → id.
    proposals: HashMap<String, i32>,
}

impl Ids {
    fn user(&self, key: &str) -> i32 {
        self.people[key].0
    }

    fn organisation_of(&self, key: &str) -> i32 {
        self.people[key].1
    }

    fn group(&self, slug: &str) -> i32 {
        self.groups[slug].id
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

async fn insert_organisations(
    txn: &DatabaseTransaction,
    demo: &DemoBody,
    ids: &mut Ids,
) -> Result<(), DbErr> {
    for o in &demo.organisations {
        let created_at = registered(o.joined_on);
        let saved = organisation::ActiveModel {
            slug: Set(o.slug.clone()),
            name: Set(o.name.clone()),
            short_name: Set(o.short_name.clone()),
            kind: Set(o.kind),
            description: Set(o.description.clone()),
            website: Set(o.website.clone()),
            joined_on: Set(o.joined_on),
            left_on: Set(o.left_on),
            created_at: Set(created_at),
            updated_at: Set(o.left_on.map_or(created_at, |day| local(day, 9, 0))),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.organisations.insert(o.slug.clone(), saved.id);
    }
    Ok(())
}

/// People are invited later, so that none has a password yet, but for the
/// demo's accounts when the demo is loaded with a password.
async fn insert_people(
    txn: &DatabaseTransaction,
    demo: &DemoBody,
    ids: &mut Ids,
    password_hash: Option<String>,
) -> Result<(), DbErr> {
    let a = &demo.accounts;
    let with_password = [&a.secretariat, &a.lead, &a.member];
    for p in &demo.people {
        let organisation_id = ids.organisations[&p.organisation];
        let joined_on = demo
            .organisations
            .iter()
            .find(|o| o.slug == p.organisation)
            .map(|o| o.joined_on)
            .expect("a person's organisation is in the demo data");
        let created_at = registered(joined_on);
        let saved = user::ActiveModel {
            email: Set(p.email.clone()),
            name: Set(p.name.clone()),
            title: Set(Some(p.title.clone())),
            role: Set(p.role),
            organisation_id: Set(Some(organisation_id)),
            password_hash: Set(password_hash
                .clone()
                .filter(|_| with_password.contains(&&p.key))),
            active: Set(true),
            calendar_token: Set(None),
            created_at: Set(created_at),
            updated_at: Set(created_at),
            last_login_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.people
            .insert(p.key.clone(), (saved.id, organisation_id));
    }
    Ok(())
}

async fn insert_groups(
    txn: &DatabaseTransaction,
    demo: &DemoBody,
    ids: &mut Ids,
) -> Result<(), DbErr> {
    let founded = demo
        .organisations
        .iter()
        .map(|o| o.joined_on)
        .min()
        .expect("the demo has organisations");
    let mut seats = Vec::new();
    for g in &demo.groups {
        let saved = working_group::ActiveModel {
            number: Set(g.number),
            slug: Set(g.slug.clone()),
            title: Set(g.title.clone()),
            mandate: Set(g.mandate.clone()),
            mandate_html: Set(Some(markdown::to_html(&g.mandate))),
            lead_user_id: Set(Some(ids.user(&g.lead))),
            created_at: Set(local(founded, 17, 0)),
            archived_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        seats.extend(g.seats.iter().map(|s| working_group_member::ActiveModel {
            working_group_id: Set(saved.id),
            organisation_id: Set(ids.organisations[&s.organisation]),
            joined_on: Set(s.joined_on),
            left_on: Set(s.left_on),
            ..Default::default()
        }));
        ids.groups.insert(g.slug.clone(), saved);
    }
    insert_all(txn, seats).await
}

async fn insert_campaigns(
    txn: &DatabaseTransaction,
    demo: &DemoBody,
    ids: &mut Ids,
) -> Result<(), DbErr> {
    let mut links = Vec::new();
    for c in &demo.campaigns {
        let saved = test_campaign::ActiveModel {
            slug: Set(c.slug.clone()),
            title: Set(c.title.clone()),
            site: Set(c.site.clone()),
            held_on: Set(c.held_on),
            ends_on: Set(None),
            audience: Set(c.audience.clone()),
            findings: Set(c.findings.clone()),
            findings_html: Set(Some(markdown::to_html(&c.findings))),
            organisation_id: Set(Some(ids.organisations[&c.organisation])),
            created_at: Set(local(c.held_on + Duration::days(7), 10, 0)),
            closed_at: Set(None),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        links.extend(
            c.procedures
                .iter()
                .map(|slug| test_campaign_procedure::ActiveModel {
                    test_campaign_id: Set(saved.id),
                    procedure_id: Set(ids.procedures[slug]),
                }),
        );
        ids.campaigns.insert(c.slug.clone(), saved.id);
    }
    insert_all(txn, links).await
}

/// The meetings in date order: held ones from the record, then those to
/// come, so many days after `now`.
async fn insert_meetings(
    txn: &DatabaseTransaction,
    demo: &DemoBody,
    ids: &mut Ids,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let today = now.with_timezone(&Paris).date_naive();
    for (n, m) in demo.meetings.iter().enumerate() {
        let starts_at = match (m.starts_at, m.in_days, m.time.as_deref()) {
            (Some(at), _, _) => paris(at),
            (None, Some(days), Some(time)) => {
                let time = NaiveTime::parse_from_str(time, "%H:%M")
                    .expect("a meeting's time is checked by the tests");
                paris((today + Duration::days(days)).and_time(time))
            }
            _ => unreachable!("a meeting's start is checked by the tests"),
        };
        let ends_at = starts_at + Duration::minutes(m.duration_minutes);
        let created_at = (starts_at - Duration::days(14)).min(now);
        let (kind, year) = match m.group {
            Some(_) => (MeetingKind::WorkingGroup, None),
            None => (
                MeetingKind::Plenary,
                Some(starts_at.with_timezone(&Paris).year()),
            ),
        };
        let saved = meeting::ActiveModel {
            uid: Set(format!("meeting-{}@ecoute.interieur.gouv.fr", n + 1)),
            kind: Set(kind),
            working_group_id: Set(m.group.as_deref().map(|g| ids.group(g))),
            year: Set(year),
            ordinal: Set(m.ordinal),
            title: Set(m.title.clone()),
            starts_at: Set(starts_at),
            ends_at: Set(ends_at),
            place: Set(Some(m.place.clone())),
            video_url: Set(m.video_url.clone()),
            agenda: Set(m.agenda.clone()),
            agenda_html: Set(Some(markdown::to_html(&m.agenda))),
            status: Set(m.status),
            sequence: Set(0),
            created_by: Set(Some(ids.user(&m.created_by))),
            created_at: Set(created_at),
            updated_at: Set(if m.status == MeetingStatus::Held {
                ends_at
            } else {
                created_at
            }),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        ids.meetings.insert(m.key.clone(), saved);
    }
    Ok(())
}

/// The stored hash of an answer link no one holds (the demo's answers are given).
fn invitation_token() -> String {
    crate::services::accounts::sessions::token_hash(
        &crate::services::accounts::sessions::new_token(),
    )
}

/// The answered invitations of the record, and those waiting for an answer
/// from every person (but the secretariat) whose organisation sits in the
/// meeting's group.
async fn insert_invitations(
    txn: &DatabaseTransaction,
    demo: &DemoBody,
    ids: &Ids,
) -> Result<(), DbErr> {
    let mut rows = Vec::new();
    for m in &demo.meetings {
        let saved = &ids.meetings[&m.key];
        let sent_at = m.convened_at.map_or(saved.created_at, paris);
        rows.extend(m.replies.iter().map(|r| meeting_invitation::ActiveModel {
            meeting_id: Set(saved.id),
            user_id: Set(ids.user(&r.person)),
            response: Set(r.response),
            represented_by: Set(r.represented_by.clone()),
            responded_at: Set(Some(paris(r.answered_at))),
            attendance: Set(Some(if r.response == InvitationResponse::Present {
                Attendance::Present
            } else {
                Attendance::Absent
            })),
            token: Set(invitation_token()),
            created_at: Set(sent_at),
            ..Default::default()
        }));
        let Some(group) = m.group.as_ref().filter(|_| m.invite_seated) else {
            continue;
        };
        let seated: Vec<&str> = demo
            .groups
            .iter()
            .filter(|g| &g.slug == group)
            .flat_map(|g| &g.seats)
            .filter(|s| s.left_on.is_none())
            .map(|s| s.organisation.as_str())
            .collect();
        rows.extend(
            demo.people
                .iter()
                .filter(|p| p.role != Role::Admin && seated.contains(&p.organisation.as_str()))
                .map(|p| meeting_invitation::ActiveModel {
                    meeting_id: Set(saved.id),
                    user_id: Set(ids.user(&p.key)),
                    response: Set(InvitationResponse::Pending),
                    represented_by: Set(None),
                    responded_at: Set(None),
                    attendance: Set(None),
                    token: Set(invitation_token()),
                    created_at: Set(sent_at),
                    ..Default::default()
                }),
        );
    }
    insert_all(txn, rows).await
}

/// Minutes: each revision is the concatenation of sections, so a later
/// revision shows what was added to the earlier one.
async fn insert_minutes(
    txn: &DatabaseTransaction,
    demo: &DemoBody,
    ids: &Ids,
) -> Result<(), DbErr> {
    for m in &demo.minutes {
        let author = ids.user(&m.author);
        let written: Vec<DateTime<Utc>> = m.revisions.iter().map(|r| paris(r.at)).collect();
        let published_at = m.published_at.map(paris);
        let bodies: Vec<String> = m
            .revisions
            .iter()
            .map(|revision| {
                revision
                    .sections
                    .iter()
                    .map(|key| m.sections[key].as_str())
                    .collect()
            })
            .collect();
        let saved = minutes::ActiveModel {
            meeting_id: Set(ids.meetings[&m.meeting].id),
            status: Set(if published_at.is_some() {
                MinutesStatus::Published
            } else {
                MinutesStatus::Draft
            }),
            current_revision: Set(written.len() as i32),
            published_html: Set(published_at
                .and(bodies.last())
                .map(|body| markdown::to_html(body))),
            published_at: Set(published_at),
            published_by: Set(published_at.map(|_| author)),
            published_revision: Set(published_at.map(|_| written.len() as i32)),
            created_at: Set(written[0]),
            updated_at: Set(published_at.unwrap_or(written[written.len() - 1])),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let revisions = bodies
            .into_iter()
            .zip(written)
            .zip(1..)
            .map(
                |((body, created_at), number)| minutes_revision::ActiveModel {
                    minutes_id: Set(saved.id),
                    number: Set(number),
                    body: Set(body),
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

/// An event of a proposal's timeline, before the ids it points to exist.
struct PlannedEvent<'a> {
    kind: ProposalEventKind,
    at: DateTime<Utc>,
    actor: &'a str,
    from: Option<ProposalStatus>,
    to: Option<ProposalStatus>,
    body: Option<String>,
    internal: bool,
    meeting: Option<&'a str>,
    action: Option<&'a str>,
    related: Option<&'a str>,
}

impl<'a> PlannedEvent<'a> {
    fn new(kind: ProposalEventKind, at: NaiveDateTime, actor: &'a str) -> Self {
        PlannedEvent {
            kind,
            at: paris(at),
            actor,
            from: None,
            to: None,
            body: None,
            internal: false,
            meeting: None,
            action: None,
            related: None,
        }
    }
}

/// The submission and every step, in time order, each status change
/// recording the status it leaves.
fn timeline<'a>(p: &'a ProposalData, group_label: Option<String>) -> Vec<PlannedEvent<'a>> {
    use ProposalEventKind as Kind;
    let mut status = ProposalStatus::Deposee;
    let mut events = vec![PlannedEvent::new(Kind::Submitted, p.created, &p.submitter)];
    for step in &p.steps {
        let event = match step {
            StepData::Assign { at, by } => PlannedEvent {
                body: group_label.clone(),
                ..PlannedEvent::new(Kind::Assigned, *at, by)
            },
            StepData::Status { at, by, to, reason } => {
                let from = std::mem::replace(&mut status, *to);
                PlannedEvent {
                    from: Some(from),
                    to: Some(*to),
                    body: Some(reason.clone()),
                    ..PlannedEvent::new(Kind::StatusChanged, *at, by)
                }
            }
            StepData::Comment {
                at,
                by,
                body,
                internal,
            } => PlannedEvent {
                body: Some(body.clone()),
                internal: *internal,
                ..PlannedEvent::new(Kind::Comment, *at, by)
            },
            StepData::Support { at, by } => PlannedEvent::new(Kind::Supported, *at, by),
            StepData::Meeting {
                at,
                by,
                meeting,
                note,
            } => PlannedEvent {
                body: Some(note.clone()),
                meeting: Some(meeting),
                ..PlannedEvent::new(Kind::MeetingLinked, *at, by)
            },
            StepData::Action { at, by, action } => PlannedEvent {
                action: Some(action),
                ..PlannedEvent::new(Kind::ActionLinked, *at, by)
            },
            StepData::Merge {
                at,
                by,
                into,
                reason,
            } => {
                let from = std::mem::replace(&mut status, ProposalStatus::Fusionnee);
                PlannedEvent {
                    from: Some(from),
                    to: Some(ProposalStatus::Fusionnee),
                    body: Some(reason.clone()),
                    related: Some(into),
                    ..PlannedEvent::new(Kind::Merged, *at, by)
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
async fn insert_proposals<'a>(
    txn: &DatabaseTransaction,
    demo: &'a DemoBody,
    ids: &mut Ids,
) -> Result<Vec<(i32, Vec<PlannedEvent<'a>>)>, DbErr> {
    let mut last_numbers: BTreeMap<i32, i32> = BTreeMap::new();
    let mut inserted = Vec::new();
    let mut procedures = Vec::new();
    let mut supports = Vec::new();
    for p in &demo.proposals {
        let group = p.group.as_deref().map(|slug| &ids.groups[slug]);
        let events = timeline(p, group.map(groups::label));
        let year = p.created.year();
        let number = last_numbers
            .entry(year)
            .and_modify(|n| *n += 1)
            .or_insert(1);
        let reference = format!("DA-{year}-{number:04}");
        assert_eq!(reference, p.reference, "demo proposals in submission order");
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
        let created_at = paris(p.created);
        let last_activity_at = events.last().map_or(created_at, |event| event.at);
        let saved = proposal::ActiveModel {
            reference: Set(reference.clone()),
            year: Set(year),
            number: Set(*number),
            title: Set(p.title.clone()),
            body: Set(p.body.clone()),
            body_html: Set(Some(markdown::to_html(&p.body))),
            origin: Set(p.origin),
            organisation_id: Set(ids.organisation_of(&p.submitter)),
            submitted_by: Set(Some(ids.user(&p.submitter))),
            working_group_id: Set(group.map(|g| g.id)),
            test_campaign_id: Set(p.campaign.as_ref().map(|slug| ids.campaigns[slug])),
            priority: Set(p.priority),
            status: Set(status),
            status_reason: Set(status_reason),
            progress: Set(p.progress),
            merged_into_id: Set(events
                .iter()
                .find_map(|event| event.related)
                .map(|into| ids.proposals[into])),
            meeting_id: Set(events
                .iter()
                .rev()
                .find_map(|event| event.meeting)
                .map(|key| ids.meetings[key].id)),
            version: Set(1),
            supports_count: Set(support_events.len() as i32),
            // Written by `search::index_missing` once every text is in.
            search_text: Set(String::new()),
            created_at: Set(created_at),
            updated_at: Set(last_activity_at),
            last_activity_at: Set(last_activity_at),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        procedures.extend(
            p.procedures
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
        ids.proposals.insert(reference, saved.id);
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

/// The follow-up actions, each linked to the proposal whose timeline names
/// it; returns their ids by key.
async fn insert_actions(
    txn: &DatabaseTransaction,
    demo: &DemoBody,
    ids: &Ids,
) -> Result<HashMap<String, i32>, DbErr> {
    let mut inserted = HashMap::new();
    for a in &demo.actions {
        let meeting = &ids.meetings[&a.meeting];
        let proposal = demo.proposals.iter().find(|p| {
            p.steps
                .iter()
                .any(|s| matches!(s, StepData::Action { action, .. } if action == &a.key))
        });
        let saved = action::ActiveModel {
            title: Set(a.title.clone()),
            description: Set(a.description.clone()),
            meeting_id: Set(Some(meeting.id)),
            working_group_id: Set(Some(ids.group(&a.group))),
            proposal_id: Set(proposal.map(|p| ids.proposals[&p.reference])),
            owner_user_id: Set(Some(ids.user(&a.owner))),
            due_on: Set(Some(a.due_on)),
            status: Set(a.status),
            created_at: Set(meeting.ends_at),
            updated_at: Set(paris(a.updated_at)),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        inserted.insert(a.key.clone(), saved.id);
    }
    Ok(inserted)
}

async fn insert_proposal_events(
    txn: &DatabaseTransaction,
    ids: &Ids,
    proposals: &[(i32, Vec<PlannedEvent<'_>>)],
    actions: &HashMap<String, i32>,
) -> Result<(), DbErr> {
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
                meeting_id: Set(event.meeting.map(|key| ids.meetings[key].id)),
                action_id: Set(event.action.map(|key| actions[key])),
                related_proposal_id: Set(event.related.map(|into| ids.proposals[into])),
                created_at: Set(event.at),
                ..Default::default()
            })
        })
        .collect();
    insert_all(txn, rows).await
}

/// The milestones of the proposals being implemented, each written when
/// it was planned: the last status change before its date.
async fn insert_milestones(
    txn: &DatabaseTransaction,
    demo: &DemoBody,
    ids: &Ids,
) -> Result<(), DbErr> {
    let rows = demo
        .proposals
        .iter()
        .flat_map(|p| {
            let planned_from = p
                .steps
                .iter()
                .filter_map(|step| match step {
                    StepData::Status { at, .. } => Some(*at),
                    _ => None,
                })
                .max()
                .unwrap_or(p.created);
            p.milestones
                .iter()
                .map(move |m| proposal_milestone::ActiveModel {
                    proposal_id: Set(ids.proposals[&p.reference]),
                    title: Set(m.title.clone()),
                    planned_on: Set(m.planned_on),
                    done_on: Set(m.done_on),
                    created_at: Set(paris(planned_from)),
                    ..Default::default()
                })
        })
        .collect();
    insert_all(txn, rows).await
}

/// The « facile à lire et à comprendre » versions, written by the
/// secretariat: of published minutes, and of proposals' latest answers.
async fn insert_easy_read(
    txn: &DatabaseTransaction,
    demo: &DemoBody,
    ids: &Ids,
) -> Result<(), DbErr> {
    let by = ids.user(&demo.accounts.secretariat);
    let mut rows = Vec::new();
    for m in &demo.minutes {
        let (Some(text), Some(published)) = (&m.easy_read, m.published_at) else {
            continue;
        };
        let meeting = ids.meetings[&m.meeting].id;
        rows.push(easy_read_text::ActiveModel {
            kind: Set(EasyReadKind::Minutes),
            subject_key: Set(meeting.to_string()),
            meeting_id: Set(Some(meeting)),
            proposal_event_id: Set(None),
            body: Set(text.trim().to_string()),
            body_html: Set(markdown::to_html(text.trim())),
            updated_by: Set(Some(by)),
            updated_at: Set(paris(published)),
            ..Default::default()
        });
    }
    for p in &demo.proposals {
        let Some(text) = &p.easy_answer else {
            continue;
        };
        let answer = proposal_event::Entity::find()
            .filter(proposal_event::Column::ProposalId.eq(ids.proposals[&p.reference]))
            .filter(
                proposal_event::Column::Kind
                    .is_in([ProposalEventKind::StatusChanged, ProposalEventKind::Merged]),
            )
            .order_by_desc(proposal_event::Column::CreatedAt)
            .one(txn)
            .await?
            .expect("a demo proposal with an easy-read answer has a status answer");
        rows.push(easy_read_text::ActiveModel {
            kind: Set(EasyReadKind::StatusAnswer),
            subject_key: Set(answer.id.to_string()),
            meeting_id: Set(None),
            proposal_event_id: Set(Some(answer.id)),
            body: Set(text.trim().to_string()),
            body_html: Set(markdown::to_html(text.trim())),
            updated_by: Set(Some(by)),
            updated_at: Set(answer.created_at + Duration::days(7)),
            ..Default::default()
        });
    }
    insert_all(txn, rows).await
}
