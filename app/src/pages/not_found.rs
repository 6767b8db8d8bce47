use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page non trouvée" />
        <h1>"Page non trouvée"</h1>
        <p class="fr-text--sm">"Erreur 404"</p>
        <p class="fr-text--lead">"La page que vous cherchez est introuvable. Excusez-nous pour la gêne occasionnée."</p>
        <p>"Si vous avez tapé l'adresse web dans le navigateur, vérifiez qu'elle est correcte. La page n'est peut-être plus disponible."</p>
        <ul class="fr-btns-group fr-btns-group--inline-md">
            <li><a class="fr-btn" href="/">"Page d'accueil"</a></li>
        </ul>
    }
}
