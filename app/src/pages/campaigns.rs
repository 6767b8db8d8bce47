//! User test campaigns: the list, and one campaign with its findings and
//! the proposals that came out of it.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::who_am_i;
use crate::api::campaigns::{
    campaign_form, test_campaign, test_campaigns, CloseCampaign, SaveCampaign,
};
use crate::components::feedback::{loaded, FormAlert, PageTitle, SuccessNotice};
use crate::components::forms::{FormError, Returned, SelectField, TextArea, TextField};
use crate::components::proposal_list::ProposalList;
use crate::model::{
    BacklogFilters, CampaignCard, CampaignFormData, CampaignPage, CurrentUser, ProcedureLink,
    CAMPAIGN_AUDIENCE_MAX, CAMPAIGN_FINDINGS_MAX, CAMPAIGN_SITE_MAX, CAMPAIGN_TITLE_MAX,
};

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
    let me = Resource::new(|| (), |_| who_am_i());
    view! {
        <Title text="Campagnes de tests" />
        <PageTitle
            title="Campagnes de tests utilisateurs"
            lead="Des groupes d'usagers volontaires essaient les démarches en ligne et les supports d'aide, en préfecture ou avec les associations ; leurs constats deviennent des propositions."
        />
        {loaded(me, |me: Option<CurrentUser>| me.filter(CurrentUser::is_admin).map(|_| view! {
            <p><a class="fr-btn fr-icon-add-line fr-btn--icon-left" href="/campagnes/nouvelle">"Créer une campagne de tests"</a></p>
        }))}
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
                                {c.closed.then(|| view! { " " <span class="fr-badge fr-badge--sm">"Close"</span> })}
                            </h2>
                            <p class="fr-text--sm fr-mb-1v">
                                {c.site}" · "<time datetime=c.held_on_iso>{c.held_on}</time>
                                {c.ends_on.map(|end| format!(" au {end}"))}
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
    let query = use_query_map();
    let saved = move || query.read().get("enregistre").is_some();
    let close = ServerAction::<CloseCampaign>::new();
    let error = Signal::derive(move || close.value().get().and_then(Result::err));
    view! {
        {move || saved().then(|| view! { <SuccessNotice message="La campagne est enregistrée." /> })}
        <FormAlert error />
        {loaded(campaign, |page: CampaignPage| view! { <CampaignView page /> })}
    }
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
        {c.closed.then(|| view! { <p><span class="fr-badge">"Campagne close"</span></p> })}
        {page.can_manage.then(|| view! {
            <div class="ecoute-actions fr-mb-3w">
                <a class="fr-btn fr-btn--secondary" href=format!("/campagnes/{}/modifier", c.slug)>"Modifier la campagne"</a>
                <form method="post" action=CloseCampaign::PATH class="ecoute-inline-form">
                    <input type="hidden" name="slug" value=c.slug.clone() />
                    <input type="hidden" name="closed" value=(!c.closed).to_string() />
                    <button class="fr-btn fr-btn--tertiary" type="submit">
                        {if c.closed { "Rouvrir la campagne" } else { "Clore la campagne" }}
                    </button>
                </form>
            </div>
        })}
        <dl>
            <dt>"Lieu"</dt>
            <dd>{c.site}</dd>
            <dt>"Date"</dt>
            <dd>
                <time datetime=c.held_on_iso>{c.held_on}</time>
                {c.ends_on.map(|end| format!(" au {end}"))}
            </dd>
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

/// « Créer une campagne de tests » (the secretariat only).
#[component]
pub fn NewCampaignPage() -> impl IntoView {
    let form = Resource::new(|| (), |_| campaign_form(None));
    view! {
        <Title text="Créer une campagne de tests" />
        <h1>"Créer une campagne de tests"</h1>
        {loaded(form, |f: CampaignFormData| view! { <CampaignForm f /> })}
    }
}

/// The form of the campaign in the address (the secretariat only).
#[component]
pub fn EditCampaignPage() -> impl IntoView {
    let params = use_params_map();
    let form = Resource::new(move || params.read().get("slug"), campaign_form);
    view! {
        <Title text="Modifier la campagne de tests" />
        <h1>"Modifier la campagne de tests"</h1>
        {loaded(form, |f: CampaignFormData| view! { <CampaignForm f /> })}
    }
}

#[component]
fn CampaignForm(f: CampaignFormData) -> impl IntoView {
    let r = Returned::from_address();
    let editing = f.slug.is_some();
    view! {
        <form method="post" action=SaveCampaign::PATH id="campagne">
            <FormError returned=r.clone() />
            {f.slug.clone().map(|slug| view! { <input type="hidden" name="slug" value=slug /> })}
            <TextField id="campaign-title" name="title" label="Titre" value=r.value("title", f.title.clone())
                error=r.error_of("title") required=true maxlength=CAMPAIGN_TITLE_MAX />
            <TextField id="campaign-site" name="site" label="Lieu" hint="Par exemple : Préfecture du Loiret, Orléans"
                value=r.value("site", f.site.clone()) error=r.error_of("site") required=true maxlength=CAMPAIGN_SITE_MAX />
            <div class="fr-grid-row fr-grid-row--gutters">
                <div class="fr-col-12 fr-col-md-6">
                    <TextField id="campaign-held-on" name="held_on" label="Date (ou premier jour)" kind="date"
                        value=r.value("held_on", f.held_on.clone()) error=r.error_of("held_on") required=true />
                </div>
                <div class="fr-col-12 fr-col-md-6">
                    <TextField id="campaign-ends-on" name="ends_on" label="Dernier jour" hint="Facultatif, si la campagne a duré plusieurs jours" kind="date"
                        value=r.value("ends_on", f.ends_on.clone()) error=r.error_of("ends_on") />
                </div>
            </div>
            <TextField id="campaign-audience" name="audience" label="Participants" hint="Qui a testé, et combien"
                value=r.value("audience", f.audience.clone()) error=r.error_of("audience") required=true maxlength=CAMPAIGN_AUDIENCE_MAX />
            <SelectField id="campaign-organisation" name="organisation" label="Organisée avec" choices=f.organisations.clone()
                value=r.value("organisation", f.organisation.clone()) error=r.error_of("organisation") none="— Aucune organisation —" />
            <fieldset class="fr-fieldset" aria-labelledby="campaign-procedures-legend">
                <legend class="fr-fieldset__legend" id="campaign-procedures-legend">"Démarches testées"</legend>
                {f.procedure_choices.clone().into_iter().map(|family| view! {
                    <div class="fr-fieldset__element">
                        <p class="fr-text--bold fr-mb-1w">{family.family}</p>
                        {family.procedures.into_iter().map(|p| {
                            let id = format!("campaign-procedure-{}", p.value);
                            let name = format!("procedures[{}]", p.value);
                            let checked = r.ticked(&name, f.procedures.contains(&p.value));
                            view! {
                                <div class="fr-checkbox-group fr-checkbox-group--sm">
                                    <input type="checkbox" id=id.clone() name=name value="on" checked=checked />
                                    <label class="fr-label" for=id>{p.label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                }).collect_view()}
            </fieldset>
            <TextArea id="campaign-findings" name="findings" label="Constats" hint="En Markdown : ce que les participants ont rencontré."
                value=r.value("findings", f.findings.clone()) error=r.error_of("findings") rows=10 maxlength=CAMPAIGN_FINDINGS_MAX />
            <button class="fr-btn" type="submit">
                {if editing { "Enregistrer les modifications" } else { "Créer la campagne" }}
            </button>
        </form>
    }
}
