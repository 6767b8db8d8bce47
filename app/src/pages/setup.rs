//! The secretariat's « Mise en place »: the steps of setting up the body,
//! each linking to its management page, the body's identity, and the
//! removal of the demo body.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::setup::{identity_form, load_setup, RemoveDemo, SaveIdentity};
use crate::components::feedback::{loaded, FormAlert, SuccessNotice};
use crate::components::forms::{FormError, Returned, TextArea, TextField};
use crate::model::{
    BodyIdentity, DemoState, SetupPage as SetupData, IDENTITY_MINISTRY_MAX, IDENTITY_NAME_MAX,
    IDENTITY_PRESENTATION_MAX, IDENTITY_TAGLINE_MAX,
};

#[component]
pub fn SetupPage() -> impl IntoView {
    let setup = Resource::new(|| (), |_| load_setup());
    let query = use_query_map();
    let saved = move || query.read().get("identite-enregistree").is_some();
    let removed = move || query.read().get("demo-retiree");
    let remove = ServerAction::<RemoveDemo>::new();
    let error = Signal::derive(move || remove.value().get().and_then(Result::err));
    view! {
        <Title text="Mise en place" />
        <h1>"Mise en place de l'instance"</h1>
        {move || saved().then(|| view! { <SuccessNotice message="L'identité de l'instance est enregistrée." /> })}
        <FormAlert error />
        {loaded(setup, move |page: SetupData| {
            let done = page.done();
            let total = page.steps.len();
            view! {
                <p class="fr-text--lead">
                    {if done == total {
                        "L'instance est en place. Chaque étape reste modifiable depuis sa page de gestion.".to_string()
                    } else {
                        format!("{done} étape(s) sur {total} terminée(s). Chaque étape mène à la page où elle se fait ; vous pouvez y revenir à tout moment depuis « Mise en place ».")
                    }}
                </p>
                <ol class="ecoute-steps">
                    {page.steps.into_iter().enumerate().map(|(i, step)| {
                        let id = format!("etape-{}", i + 1);
                        let labelled_by = id.clone();
                        view! {
                            <li class="fr-mb-3w">
                                <section class="fr-card fr-card--no-arrow" aria-labelledby=labelled_by>
                                    <div class="fr-card__body">
                                        <div class="fr-card__content">
                                            <h2 class="fr-card__title fr-h5" id=id>{step.title.clone()}</h2>
                                            <p class="fr-card__desc">{step.description.clone()}</p>
                                            <p class="fr-mb-1w">
                                                {if step.done {
                                                    view! { <span class="fr-badge fr-badge--success fr-badge--sm">"Fait"</span> }.into_any()
                                                } else {
                                                    view! { <span class="fr-badge fr-badge--warning fr-badge--sm">"À faire"</span> }.into_any()
                                                }}
                                                " "{step.state.clone()}
                                            </p>
                                            <p class="fr-mb-0">
                                                <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href=step.href.clone()>
                                                    {step.action.clone()}
                                                </a>
                                            </p>
                                        </div>
                                    </div>
                                </section>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <p>
                    <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/campagnes">
                        "Les campagnes de tests utilisateurs"
                    </a>
                </p>
                <Demo demo=page.demo removed=removed() />
            }
        })}
    }
}

/// What is left of the demo body, and the button that removes it.
#[component]
fn Demo(demo: DemoState, removed: Option<String>) -> impl IntoView {
    view! {
        <section class="fr-mt-6w" id="demonstration" aria-labelledby="demonstration-titre">
            <h2 id="demonstration-titre">"Données de démonstration"</h2>
            {removed.map(|n| view! {
                <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
                    <p>{format!("La démonstration est retirée : {n} élément(s) supprimé(s).")}</p>
                </div>
            })}
            {match (demo.rows, demo.removed) {
                (0, _) => view! { <p>"Aucune donnée de démonstration : tout ce que contient Écoute a été saisi par ses utilisateurs."</p> }.into_any(),
                (_, true) => view! {
                    <p>"Ces éléments de la démonstration sont conservés, parce que des données réelles y renvoient (une proposition réelle sur une démarche de la démonstration, par exemple) :"</p>
                    <ul>{demo.kept.into_iter().map(|k| view! { <li>{k}</li> }).collect_view()}</ul>
                }.into_any(),
                (rows, false) => view! {
                    <p>{format!("Écoute contient les données de démonstration ({rows} éléments : organisations, personnes fictives, groupes, démarches, réunions, propositions). Retirez-les avant de mettre l'instance en service : ce que les utilisateurs ont saisi est conservé, et un élément de la démonstration auquel renvoient des données réelles l'est aussi.")}</p>
                    <form method="post" action=RemoveDemo::PATH>
                        <button class="fr-btn fr-btn--secondary fr-icon-delete-line fr-btn--icon-left" type="submit">
                            "Retirer les données de démonstration"
                        </button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
pub fn IdentityPage() -> impl IntoView {
    let identity = Resource::new(|| (), |_| identity_form());
    view! {
        <Title text="Identité de l'instance" />
        <h1>"Identité de l'instance"</h1>
        <p class="fr-text--lead">"Le nom et le ministère s'affichent en tête de chaque page, dans le titre des pages et dans chaque courriel."</p>
        {loaded(identity, |saved: BodyIdentity| view! { <IdentityForm saved /> })}
    }
}

#[component]
fn IdentityForm(saved: BodyIdentity) -> impl IntoView {
    let r = Returned::from_address();
    view! {
        <form method="post" action=SaveIdentity::PATH id="identite">
            <FormError returned=r.clone() />
            <TextField id="identity-name" name="name" label="Nom de l'instance" hint="Par exemple : Instance d'écoute des usagers"
                value=r.value("name", saved.name) error=r.error_of("name") required=true maxlength=IDENTITY_NAME_MAX />
            <TextArea id="identity-ministry" name="ministry" label="Ministère de rattachement"
                hint="Tel qu'il figure sur le bloc-marque, une ligne par ligne : « Ministère », puis « de l'Intérieur »."
                value=r.value("ministry", saved.ministry) error=r.error_of("ministry") rows=3 required=true maxlength=IDENTITY_MINISTRY_MAX />
            <TextField id="identity-tagline" name="tagline" label="Devise" hint="Facultatif : une ligne sous le nom, dans l'en-tête."
                value=r.value("tagline", saved.tagline) error=r.error_of("tagline") maxlength=IDENTITY_TAGLINE_MAX />
            <TextArea id="identity-presentation" name="presentation" label="Présentation"
                hint="Un paragraphe, sur la page d'accueil et en pied de page."
                value=r.value("presentation", saved.presentation) error=r.error_of("presentation") rows=4 maxlength=IDENTITY_PRESENTATION_MAX />
            <button class="fr-btn" type="submit">"Enregistrer l'identité"</button>
        </form>
    }
}
