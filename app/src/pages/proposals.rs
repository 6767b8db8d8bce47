//! The proposal backlog as a list: a GET form whose values live in the
//! query string (bookmarkable, works without JavaScript), the results as a
//! table, pagination and exports of the same view.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{Link, Title};
use leptos_router::hooks::use_location;

use crate::api::proposals::proposal_backlog;
use crate::components::feedback::{loaded, ErrorNotice, PageTitle};
use crate::components::pagination::Pagination;
use crate::components::table::ScrollTable;
use crate::model::{
    AppError, BacklogFilters, BacklogOptions, BacklogPage, BacklogRow, Choice, Origin, SortKey,
    SortOrder,
};
use crate::pages::search::{Corrected, SEARCH};

const LIST: &str = "/propositions";

#[component]
pub fn ProposalsPage() -> impl IntoView {
    let location = use_location();
    // A filter the server cannot understand is shown with the way back,
    // rather than as a failed page.
    let backlog = Resource::new(
        move || location.search.get(),
        |query| async move { Ok::<_, AppError>(proposal_backlog(query).await) },
    );
    view! {
        <Title text="Propositions" />
        <PageTitle
            title="Propositions d'amélioration"
            lead="Les propositions des membres de l'instance et où en est chacune."
        />
        <ul class="fr-btns-group fr-btns-group--inline-md fr-mb-2w">
            <li>
                <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/propositions/nouvelle">
                    "Déposer une proposition"
                </a>
            </li>
        </ul>
        <p>
            <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/campagnes">
                "Les campagnes de tests utilisateurs à l'origine de propositions"
            </a>
        </p>
        {loaded(backlog, |result: Result<BacklogPage, AppError>| match result {
            Ok(page) => view! { <Backlog page /> }.into_any(),
            Err(error) => view! {
                <ErrorNotice error />
                <p><a class="fr-btn fr-btn--secondary" href=LIST>"Réinitialiser les filtres"</a></p>
            }
            .into_any(),
        })}
    }
}

fn plural(count: u64) -> &'static str {
    if count > 1 {
        "s"
    } else {
        ""
    }
}

#[component]
fn Backlog(page: BacklogPage) -> impl IntoView {
    let view_query = match page.filters.query() {
        query if query.is_empty() => String::new(),
        query => format!("?{query}"),
    };
    let atom = format!("/propositions.atom{view_query}");
    let count = format!(
        "{} proposition{} trouvée{}{}",
        page.total,
        plural(page.total),
        plural(page.total),
        if page.pages > 1 {
            format!(" — page {} sur {}", page.page, page.pages)
        } else {
            String::new()
        }
    );
    view! {
        <Link
            rel="alternate"
            type_="application/atom+xml"
            title="Changements de statut des propositions"
            href=atom.clone()
        />
        <FilterForm filters=page.filters.clone() options=page.options />
        <p role="status" class="fr-text--lg fr-mb-2w">{count}</p>
        {page
            .corrected
            .clone()
            .map(|corrected| {
                let href = BacklogFilters {
                    search: corrected.clone(),
                    ..page.filters.clone()
                }
                    .link(LIST, 1);
                view! { <Corrected corrected href /> }
            })}
        {(!page.filters.search.is_empty())
            .then(|| {
                let everything = BacklogFilters::searching(&page.filters.search)
                    .link(SEARCH, 1);
                view! {
                    <p>
                        <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href=everything>
                            "Chercher aussi dans les réunions et les comptes rendus"
                        </a>
                    </p>
                }
            })}
        <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-btns-group--icon-left">
            <li>
                <a
                    class="fr-btn fr-btn--secondary fr-icon-download-line"
                    href=format!("/propositions.csv{view_query}")
                    download=""
                >
                    "Télécharger en CSV"
                </a>
            </li>
            <li>
                <a
                    class="fr-btn fr-btn--tertiary fr-icon-rss-line"
                    href=atom
                    rel="external"
                    type="application/atom+xml"
                >
                    "Flux Atom des changements de statut"
                </a>
            </li>
        </ul>
        {if page.rows.is_empty() {
            view! { <p>"Aucune proposition ne correspond à ces critères."</p> }.into_any()
        } else {
            view! { <BacklogTable rows=page.rows /> }.into_any()
        }}
        <Pagination page=page.page pages=page.pages link=Arc::new(move |n| page.filters.link(LIST, n)) />
    }
}

/// A filter list; `any` is the first choice, meaning "no filter", if any.
#[component]
fn FilterSelect(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    #[prop(optional)] any: Option<&'static str>,
    choices: Vec<Choice>,
    current: Option<String>,
) -> impl IntoView {
    view! {
        <div class="fr-col-12 fr-col-md-4">
            <div class="fr-select-group">
                <label class="fr-label" for=id>{label}</label>
                <select class="fr-select" id=id name=name>
                    {any.map(|any| view! { <option value="">{any}</option> })}
                    {choices
                        .into_iter()
                        .map(|choice| {
                            let selected = current.as_deref() == Some(choice.value.as_str());
                            view! { <option value=choice.value selected=selected>{choice.label}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        </div>
    }
}

fn choices<T: Copy>(
    values: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    values
        .iter()
        .map(|value| Choice {
            value: code(*value).to_string(),
            label: label(*value).to_string(),
        })
        .collect()
}

#[component]
fn FilterForm(filters: BacklogFilters, options: BacklogOptions) -> impl IntoView {
    let years = options
        .years
        .iter()
        .map(|year| Choice {
            value: year.to_string(),
            label: year.to_string(),
        })
        .collect();
    let current_procedure = filters.procedure.clone();
    view! {
        <form method="get" action=LIST class="fr-mb-4w" role="search" aria-label="Filtrer les propositions">
            <div class="fr-grid-row fr-grid-row--gutters">
                <div class="fr-col-12">
                    <div class="fr-input-group">
                        <label class="fr-label" for="filtre-q">
                            "Rechercher dans les titres et les descriptions"
                            <span class="fr-hint-text">
                                "Accents, majuscules, pluriels et conjugaisons sont sans importance, une faute de frappe par mot de cinq lettres ou plus est pardonnée ; les mots d'une seule lettre sont ignorés."
                            </span>
                        </label>
                        <input
                            class="fr-input"
                            type="search"
                            id="filtre-q"
                            name="q"
                            maxlength="200"
                            value=filters.search.clone()
                        />
                    </div>
                </div>
                <FilterSelect
                    id="filtre-statut"
                    name="statut"
                    label="Statut"
                    any="Tous les statuts"
                    choices=options
                        .statuses
                        .iter()
                        .map(|s| Choice { value: s.code().into(), label: s.label().into() })
                        .collect()
                    current=filters.status.map(|s| s.code().to_string())
                />
                <FilterSelect
                    id="filtre-groupe"
                    name="groupe"
                    label="Groupe de travail"
                    any="Tous les groupes"
                    choices=options.groups
                    current=filters.group.as_ref().map(|g| g.code().to_string())
                />
                <div class="fr-col-12 fr-col-md-4">
                    <div class="fr-select-group">
                        <label class="fr-label" for="filtre-demarche">"Démarche"</label>
                        <select class="fr-select" id="filtre-demarche" name="demarche">
                            <option value="">"Toutes les démarches"</option>
                            {options
                                .procedures
                                .into_iter()
                                .map(|family| {
                                    let current = current_procedure.clone();
                                    view! {
                                        <optgroup label=family.family>
                                            {family
                                                .procedures
                                                .into_iter()
                                                .map(|p| {
                                                    let selected = current.as_deref() == Some(p.value.as_str());
                                                    view! { <option value=p.value selected=selected>{p.label}</option> }
                                                })
                                                .collect_view()}
                                        </optgroup>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                </div>
                <FilterSelect
                    id="filtre-document"
                    name="document"
                    label="Titre concerné"
                    any="Tous les titres"
                    choices=options.families
                    current=filters.document.clone()
                />
                <FilterSelect
                    id="filtre-organisation"
                    name="organisation"
                    label="Organisation"
                    any="Toutes les organisations"
                    choices=options.organisations
                    current=filters.organisation.clone()
                />
                <FilterSelect
                    id="filtre-campagne"
                    name="campagne"
                    label="Campagne de tests"
                    any="Toutes les campagnes"
                    choices=options.campaigns
                    current=filters.campaign.clone()
                />
                <FilterSelect
                    id="filtre-origine"
                    name="origine"
                    label="Origine"
                    any="Toutes les origines"
                    choices=choices(Origin::ALL, Origin::code, Origin::label)
                    current=filters.origin.map(|o| o.code().to_string())
                />
                <FilterSelect
                    id="filtre-annee"
                    name="annee"
                    label="Année de dépôt"
                    any="Toutes les années"
                    choices=years
                    current=filters.year.map(|y| y.to_string())
                />
                <FilterSelect
                    id="filtre-tri"
                    name="tri"
                    label="Trier par"
                    any="Pertinence avec une recherche, sinon dernière activité"
                    choices=choices(&SortKey::ALL, SortKey::code, SortKey::label)
                    current=Some(filters.sort.code().to_string())
                        .filter(|_| filters.sort != filters.default_sort())
                />
                <FilterSelect
                    id="filtre-ordre"
                    name="ordre"
                    label="Ordre"
                    choices=choices(&SortOrder::ALL, SortOrder::code, SortOrder::label)
                    current=Some(filters.order.code().to_string())
                />
            </div>
            <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
                <li>
                    <button class="fr-btn" type="submit">"Filtrer"</button>
                </li>
                <li>
                    <a class="fr-btn fr-btn--secondary" href=LIST>"Réinitialiser"</a>
                </li>
            </ul>
        </form>
    }
}

#[component]
fn BacklogTable(rows: Vec<BacklogRow>) -> impl IntoView {
    view! {
        <ScrollTable label="Propositions">
            <table>
                <caption class="fr-sr-only">"Propositions"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Référence"</th>
                        <th scope="col">"Proposition"</th>
                        <th scope="col">"Statut"</th>
                        <th scope="col">"Organisation"</th>
                        <th scope="col">"Groupe de travail"</th>
                        <th scope="col">"Soutiens"</th>
                        <th scope="col">"Déposée le"</th>
                        <th scope="col">"Dernière activité"</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| {
                            let p = row.card;
                            view! {
                                <tr>
                                    <td class="ecoute-ref">{p.reference.clone()}</td>
                                    <th scope="row">
                                        <a href=format!("/propositions/{}", p.reference)>{p.title}</a>
                                        {(!p.procedures.is_empty())
                                            .then(|| view! {
                                                <br />
                                                <span class="fr-text--xs">{p.procedures.join(" · ")}</span>
                                            })}
                                    </th>
                                    <td><span class=p.status.badge_class()>{p.status.label()}</span></td>
                                    <td>{p.organisation}</td>
                                    <td>{p.working_group.unwrap_or_else(|| "—".into())}</td>
                                    <td>{p.supports_count}</td>
                                    <td>{p.submitted_on}</td>
                                    <td>{row.last_activity_on}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}
