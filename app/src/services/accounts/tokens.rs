//! Single-use links (invitation, password reset): the e-mail carries a random
//! token, the database only its SHA-256.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use super::sessions::{new_token, token_hash};
use crate::entities::user_token;
use crate::model::TokenPurpose;

pub fn lifetime(purpose: TokenPurpose) -> Duration {
    match purpose {
        TokenPurpose::Invitation => Duration::days(7),
        TokenPurpose::PasswordReset => Duration::hours(1),
    }
}

/// Issues a new token, voiding the person's earlier unused ones of the same purpose.
pub async fn issue(
    db: &impl ConnectionTrait,
    user_id: i32,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    user_token::Entity::update_many()
        .col_expr(
            user_token::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(user_token::Column::UserId.eq(user_id))
        .filter(user_token::Column::Purpose.eq(purpose))
        .filter(user_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    let token = new_token();
    user_token::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose),
        token_hash: Set(token_hash(&token)),
        expires_at: Set(now + lifetime(purpose)),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The valid token's row, if the token exists, is unused and not expired.
pub async fn find_valid(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<Option<user_token::Model>, DbErr> {
    Ok(user_token::Entity::find()
        .filter(user_token::Column::TokenHash.eq(token_hash(token)))
        .filter(user_token::Column::Purpose.eq(purpose))
        .one(db)
        .await?
        .filter(|t| t.used_at.is_none() && now < t.expires_at))
}

/// Marks a token used; false if someone used it meanwhile.
pub async fn consume(
    db: &impl ConnectionTrait,
    id: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = user_token::Entity::update_many()
        .col_expr(
            user_token::Column::UsedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(user_token::Column::Id.eq(id))
        .filter(user_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
