//! The search over proposals, meetings and published minutes: a GET form
//! (works without JavaScript) and the results grouped by kind.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

use crate::api::search::search_everything;
use crate::components::feedback::{loaded, PageTitle};
use crate::components::proposal_list::ProposalList;
use crate::model::{BacklogFilters, FoundMeeting, SearchResults};

pub const SEARCH: &str = "/recherche";

/// `path` searching `query`.
fn searching(path: &str, query: &str) -> String {
    BacklogFilters::searching(query).link(path, 1)
}

/// The search offered with its typing mistakes corrected, linking to it.
#[component]
pub fn Corrected(corrected: String, href: String) -> impl IntoView {
    view! {
        <p class="fr-mb-2w">
            "Vouliez-vous dire « "<a href=href>{corrected}</a>" » ? "
            "Les résultats tiennent compte de cette correction."
        </p>
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let location = use_location();
    let typed = use_query_map();
    let results = Resource::new(
        move || location.search.get(),
        |query| async move { search_everything(query).await },
    );
    view! {
        <Title text="Rechercher" />
        <PageTitle
            title="Rechercher"
            lead="Dans les propositions, les réunions et les comptes rendus publiés."
        />
        <form method="get" action=SEARCH class="fr-mb-4w" role="search" aria-label="Rechercher dans tout le site">
            <div class="fr-input-group">
                <label class="fr-label" for="recherche-q">
                    "Mots recherchés"
                    <span class="fr-hint-text">
                        "Accents, majuscules, pluriels et conjugaisons sont sans importance, une faute de frappe par mot de cinq lettres ou plus est pardonnée."
                    </span>
                </label>
                <input
                    class="fr-input"
                    type="search"
                    id="recherche-q"
                    name="q"
                    maxlength="200"
                    value=move || typed.read().get("q").unwrap_or_default()
                />
            </div>
            <button class="fr-btn" type="submit">"Rechercher"</button>
        </form>
        {loaded(results, |found: SearchResults| view! { <Results found /> })}
    }
}

#[component]
fn Results(found: SearchResults) -> impl IntoView {
    if found.query.is_empty() {
        return view! { <p>"Saisissez un ou plusieurs mots."</p> }.into_any();
    }
    let corrected = found.corrected.clone().map(|corrected| {
        let href = searching(SEARCH, &corrected);
        view! { <Corrected corrected href /> }
    });
    let all = searching("/propositions", &found.query);
    let total = found.proposals_total;
    view! {
        {corrected}
        <section class="fr-mb-4w" aria-labelledby="trouve-propositions">
            <h2 id="trouve-propositions">{format!("Propositions ({total})")}</h2>
            <ProposalList proposals=found.proposals empty="Aucune proposition ne correspond." />
            {(total > 0)
                .then(|| {
                    view! {
                        <p>
                            <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href=all>
                                "Toutes ces propositions dans la liste, à filtrer et trier"
                            </a>
                        </p>
                    }
                })}
        </section>
        <section class="fr-mb-4w" aria-labelledby="trouve-comptes-rendus">
            <h2 id="trouve-comptes-rendus">{format!("Comptes rendus ({})", found.minutes.len())}</h2>
            <Found items=found.minutes suffix="/compte-rendu" empty="Aucun compte rendu publié ne correspond." />
        </section>
        <section class="fr-mb-4w" aria-labelledby="trouve-reunions">
            <h2 id="trouve-reunions">{format!("Réunions ({})", found.meetings.len())}</h2>
            <Found items=found.meetings suffix="" empty="Aucune réunion ne correspond." />
        </section>
    }
    .into_any()
}

/// Meetings found, each linking to its page followed by `suffix`.
#[component]
fn Found(items: Vec<FoundMeeting>, suffix: &'static str, empty: &'static str) -> impl IntoView {
    if items.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    view! {
        <ul class="ecoute-list">
            {items
                .into_iter()
                .map(|found| {
                    let m = found.meeting;
                    view! {
                        <li class="ecoute-list__item">
                            <a href=format!("/reunions/{}{suffix}", m.id)>{found.heading}</a>
                            " — "<time datetime=m.starts_at_iso>{m.when}</time>
                            {m.working_group.map(|g| format!(" · {g}"))}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
