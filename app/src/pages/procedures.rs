//! The procedure catalogue, and one procedure with where its proposals stand.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::procedures::{procedure_catalogue, procedure_detail};
use crate::components::feedback::{loaded, PageTitle};
use crate::components::line_chart::{ChartMark, ChartPoint, LineChart};
use crate::components::proposal_list::ProposalList;
use crate::components::table::ScrollTable;
use crate::model::{
    BacklogFilters, Delivery, IndicatorSeries, ProcedureFamily, ProcedurePage, ProcedureQuality,
};

fn proposals_count(count: u64) -> String {
    format!("{count} proposition{}", if count > 1 { "s" } else { "" })
}

#[component]
pub fn ProceduresPage() -> impl IntoView {
    let catalogue = Resource::new(|| (), |_| procedure_catalogue());
    view! {
        <Title text="Démarches" />
        <PageTitle
            title="Démarches en ligne"
            lead="Le catalogue des démarches sur lesquelles portent les propositions, classées par titre."
        />
        <p>
            <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href="/campagnes">
                "Les campagnes de tests utilisateurs de ces démarches"
            </a>
        </p>
        {loaded(catalogue, |families: Vec<ProcedureFamily>| {
            families
                .into_iter()
                .map(|family| {
                    view! {
                        <section class="fr-mb-4w">
                            <h2 class="fr-h4">{family.name}</h2>
                            <ul class="ecoute-list">
                                {family
                                    .procedures
                                    .into_iter()
                                    .map(|p| {
                                        view! {
                                            <li class="ecoute-list__item">
                                                <h3 class="fr-h6 fr-mb-1v">
                                                    <a href=format!("/demarches/{}", p.slug)>{p.name}</a>
                                                    {p.retired.then(|| view! { " " <span class="fr-badge fr-badge--sm">"Retirée"</span> })}
                                                </h3>
                                                <p class="fr-text--sm fr-mb-1v">{p.description}</p>
                                                <p class="fr-text--xs fr-mb-0">{proposals_count(p.public_proposals)}</p>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()
        })}
    }
}

#[component]
pub fn ProcedureDetailPage() -> impl IntoView {
    let params = use_params_map();
    let procedure = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        procedure_detail,
    );
    view! { {loaded(procedure, |page: ProcedurePage| view! { <ProcedureView page /> })} }
}

#[component]
fn ProcedureView(page: ProcedurePage) -> impl IntoView {
    let on_procedure = BacklogFilters {
        procedure: Some(page.slug.clone()),
        ..BacklogFilters::default()
    };
    let all = on_procedure.link("/propositions", 1);
    view! {
        <Title text=page.name.clone() />
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
                <li><a class="fr-breadcrumb__link" href="/demarches">"Démarches"</a></li>
                <li><a class="fr-breadcrumb__link" aria-current="page">{page.name.clone()}</a></li>
            </ol>
        </nav>
        <h1>{page.name.clone()}</h1>
        <p class="fr-text--lead">{page.description.clone()}</p>
        <p>
            <a class="fr-tag" href=format!("/propositions?document={}", page.family_slug)>{page.family.clone()}</a>
            {page.retired.then(|| view! { " " <span class="fr-badge fr-badge--sm">"Retirée du catalogue"</span> })}
            {page.url.clone().map(|url| view! {
                " "
                <a class="fr-link" href=url target="_blank" rel="noopener noreferrer">
                    "Accéder à la démarche"
                    <span class="fr-sr-only">" (nouvelle fenêtre)"</span>
                </a>
            })}
        </p>
        <section class="fr-mb-6w" aria-labelledby="bilan">
            <h2 id="bilan">"Où en sont les propositions"</h2>
            {if page.by_status.is_empty() {
                view! { <p>"Aucune proposition ne porte sur cette démarche pour le moment."</p> }.into_any()
            } else {
                let caption = format!("{} sur cette démarche, par statut", proposals_count(page.total));
                let rows = page.by_status.iter().map(|group| view! {
                    <tr>
                        <th scope="row"><span class=group.status.badge_class()>{group.status.label()}</span></th>
                        <td>{group.count}</td>
                    </tr>
                }).collect_view();
                view! {
                    <ScrollTable label=caption.clone()>
                        <table>
                            <caption>{caption}</caption>
                            <thead>
                                <tr><th scope="col">"Statut"</th><th scope="col">"Propositions"</th></tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </ScrollTable>
                    <p><a class="fr-link" href=all>"Voir toutes ces propositions dans la liste"</a></p>
                }
                .into_any()
            }}
        </section>
        <QualitySection quality=page.quality.clone() />
        {page.by_status.into_iter().map(|group| {
            let id = format!("statut-{}", group.status.code());
            let labelled_by = id.clone();
            let more = (group.count > group.proposals.len() as u64).then(|| {
                let filtered = BacklogFilters {
                    status: Some(group.status),
                    ..on_procedure.clone()
                };
                view! {
                    <p>
                        <a class="fr-link" href=filtered.link("/propositions", 1)>
                            {format!("Voir les {} propositions « {} »", group.count, group.status.label())}
                        </a>
                    </p>
                }
            });
            view! {
                <section class="fr-mb-4w" aria-labelledby=labelled_by>
                    <h2 id=id class="fr-h4">{format!("{} ({})", group.status.label(), group.count)}</h2>
                    <ProposalList proposals=group.proposals />
                    {more}
                </section>
            }
        }).collect_view()}
        {(!page.campaigns.is_empty()).then(|| view! {
            <section aria-labelledby="campagnes">
                <h2 id="campagnes">"Campagnes de tests sur cette démarche"</h2>
                <ul>
                    {page.campaigns.into_iter().map(|c| view! {
                        <li>
                            <a href=format!("/campagnes/{}", c.slug)>{c.title}</a>
                            {format!(" — {}, {}", c.site, c.held_on)}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

/// The procedure's quality indicators over time, each as a chart with its
/// table, and its proposals delivered, marked on the charts.
#[component]
fn QualitySection(quality: ProcedureQuality) -> impl IntoView {
    let examples = quality
        .series
        .iter()
        .any(|s| s.values.iter().any(|v| v.example));
    let marks: Vec<ChartMark> = quality
        .deliveries
        .iter()
        .map(|d| ChartMark { at: d.delivered_on })
        .collect();
    let empty = quality.series.is_empty();
    view! {
        <section class="fr-mb-6w" aria-labelledby="qualite">
            <h2 id="qualite">"Qualité de la démarche"</h2>
            <p>
                "Les indicateurs que l'État publie pour cette démarche (observatoire « Vos démarches essentielles »), "
                "relevés par le secrétariat, et les jours où ses propositions ont été réalisées : "
                "de quoi voir si ce que l'instance a demandé a fait bouger les chiffres."
            </p>
            {empty.then(|| view! { <p>"Aucun indicateur n'a encore été relevé pour cette démarche."</p> })}
            {examples.then(|| view! {
                <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
                    <p>
                        "Les valeurs marquées « Exemple » sont des valeurs d'exemple de la démonstration : "
                        "ce ne sont pas des chiffres officiels."
                    </p>
                </div>
            })}
            {quality.series.into_iter().map(|series| view! { <Indicator series marks=marks.clone() /> }).collect_view()}
            <Deliveries deliveries=quality.deliveries />
        </section>
    }
}

#[component]
fn Indicator(series: IndicatorSeries, marks: Vec<ChartMark>) -> impl IntoView {
    let id = format!("indicateur-{}", series.kind.code());
    let title = series.kind.label();
    let points: Vec<ChartPoint> = series
        .values
        .iter()
        .filter_map(|v| {
            v.figure.map(|value| ChartPoint {
                at: v.measured_on,
                value,
                date: v.date.clone(),
            })
        })
        .collect();
    let caption = format!("{title} : valeurs relevées");
    let table = view! {
        <ScrollTable label=caption.clone() class="fr-mb-4w">
            <table>
                <caption>{caption}</caption>
                <thead>
                    <tr><th scope="col">"Date"</th><th scope="col">"Valeur"</th><th scope="col">"Source"</th></tr>
                </thead>
                <tbody>
                    {series.values.into_iter().map(|v| view! {
                        <tr>
                            <th scope="row"><time datetime=v.measured_on.to_string()>{v.date}</time></th>
                            <td>{v.shown}</td>
                            <td>
                                {v.example.then(|| view! { <span class="fr-badge fr-badge--sm fr-badge--warning">"Exemple, non officiel"</span>" " })}
                                {v.source}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    };
    if points.is_empty() {
        view! {
            <h3 id=id class="fr-h5 fr-mb-1w">{title}</h3>
            <p class="fr-mb-2w">{series.summary}</p>
            {table}
        }
        .into_any()
    } else {
        view! {
            <LineChart id title summary=series.summary points marks scale_max=series.scale_max
                unit=series.unit mark_label="Proposition réalisée (voir la liste ci-dessous)">
                {table}
            </LineChart>
        }
        .into_any()
    }
}

#[component]
fn Deliveries(deliveries: Vec<Delivery>) -> impl IntoView {
    let caption = "Propositions réalisées sur cette démarche, par date de réalisation";
    view! {
        <h3 id="realisees" class="fr-h5 fr-mb-1w">"Propositions réalisées"</h3>
        {if deliveries.is_empty() {
            view! { <p>"Aucune proposition sur cette démarche n'a encore été réalisée."</p> }.into_any()
        } else {
            view! {
                <ScrollTable label=caption>
                    <table>
                        <caption>{caption}</caption>
                        <thead>
                            <tr><th scope="col">"Réalisée le"</th><th scope="col">"Proposition"</th></tr>
                        </thead>
                        <tbody>
                            {deliveries.into_iter().map(|d| view! {
                                <tr>
                                    <th scope="row"><time datetime=d.delivered_on.to_string()>{d.date}</time></th>
                                    <td><a href=format!("/propositions/{}", d.reference)>{d.reference.clone()}</a>" — "{d.title}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollTable>
            }
            .into_any()
        }}
    }
}
