//! A proposal's page: what it asks, where it stands and why, its timeline,
//! its supports, its follow-up actions, related proposals, and what the
//! person looking may do. Every related table is read in one query, and what
//! is the same for a whole audience is kept while the proposal is unchanged
//! ([`KeptParts`]).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::prelude::DateTimeUtc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};

use super::cards::{cards, Audience};
use super::submissions::linked_procedures;
use crate::entities::{
    meeting, organisation, procedure, proposal, proposal_event, proposal_milestone,
    proposal_procedure, proposal_support, proposal_version, test_campaign, user, working_group,
};
use crate::model::{
    easy_read_form_path, AppError, Choice, CurrentUser, EasyReadKind, MeetingOption, MilestoneRow,
    PreviousText, ProposalAbilities, ProposalCard, ProposalDetail, ProposalEditData,
    ProposalEventKind, ProposalStatus, SupportRow, TimelineEntry, TimelineSpan, TriageOptions,
};
use crate::services::body::{actions, easy_read, groups, meetings};
use crate::services::shelf::Shelf;
use crate::services::statements::FixedQuery;
use crate::services::{format, markdown};

const RELATED: u64 = 5;
const RELATED_CANDIDATES: u64 = 200;

/// The proposal `reference` (case forgiven), if `viewer` may see it:
/// anonymous visitors are sent to sign in for a proposal still "déposée"
/// (or withdrawn before it was public).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    reference: &str,
) -> Result<proposal::Model, AppError> {
    let found = by_reference(db, reference).await?;
    if !Audience::of(viewer).sees(&found) {
        return Err(AppError::Unauthenticated);
    }
    Ok(found)
}

/// The proposal `reference` (case forgiven), whoever asks.
pub async fn by_reference(
    db: &impl ConnectionTrait,
    reference: &str,
) -> Result<proposal::Model, AppError> {
    static BY_REFERENCE: FixedQuery = FixedQuery::new();
    let statement = BY_REFERENCE.statement(
        db.get_database_backend(),
        || proposal::Entity::find().filter(proposal::Column::Reference.eq("")),
        vec![reference.trim().to_uppercase().into()],
    );
    proposal::Entity::find()
        .from_raw_sql(statement)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether `user` may triage `p`: an admin, or the lead of its group.
pub fn may_triage(user: &CurrentUser, p: &proposal::Model) -> bool {
    user.runs(p.working_group_id)
}

/// Whether `user` speaks for `p`'s organisation, to edit or withdraw it: one
/// of its people, or the secretariat.
pub fn may_amend(user: &CurrentUser, p: &proposal::Model) -> bool {
    user.is_admin() || user.organisation_id == Some(p.organisation_id)
}

/// Whether `p`'s text may still be edited: while it is « déposée ».
pub fn editable(p: &proposal::Model) -> bool {
    p.status == ProposalStatus::Deposee
}

/// Whether `p` may still be withdrawn: before its implementation starts.
pub fn withdrawable(p: &proposal::Model) -> bool {
    matches!(
        p.status,
        ProposalStatus::Deposee | ProposalStatus::EnInstruction | ProposalStatus::Retenue
    )
}

/// A proposal's internal comments are for the secretariat and the lead of
/// the proposal's group: those who triage it.
pub fn sees_internal(viewer: Option<&CurrentUser>, p: &proposal::Model) -> bool {
    viewer.is_some_and(|v| may_triage(v, p))
}

/// The parts of proposals' pages that are the same for a whole audience,
/// kept with a stamp made of the proposal's row as the page reads it at each
/// request: a change to the proposal shows at once, to whoever made it and
/// on every server; only what lies around it (the names of people,
/// organisations and groups, its meeting's date, the neighbouring
/// proposals) may be `ttl` old.
#[derive(Debug)]
pub struct KeptParts {
    ttl: Duration,
    shelf: Shelf<ProposalParts>,
}

impl KeptParts {
    /// Parts kept `ttl`; zero keeps none.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            shelf: Shelf::default(),
        }
    }

    async fn get<F, Fut>(
        &self,
        key: &str,
        stamp: &str,
        load: F,
    ) -> Result<Arc<ProposalParts>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<ProposalParts, AppError>>,
    {
        self.shelf.get_as_of(self.ttl, key, stamp, load).await
    }
}

/// The page of proposal `reference` for `viewer`, with the latest events
/// of its timeline.
pub async fn detail(
    db: &impl ConnectionTrait,
    kept: &KeptParts,
    viewer: Option<&CurrentUser>,
    reference: &str,
) -> Result<ProposalDetail, AppError> {
    detail_at(db, kept, viewer, reference, 1).await
}

/// The same, with page `timeline_page` of its timeline ([`TimelineSpan`]).
pub async fn detail_at(
    db: &impl ConnectionTrait,
    kept: &KeptParts,
    viewer: Option<&CurrentUser>,
    reference: &str,
    timeline_page: u64,
) -> Result<ProposalDetail, AppError> {
    let p = find_visible(db, viewer, reference).await?;
    let audience = Audience::of(viewer);
    let internal = sees_internal(viewer, &p);
    let (key, stamp) = parts_key(&p, audience, internal, timeline_page);
    let parts = kept
        .get(&key, &stamp, || {
            parts_of(db, &p, audience, internal, timeline_page)
        })
        .await?;

    let viewer_org = viewer.and_then(|v| v.organisation_id);
    let supported = viewer_org.is_some_and(|o| parts.supporters.contains(&o));
    let open = !p.status.is_closed();
    let amends = viewer.is_some_and(|v| may_amend(v, &p));
    let abilities = ProposalAbilities {
        signed_in: viewer.is_some(),
        may_support: open && !supported && viewer_org.is_some_and(|o| o != p.organisation_id),
        supported,
        may_comment: viewer.is_some(),
        may_comment_internally: internal,
        may_edit: amends && editable(&p),
        may_withdraw: amends && withdrawable(&p),
    };
    let triage = match viewer {
        Some(v) if may_triage(v, &p) => Some(triage_options(db, &p).await?),
        _ => None,
    };
    let (status_reason_easy_html, easy_read_form) = match p.status_reason {
        Some(_) => match easy_read::status_reason(db, &p).await? {
            Some((key, html)) => (
                html,
                viewer
                    .filter(|v| v.is_admin())
                    .map(|_| easy_read_form_path(EasyReadKind::StatusAnswer, &key)),
            ),
            None => (None, None),
        },
        None => (None, None),
    };
    Ok(ProposalDetail {
        id: p.id,
        reference: p.reference.clone(),
        title: p.title.clone(),
        body_html: parts.body_html.clone(),
        status: p.status,
        status_reason: p.status_reason.clone(),
        status_reason_easy_html,
        easy_read_form,
        merged_into: parts.merged_into.clone(),
        origin: p.origin,
        organisation: parts.organisation.clone(),
        organisation_slug: parts.organisation_slug.clone(),
        working_group: parts.working_group.as_ref().map(|(label, _)| label.clone()),
        working_group_slug: parts.working_group.as_ref().map(|(_, slug)| slug.clone()),
        campaign: parts.campaign.clone(),
        priority: p.priority,
        procedures: parts.procedures.clone(),
        submitted_on: format::local_date(p.created_at),
        meeting: parts.meeting.clone(),
        supports: parts.supports.clone(),
        timeline: parts.timeline.clone(),
        timeline_span: parts.timeline_span,
        actions: actions::shown_to(&parts.actions, viewer),
        progress: p.progress.filter(|_| p.status.is_implementing()),
        milestones: parts.milestones.clone(),
        related: parts.related.clone(),
        version: p.version,
        abilities,
        triage,
    })
}

/// What a proposal's page shows alike to everyone of one audience, and
/// within it to all who read internal comments or to all who do not:
/// everything but what the viewer may do.
#[derive(Debug)]
pub struct ProposalParts {
    body_html: String,
    organisation: String,
    organisation_slug: String,
    merged_into: Option<String>,
    procedures: Vec<Choice>,
    /// Its label and slug.
    working_group: Option<(String, String)>,
    campaign: Option<Choice>,
    meeting: Option<MeetingOption>,
    /// The supporting organisations' ids.
    supporters: Vec<i32>,
    supports: Vec<SupportRow>,
    timeline: Arc<[TimelineEntry]>,
    timeline_span: TimelineSpan,
    actions: Vec<actions::ActionLine>,
    milestones: Vec<MilestoneRow>,
    related: Vec<ProposalCard>,
}

/// The key of `p`'s kept parts for an audience and a page of its timeline,
/// and their stamp: its row as
/// read, so that any change to the proposal (triage, a comment, a support,
/// an action decided or moved: each moves its version, its update or
/// activity time, or its supports count) makes the next page read them
/// anew, on every server.
fn parts_key(
    p: &proposal::Model,
    audience: Audience,
    internal: bool,
    timeline_page: u64,
) -> (String, String) {
    let audience = match audience {
        Audience::Public => "public",
        Audience::SignedIn => "membres",
    };
    let internal = if internal { "interne" } else { "externe" };
    (
        format!("{}/{audience}/{internal}/{timeline_page}", p.id),
        format!(
            "{}/{}/{}/{}",
            p.version,
            p.updated_at.timestamp_micros(),
            p.last_activity_at.timestamp_micros(),
            p.supports_count
        ),
    )
}

async fn parts_of(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
    audience: Audience,
    internal: bool,
    timeline_page: u64,
) -> Result<ProposalParts, AppError> {
    let (events, timeline_span) = timeline_events(db, p.id, internal, timeline_page).await?;
    let supports = supports_of(db, p.id).await?;
    let (organisation, organisation_slug) = organisation::Entity::find_by_id(p.organisation_id)
        .select_only()
        .columns([organisation::Column::Name, organisation::Column::Slug])
        .into_tuple::<(String, String)>()
        .one(db)
        .await?
        .unwrap_or_default();
    let merged_into = match p.merged_into_id {
        Some(id) => {
            proposal::Entity::find_by_id(id)
                .select_only()
                .column(proposal::Column::Reference)
                .into_tuple::<String>()
                .one(db)
                .await?
        }
        None => None,
    };
    let procedures = procedures_of(db, p.id).await?;
    let procedure_ids: Vec<i32> = procedures.iter().map(|(id, _, _)| *id).collect();

    let working_group = match p.working_group_id {
        Some(id) => working_group::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|g| (groups::label(&g), g.slug)),
        None => None,
    };
    let campaign = match p.test_campaign_id {
        Some(id) => test_campaign::Entity::find_by_id(id)
            .select_only()
            .columns([test_campaign::Column::Slug, test_campaign::Column::Title])
            .into_tuple::<(String, String)>()
            .one(db)
            .await?
            .map(|(value, label)| Choice { value, label }),
        None => None,
    };
    let meeting = match p.meeting_id {
        Some(id) => meeting::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|m| meeting_option(&m)),
        None => None,
    };

    let names_people = audience == Audience::SignedIn;
    let timeline = events
        .into_iter()
        .map(|e| {
            let person = e.actor_name.as_ref().filter(|_| names_people);
            let who = match (e.kind, person, &e.actor_organisation) {
                // The person filed it for the organisation, not as one of its people.
                (ProposalEventKind::FiledOnBehalf, Some(person), _) => {
                    Some(format!("{person} (secrétariat de l'instance)"))
                }
                (ProposalEventKind::FiledOnBehalf, None, _) => None,
                (_, Some(person), Some(org)) => Some(format!("{person} ({org})")),
                (_, Some(person), None) => Some(person.clone()),
                (_, None, org) => org.clone(),
            };
            TimelineEntry {
                kind: e.kind,
                summary: summary(&e),
                body: e.body.filter(|b| {
                    !b.is_empty()
                        && !matches!(
                            e.kind,
                            ProposalEventKind::Assigned | ProposalEventKind::PrioritySet
                        )
                }),
                who,
                when: format::date_time(e.created_at),
                when_iso: format::iso(e.created_at),
                internal: e.internal,
                meeting_id: e.meeting_id,
                related_reference: e.related_reference,
                previous: e.previous_title.map(|title| PreviousText {
                    title,
                    body: e.previous_body.unwrap_or_default(),
                    procedures: e
                        .previous_procedures
                        .unwrap_or_default()
                        .lines()
                        .map(str::to_string)
                        .collect(),
                }),
            }
        })
        .collect();

    Ok(ProposalParts {
        body_html: markdown::kept_or_rendered(p.body_html.as_deref(), &p.body).await?,
        organisation,
        organisation_slug,
        merged_into,
        procedures: procedures
            .into_iter()
            .map(|(_, value, label)| Choice { value, label })
            .collect(),
        working_group,
        campaign,
        meeting,
        supporters: supports.iter().map(|s| s.organisation_id).collect(),
        supports: supports
            .into_iter()
            .map(|s| SupportRow {
                organisation: s.organisation,
                organisation_slug: s.organisation_slug,
                on: format::local_date(s.created_at),
            })
            .collect(),
        timeline,
        timeline_span,
        actions: actions::lines_of_proposal(db, p.id).await?,
        milestones: milestones_of(db, p.id).await?,
        related: related(db, audience, p, &procedure_ids).await?,
    })
}

/// The milestones of proposal `id`, by planned date.
async fn milestones_of(db: &impl ConnectionTrait, id: i32) -> Result<Vec<MilestoneRow>, AppError> {
    Ok(proposal_milestone::Entity::find()
        .filter(proposal_milestone::Column::ProposalId.eq(id))
        .order_by_asc(proposal_milestone::Column::PlannedOn)
        .order_by_asc(proposal_milestone::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| MilestoneRow {
            id: m.id,
            title: m.title,
            planned_on: format::date(m.planned_on),
            planned_iso: m.planned_on.to_string(),
            done_on: m.done_on.map(format::date),
        })
        .collect())
}

/// The procedures of proposal `id`, in catalogue order: id, slug and name.
async fn procedures_of(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Vec<(i32, String, String)>, AppError> {
    Ok(procedure::Entity::find()
        .select_only()
        .columns([
            procedure::Column::Id,
            procedure::Column::Slug,
            procedure::Column::Name,
        ])
        .join_rev(
            JoinType::InnerJoin,
            proposal_procedure::Entity::belongs_to(procedure::Entity)
                .from(proposal_procedure::Column::ProcedureId)
                .to(procedure::Column::Id)
                .into(),
        )
        .filter(proposal_procedure::Column::ProposalId.eq(id))
        .order_by_asc(procedure::Column::FamilyId)
        .order_by_asc(procedure::Column::Position)
        .into_tuple()
        .all(db)
        .await?)
}

/// One event of a timeline with the names it shows: who acted, for which
/// organisation, and the other proposal it concerns.
#[derive(FromQueryResult)]
struct EventLine {
    kind: ProposalEventKind,
    actor_name: Option<String>,
    actor_organisation: Option<String>,
    from_status: Option<ProposalStatus>,
    to_status: Option<ProposalStatus>,
    body: Option<String>,
    internal: bool,
    meeting_id: Option<i32>,
    related_reference: Option<String>,
    previous_title: Option<String>,
    previous_body: Option<String>,
    previous_procedures: Option<String>,
    created_at: DateTimeUtc,
}

/// The events of page `page` of proposal `id`'s timeline, oldest first,
/// internal ones if asked, and where they stand among all.
async fn timeline_events(
    db: &impl ConnectionTrait,
    id: i32,
    internal: bool,
    page: u64,
) -> Result<(Vec<EventLine>, TimelineSpan), AppError> {
    let mut of_proposal =
        proposal_event::Entity::find().filter(proposal_event::Column::ProposalId.eq(id));
    if !internal {
        of_proposal = of_proposal.filter(proposal_event::Column::Internal.eq(false));
    }
    let span = TimelineSpan::of(of_proposal.clone().count(db).await?, page);
    let query = of_proposal
        .select_only()
        .columns([
            proposal_event::Column::Kind,
            proposal_event::Column::FromStatus,
            proposal_event::Column::ToStatus,
            proposal_event::Column::Body,
            proposal_event::Column::Internal,
            proposal_event::Column::MeetingId,
            proposal_event::Column::CreatedAt,
        ])
        .column_as(user::Column::Name, "actor_name")
        .column_as(organisation::Column::Name, "actor_organisation")
        .column_as(proposal::Column::Reference, "related_reference")
        .column_as(proposal_version::Column::Title, "previous_title")
        .column_as(proposal_version::Column::Body, "previous_body")
        .column_as(proposal_version::Column::Procedures, "previous_procedures")
        .join(
            JoinType::LeftJoin,
            proposal_event::Entity::belongs_to(user::Entity)
                .from(proposal_event::Column::ActorUserId)
                .to(user::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            proposal_event::Entity::belongs_to(organisation::Entity)
                .from(proposal_event::Column::ActorOrganisationId)
                .to(organisation::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            proposal_event::Entity::belongs_to(proposal::Entity)
                .from(proposal_event::Column::RelatedProposalId)
                .to(proposal::Column::Id)
                .into(),
        )
        .join(
            JoinType::LeftJoin,
            proposal_event::Entity::belongs_to(proposal_version::Entity)
                .from(proposal_event::Column::Id)
                .to(proposal_version::Column::EventId)
                .into(),
        )
        .order_by_asc(proposal_event::Column::CreatedAt)
        .order_by_asc(proposal_event::Column::Id)
        .offset(span.first.saturating_sub(1))
        .limit((span.last + 1).saturating_sub(span.first));
    Ok((query.into_model::<EventLine>().all(db).await?, span))
}

/// A support with its organisation's name and page.
#[derive(FromQueryResult)]
struct SupportLine {
    organisation_id: i32,
    organisation: String,
    organisation_slug: String,
    created_at: DateTimeUtc,
}

/// The supports of proposal `id`, oldest first.
async fn supports_of(db: &impl ConnectionTrait, id: i32) -> Result<Vec<SupportLine>, AppError> {
    Ok(proposal_support::Entity::find()
        .select_only()
        .columns([
            proposal_support::Column::OrganisationId,
            proposal_support::Column::CreatedAt,
        ])
        .column_as(organisation::Column::Name, "organisation")
        .column_as(organisation::Column::Slug, "organisation_slug")
        .join(
            JoinType::InnerJoin,
            proposal_support::Entity::belongs_to(organisation::Entity)
                .from(proposal_support::Column::OrganisationId)
                .to(organisation::Column::Id)
                .into(),
        )
        .filter(proposal_support::Column::ProposalId.eq(id))
        .order_by_asc(proposal_support::Column::CreatedAt)
        .into_model::<SupportLine>()
        .all(db)
        .await?)
}

/// The form editing `reference`'s text, for its organisation (or the
/// secretariat) while it is « déposée ».
pub async fn edit_form(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    reference: &str,
) -> Result<ProposalEditData, AppError> {
    let p = by_reference(db, reference).await?;
    if !may_amend(user, &p) {
        return Err(AppError::Forbidden);
    }
    if !editable(&p) {
        return Err(AppError::Invalid(format!(
            "Une proposition ne se modifie que tant qu'elle est « déposée » ; celle-ci est « {} ».",
            p.status.label()
        )));
    }
    let (linked, chosen): (Vec<i32>, Vec<String>) = procedures_of(db, p.id)
        .await?
        .into_iter()
        .map(|(id, slug, _)| (id, slug))
        .unzip();
    Ok(ProposalEditData {
        reference: p.reference,
        version: p.version,
        title: p.title,
        body: p.body,
        procedures: super::catalogue::choices(db, &linked).await?,
        chosen,
    })
}

/// "3e session — mardi 2 juillet 2019 à 14 h 00".
pub fn meeting_option(m: &meeting::Model) -> MeetingOption {
    MeetingOption {
        id: m.id,
        label: format!(
            "{} — {}",
            meetings::heading(m),
            format::date_time(m.starts_at)
        ),
    }
}

fn summary(e: &EventLine) -> String {
    let org = e.actor_organisation.as_deref();
    let status = |s: Option<ProposalStatus>| s.map(|s| s.label()).unwrap_or("?");
    match e.kind {
        ProposalEventKind::Submitted => match org {
            Some(org) => format!("Proposition déposée par {org}"),
            None => "Proposition déposée".to_string(),
        },
        ProposalEventKind::Assigned => match &e.body {
            Some(group) => format!("Confiée au {group}"),
            None => "Attribuée à un groupe de travail".to_string(),
        },
        ProposalEventKind::StatusChanged => format!(
            "Statut : {} → {}",
            status(e.from_status),
            status(e.to_status)
        ),
        ProposalEventKind::PrioritySet => match &e.body {
            Some(priority) => format!("Priorité fixée : {priority}"),
            None => "Priorité fixée".to_string(),
        },
        ProposalEventKind::Comment => "Commentaire".to_string(),
        ProposalEventKind::MeetingLinked => "Examinée en réunion".to_string(),
        ProposalEventKind::ActionLinked => "Action de suivi décidée".to_string(),
        ProposalEventKind::Merged => match &e.related_reference {
            Some(kept) => format!("Fusionnée avec {kept}"),
            None => "Fusionnée avec une autre proposition".to_string(),
        },
        ProposalEventKind::Absorbed => match &e.related_reference {
            Some(merged) => format!("{merged} y est fusionnée : ses soutiens la rejoignent"),
            None => "Une autre proposition y est fusionnée".to_string(),
        },
        ProposalEventKind::Supported => match org {
            Some(org) => format!("Soutenue par {org}"),
            None => "Nouveau soutien".to_string(),
        },
        ProposalEventKind::SupportWithdrawn => match org {
            Some(org) => format!("Soutien retiré par {org}"),
            None => "Soutien retiré".to_string(),
        },
        ProposalEventKind::Edited => "Texte modifié par son organisation".to_string(),
        ProposalEventKind::FiledOnBehalf => match org {
            Some(org) => format!("Proposition déposée par le secrétariat pour le compte de {org}"),
            None => "Proposition déposée par le secrétariat pour une organisation".to_string(),
        },
        ProposalEventKind::ProceduresChanged => "Démarches concernées modifiées".to_string(),
        ProposalEventKind::ActionStatusChanged => "Action de suivi mise à jour".to_string(),
        ProposalEventKind::ProgressChanged => "Avancement de la mise en œuvre".to_string(),
    }
}

/// Other proposals on the same procedures the viewer may see, most recently
/// active first, among the latest [`RELATED_CANDIDATES`] on those procedures
/// (so that a procedure with thousands of proposals costs no more).
async fn related(
    db: &impl ConnectionTrait,
    audience: Audience,
    p: &proposal::Model,
    procedure_ids: &[i32],
) -> Result<Vec<ProposalCard>, AppError> {
    if procedure_ids.is_empty() {
        return Ok(Vec::new());
    }
    let candidates = proposal_procedure::Entity::find()
        .select_only()
        .column(proposal_procedure::Column::ProposalId)
        .filter(proposal_procedure::Column::ProcedureId.is_in(procedure_ids.to_vec()))
        .filter(proposal_procedure::Column::ProposalId.ne(p.id))
        .order_by_desc(proposal_procedure::Column::ProposalId)
        .limit(RELATED_CANDIDATES)
        .into_query();
    let chosen = proposal::Entity::find()
        .filter(audience.visible())
        .filter(proposal::Column::Id.in_subquery(candidates))
        .order_by_desc(proposal::Column::LastActivityAt)
        .order_by_desc(proposal::Column::Id)
        .limit(RELATED);
    cards(db, chosen).await
}

/// The triage forms' choices: the statuses the workflow allows next, the
/// groups, the meetings of the proposal's group (or plenary sessions), the
/// people who may own an action.
async fn triage_options(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
) -> Result<TriageOptions, AppError> {
    let groups = groups::choices(db, p.working_group_id).await?;
    let mut meetings_query = meeting::Entity::find()
        .order_by_desc(meeting::Column::StartsAt)
        .limit(30);
    meetings_query = match p.working_group_id {
        Some(group) => meetings_query.filter(
            sea_orm::Condition::any()
                .add(meeting::Column::WorkingGroupId.eq(group))
                .add(meeting::Column::WorkingGroupId.is_null()),
        ),
        None => meetings_query.filter(meeting::Column::WorkingGroupId.is_null()),
    };
    let meetings = meetings_query
        .all(db)
        .await?
        .iter()
        .map(meeting_option)
        .collect();
    Ok(TriageOptions {
        next_statuses: p.status.next().to_vec(),
        groups,
        procedures: super::catalogue::choices(db, &linked_procedures(db, p.id).await?).await?,
        meetings,
        owners: actions::owner_suggestions(db, p.working_group_id).await?,
    })
}
