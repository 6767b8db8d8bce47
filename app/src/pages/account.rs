//! Pages of one's own account: choosing a password from an e-mailed link,
//! asking for a reset link, and one's open sessions.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::{
    link_holder, my_sessions, EndOtherSessions, RequestPasswordReset, SetPassword,
};
use crate::components::feedback::{loaded, FormAlert, SuccessNotice};
use crate::components::table::ScrollTable;
use crate::model::SessionInfo;

#[component]
pub fn InvitationPage() -> impl IntoView {
    view! { <SetPasswordPage reset=false /> }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    view! { <SetPasswordPage reset=true /> }
}

#[component]
fn SetPasswordPage(reset: bool) -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let holder = Resource::new(token, move |token| link_holder(token, reset));
    let action = ServerAction::<SetPassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let title = if reset {
        "Choisir un nouveau mot de passe"
    } else {
        "Activer mon compte"
    };
    view! {
        <Title text=title />
        <div class="fr-grid-row fr-grid-row--center">
            <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
                <h1>{title}</h1>
                {loaded(holder, move |name: String| view! {
                    <p>{format!("Bonjour {name}, choisissez votre mot de passe : au moins 12 caractères, par exemple une phrase de plusieurs mots.")}</p>
                    <FormAlert error />
                    <form method="post" action=SetPassword::PATH>
                        <input type="hidden" name="token" value=token />
                        <input type="hidden" name="reset" value=reset.to_string() />
                        <div class="fr-input-group">
                            <label class="fr-label" for="password">
                                "Mot de passe"
                                <span class="fr-hint-text">"De 12 à 128 caractères, sans autre contrainte."</span>
                            </label>
                            <input class="fr-input" type="password" id="password" name="password" autocomplete="new-password" minlength="12" maxlength="128" required />
                        </div>
                        <div class="fr-input-group">
                            <label class="fr-label" for="confirmation">"Confirmation du mot de passe"</label>
                            <input class="fr-input" type="password" id="confirmation" name="confirmation" autocomplete="new-password" required />
                        </div>
                        <button class="fr-btn" type="submit">"Enregistrer et me connecter"</button>
                    </form>
                })}
            </div>
        </div>
    }
}

#[component]
pub fn RequestResetPage() -> impl IntoView {
    let query = use_query_map();
    let sent = move || query.read().get("envoye").is_some();
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text="Mot de passe oublié" />
        <div class="fr-grid-row fr-grid-row--center">
            <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
                <h1>"Mot de passe oublié"</h1>
                {move || sent().then(|| view! {
                    <SuccessNotice message="Si un compte actif correspond à cette adresse, un lien pour choisir un nouveau mot de passe vient de lui être envoyé. Il reste valable 1 heure." />
                })}
                <FormAlert error />
                <form method="post" action=RequestPasswordReset::PATH>
                    <div class="fr-input-group">
                        <label class="fr-label" for="email">
                            "Adresse électronique de votre compte"
                            <span class="fr-hint-text">"Format attendu : nom@domaine.fr"</span>
                        </label>
                        <input class="fr-input" type="email" id="email" name="email" autocomplete="email" required />
                    </div>
                    <button class="fr-btn" type="submit">"Recevoir un lien"</button>
                </form>
            </div>
        </div>
    }
}

#[component]
pub fn SessionsPage() -> impl IntoView {
    let sessions = Resource::new(|| (), |_| my_sessions());
    view! {
        <Title text="Mes sessions" />
        <h1>"Mes sessions ouvertes"</h1>
        <ul class="fr-links-group">
            <li><a class="fr-link" href="/compte/notifications">"Mes notifications"</a></li>
            <li><a class="fr-link" href="/compte/donnees">"Mes données personnelles"</a></li>
        </ul>
        <p>"Chaque appareil où vous êtes connecté(e). Une session se ferme après 30 minutes d'inactivité et au plus tard 12 heures après la connexion."</p>
        {loaded(sessions, |sessions: Vec<SessionInfo>| {
            let others = sessions.iter().filter(|s| !s.current).count();
            view! {
                <ScrollTable label="Sessions ouvertes">
                    <table>
                        <caption>"Sessions ouvertes"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Ouverte le"</th>
                                <th scope="col">"Dernière activité"</th>
                                <th scope="col">"Adresse IP"</th>
                                <th scope="col">"Navigateur"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {sessions.into_iter().map(|s| view! {
                                <tr>
                                    <td>{s.started}{s.current.then(|| view! { " " <span class="fr-badge fr-badge--sm fr-badge--info">"Cette session"</span> })}</td>
                                    <td>{s.last_seen}</td>
                                    <td>{s.ip.unwrap_or_else(|| "—".into())}</td>
                                    <td>{s.user_agent.unwrap_or_else(|| "—".into())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollTable>
                {(others > 0).then(|| view! {
                    <form method="post" action=EndOtherSessions::PATH>
                        <button class="fr-btn fr-btn--secondary" type="submit">"Fermer mes autres sessions"</button>
                    </form>
                })}
            }
        })}
    }
}
