//! Server functions of meetings, their convocations, answers and minutes.

use leptos::prelude::*;

use std::collections::BTreeMap;

use crate::model::{
    AnswerPage, AppError, AttendanceSheet, CalendarFeed, DiffLine, FollowUp, MeetingDetail,
    MeetingFormData, MinutesPage,
};

#[cfg(feature = "ssr")]
fn ip() -> Option<String> {
    crate::auth::request().ip
}

#[cfg(feature = "ssr")]
fn parse_response(code: &str) -> Result<crate::model::InvitationResponse, AppError> {
    crate::model::InvitationResponse::from_code(code).ok_or_else(|| {
        AppError::Invalid("Choisissez une réponse : présent, absent ou représenté.".into())
    })
}

#[server]
pub async fn load_meeting(id: i32) -> Result<MeetingDetail, AppError> {
    let db = crate::state::reader()?;
    let viewer = crate::auth::current_user();
    crate::services::body::meetings::detail(&db, viewer.as_ref(), id, chrono::Utc::now()).await
}

/// « Suite donnée » of plenary session `id`.
#[server]
pub async fn load_follow_up(id: i32) -> Result<FollowUp, AppError> {
    let db = crate::state::reader()?;
    let viewer = crate::auth::current_user();
    crate::services::backlog::follow_up::of_session(&db, viewer.as_ref(), id).await
}

#[server]
pub async fn meeting_form(
    id: Option<i32>,
    groupe: Option<String>,
) -> Result<MeetingFormData, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    let result = crate::services::body::meetings::form(&db, &user, id, groupe).await;
    crate::auth::audited(&user, "programmer une réunion", result).await
}

#[allow(clippy::too_many_arguments)]
#[server]
pub async fn save_meeting(
    id: Option<i32>,
    plenary: bool,
    group_slug: Option<String>,
    title: String,
    ordinal: Option<i32>,
    date: String,
    time: String,
    duration_minutes: i32,
    place: String,
    video_url: String,
    agenda: String,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let form = MeetingFormData {
        id,
        plenary,
        group_slug,
        title,
        ordinal,
        date,
        time,
        duration_minutes,
        place,
        video_url,
        agenda,
        ..Default::default()
    };
    let result = crate::services::body::meetings::save(
        &db,
        &user,
        form,
        &crate::state::public_url(),
        ip(),
        chrono::Utc::now(),
    )
    .await;
    let id = crate::auth::audited(&user, "programmer une réunion", result).await?;
    leptos_axum::redirect(&format!("/reunions/{id}"));
    Ok(())
}

#[server]
pub async fn convene_meeting(id: i32) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::body::meetings::convene(
        &db,
        &user,
        id,
        &crate::state::public_url(),
        ip(),
        chrono::Utc::now(),
    )
    .await;
    crate::auth::audited(&user, "convoquer une réunion", result).await?;
    leptos_axum::redirect(&format!("/reunions/{id}?convoquee"));
    Ok(())
}

#[server]
pub async fn cancel_meeting(id: i32) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::body::meetings::cancel(
        &db,
        &user,
        id,
        &crate::state::public_url(),
        ip(),
        chrono::Utc::now(),
    )
    .await;
    crate::auth::audited(&user, "annuler une réunion", result).await?;
    leptos_axum::redirect(&format!("/reunions/{id}"));
    Ok(())
}

#[server]
pub async fn answer_meeting(
    id: i32,
    response: String,
    represented_by: Option<String>,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    crate::services::body::meetings::answer(
        &db,
        &user,
        id,
        parse_response(&response)?,
        represented_by,
        ip(),
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect(&format!("/reunions/{id}?reponse"));
    Ok(())
}

/// The page of a convocation's answer link; the token is the credential.
#[server]
pub async fn invitation_answer(token: String) -> Result<AnswerPage, AppError> {
    let db = crate::state::reader()?;
    crate::services::body::meetings::answer_page(&db, &token, chrono::Utc::now()).await
}

#[server]
pub async fn answer_invitation(
    token: String,
    response: String,
    represented_by: Option<String>,
) -> Result<(), AppError> {
    let db = crate::state::db()?;
    crate::services::body::meetings::answer_with_token(
        &db,
        &token,
        parse_response(&response)?,
        represented_by,
        ip(),
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect(&format!("/reunions/reponse/{token}?enregistree"));
    Ok(())
}

/// The attendance sheet of a meeting that began (its organisers).
#[server]
pub async fn load_attendance(id: i32) -> Result<AttendanceSheet, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    let result =
        crate::services::body::invitees::attendance_sheet(&db, &user, id, chrono::Utc::now()).await;
    crate::auth::audited(&user, "relever la présence", result).await
}

/// Records the attendance of the whole list in one submit: `presence` holds
/// one value (present, absent, represented) per line (`presence[u12]`).
#[server]
pub async fn record_attendance(
    id: i32,
    #[server(default)] presence: BTreeMap<String, String>,
) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::body::invitees::record_attendance(
        &db,
        &user,
        id,
        &presence,
        ip(),
        chrono::Utc::now(),
    )
    .await;
    crate::auth::audited(&user, "relever la présence", result).await?;
    leptos_axum::redirect(&format!("/reunions/{id}?presence#presence"));
    Ok(())
}

/// Adds a person to a convened meeting.
#[server]
pub async fn add_invitee(id: i32, person: String) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::body::invitees::add_invitee(
        &db,
        &user,
        id,
        &person,
        &crate::state::public_url(),
        ip(),
        chrono::Utc::now(),
    )
    .await;
    crate::auth::audited(&user, "convoquer une personne", result).await?;
    leptos_axum::redirect(&format!("/reunions/{id}?liste#presence"));
    Ok(())
}

/// Removes a person from a convened meeting.
#[server]
pub async fn remove_invitee(id: i32, user_id: i32) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::body::invitees::remove_invitee(
        &db,
        &user,
        id,
        user_id,
        &crate::state::public_url(),
        ip(),
        chrono::Utc::now(),
    )
    .await;
    crate::auth::audited(&user, "retirer une personne convoquée", result).await?;
    leptos_axum::redirect(&format!("/reunions/{id}?liste#presence"));
    Ok(())
}

/// Invites a guest who has no account, by e-mail.
#[server]
pub async fn invite_guest(id: i32, email: String, name: String) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::body::invitees::invite_guest(
        &db,
        &user,
        id,
        &email,
        &name,
        &crate::state::public_url(),
        ip(),
        chrono::Utc::now(),
    )
    .await;
    crate::auth::audited(&user, "inviter une personne par courriel", result).await?;
    leptos_axum::redirect(&format!("/reunions/{id}?liste#presence"));
    Ok(())
}

/// Withdraws a guest's invitation.
#[server]
pub async fn remove_guest(id: i32, guest_id: i32) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::body::invitees::remove_guest(
        &db,
        &user,
        id,
        guest_id,
        &crate::state::public_url(),
        ip(),
        chrono::Utc::now(),
    )
    .await;
    crate::auth::audited(&user, "retirer une personne invitée", result).await?;
    leptos_axum::redirect(&format!("/reunions/{id}?liste#presence"));
    Ok(())
}

/// The page of a guest's answer link; the token is the credential.
#[server]
pub async fn guest_invitation(token: String) -> Result<AnswerPage, AppError> {
    let db = crate::state::reader()?;
    crate::services::body::invitees::guest_answer_page(&db, &token, chrono::Utc::now()).await
}

#[server]
pub async fn answer_as_guest(
    token: String,
    response: String,
    represented_by: Option<String>,
) -> Result<(), AppError> {
    let db = crate::state::db()?;
    crate::services::body::invitees::answer_as_guest(
        &db,
        &token,
        parse_response(&response)?,
        represented_by,
        ip(),
        chrono::Utc::now(),
    )
    .await?;
    leptos_axum::redirect(&format!("/reunions/invite/{token}?enregistree"));
    Ok(())
}

/// The cookie that carries a new feed address to the one page that shows
/// it, once: the database keeps only its hash.
#[cfg(feature = "ssr")]
const NEW_FEED_COOKIE: &str = "ecoute_agenda";
#[cfg(feature = "ssr")]
const FEED_PAGE: &str = "/compte/calendrier";

#[server]
pub async fn my_calendar() -> Result<CalendarFeed, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    let shown = crate::auth::cookie(NEW_FEED_COOKIE);
    if shown.is_some() {
        crate::auth::set_short_cookie(NEW_FEED_COOKIE, "", FEED_PAGE, 0);
    }
    crate::services::body::meetings::my_feed(
        &db,
        &user,
        &crate::state::public_url(),
        shown.as_deref(),
    )
    .await
}

#[server]
pub async fn renew_calendar() -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let token = crate::services::body::meetings::renew_feed(&db, &user, ip()).await?;
    crate::auth::set_short_cookie(NEW_FEED_COOKIE, &token, FEED_PAGE, 600);
    leptos_axum::redirect(FEED_PAGE);
    Ok(())
}

#[server]
pub async fn load_minutes(id: i32) -> Result<MinutesPage, AppError> {
    let db = crate::state::reader()?;
    let viewer = crate::auth::current_user();
    crate::services::body::minutes::page(&db, viewer.as_ref(), id).await
}

#[server]
pub async fn save_minutes(id: i32, based_on: i32, body: String) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::body::minutes::save(
        &db,
        &user,
        id,
        based_on,
        &body,
        ip(),
        chrono::Utc::now(),
    )
    .await;
    let number = crate::auth::audited(&user, "rédiger un compte rendu", result).await?;
    leptos_axum::redirect(&format!("/reunions/{id}/compte-rendu?enregistre={number}"));
    Ok(())
}

#[server]
pub async fn publish_minutes(id: i32) -> Result<(), AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::db()?;
    let result = crate::services::body::minutes::publish(
        &db,
        &user,
        id,
        &crate::state::public_url(),
        ip(),
        chrono::Utc::now(),
    )
    .await;
    let done = crate::auth::audited(&user, "publier un compte rendu", result).await?;
    let said = match done {
        crate::services::body::minutes::Published::Now(_) => "publie",
        crate::services::body::minutes::Published::Already(_) => "deja-publie",
    };
    leptos_axum::redirect(&format!("/reunions/{id}/compte-rendu?{said}"));
    Ok(())
}

/// The sanitised HTML of Markdown being written (signed-in people only).
#[server]
pub async fn preview_markdown(body: String) -> Result<String, AppError> {
    crate::auth::require_user().await?;
    if body.chars().count() > 200_000 {
        return Err(AppError::Invalid(
            "Le texte dépasse 200 000 caractères.".into(),
        ));
    }
    crate::services::markdown::render_checked(body).await
}

#[server]
pub async fn compare_revisions(id: i32, from: i32, to: i32) -> Result<Vec<DiffLine>, AppError> {
    let user = crate::auth::require_user().await?;
    let db = crate::state::reader()?;
    let result = crate::services::body::minutes::compare(&db, &user, id, from, to).await;
    crate::auth::audited(&user, "comparer des versions", result).await
}
