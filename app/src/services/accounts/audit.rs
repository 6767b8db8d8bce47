//! The append-only audit log. Events are written with the same connection
//! (usually a transaction) as the change they record.

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

use crate::entities::audit_event;

/// Who did it: a signed-in person, or the system itself (command line, worker).
#[derive(Debug, Clone)]
pub enum Actor {
    User { id: i32, email: String },
    System(&'static str),
}

impl Actor {
    /// The signed-in person acting.
    pub fn of(user: &crate::model::CurrentUser) -> Self {
        Actor::User {
            id: user.id,
            email: user.email.clone(),
        }
    }
}

pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: &str,
    target: Option<(&str, i32)>,
    ip: Option<String>,
    detail: impl Into<String>,
) -> Result<(), DbErr> {
    let (actor_user_id, actor_label) = match actor {
        Actor::User { id, email } => (Some(*id), email.clone()),
        Actor::System(label) => (None, (*label).to_string()),
    };
    audit_event::ActiveModel {
        occurred_at: Set(chrono::Utc::now()),
        actor_user_id: Set(actor_user_id),
        actor_label: Set(actor_label),
        kind: Set(kind.to_string()),
        target_type: Set(target.map(|(t, _)| t.to_string())),
        target_id: Set(target.map(|(_, id)| id)),
        ip: Set(ip),
        detail: Set(detail.into()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub const JOURNAL_PAGE_SIZE: u64 = 50;

/// The audit log, most recent first, filtered by person (e-mail, partial)
/// and kind, one page (from 1) at a time.
pub async fn journal(
    db: &impl ConnectionTrait,
    person: &str,
    kind: &str,
    page: u64,
) -> Result<crate::model::JournalPage, crate::model::AppError> {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

    let mut query = audit_event::Entity::find();
    if !person.is_empty() {
        query = query.filter(audit_event::Column::ActorLabel.contains(person.to_lowercase()));
    }
    if !kind.is_empty() {
        query = query.filter(audit_event::Column::Kind.eq(kind));
    }
    let paginator = query
        .order_by_desc(audit_event::Column::OccurredAt)
        .order_by_desc(audit_event::Column::Id)
        .paginate(db, JOURNAL_PAGE_SIZE);
    let counts = paginator.num_items_and_pages().await?;
    let page = page.clamp(1, counts.number_of_pages.max(1));
    let entries = paginator
        .fetch_page(page - 1)
        .await?
        .into_iter()
        .map(|e| crate::model::JournalEntry {
            when: crate::services::format::date_time(e.occurred_at),
            who: e.actor_label,
            target: e.target_type.map(|t| match e.target_id {
                Some(id) => format!("{t} n° {id}"),
                None => t,
            }),
            kind: e.kind,
            ip: e.ip,
            detail: e.detail,
        })
        .collect();
    let kinds = audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Kind)
        .distinct()
        .order_by_asc(audit_event::Column::Kind)
        .into_tuple::<String>()
        .all(db)
        .await?;
    Ok(crate::model::JournalPage {
        entries,
        kinds,
        page,
        pages: counts.number_of_pages,
        total: counts.number_of_items,
    })
}
