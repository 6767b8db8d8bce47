use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::groups::{load_group, working_groups};
use crate::components::actions::ActionTable;
use crate::components::feedback::{loaded, PageTitle};
use crate::components::proposal_list::ProposalList;
use crate::model::GroupDetail;
use crate::pages::home::GroupTiles;

#[component]
pub fn GroupsPage() -> impl IntoView {
    let groups = Resource::new(|| (), |_| working_groups());
    view! {
        <Title text="Groupes de travail" />
        <PageTitle
            title="Groupes de travail"
            lead="Trois groupes préparent les travaux de la séance plénière : l'accès du plus grand nombre, la simplification des démarches et leur utilisation par les personnes en situation de handicap."
        />
        {loaded(groups, |groups| view! { <GroupTiles groups /> })}
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let group = Resource::new(slug, load_group);
    view! { {loaded(group, |g: GroupDetail| view! { <GroupView g /> })} }
}

#[component]
fn GroupView(g: GroupDetail) -> impl IntoView {
    view! {
        <Title text=g.heading.clone() />
        <h1>{g.heading.clone()}</h1>
        {g.lead.clone().map(|lead| view! {
            <p class="fr-text--lead">
                {format!("Pilote : {lead}")}
                {g.lead_organisation.clone().map(|o| format!(" ({o})"))}
            </p>
        })}
        {g.can_schedule.then(|| view! {
            <p><a class="fr-btn fr-icon-add-line fr-btn--icon-left" href=format!("/reunions/nouvelle?groupe={}", g.slug)>"Programmer une réunion"</a></p>
        })}
        <section class="fr-mb-4w" aria-labelledby="mandat">
            <h2 id="mandat">"Mandat"</h2>
            <div class="ecoute-markdown" inner_html=g.mandate_html.clone()></div>
        </section>
        <section class="fr-mb-4w" aria-labelledby="membres">
            <h2 id="membres">"Organisations membres"</h2>
            {if g.members.is_empty() {
                view! { <p>"Aucune organisation n'est membre de ce groupe pour le moment."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {g.members.iter().map(|m| view! {
                            <li>{m.name.clone()}<span class="ecoute-ref">{format!(" — depuis le {}", m.since)}</span></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="fr-mb-4w" aria-labelledby="reunions">
            <h2 id="reunions">"Réunions"</h2>
            {if g.meetings.is_empty() {
                view! { <p>"Aucune réunion pour le moment."</p> }.into_any()
            } else {
                view! {
                    <ul class="ecoute-list">
                        {g.meetings.iter().map(|m| view! {
                            <li class="ecoute-list__item">
                                <a href=format!("/reunions/{}", m.id)>{m.title.clone()}</a>
                                " — "<time datetime=m.starts_at_iso.clone()>{m.when.clone()}</time>
                                " "<span class="fr-badge fr-badge--sm">{m.status.label()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="fr-mb-4w" aria-labelledby="actions">
            <h2 id="actions">"Actions en cours"</h2>
            {if g.actions.is_empty() {
                view! { <p>"Aucune action en cours."</p> }.into_any()
            } else {
                view! { <ActionTable actions=g.actions.clone() /> }.into_any()
            }}
        </section>
        <section class="fr-mb-4w" aria-labelledby="propositions">
            <h2 id="propositions">"Propositions confiées au groupe"</h2>
            <ProposalList proposals=g.backlog.clone() />
        </section>
    }
}
