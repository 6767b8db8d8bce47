//! What changed between two snapshots of the backlog (or a snapshot and
//! the backlog today): proposals submitted, decided, delivered, merged and
//! withdrawn, by working group, procedure family and organisation.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::figures::{families, group_rows, FigureHead, Tally};
use crate::entities::{
    meeting, organisation, plenary_snapshot, plenary_snapshot_row, proposal, proposal_procedure,
};
use crate::model::{AppError, KeyFigure, ProposalStatus, SnapshotCard, SnapshotChanges};
use crate::services::backlog::catalogue;
use crate::services::backlog::follow_up::DECIDED;
use crate::services::body::meetings;
use crate::services::format;

const SERIES: &[&str] = &[
    "Déposées",
    "Décidées",
    "Réalisées",
    "Fusionnées",
    "Retirées",
];

/// Ids are sent to the database this many at a time.
const CHUNK: usize = 500;

/// Every snapshot, latest first.
pub async fn cards(db: &impl ConnectionTrait) -> Result<Vec<SnapshotCard>, AppError> {
    let snapshots = plenary_snapshot::Entity::find()
        .order_by_desc(plenary_snapshot::Column::TakenAt)
        .all(db)
        .await?;
    let sessions: HashMap<i32, meeting::Model> = meeting::Entity::find()
        .filter(meeting::Column::Id.is_in(snapshots.iter().map(|s| s.meeting_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let sizes: HashMap<i32, i64> = plenary_snapshot_row::Entity::find()
        .select_only()
        .column(plenary_snapshot_row::Column::SnapshotId)
        .column_as(plenary_snapshot_row::Column::ProposalId.count(), "n")
        .group_by(plenary_snapshot_row::Column::SnapshotId)
        .into_tuple::<(i32, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(snapshots
        .into_iter()
        .map(|s| SnapshotCard {
            id: s.id,
            session: sessions
                .get(&s.meeting_id)
                .map(meetings::heading)
                .unwrap_or_default(),
            taken: format::date_time(s.taken_at),
            proposals: sizes.get(&s.id).copied().unwrap_or(0),
        })
        .collect())
}

type Row = (i32, ProposalStatus, Option<i32>);

async fn rows_of(db: &impl ConnectionTrait, snapshot: i32) -> Result<Vec<Row>, AppError> {
    Ok(plenary_snapshot_row::Entity::find()
        .select_only()
        .columns([
            plenary_snapshot_row::Column::ProposalId,
            plenary_snapshot_row::Column::Status,
            plenary_snapshot_row::Column::WorkingGroupId,
        ])
        .filter(plenary_snapshot_row::Column::SnapshotId.eq(snapshot))
        .into_tuple()
        .all(db)
        .await?)
}

/// What changed from snapshot `from` to snapshot `to`, or to today.
pub async fn between(
    db: &impl ConnectionTrait,
    from: i32,
    to: Option<i32>,
) -> Result<SnapshotChanges, AppError> {
    let snapshots = cards(db).await?;
    let card = |id: i32| {
        snapshots
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .ok_or(AppError::NotFound)
    };
    let from_card = card(from)?;
    let to_card = to.map(card).transpose()?;
    let before: HashMap<i32, ProposalStatus> = rows_of(db, from)
        .await?
        .into_iter()
        .map(|(id, status, _)| (id, status))
        .collect();
    let after: Vec<Row> = match to {
        Some(to) => rows_of(db, to).await?,
        None => {
            proposal::Entity::find()
                .select_only()
                .columns([
                    proposal::Column::Id,
                    proposal::Column::Status,
                    proposal::Column::WorkingGroupId,
                ])
                .into_tuple()
                .all(db)
                .await?
        }
    };
    // Each proposal that changed, with the series it counts in.
    let mut changed: Vec<(i32, Option<i32>, Vec<usize>)> = Vec::new();
    for (id, status, group) in after {
        let was = before.get(&id).copied();
        let became = |set: &[ProposalStatus]| {
            set.contains(&status) && !was.is_some_and(|w| set.contains(&w))
        };
        let series: Vec<usize> = [
            was.is_none(),
            became(&DECIDED),
            became(&[ProposalStatus::Realisee]),
            became(&[ProposalStatus::Fusionnee]),
            became(&[ProposalStatus::Retiree]),
        ]
        .into_iter()
        .enumerate()
        .filter_map(|(series, yes)| yes.then_some(series))
        .collect();
        if !series.is_empty() {
            changed.push((id, group, series));
        }
    }

    let mut by_group = Tally::new(group_rows(db).await?, SERIES.len());

    let ids: Vec<i32> = changed.iter().map(|(id, _, _)| *id).collect();
    let mut links: Vec<(i32, i32)> = Vec::new();
    let mut owners: HashMap<i32, i32> = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        links.extend(
            proposal_procedure::Entity::find()
                .select_only()
                .columns([
                    proposal_procedure::Column::ProposalId,
                    proposal_procedure::Column::ProcedureId,
                ])
                .filter(proposal_procedure::Column::ProposalId.is_in(chunk.to_vec()))
                .into_tuple::<(i32, i32)>()
                .all(db)
                .await?,
        );
        owners.extend(
            proposal::Entity::find()
                .select_only()
                .columns([proposal::Column::Id, proposal::Column::OrganisationId])
                .filter(proposal::Column::Id.is_in(chunk.to_vec()))
                .into_tuple::<(i32, i32)>()
                .all(db)
                .await?,
        );
    }
    let mut procedures_of: HashMap<i32, Vec<i32>> = HashMap::new();
    for (proposal_id, procedure_id) in &links {
        procedures_of
            .entry(*proposal_id)
            .or_default()
            .push(*procedure_id);
    }
    let procedures = catalogue::in_order(db).await?;
    let mut by_procedure = Tally::new(
        procedures.iter().map(|p| (p.id, p.name.clone())).collect(),
        SERIES.len(),
    );
    let (families_of, mut by_family) = families(db, &procedures, links, SERIES.len()).await?;
    let mut organisations: Vec<(i32, String)> = organisation::Entity::find()
        .select_only()
        .columns([organisation::Column::Id, organisation::Column::Name])
        .into_tuple()
        .all(db)
        .await?;
    organisations.sort_by_key(|(_, name)| format::fold(name));
    let mut by_organisation = Tally::new(organisations, SERIES.len());
    let mut totals = [0usize; 5];
    for (id, group, series) in &changed {
        for s in series {
            totals[*s] += 1;
            by_group.add(group, *s);
            if let Some(owner) = owners.get(id) {
                by_organisation.add(owner, *s);
            }
            for family in families_of.get(id).into_iter().flatten() {
                by_family.add(family, *s);
            }
            for procedure in procedures_of.get(id).into_iter().flatten() {
                by_procedure.add(procedure, *s);
            }
        }
    }
    Ok(SnapshotChanges {
        from: from_card,
        to: to_card,
        snapshots,
        key_figures: SERIES
            .iter()
            .zip(totals)
            .map(|(label, n)| KeyFigure {
                label: format!("Propositions {}", label.to_lowercase()),
                value: format::thousands(n as u64),
            })
            .collect(),
        figures: vec![
            by_group.figure(
                FigureHead {
                    slug: "groupes",
                    title: "Changements par groupe de travail",
                    label_heading: "Groupe de travail",
                    series: SERIES,
                },
                true,
            ),
            by_family.figure(
                FigureHead {
                    slug: "familles",
                    title: "Changements par famille de démarches",
                    label_heading: "Famille de démarches",
                    series: SERIES,
                },
                true,
            ),
            by_procedure.figure(
                FigureHead {
                    slug: "demarches",
                    title: "Changements par démarche",
                    label_heading: "Démarche",
                    series: SERIES,
                },
                true,
            ),
            by_organisation.figure(
                FigureHead {
                    slug: "organisations",
                    title: "Changements par organisation",
                    label_heading: "Organisation",
                    series: SERIES,
                },
                true,
            ),
        ],
    })
}
