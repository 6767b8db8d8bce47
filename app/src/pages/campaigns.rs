//! User test campaigns: the list, and one campaign with its findings and
//! the proposals that came out of it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::campaigns::{test_campaign, test_campaigns};
use crate::components::feedback::{loaded, PageTitle};
use crate::components::proposal_list::ProposalList;
use crate::model::{BacklogFilters, CampaignCard, CampaignPage, ProcedureLink};

fn proposals_count(count: u64) -> String {
    match count {
        0 => "Aucune proposition".to_string(),
        1 => "1 proposition".to_string(),
        n => format!("{n} propositions"),
    }
}

#[component]
fn ProcedureTags(procedures: Vec<ProcedureLink>) -> impl IntoView {
    view! {
        <ul class="fr-tags-group">
            {procedures.into_iter().map(|p| view! {
                <li><a class="fr-tag fr-tag--sm" href=format!("/demarches/{}", p.slug)>{p.name}</a></li>
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let campaigns = Resource::new(|| (), |_| test_campaigns());
    view! {
        <Title text="Campagnes de tests" />
        <PageTitle
            title="Campagnes de tests utilisateurs"
            lead="Des groupes d'usagers volontaires essaient les démarches en ligne et les supports d'aide, en préfecture ou avec les associations ; leurs constats deviennent des propositions."
        />
        {loaded(campaigns, |campaigns: Vec<CampaignCard>| {
            if campaigns.is_empty() {
                return view! { <p>"Aucune campagne de tests pour le moment."</p> }.into_any();
            }
            view! {
                <ul class="ecoute-list">
                    {campaigns.into_iter().map(|c| view! {
                        <li class="ecoute-list__item">
                            <h2 class="fr-h5 fr-mb-1v">
                                <a href=format!("/campagnes/{}", c.slug)>{c.title}</a>
                            </h2>
                            <p class="fr-text--sm fr-mb-1v">
                                {c.site}" · "<time datetime=c.held_on_iso>{c.held_on}</time>
                            </p>
                            <p class="fr-text--sm fr-mb-1v">{c.audience}</p>
                            <p class="fr-text--xs fr-mb-1v">{proposals_count(c.proposals)}</p>
                            <ProcedureTags procedures=c.procedures />
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        })}
    }
}

#[component]
pub fn CampaignDetailPage() -> impl IntoView {
    let params = use_params_map();
    let campaign = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        test_campaign,
    );
    view! { {loaded(campaign, |page: CampaignPage| view! { <CampaignView page /> })} }
}

#[component]
fn CampaignView(page: CampaignPage) -> impl IntoView {
    let c = page.campaign;
    let from_campaign = BacklogFilters {
        campaign: Some(c.slug.clone()),
        ..BacklogFilters::default()
    };
    let new_proposal = format!(
        "/propositions/nouvelle?{}",
        form_urlencoded::Serializer::new(String::new())
            .append_pair("campagne", &c.slug)
            .finish()
    );
    let more = (c.proposals > page.proposals.len() as u64).then(|| {
        view! {
            <p>
                <a class="fr-link" href=from_campaign.link("/propositions", 1)>
                    {format!("Voir les {} propositions de cette campagne", c.proposals)}
                </a>
            </p>
        }
    });
    view! {
        <Title text=c.title.clone() />
        <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
            <ol class="fr-breadcrumb__list">
                <li><a class="fr-breadcrumb__link" href="/campagnes">"Campagnes de tests"</a></li>
                <li><a class="fr-breadcrumb__link" aria-current="page">{c.title.clone()}</a></li>
            </ol>
        </nav>
        <h1>{c.title.clone()}</h1>
        <dl>
            <dt>"Lieu"</dt>
            <dd>{c.site}</dd>
            <dt>"Date"</dt>
            <dd><time datetime=c.held_on_iso>{c.held_on}</time></dd>
            <dt>"Participants"</dt>
            <dd>{c.audience}</dd>
            {page.organisation.map(|o| view! { <dt>"Organisée avec"</dt><dd>{o}</dd> })}
            <dt>"Démarches testées"</dt>
            <dd><ProcedureTags procedures=c.procedures /></dd>
        </dl>
        <section class="fr-mb-6w" aria-labelledby="constats">
            <h2 id="constats">"Constats"</h2>
            <div inner_html=page.findings_html></div>
        </section>
        <section aria-labelledby="propositions-campagne">
            <h2 id="propositions-campagne">"Propositions issues de cette campagne"</h2>
            {page.can_propose.then(|| view! {
                <p>
                    <a class="fr-btn fr-icon-add-line fr-btn--icon-left" href=new_proposal>
                        "Créer une proposition à partir de cette campagne"
                    </a>
                </p>
            })}
            <ProposalList proposals=page.proposals empty="Aucune proposition n'est encore issue de cette campagne." />
            {more}
        </section>
    }
}
