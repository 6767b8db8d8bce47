use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::account::SignIn;
use crate::components::feedback::SuccessNotice;

/// Sign-in: a plain form, so it works the same with and without JavaScript
/// and the new session cookie arrives with a full page load.
#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let query = use_query_map();
    let next = move || query.read().get("retour").unwrap_or_default();
    let error = move || action.value().get().and_then(Result::err);
    let confirmed = move || query.read().get("adresse-confirmee").is_some();
    view! {
        <Title text="Connexion" />
        <div class="fr-grid-row fr-grid-row--center">
            <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
                <h1>"Se connecter à Écoute"</h1>
                {move || confirmed().then(|| view! {
                    <SuccessNotice message="Votre nouvelle adresse électronique est confirmée : connectez-vous désormais avec elle." />
                })}
                <form method="post" action=SignIn::PATH>
                    <fieldset class="fr-fieldset" aria-labelledby="identifiants-legende">
                        <legend class="fr-fieldset__legend" id="identifiants-legende">
                            "Identifiants"
                        </legend>
                        {move || {
                            error()
                                .map(|e| {
                                    view! {
                                        <div class="fr-fieldset__element">
                                            <div class="fr-alert fr-alert--error fr-alert--sm" role="alert">
                                                <p>{e.to_string()}</p>
                                            </div>
                                        </div>
                                    }
                                })
                        }}
                        <div class="fr-fieldset__element">
                            <div class="fr-input-group">
                                <label class="fr-label" for="email">
                                    "Adresse électronique"
                                    <span class="fr-hint-text">"Format attendu : nom@domaine.fr"</span>
                                </label>
                                <input class="fr-input" type="email" id="email" name="email" autocomplete="username" required />
                            </div>
                        </div>
                        <div class="fr-fieldset__element">
                            <div class="fr-input-group">
                                <label class="fr-label" for="password">"Mot de passe"</label>
                                <input class="fr-input" type="password" id="password" name="password" autocomplete="current-password" required />
                            </div>
                        </div>
                        <input type="hidden" name="next" value=next />
                        <div class="fr-fieldset__element">
                            <button class="fr-btn" type="submit">"Se connecter"</button>
                        </div>
                    </fieldset>
                </form>
                <p><a class="fr-link" href="/mot-de-passe-oublie">"Mot de passe oublié ?"</a></p>
            </div>
        </div>
    }
}
