//! Who is asking, for pages and server functions. The server resolves the
//! session cookie once per request (server/src/middleware.rs) and leaves a
//! [`RequestAuth`] in the request's extensions; this module reads it.

use axum::http::request::Parts;
use leptos::prelude::use_context;

use crate::model::{AppError, CurrentUser};
use crate::services::accounts::audit::{self, Actor};
use crate::services::accounts::throttle::{self, Window};

pub const COOKIE: &str = "ecoute_session";
/// Over HTTPS: the __Host- prefix binds the cookie to our exact origin.
pub const SECURE_COOKIE: &str = "__Host-ecoute_session";

#[derive(Debug, Clone, Default)]
pub struct RequestAuth {
    pub user: Option<CurrentUser>,
    pub token: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// Whether the request came over HTTPS (cookie name and Secure flag).
    pub secure: bool,
}

/// The request's authentication, or an anonymous one outside a request.
pub fn request() -> RequestAuth {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<RequestAuth>().cloned())
        .unwrap_or_default()
}

pub fn current_user() -> Option<CurrentUser> {
    request().user
}

/// The signed-in person, or Unauthenticated (the page then sends to sign-in).
pub async fn require_user() -> Result<CurrentUser, AppError> {
    match current_user() {
        Some(user) => Ok(user),
        None => Err(refuse(None, AppError::Unauthenticated, "anonymous").await),
    }
}

/// Allows the signed-in person if `allowed` says so; otherwise the refusal is
/// audited and Forbidden returned.
pub async fn require(
    what: &str,
    allowed: impl FnOnce(&CurrentUser) -> bool,
) -> Result<CurrentUser, AppError> {
    let user = require_user().await?;
    if allowed(&user) {
        Ok(user)
    } else {
        Err(refuse(Some(&user), AppError::Forbidden, what).await)
    }
}

pub async fn require_admin(what: &str) -> Result<CurrentUser, AppError> {
    require(what, CurrentUser::is_admin).await
}

/// A service's answer for `user`: a Forbidden refusal is audited like the
/// ones decided here.
pub async fn audited<T>(
    user: &CurrentUser,
    what: &str,
    result: Result<T, AppError>,
) -> Result<T, AppError> {
    match result {
        Err(AppError::Forbidden) => Err(refuse(Some(user), AppError::Forbidden, what).await),
        other => other,
    }
}

/// Refusals of one person for one reason written to the journal in a
/// window: enough to see what they tried, not a way to fill the journal.
const REFUSALS_IN_JOURNAL: Window = Window {
    limit: 5,
    length: chrono::Duration::minutes(10),
};

/// An anonymous visitor sent to sign in is no security event: only the
/// refusals of signed-in people are written to the journal, a few per
/// person and reason in a window (counted in the database, so that every
/// server counts the same).
async fn refuse(user: Option<&CurrentUser>, error: AppError, what: &str) -> AppError {
    let Some(user) = user else {
        return error;
    };
    if let Ok(db) = crate::state::db() {
        let path = use_context::<Parts>()
            .map(|p| p.uri.path().to_string())
            .unwrap_or_default();
        journal_refusal(&db, user, what, &path, request().ip).await;
    }
    error
}

/// The refusal of an admin's work to whoever `auth` is, on a route the
/// server serves itself (outside the server functions' context), journalled
/// as theirs are.
pub async fn refuse_admin_route(
    db: &sea_orm::DatabaseConnection,
    auth: &RequestAuth,
    path: &str,
    what: &str,
) -> AppError {
    match &auth.user {
        None => AppError::Unauthenticated,
        Some(user) => {
            journal_refusal(db, user, what, path, auth.ip.clone()).await;
            AppError::Forbidden
        }
    }
}

async fn journal_refusal(
    db: &sea_orm::DatabaseConnection,
    user: &CurrentUser,
    what: &str,
    path: &str,
    ip: Option<String>,
) {
    if let Err(err) = record_refusal(db, user, what, path, ip).await {
        tracing::error!(error = %err, "could not audit a refused access");
    }
    tracing::info!(what, "access refused");
}

async fn record_refusal(
    db: &sea_orm::DatabaseConnection,
    user: &CurrentUser,
    what: &str,
    path: &str,
    ip: Option<String>,
) -> Result<(), sea_orm::DbErr> {
    let now = chrono::Utc::now();
    let key = format!("journal:access.refused:{}:{what}", user.id);
    if throttle::take(db, &key, &REFUSALS_IN_JOURNAL, now)
        .await?
        .is_err()
    {
        return Ok(());
    }
    audit::record(
        db,
        &Actor::of(user),
        "access.refused",
        None,
        ip,
        format!("{what} ({path})"),
    )
    .await
}

/// Hands the browser a new session cookie with this response.
pub fn set_session_cookie(token: &str) {
    let secure = request().secure;
    let (name, flags) = if secure {
        (SECURE_COOKIE, "; Secure")
    } else {
        (COOKIE, "")
    };
    let max_age = crate::services::accounts::sessions::ABSOLUTE_LIFETIME.num_seconds();
    set_cookie(format!(
        "{name}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{flags}"
    ));
}

/// Tells the browser to forget its session cookie.
pub fn clear_session_cookie() {
    let secure = request().secure;
    let (name, flags) = if secure {
        (SECURE_COOKIE, "; Secure")
    } else {
        (COOKIE, "")
    };
    set_cookie(format!(
        "{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{flags}"
    ));
}

/// The value of cookie `name` among `headers`.
pub fn cookie_in<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The value of the request's cookie `name`.
pub fn cookie(name: &str) -> Option<String> {
    let parts = use_context::<Parts>()?;
    cookie_in(&parts.headers, name).map(str::to_string)
}

/// A cookie for one page (`path`) that lasts `seconds` (0: forget it), for
/// what must reach that page once and never sit in the database in clear.
pub fn set_short_cookie(name: &str, value: &str, path: &str, seconds: i64) {
    let secure = if request().secure { "; Secure" } else { "" };
    set_cookie(format!(
        "{name}={value}; Path={path}; HttpOnly; SameSite=Strict; Max-Age={seconds}{secure}"
    ));
}

fn set_cookie(value: String) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&value),
    ) {
        response.append_header(axum::http::header::SET_COOKIE, value);
    }
}

/// Where the request comes from, for the audit log and the throttle.
pub fn origin() -> crate::services::accounts::people::Origin {
    let req = request();
    crate::services::accounts::people::Origin {
        ip: req.ip,
        user_agent: req.user_agent,
    }
}
