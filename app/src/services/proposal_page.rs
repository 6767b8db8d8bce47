//! A proposal's page: what it asks, where it stands and why, its timeline,
//! its supports, its follow-up actions, related proposals, and what the
//! person looking may do. Every related table is read in one query.

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::proposals::{cards, Audience};
use super::{actions, format, groups, markdown};
use crate::entities::{
    meeting, organisation, procedure, proposal, proposal_event, proposal_procedure,
    proposal_support, test_campaign, user, working_group,
};
use crate::model::{
    AppError, Choice, CurrentUser, MeetingOption, ProposalAbilities, ProposalDetail,
    ProposalEventKind, ProposalStatus, Role, SupportRow, TimelineEntry, TriageOptions,
};

const RELATED: u64 = 5;
const RELATED_CANDIDATES: u64 = 200;

/// The proposal `reference` (case forgiven), if `viewer` may see it:
/// anonymous visitors are sent to sign in for a proposal still "déposée".
pub async fn find_visible(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    reference: &str,
) -> Result<proposal::Model, AppError> {
    let found = by_reference(db, reference).await?;
    if viewer.is_none() && !found.status.is_public() {
        return Err(AppError::Unauthenticated);
    }
    Ok(found)
}

/// The proposal `reference` (case forgiven), whoever asks.
pub async fn by_reference(
    db: &impl ConnectionTrait,
    reference: &str,
) -> Result<proposal::Model, AppError> {
    proposal::Entity::find()
        .filter(proposal::Column::Reference.eq(reference.trim().to_uppercase()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether `user` may triage `p`: an admin, or the lead of its group.
pub fn may_triage(user: &CurrentUser, p: &proposal::Model) -> bool {
    user.is_admin() || p.working_group_id.is_some_and(|g| user.runs_group(g))
}

/// Internal comments are for the secretariat and the groups' leads.
pub fn sees_internal(viewer: Option<&CurrentUser>) -> bool {
    viewer.is_some_and(|v| matches!(v.role, Role::Admin | Role::Lead))
}

pub async fn detail(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    reference: &str,
) -> Result<ProposalDetail, AppError> {
    let p = find_visible(db, viewer, reference).await?;
    let internal = sees_internal(viewer);

    let mut events_query = proposal_event::Entity::find()
        .filter(proposal_event::Column::ProposalId.eq(p.id))
        .order_by_asc(proposal_event::Column::CreatedAt)
        .order_by_asc(proposal_event::Column::Id);
    if !internal {
        events_query = events_query.filter(proposal_event::Column::Internal.eq(false));
    }
    let events = events_query.all(db).await?;
    let supports = proposal_support::Entity::find()
        .filter(proposal_support::Column::ProposalId.eq(p.id))
        .order_by_asc(proposal_support::Column::CreatedAt)
        .all(db)
        .await?;

    let organisation_ids: HashSet<i32> = std::iter::once(p.organisation_id)
        .chain(supports.iter().map(|s| s.organisation_id))
        .chain(events.iter().filter_map(|e| e.actor_organisation_id))
        .collect();
    let organisations: HashMap<i32, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(organisation_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let people: HashMap<i32, String> = if viewer.is_some() {
        user::Entity::find()
            .filter(user::Column::Id.is_in(events.iter().filter_map(|e| e.actor_user_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect()
    } else {
        HashMap::new()
    };
    let related_ids: HashSet<i32> = events
        .iter()
        .filter_map(|e| e.related_proposal_id)
        .chain(p.merged_into_id)
        .collect();
    let references: HashMap<i32, String> = proposal::Entity::find()
        .filter(proposal::Column::Id.is_in(related_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.reference))
        .collect();

    let procedure_ids: Vec<i32> = proposal_procedure::Entity::find()
        .filter(proposal_procedure::Column::ProposalId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.procedure_id)
        .collect();
    let procedures = procedure::Entity::find()
        .filter(procedure::Column::Id.is_in(procedure_ids.clone()))
        .order_by_asc(procedure::Column::Document)
        .order_by_asc(procedure::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|pr| Choice {
            value: pr.slug,
            label: pr.name,
        })
        .collect();

    let group = match p.working_group_id {
        Some(id) => working_group::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let campaign = match p.test_campaign_id {
        Some(id) => test_campaign::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| Choice {
                value: c.slug,
                label: c.title,
            }),
        None => None,
    };
    let meeting = match p.meeting_id {
        Some(id) => meeting::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|m| meeting_option(&m)),
        None => None,
    };

    let org_name = |id: Option<i32>| {
        id.and_then(|id| organisations.get(&id))
            .map(|o| o.name.clone())
    };
    let timeline = events
        .iter()
        .map(|e| {
            let org = org_name(e.actor_organisation_id);
            let who = match (e.actor_user_id.and_then(|id| people.get(&id)), &org) {
                (Some(person), Some(org)) => Some(format!("{person} ({org})")),
                (Some(person), None) => Some(person.clone()),
                (None, org) => org.clone(),
            };
            let related = e
                .related_proposal_id
                .and_then(|id| references.get(&id).cloned());
            TimelineEntry {
                kind: e.kind,
                summary: summary(e, org.as_deref(), related.as_deref()),
                body: e.body.clone().filter(|b| {
                    !b.is_empty()
                        && !matches!(
                            e.kind,
                            ProposalEventKind::Assigned | ProposalEventKind::PrioritySet
                        )
                }),
                who,
                when: format::date_time(e.created_at),
                when_iso: e.created_at.to_rfc3339(),
                internal: e.internal,
                meeting_id: e.meeting_id,
                related_reference: related,
            }
        })
        .collect();

    let support_rows = supports
        .iter()
        .filter_map(|s| {
            organisations.get(&s.organisation_id).map(|o| SupportRow {
                organisation: o.name.clone(),
                organisation_slug: o.slug.clone(),
                on: format::local_date(s.created_at),
            })
        })
        .collect();
    let viewer_org = viewer.and_then(|v| v.organisation_id);
    let supported = viewer_org.is_some_and(|o| supports.iter().any(|s| s.organisation_id == o));
    let open = !matches!(
        p.status,
        ProposalStatus::Fusionnee | ProposalStatus::NonRetenue | ProposalStatus::Realisee
    );
    let abilities = ProposalAbilities {
        signed_in: viewer.is_some(),
        may_support: open && !supported && viewer_org.is_some_and(|o| o != p.organisation_id),
        supported,
        may_comment: viewer.is_some(),
        may_comment_internally: internal,
    };
    let triage = match viewer {
        Some(v) if may_triage(v, &p) => Some(triage_options(db, &p).await?),
        _ => None,
    };
    let organisation = organisations.get(&p.organisation_id);
    Ok(ProposalDetail {
        id: p.id,
        reference: p.reference.clone(),
        title: p.title.clone(),
        body_html: markdown::to_html(&p.body),
        status: p.status,
        status_reason: p.status_reason.clone(),
        merged_into: p.merged_into_id.and_then(|id| references.get(&id).cloned()),
        origin: p.origin,
        organisation: organisation.map(|o| o.name.clone()).unwrap_or_default(),
        organisation_slug: organisation.map(|o| o.slug.clone()).unwrap_or_default(),
        working_group: group.as_ref().map(groups::label),
        working_group_number: group.as_ref().map(|g| g.number),
        campaign,
        priority: p.priority,
        procedures,
        submitted_on: format::local_date(p.created_at),
        meeting,
        supports: support_rows,
        timeline,
        actions: actions::of_proposal(db, viewer, p.id).await?,
        related: related(db, viewer, &p, &procedure_ids).await?,
        version: p.version,
        abilities,
        triage,
    })
}

/// "3e session — mardi 2 juillet 2019 à 14 h 00".
pub fn meeting_option(m: &meeting::Model) -> MeetingOption {
    MeetingOption {
        id: m.id,
        label: format!(
            "{} — {}",
            super::meetings::heading(m),
            format::date_time(m.starts_at)
        ),
    }
}

fn summary(e: &proposal_event::Model, org: Option<&str>, related: Option<&str>) -> String {
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
        ProposalEventKind::Merged => match related {
            Some(kept) => format!("Fusionnée avec {kept}"),
            None => "Fusionnée avec une autre proposition".to_string(),
        },
        ProposalEventKind::Supported => match org {
            Some(org) => format!("Soutenue par {org}"),
            None => "Nouveau soutien".to_string(),
        },
        ProposalEventKind::SupportWithdrawn => match org {
            Some(org) => format!("Soutien retiré par {org}"),
            None => "Soutien retiré".to_string(),
        },
    }
}

/// Other proposals on the same procedures the viewer may see, most recently
/// active first, among the latest [`RELATED_CANDIDATES`] on those procedures
/// (so that a procedure with thousands of proposals costs no more).
async fn related(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    p: &proposal::Model,
    procedure_ids: &[i32],
) -> Result<Vec<crate::model::ProposalCard>, AppError> {
    if procedure_ids.is_empty() {
        return Ok(Vec::new());
    }
    let candidates: Vec<i32> = proposal_procedure::Entity::find()
        .select_only()
        .column(proposal_procedure::Column::ProposalId)
        .filter(proposal_procedure::Column::ProcedureId.is_in(procedure_ids.to_vec()))
        .filter(proposal_procedure::Column::ProposalId.ne(p.id))
        .order_by_desc(proposal_procedure::Column::ProposalId)
        .limit(RELATED_CANDIDATES)
        .into_tuple()
        .all(db)
        .await?;
    let found = proposal::Entity::find()
        .filter(Audience::of(viewer).visible())
        .filter(proposal::Column::Id.is_in(candidates))
        .order_by_desc(proposal::Column::LastActivityAt)
        .order_by_desc(proposal::Column::Id)
        .limit(RELATED)
        .all(db)
        .await?;
    cards(db, found).await
}

/// The triage forms' choices: the statuses the workflow allows next, the
/// groups, the meetings of the proposal's group (or plenary sessions), the
/// people who may own an action.
async fn triage_options(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
) -> Result<TriageOptions, AppError> {
    let groups = groups::choices(db).await?;
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
        meetings,
        owners: actions::owners(db).await?,
    })
}
