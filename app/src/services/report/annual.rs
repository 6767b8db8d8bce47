//! The annual report (« bilan annuel »), for a calendar year or for the
//! period between two plenary sessions: what was submitted, decided and
//! delivered (by month, procedure family and working group), how long
//! delivery took, the follow-up actions, the meetings held and who came,
//! the improvements delivered and the plenary sessions' published minutes.
//!
//! Every figure is counted from narrow selects over the period's rows
//! (indexed on their dates), never from the whole backlog.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::attendance;
use super::figures::{
    families, group_rows, month_label, month_of, year_span, years, FigureHead, Span, Tally,
};
use crate::entities::{
    action, meeting, minutes, proposal, proposal_event, proposal_procedure, working_group,
};
use crate::model::{
    ActionStatus, AppError, Delivered, FigureRow, KeyFigure, MeetingKind, MinutesStatus,
    ProposalEventKind, ProposalStatus, Report, ReportMinutes, ReportPeriod,
};
use crate::services::backlog::catalogue;
use crate::services::backlog::follow_up::DECIDED;
use crate::services::body::{groups, meetings};
use crate::services::format;

/// Delivery times, in days: up to each bound (excluded), with its label.
const DELAYS: [(i64, &str); 4] = [
    (91, "Moins de 3 mois"),
    (183, "De 3 à 6 mois"),
    (365, "De 6 mois à 1 an"),
    (i64::MAX, "Plus d'un an"),
];

const PROPOSAL_SERIES: &[&str] = &["Déposées", "Décidées", "Réalisées"];

/// What a report covers: its period, its heading (« l'année 2019 »), its
/// address and its span of time.
pub struct Period {
    period: ReportPeriod,
    pub heading: String,
    path: String,
    span: Span,
}

impl Period {
    /// The report's title: « Bilan de l'année 2019 ».
    pub fn title(&self) -> String {
        format!("Bilan de {}", self.heading)
    }
}

/// Calendar year `year`, if the body has a report for it.
pub async fn year(db: &impl ConnectionTrait, year: i32) -> Result<Period, AppError> {
    Ok(Period {
        period: ReportPeriod::Year(year),
        heading: format!("l'année {year}"),
        path: format!("/bilan/{year}"),
        span: year_span(&years(db).await?, year)?,
    })
}

/// The report of calendar year `year`.
pub async fn of_year(db: &impl ConnectionTrait, year: i32) -> Result<Report, AppError> {
    let period = self::year(db, year).await?;
    build(db, period).await
}

/// The report between the plenary session before session `id` and it.
pub async fn of_session(db: &impl ConnectionTrait, id: i32) -> Result<Report, AppError> {
    let period = session(db, id).await?;
    build(db, period).await
}

/// From the plenary session before session `id` to it.
pub async fn session(db: &impl ConnectionTrait, id: i32) -> Result<Period, AppError> {
    let session = meetings::find(db, id).await?;
    if session.kind != MeetingKind::Plenary {
        return Err(AppError::NotFound);
    }
    let previous = meetings::previous_plenary(db, &session).await?;
    let span = Span {
        from: previous
            .as_ref()
            .map_or(DateTime::<Utc>::MIN_UTC, |p| p.starts_at),
        to: session.starts_at,
    };
    let heading = match &previous {
        Some(p) => format!(
            "la période du {} au {}",
            format::local_date(p.starts_at),
            format::local_date(session.starts_at)
        ),
        None => format!(
            "la période avant le {}",
            format::local_date(session.starts_at)
        ),
    };
    Ok(Period {
        period: ReportPeriod::Sessions {
            meeting_id: session.id,
            session: meetings::heading(&session),
            since: previous.as_ref().map(meetings::heading),
        },
        heading,
        path: format!("/reunions/{id}/bilan"),
        span,
    })
}

/// The stylesheet that names a report on every printed page (a page margin
/// box can only show text written in CSS), as a CSS string, escaped.
pub fn print_css(period: &Period) -> String {
    let escaped: String = period
        .title()
        .chars()
        .map(|c| match c {
            '"' | '\\' => format!("\\{:x} ", c as u32),
            c if c.is_control() => " ".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!("@page bilan {{ @top-left {{ content: \"{escaped}\"; }} }}\n")
}

/// A proposal's status changes in the span that the public sees.
fn changes_in(span: Span) -> sea_orm::Select<proposal_event::Entity> {
    proposal_event::Entity::find()
        .filter(
            proposal_event::Column::Kind
                .is_in([ProposalEventKind::StatusChanged, ProposalEventKind::Merged]),
        )
        .filter(proposal_event::Column::Internal.eq(false))
        .filter(proposal_event::Column::CreatedAt.gte(span.from))
        .filter(proposal_event::Column::CreatedAt.lt(span.to))
}

fn decided_ids(span: Span) -> SelectStatement {
    Query::select()
        .column(proposal_event::Column::ProposalId)
        .from(proposal_event::Entity)
        .and_where(
            proposal_event::Column::Kind
                .is_in([ProposalEventKind::StatusChanged, ProposalEventKind::Merged]),
        )
        .and_where(proposal_event::Column::Internal.eq(false))
        .and_where(proposal_event::Column::ToStatus.is_in(DECIDED))
        .and_where(proposal_event::Column::CreatedAt.gte(span.from))
        .and_where(proposal_event::Column::CreatedAt.lt(span.to))
        .to_owned()
}

fn submitted_ids(span: Span) -> SelectStatement {
    Query::select()
        .column(proposal::Column::Id)
        .from(proposal::Entity)
        .and_where(proposal::Column::CreatedAt.gte(span.from))
        .and_where(proposal::Column::CreatedAt.lt(span.to))
        .to_owned()
}

/// What the period's proposals did: the first decision and the last
/// delivery of each, and who was merged or withdrawn.
#[derive(Default)]
struct Moves {
    decided: HashMap<i32, DateTime<Utc>>,
    delivered: HashMap<i32, DateTime<Utc>>,
    merged: HashSet<i32>,
    withdrawn: HashSet<i32>,
}

async fn moves(db: &impl ConnectionTrait, span: Span) -> Result<Moves, AppError> {
    let rows: Vec<(i32, Option<ProposalStatus>, DateTime<Utc>)> = changes_in(span)
        .select_only()
        .columns([
            proposal_event::Column::ProposalId,
            proposal_event::Column::ToStatus,
            proposal_event::Column::CreatedAt,
        ])
        .order_by_asc(proposal_event::Column::CreatedAt)
        .order_by_asc(proposal_event::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut moves = Moves::default();
    for (id, to, at) in rows {
        match to {
            Some(status) if DECIDED.contains(&status) => {
                moves.decided.entry(id).or_insert(at);
                if status == ProposalStatus::Realisee {
                    moves.delivered.insert(id, at);
                }
            }
            Some(ProposalStatus::Fusionnee) => {
                moves.merged.insert(id);
            }
            Some(ProposalStatus::Retiree) => {
                moves.withdrawn.insert(id);
            }
            _ => {}
        }
    }
    Ok(moves)
}

async fn build(db: &impl ConnectionTrait, period: Period) -> Result<Report, AppError> {
    let Period {
        period,
        heading,
        path,
        span,
    } = period;
    let submitted: Vec<(i32, DateTime<Utc>, Option<i32>)> = proposal::Entity::find()
        .select_only()
        .columns([
            proposal::Column::Id,
            proposal::Column::CreatedAt,
            proposal::Column::WorkingGroupId,
        ])
        .filter(proposal::Column::CreatedAt.gte(span.from))
        .filter(proposal::Column::CreatedAt.lt(span.to))
        .into_tuple()
        .all(db)
        .await?;
    let moves = moves(db, span).await?;
    let decided_rows = proposal::Entity::find()
        .filter(proposal::Column::Id.in_subquery(decided_ids(span)))
        .select_only()
        .columns([
            proposal::Column::Id,
            proposal::Column::Reference,
            proposal::Column::Title,
            proposal::Column::WorkingGroupId,
            proposal::Column::CreatedAt,
            proposal::Column::Status,
        ])
        .into_tuple::<(
            i32,
            String,
            String,
            Option<i32>,
            DateTime<Utc>,
            ProposalStatus,
        )>()
        .all(db)
        .await?;
    let group_list = working_group::Entity::find()
        .order_by_asc(working_group::Column::Number)
        .all(db)
        .await?;

    // By month.
    // A report since the first session counts from the first thing done.
    let shown = if span.from == DateTime::<Utc>::MIN_UTC {
        submitted
            .iter()
            .map(|(_, at, _)| *at)
            .chain(moves.decided.values().copied())
            .min()
            .map(|from| Span { from, to: span.to })
    } else {
        Some(span)
    };
    let months = shown.map(|s| s.months()).unwrap_or_default();
    let mut by_month = Tally::new(months.iter().map(|m| (*m, month_label(*m))).collect(), 3);
    for (_, at, _) in &submitted {
        by_month.add(&month_of(*at), 0);
    }
    for at in moves.decided.values() {
        by_month.add(&month_of(*at), 1);
    }
    for at in moves.delivered.values() {
        by_month.add(&month_of(*at), 2);
    }

    // By working group: the proposal's group now.
    let group_rows = group_rows(db).await?;
    let mut by_group = Tally::new(group_rows.clone(), 3);
    for (_, _, group) in &submitted {
        by_group.add(group, 0);
    }
    let group_of: HashMap<i32, Option<i32>> = decided_rows
        .iter()
        .map(|(id, _, _, group, _, _)| (*id, *group))
        .collect();
    for id in moves.decided.keys() {
        by_group.add(&group_of.get(id).copied().flatten(), 1);
    }
    for id in moves.delivered.keys() {
        by_group.add(&group_of.get(id).copied().flatten(), 2);
    }

    // By procedure family: a proposal counts once in each family it concerns.
    let links: Vec<(i32, i32)> = proposal_procedure::Entity::find()
        .select_only()
        .columns([
            proposal_procedure::Column::ProposalId,
            proposal_procedure::Column::ProcedureId,
        ])
        .filter(
            sea_orm::Condition::any()
                .add(proposal_procedure::Column::ProposalId.in_subquery(submitted_ids(span)))
                .add(proposal_procedure::Column::ProposalId.in_subquery(decided_ids(span))),
        )
        .into_tuple()
        .all(db)
        .await?;
    let procedures = catalogue::in_order(db).await?;
    let (families_of, mut by_family) = families(db, &procedures, links, 3).await?;
    let mut count_families = |id: &i32, series: usize| {
        for family in families_of.get(id).into_iter().flatten() {
            by_family.add(family, series);
        }
    };
    for (id, _, _) in &submitted {
        count_families(id, 0);
    }
    for id in moves.decided.keys() {
        count_families(id, 1);
    }
    for id in moves.delivered.keys() {
        count_families(id, 2);
    }

    // Delivery: time from submission to « réalisée ».
    let group_label: HashMap<i32, String> = group_list
        .iter()
        .map(|g| (g.id, groups::label(g)))
        .collect();
    let mut delivered: Vec<(DateTime<Utc>, Delivered)> = decided_rows
        .iter()
        .filter(|(_, _, _, _, _, status)| status.is_public())
        .filter_map(|(id, reference, title, group, created_at, _)| {
            let at = *moves.delivered.get(id)?;
            Some((
                at,
                Delivered {
                    reference: reference.clone(),
                    title: title.clone(),
                    on: format::local_date(at),
                    group: group.and_then(|g| group_label.get(&g).cloned()),
                    days: (at - *created_at).num_days().max(0),
                },
            ))
        })
        .collect();
    delivered.sort_by(|a, b| (a.0, &a.1.reference).cmp(&(b.0, &b.1.reference)));
    let delivered: Vec<Delivered> = delivered.into_iter().map(|(_, d)| d).collect();
    let mut delays = Tally::new(
        DELAYS
            .iter()
            .map(|(bound, label)| (*bound, label.to_string()))
            .collect(),
        1,
    );
    for d in &delivered {
        if let Some((bound, _)) = DELAYS.iter().find(|(bound, _)| d.days < *bound) {
            delays.add(bound, 0);
        }
    }
    let median = median_days(&delivered);

    // Follow-up actions decided in the period, by group.
    let today = format::today();
    let action_rows: Vec<(ActionStatus, Option<chrono::NaiveDate>, Option<i32>)> =
        action::Entity::find()
            .select_only()
            .columns([
                action::Column::Status,
                action::Column::DueOn,
                action::Column::WorkingGroupId,
            ])
            .filter(action::Column::CreatedAt.gte(span.from))
            .filter(action::Column::CreatedAt.lt(span.to))
            .into_tuple()
            .all(db)
            .await?;
    let mut by_action = Tally::new(group_rows, 4);
    let (mut actions_done, mut actions_late) = (0, 0);
    for (status, due, group) in &action_rows {
        let series = match status {
            ActionStatus::Done => {
                actions_done += 1;
                0
            }
            ActionStatus::Cancelled => 3,
            _ if due.is_some_and(|d| d < today) => {
                actions_late += 1;
                1
            }
            _ => 2,
        };
        by_action.add(group, series);
    }

    // Meetings held, and who came.
    let held = attendance::held_in(db, span).await?;
    let mut meeting_rows: Vec<(Option<i32>, String)> =
        vec![(None, "Séances plénières".to_string())];
    meeting_rows.extend(group_list.iter().map(|g| (Some(g.id), groups::label(g))));
    let mut by_meeting = Tally::new(meeting_rows, 1);
    for m in &held {
        by_meeting.add(&m.working_group_id, 0);
    }
    let presence = attendance::counted(db, &held).await?;
    let minutes = plenary_minutes(db, &held).await?;

    let key_figures = vec![
        key("Propositions déposées", submitted.len()),
        key("Propositions décidées", moves.decided.len()),
        key("Propositions réalisées", moves.delivered.len()),
        key("Propositions fusionnées", moves.merged.len()),
        key("Propositions retirées", moves.withdrawn.len()),
        KeyFigure {
            label: "Délai médian de réalisation".into(),
            value: median.map_or("—".into(), |d| format!("{} jours", format::thousands(d))),
        },
        key("Actions de suivi terminées", actions_done),
        key("Actions de suivi en retard", actions_late),
        key("Réunions tenues", held.len()),
    ];
    let figures = vec![
        by_month.figure(
            FigureHead {
                slug: "mois",
                title: "Propositions déposées, décidées et réalisées, par mois",
                label_heading: "Mois",
                series: PROPOSAL_SERIES,
            },
            false,
        ),
        by_family.figure(
            FigureHead {
                slug: "familles",
                title: "Propositions par famille de démarches",
                label_heading: "Famille de démarches",
                series: PROPOSAL_SERIES,
            },
            false,
        ),
        by_group.figure(
            FigureHead {
                slug: "groupes",
                title: "Propositions par groupe de travail",
                label_heading: "Groupe de travail",
                series: PROPOSAL_SERIES,
            },
            true,
        ),
        delays.figure(
            FigureHead {
                slug: "delais",
                title: "Délai entre le dépôt et la réalisation",
                label_heading: "Délai",
                series: &["Propositions réalisées"],
            },
            false,
        ),
        by_action.figure(
            FigureHead {
                slug: "actions",
                title: "Actions de suivi décidées dans la période, par groupe de travail",
                label_heading: "Groupe de travail",
                series: &[
                    "Terminées",
                    "En retard",
                    "À faire ou en cours",
                    "Abandonnées",
                ],
            },
            true,
        ),
        by_meeting.figure(
            FigureHead {
                slug: "reunions",
                title: "Réunions tenues",
                label_heading: "Instance",
                series: &["Réunions tenues"],
            },
            false,
        ),
        FigureHead {
            slug: "presences",
            title: "Présence aux réunions tenues, par organisation",
            label_heading: "Organisation",
            series: attendance::SERIES,
        }
        .with_rows(
            presence
                .by_organisation
                .into_iter()
                .map(|row| FigureRow {
                    values: vec![row.invited, row.present, row.represented, row.absent],
                    label: row.label,
                })
                .collect(),
        ),
    ];
    Ok(Report {
        period,
        heading,
        path,
        key_figures,
        figures,
        delivered,
        minutes,
    })
}

fn key(label: &str, count: usize) -> KeyFigure {
    KeyFigure {
        label: label.to_string(),
        value: format::thousands(count as u64),
    }
}

/// The median delivery time, in days (the lower of the two middle ones).
fn median_days(delivered: &[Delivered]) -> Option<u64> {
    let mut days: Vec<i64> = delivered.iter().map(|d| d.days).collect();
    days.sort_unstable();
    days.get(days.len().checked_sub(1)? / 2).map(|d| *d as u64)
}

/// The published minutes of the plenary sessions among `held`.
async fn plenary_minutes(
    db: &impl ConnectionTrait,
    held: &[meeting::Model],
) -> Result<Vec<ReportMinutes>, AppError> {
    let plenary: BTreeMap<i32, &meeting::Model> = held
        .iter()
        .filter(|m| m.kind == MeetingKind::Plenary)
        .map(|m| (m.id, m))
        .collect();
    let published = minutes::Entity::find()
        .filter(minutes::Column::MeetingId.is_in(plenary.keys().copied()))
        .filter(minutes::Column::Status.eq(MinutesStatus::Published))
        .all(db)
        .await?;
    let mut found: Vec<(chrono::DateTime<Utc>, ReportMinutes)> = published
        .into_iter()
        .filter_map(|m| {
            let session = plenary.get(&m.meeting_id)?;
            Some((
                session.starts_at,
                ReportMinutes {
                    meeting_id: session.id,
                    session: meetings::heading(session),
                    html: m.published_html?,
                },
            ))
        })
        .collect();
    found.sort_by_key(|(at, _)| *at);
    Ok(found.into_iter().map(|(_, m)| m).collect())
}
