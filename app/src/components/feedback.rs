use leptos::prelude::*;

use crate::model::AppError;

/// A DSFR alert telling what went wrong, in French. During server rendering
/// it also gives the response its status, and sends anonymous visitors of a
/// reserved page to the sign-in page.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    respond_to(&error);
    // On a failure of ours, the request's id for the person to quote.
    #[cfg(feature = "ssr")]
    let reference = matches!(error, AppError::Unavailable | AppError::Transport(_))
        .then(crate::request_id::current)
        .flatten()
        .map(|id| crate::request_id::sentence(&id));
    #[cfg(not(feature = "ssr"))]
    let reference: Option<String> = None;
    view! {
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
            <p>{error.to_string()}</p>
            {reference.map(|text| view! { <p class="fr-text--sm">{text}</p> })}
        </div>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="fr-text--sm" aria-live="polite">"Chargement…"</p> }
}

/// A heading and an optional lead paragraph opening a page.
#[component]
pub fn PageTitle(
    title: &'static str,
    #[prop(optional)] lead: Option<&'static str>,
) -> impl IntoView {
    view! {
        <h1>{title}</h1>
        {lead.map(|lead| view! { <p class="fr-text--lead">{lead}</p> })}
    }
}

/// Waits for a server function's result during server rendering, then shows
/// it with `render`, or the French error notice.
pub fn loaded<T, V, F>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=Loading>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => render(data).into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[cfg(feature = "ssr")]
fn respond_to(error: &AppError) {
    use axum::http::StatusCode;

    let status = match error {
        AppError::Unauthenticated => {
            let here = leptos_router::hooks::use_location();
            let back = format!(
                "{}{}",
                here.pathname.get_untracked(),
                here.search.get_untracked()
            );
            let back = if back.is_empty() {
                "/".to_string()
            } else {
                back
            };
            let query: String = url_escape(&back);
            leptos_axum::redirect(&format!("/connexion?retour={query}"));
            return;
        }
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::BAD_REQUEST,
        AppError::Unavailable | AppError::Transport(_) => StatusCode::SERVICE_UNAVAILABLE,
    };
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

#[cfg(feature = "ssr")]
fn url_escape(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The French error of a form's last submission, announced to screen readers.
#[component]
pub fn FormAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
                    <p>{e.to_string()}</p>
                </div>
            }
        })
    }
}

/// A confirmation shown after a form succeeded.
#[component]
pub fn SuccessNotice(message: &'static str) -> impl IntoView {
    view! {
        <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
            <p>{message}</p>
        </div>
    }
}
