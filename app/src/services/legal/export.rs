//! Everything Écoute holds about one person (the right of access): their
//! account, organisation, sessions without their tokens, what they wrote,
//! their invitations, actions, preferences, the audit events about them and
//! the e-mails sent to them (without their text). Nothing about anyone
//! else: another person acting on them is not named.

use std::collections::HashMap;

use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{
    action, audit_event, known_address, login_session, meeting, meeting_invitation,
    notice_preference, organisation, outbox_email, proposal, proposal_event, proposal_support,
    user, working_group, working_group_member,
};
use crate::model::{
    AppError, CurrentUser, ExportedAccount, ExportedOrganisation, ExportedRecord, ExportedSession,
    PersonalData, ProposalEventKind,
};
use crate::services::format::{date, date_time};

fn record(when: String, what: impl Into<String>, detail: impl Into<String>) -> ExportedRecord {
    ExportedRecord {
        when,
        what: what.into(),
        detail: detail.into(),
    }
}

/// The references of proposals `ids`, by id.
async fn references(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, String>, AppError> {
    Ok(proposal::Entity::find()
        .filter(proposal::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, format!("{} — {}", p.reference, p.title)))
        .collect())
}

/// What Écoute holds about `person`, who asks for it.
pub async fn personal_data(
    db: &impl ConnectionTrait,
    person: &CurrentUser,
) -> Result<PersonalData, AppError> {
    let me = user::Entity::find_by_id(person.id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let id = me.id;
    let organisation = match me.organisation_id {
        Some(org) => organisation_of(db, org).await?,
        None => None,
    };
    let sessions = login_session::Entity::find()
        .filter(login_session::Column::UserId.eq(id))
        .order_by_desc(login_session::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|s| ExportedSession {
            started: date_time(s.created_at),
            last_seen: date_time(s.last_seen_at),
            expires: date_time(s.expires_at),
            ip: s.ip,
            user_agent: s.user_agent,
        })
        .collect();
    let known_addresses = known_address::Entity::find()
        .filter(known_address::Column::UserId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| {
            record(
                date_time(a.last_sign_in_at),
                "Dernière connexion depuis",
                a.ip,
            )
        })
        .collect();
    let proposals = proposal::Entity::find()
        .filter(proposal::Column::SubmittedBy.eq(id))
        .order_by_asc(proposal::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            record(
                date_time(p.created_at),
                format!("{} — {}", p.reference, p.title),
                p.body,
            )
        })
        .collect();
    let comments = proposal_event::Entity::find()
        .filter(proposal_event::Column::ActorUserId.eq(id))
        .filter(proposal_event::Column::Kind.eq(ProposalEventKind::Comment))
        .order_by_asc(proposal_event::Column::CreatedAt)
        .all(db)
        .await?;
    let supports = proposal_support::Entity::find()
        .filter(proposal_support::Column::UserId.eq(id))
        .order_by_asc(proposal_support::Column::CreatedAt)
        .all(db)
        .await?;
    let named = references(
        db,
        comments
            .iter()
            .map(|c| c.proposal_id)
            .chain(supports.iter().map(|s| s.proposal_id)),
    )
    .await?;
    let on = |proposal_id: i32| named.get(&proposal_id).cloned().unwrap_or_default();
    let comments = comments
        .into_iter()
        .map(|c| {
            record(
                date_time(c.created_at),
                on(c.proposal_id),
                c.body.unwrap_or_default(),
            )
        })
        .collect();
    let supports = supports
        .into_iter()
        .map(|s| {
            record(
                date_time(s.created_at),
                on(s.proposal_id),
                "Soutien de votre organisation",
            )
        })
        .collect();
    Ok(PersonalData {
        exported_at: date_time(chrono::Utc::now()),
        account: ExportedAccount {
            id,
            name: me.name,
            email: me.email.clone(),
            position: me.title,
            role: me.role.label().to_string(),
            active: me.active,
            has_password: me.password_hash.is_some(),
            created_at: date_time(me.created_at),
            last_login_at: me.last_login_at.map(date_time),
        },
        organisation,
        sessions,
        known_addresses,
        proposals,
        comments,
        supports,
        invitations: invitations(db, id).await?,
        actions: action::Entity::find()
            .filter(action::Column::OwnerUserId.eq(id))
            .order_by_asc(action::Column::CreatedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|a| {
                let due = a
                    .due_on
                    .map(|d| format!(", échéance {}", date(d)))
                    .unwrap_or_default();
                record(
                    date_time(a.created_at),
                    a.title,
                    format!("{}{due}", a.status.label()),
                )
            })
            .collect(),
        notice_preferences: notice_preference::Entity::find()
            .filter(notice_preference::Column::UserId.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|p| record(date_time(p.updated_at), p.kind.label(), p.cadence.label()))
            .collect(),
        audit_events: audit_events(db, id).await?,
        emails: outbox_email::Entity::find()
            .filter(outbox_email::Column::ToAddress.eq(me.email))
            .order_by_asc(outbox_email::Column::CreatedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|m| {
                let sent = m
                    .sent_at
                    .map(|at| format!("envoyé le {}", date_time(at)))
                    .unwrap_or_else(|| m.status.label().to_string());
                record(date_time(m.created_at), m.subject, sent)
            })
            .collect(),
    })
}

async fn organisation_of(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<ExportedOrganisation>, AppError> {
    let Some(org) = organisation::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let groups: Vec<i32> = working_group_member::Entity::find()
        .filter(working_group_member::Column::OrganisationId.eq(id))
        .filter(working_group_member::Column::LeftOn.is_null())
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.working_group_id)
        .collect();
    let memberships = working_group::Entity::find()
        .filter(working_group::Column::Id.is_in(groups))
        .order_by_asc(working_group::Column::Number)
        .all(db)
        .await?
        .into_iter()
        .map(|g| format!("Groupe {} — {}", g.number, g.title))
        .collect();
    Ok(Some(ExportedOrganisation {
        name: org.name,
        kind: org.kind.label().to_string(),
        memberships,
    }))
}

async fn invitations(db: &impl ConnectionTrait, id: i32) -> Result<Vec<ExportedRecord>, AppError> {
    let invited = meeting_invitation::Entity::find()
        .filter(meeting_invitation::Column::UserId.eq(id))
        .all(db)
        .await?;
    let meetings: HashMap<i32, meeting::Model> = meeting::Entity::find()
        .filter(meeting::Column::Id.is_in(invited.iter().map(|i| i.meeting_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    Ok(invited
        .into_iter()
        .map(|i| {
            let (title, starts) = meetings
                .get(&i.meeting_id)
                .map(|m| (m.title.clone(), date_time(m.starts_at)))
                .unwrap_or_default();
            let mut answer = i.response.label().to_string();
            if let Some(by) = i.represented_by.filter(|b| !b.is_empty()) {
                answer.push_str(&format!(", représenté(e) par {by}"));
            }
            if let Some(attendance) = i.attendance {
                answer.push_str(&format!(", {}", attendance.label().to_lowercase()));
            }
            record(starts, title, answer)
        })
        .collect())
}

/// The audit events by or about person `id`; who else acted is not named.
async fn audit_events(db: &impl ConnectionTrait, id: i32) -> Result<Vec<ExportedRecord>, AppError> {
    Ok(audit_event::Entity::find()
        .filter(
            Condition::any()
                .add(audit_event::Column::ActorUserId.eq(id))
                .add(
                    Condition::all()
                        .add(audit_event::Column::TargetType.eq("user"))
                        .add(audit_event::Column::TargetId.eq(id)),
                ),
        )
        .order_by_asc(audit_event::Column::OccurredAt)
        .order_by_asc(audit_event::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| {
            let by_them = e.actor_user_id == Some(id);
            let mut detail = if by_them {
                e.detail
            } else {
                "Action du secrétariat ou du système sur votre compte".to_string()
            };
            if let Some(ip) = e.ip.filter(|_| by_them) {
                detail.push_str(&format!(" (adresse IP {ip})"));
            }
            record(date_time(e.occurred_at), e.kind, detail)
        })
        .collect())
}
