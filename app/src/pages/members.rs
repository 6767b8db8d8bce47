use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::members::{load_organisation, member_directory};
use crate::components::feedback::{loaded, PageTitle};
use crate::components::proposal_list::ProposalList;
use crate::model::{OrganisationCard, OrganisationDetail, OrganisationKind};

#[component]
pub fn MembersPage() -> impl IntoView {
    let members = Resource::new(|| (), |_| member_directory());
    view! {
        <Title text="Membres" />
        <PageTitle
            title="Membres de l'instance"
            lead="Associations d'usagers et partenaires administratifs qui siègent à l'instance."
        />
        {loaded(members, |members: Vec<OrganisationCard>| {
            OrganisationKind::ALL
                .iter()
                .map(|kind| {
                    let of_kind: Vec<_> = members.iter().filter(|m| m.kind == *kind).cloned().collect();
                    view! { <MemberTable kind=*kind members=of_kind /> }
                })
                .collect_view()
        })}
    }
}

#[component]
fn MemberTable(kind: OrganisationKind, members: Vec<OrganisationCard>) -> impl IntoView {
    let caption = match kind {
        OrganisationKind::Association => "Associations d'usagers",
        OrganisationKind::Partner => "Partenaires administratifs",
    };
    view! {
        <div class="fr-table fr-mb-4w">
            <table>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Organisation"</th>
                        <th scope="col">"Membre depuis"</th>
                        <th scope="col">"Groupes de travail"</th>
                    </tr>
                </thead>
                <tbody>
                    {members
                        .into_iter()
                        .map(|m| {
                            view! {
                                <tr>
                                    <th scope="row">
                                        <a href=format!("/membres/{}", m.slug)>{m.name}</a>
                                        {m.left_on.map(|d| view! { <br /> <span class="fr-text--xs">{format!("jusqu'au {d}")}</span> })}
                                    </th>
                                    <td>{m.member_since}</td>
                                    <td>{if m.groups.is_empty() { "—".to_string() } else { m.groups.join(", ") }}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let organisation = Resource::new(slug, load_organisation);
    view! { {loaded(organisation, |o: OrganisationDetail| view! { <OrganisationView o /> })} }
}

#[component]
fn OrganisationView(o: OrganisationDetail) -> impl IntoView {
    view! {
        <Title text=o.name.clone() />
        <p class="fr-mb-1v ecoute-ref">{o.kind.label()}</p>
        <h1>{o.name.clone()}{o.short_name.clone().map(|s| format!(" ({s})"))}</h1>
        <p class="fr-text--lead">{o.description.clone()}</p>
        <ul class="fr-mb-3w">
            <li>{match &o.left_on {
                Some(left) => format!("Membre du {} au {left}", o.member_since),
                None => format!("Membre depuis le {}", o.member_since),
            }}</li>
            {o.website.clone().map(|w| view! { <li>"Site : "<a href=w.clone() rel="noopener noreferrer">{w.clone()}</a></li> })}
        </ul>
        <section class="fr-mb-4w" aria-labelledby="representants">
            <h2 id="representants">"Représentants"</h2>
            {if o.representatives.is_empty() {
                view! { <p>"Aucun représentant n'a encore de compte."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {o.representatives.iter().map(|r| view! {
                            <li>
                                <strong>{r.name.clone()}</strong>
                                {r.title.clone().map(|t| format!(", {t}"))}
                                {r.email.clone().map(|e| view! { " — "<a href=format!("mailto:{e}")>{e.clone()}</a> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="fr-mb-4w" aria-labelledby="groupes">
            <h2 id="groupes">"Groupes de travail"</h2>
            {if o.groups.is_empty() {
                view! { <p>"Cette organisation ne siège dans aucun groupe de travail."</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {o.groups.iter().map(|(slug, label)| view! {
                            <li><a href=format!("/groupes/{slug}")>{label.clone()}</a></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="fr-mb-4w" aria-labelledby="propositions">
            <h2 id="propositions">"Propositions déposées"</h2>
            <ProposalList proposals=o.proposals.clone() />
        </section>
    }
}
