//! Each person's choice of when they are told of new work (« Mes
//! notifications »), and who the secretariat is, for the notices that go to
//! it.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};

use super::audit::{self, Actor};
use crate::entities::{digest_item, notice_preference, user};
use crate::model::{
    AppError, Cadence, CurrentUser, NoticeKind, NoticePreference, NoticeSettings, Role,
};

/// The active members of the secretariat.
pub async fn secretariat(db: &impl ConnectionTrait) -> Result<Vec<i32>, DbErr> {
    user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Role.eq(Role::Admin))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Id)
        .into_tuple()
        .all(db)
        .await
}

/// The person's choice for each kind of news that concerns their role (the
/// default of their role where they made none).
pub async fn settings(
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    digest_hour: u32,
) -> Result<NoticeSettings, AppError> {
    let chosen = notice_preference::Entity::find()
        .filter(notice_preference::Column::UserId.eq(user.id))
        .all(db)
        .await?;
    let preferences = NoticeKind::for_role(user.role)
        .iter()
        .map(|kind| NoticePreference {
            kind: *kind,
            cadence: chosen
                .iter()
                .find(|p| p.kind == *kind)
                .map_or_else(|| kind.default_cadence(user.role), |p| p.cadence),
        })
        .collect();
    Ok(NoticeSettings {
        preferences,
        digest_hour,
    })
}

/// Records the person's choices, as typed: a [`Cadence`] code per kind, an
/// empty one leaving that kind as it was. Lines waiting for a digest follow
/// the new choice: into the other digest, or dropped for « jamais »; with
/// « tout de suite », they still go in the digest they were waiting for.
pub async fn save(
    db: &impl TransactionTrait,
    user: &CurrentUser,
    typed: &[(NoticeKind, String)],
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut choices = Vec::new();
    for (kind, code) in typed {
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        let cadence = Cadence::from_code(code).ok_or_else(|| {
            AppError::Invalid(format!(
                "Choisissez quand être prévenu(e) pour « {} » parmi les choix proposés.",
                kind.label()
            ))
        })?;
        choices.push((*kind, cadence));
    }
    if choices.is_empty() {
        return Err(AppError::Invalid(
            "Choisissez quand être prévenu(e) pour au moins un type de notification.".into(),
        ));
    }
    let txn = db.begin().await?;
    for (kind, cadence) in &choices {
        notice_preference::Entity::insert(notice_preference::ActiveModel {
            user_id: Set(user.id),
            kind: Set(*kind),
            cadence: Set(*cadence),
            updated_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([
                notice_preference::Column::UserId,
                notice_preference::Column::Kind,
            ])
            .update_columns([
                notice_preference::Column::Cadence,
                notice_preference::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec(&txn)
        .await?;
        match cadence {
            Cadence::Off => {
                digest_item::Entity::delete_many()
                    .filter(digest_item::Column::UserId.eq(user.id))
                    .filter(digest_item::Column::Kind.eq(*kind))
                    .filter(digest_item::Column::DigestId.is_null())
                    .exec(&txn)
                    .await?;
            }
            Cadence::Daily | Cadence::Weekly => {
                digest_item::Entity::update_many()
                    .filter(digest_item::Column::UserId.eq(user.id))
                    .filter(digest_item::Column::Kind.eq(*kind))
                    .filter(digest_item::Column::DigestId.is_null())
                    .col_expr(digest_item::Column::Cadence, Expr::value(cadence.code()))
                    .exec(&txn)
                    .await?;
            }
            Cadence::Immediate => {}
        }
    }
    audit::record(
        &txn,
        &Actor::of(user),
        "notices.preferences",
        Some(("user", user.id)),
        ip,
        choices
            .iter()
            .map(|(kind, cadence)| format!("{} : {}", kind.label(), cadence.label()))
            .collect::<Vec<_>>()
            .join(" ; "),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
