//! « Mes notifications »: when the signed-in person is told of new work,
//! for each kind of news.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::dashboard::{my_notice_settings, SaveNoticePreferences};
use crate::components::feedback::{loaded, FormAlert, SuccessNotice};
use crate::model::{Cadence, NoticePreference, NoticeSettings};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let query = use_query_map();
    let saved = move || query.read().get("enregistre").is_some();
    let settings = Resource::new(|| (), |_| my_notice_settings());
    let save = ServerAction::<SaveNoticePreferences>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        <Title text="Mes notifications" />
        <h1>"Mes notifications"</h1>
        <p class="fr-text--lead">
            "Choisissez, pour chaque type de nouvelle, si vous en êtes prévenu(e) par courriel tout de suite, dans un résumé quotidien ou hebdomadaire, ou jamais."
        </p>
        {move || saved().then(|| view! { <SuccessNotice message="Vos préférences de notification sont enregistrées." /> })}
        <FormAlert error />
        {loaded(settings, |s: NoticeSettings| view! {
            <p>
                {format!(
                    "Les résumés partent à {} h, heure de Paris : chaque jour pour le résumé quotidien, le lundi pour le résumé hebdomadaire. Ils regroupent les nouvelles proposition par proposition, en un seul courriel.",
                    s.digest_hour
                )}
            </p>
            <form method="post" action=SaveNoticePreferences::PATH>
                {s.preferences.into_iter().map(|p| view! { <KindChoice p /> }).collect_view()}
                <button class="fr-btn" type="submit">"Enregistrer mes préférences"</button>
            </form>
        })}
        <p class="fr-mt-4w"><a class="fr-link" href="/tableau-de-bord">"Mon tableau de bord"</a></p>
    }
}

/// The four cadences of one kind of news, the current one checked.
#[component]
fn KindChoice(p: NoticePreference) -> impl IntoView {
    let code = p.kind.code();
    let legend = format!("notification-{code}");
    let labelled_by = legend.clone();
    view! {
        <fieldset class="fr-fieldset" aria-labelledby=labelled_by>
            <legend class="fr-fieldset__legend" id=legend>
                {p.kind.label()}
                <span class="fr-hint-text">{p.kind.hint()}</span>
            </legend>
            {Cadence::ALL
                .iter()
                .map(|cadence| {
                    let input_id = format!("{code}-{}", cadence.code());
                    view! {
                        <div class="fr-fieldset__element fr-fieldset__element--inline">
                            <div class="fr-radio-group">
                                <input
                                    type="radio"
                                    id=input_id.clone()
                                    name=code
                                    value=cadence.code()
                                    checked=*cadence == p.cadence
                                />
                                <label class="fr-label" for=input_id>{cadence.label()}</label>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
