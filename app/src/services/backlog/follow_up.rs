//! « Suite donnée » for a plenary session: every proposal decided since the
//! previous plenary session (its status moved to retenue, en cours, réalisée
//! or non retenue in that period, as its timeline says), with the answer
//! given, its progress and its follow-up actions — the document the
//! secretariat brings to the session, as a page and as a CSV file.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::exports::CsvWriter;
use crate::entities::{proposal, proposal_event};
use crate::model::{
    AppError, CurrentUser, EasyReadKind, FollowUp, FollowUpRow, MeetingKind, ProposalEventKind,
    ProposalStatus,
};
use crate::services::body::{actions, easy_read, meetings};
use crate::services::format;

/// The statuses that say a proposal was decided.
pub const DECIDED: [ProposalStatus; 4] = [
    ProposalStatus::Retenue,
    ProposalStatus::EnCours,
    ProposalStatus::Realisee,
    ProposalStatus::NonRetenue,
];

pub const CSV_HEADER: [&str; 8] = [
    "Référence",
    "Titre",
    "Statut",
    "Réponse apportée",
    "Réponse en facile à lire",
    "Avancement",
    "Actions de suivi",
    "Responsables",
];

/// The follow-up table of plenary session `id`, as `viewer` sees it.
pub async fn of_session(
    db: &impl ConnectionTrait,
    viewer: Option<&CurrentUser>,
    id: i32,
) -> Result<FollowUp, AppError> {
    let session = meetings::find(db, id).await?;
    if session.kind != MeetingKind::Plenary {
        return Err(AppError::NotFound);
    }
    let previous = meetings::previous_plenary(db, &session).await?;
    let mut decisions = proposal_event::Entity::find()
        .filter(proposal_event::Column::Kind.eq(ProposalEventKind::StatusChanged))
        .filter(proposal_event::Column::ToStatus.is_in(DECIDED))
        .filter(proposal_event::Column::Internal.eq(false))
        .filter(proposal_event::Column::CreatedAt.lte(session.starts_at));
    if let Some(previous) = &previous {
        decisions = decisions.filter(proposal_event::Column::CreatedAt.gt(previous.starts_at));
    }
    // The latest decision of each proposal in the period gives its answer
    // (the event that says it, and its text).
    let mut answers: HashMap<i32, (i32, Option<String>)> = HashMap::new();
    for event in decisions
        .order_by_asc(proposal_event::Column::CreatedAt)
        .order_by_asc(proposal_event::Column::Id)
        .all(db)
        .await?
    {
        answers.insert(event.proposal_id, (event.id, event.body));
    }
    let decided = proposal::Entity::find()
        .filter(proposal::Column::Id.is_in(answers.keys().copied()))
        .order_by_asc(proposal::Column::Reference)
        .all(db)
        .await?;
    let decided: Vec<proposal::Model> = decided
        .into_iter()
        .filter(|p| p.status.is_public())
        .collect();
    // A decision without a text shows the proposal's reason as it stands.
    let current = easy_read::current_answers(
        db,
        decided
            .iter()
            .filter(|p| !answers.get(&p.id).is_some_and(|(_, a)| said(a)))
            .map(|p| p.id),
    )
    .await?;
    let mut answer_of: HashMap<i32, (String, String)> = HashMap::new();
    for p in &decided {
        let answer = match answers.remove(&p.id) {
            Some((event, text)) if said(&text) => Some((event, text)),
            _ => current.get(&p.id).cloned(),
        };
        if let Some((event, Some(text))) = answer.filter(|(_, text)| said(text)) {
            answer_of.insert(p.id, (event.to_string(), text));
        }
    }
    let mut versions = easy_read::of_keys(
        db,
        EasyReadKind::StatusAnswer,
        answer_of.values().map(|(key, _)| key.clone()),
    )
    .await?;
    let mut rows = Vec::with_capacity(decided.len());
    for p in decided {
        let lines = actions::lines_of_proposal(db, p.id).await?;
        let answer = answer_of.remove(&p.id);
        rows.push(FollowUpRow {
            easy_answer: answer.as_ref().and_then(|(key, _)| versions.remove(key)),
            answer: answer.map(|(_, text)| text),
            progress: p.progress.filter(|_| p.status.is_implementing()),
            actions: actions::shown_to(&lines, viewer),
            reference: p.reference,
            title: p.title,
            status: p.status,
        });
    }
    Ok(FollowUp {
        meeting_id: session.id,
        session: meetings::heading(&session),
        since: previous.map(|p| meetings::heading(&p)),
        rows,
    })
}

fn said(text: &Option<String>) -> bool {
    text.as_deref().is_some_and(|t| !t.trim().is_empty())
}

/// The table as a CSV file, written as the backlog's export is.
pub fn csv(follow_up: &FollowUp) -> Vec<u8> {
    let mut out = CsvWriter::default();
    out.row(CSV_HEADER);
    for row in &follow_up.rows {
        let progress = row.progress.map(|p| format!("{p} %")).unwrap_or_default();
        let actions = row
            .actions
            .iter()
            .map(|a| match &a.due {
                Some(due) => format!("{} ({}, échéance {due})", a.title, a.status.label()),
                None => format!("{} ({})", a.title, a.status.label()),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let owners = row
            .actions
            .iter()
            .map(|a| a.owner.clone().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n");
        out.row([
            row.reference.as_str(),
            row.title.as_str(),
            row.status.label(),
            row.answer.as_deref().unwrap_or_default(),
            row.easy_answer
                .as_ref()
                .map_or("", |(markdown, _)| markdown.as_str()),
            progress.as_str(),
            actions.as_str(),
            owners.as_str(),
        ]);
    }
    out.finish()
}

/// The file name of the table of session `follow_up`.
pub fn csv_file_name(follow_up: &FollowUp) -> String {
    format!(
        "suite-donnee-reunion-{}-{}.csv",
        follow_up.meeting_id,
        format::today()
    )
}
