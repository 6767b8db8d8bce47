//! « Déposer une proposition »: title, Markdown description with a preview,
//! the procedures concerned (grouped by family), origin, test campaign and
//! suggested working group; the secretariat also chooses the organisation it
//! files the proposal for. « Modifier la proposition »: its organisation
//! corrects the title, description and procedures while it is « déposée ».
//! Plain forms: they work without JavaScript; with it, each is an island
//! sent in the background, so that what was typed stays on a refusal.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::proposals::{proposal_edit_form, proposal_form, EditProposal, SubmitProposal};
use crate::components::feedback::{loaded, FormAlert};
use crate::components::layout::IslandScripts;
use crate::components::proposal_form::{ProcedureCheckboxes, ProposalTextFields};
use crate::model::{ProposalEditData, ProposalFormData};

#[component]
pub fn NewProposalPage() -> impl IntoView {
    let query = use_query_map();
    let preset = move || {
        let q = query.read();
        (q.get("origine"), q.get("campagne"))
    };
    let form = Resource::new(preset, |(origin, campaign)| proposal_form(origin, campaign));
    view! {
        <Title text="Déposer une proposition" />
        <h1>"Déposer une proposition"</h1>
        <p class="fr-text--lead">
            "Décrivez une difficulté rencontrée dans une démarche en ligne et l'amélioration que vous proposez."
        </p>
        {loaded(form, |f: ProposalFormData| view! { <SubmissionForm f /><IslandScripts /> })}
    }
}

#[island]
fn SubmissionForm(f: ProposalFormData) -> impl IntoView {
    let submit = ServerAction::<SubmitProposal>::new();
    let error = Signal::derive(move || submit.value().get().and_then(Result::err));
    let campaign = f.campaign.clone();
    let filing_for = f.organisation_slug.clone();
    view! {
        <FormAlert error />
        {f.organisations.is_empty().then(|| view! {
            <p>{format!("La proposition sera déposée au nom de : {}.", f.organisation)}</p>
        })}
        // With JavaScript the form is sent in the background, so that what
        // was typed stays on the page when the server refuses it.
        <ActionForm action=submit>
            {(!f.organisations.is_empty()).then(|| view! {
                <div class="fr-select-group">
                    <label class="fr-label" for="organisation">
                        "Déposée au nom de"
                        <span class="fr-hint-text">"Le secrétariat peut déposer une proposition pour le compte d'une organisation membre : l'historique et l'accusé de réception le diront."</span>
                    </label>
                    <select class="fr-select" id="organisation" name="organisation" required>
                        <option value="" disabled selected=filing_for.is_none()>"Choisissez l'organisation"</option>
                        {f.organisations.into_iter().map(|o| {
                            let selected = filing_for.as_deref() == Some(o.value.as_str());
                            view! { <option value=o.value selected=selected>{o.label}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            <ProposalTextFields />
            <ProcedureCheckboxes procedures=f.procedures chosen=Vec::new() id_prefix="procedure" legend="Démarches concernées" />
            <div class="fr-grid-row fr-grid-row--gutters">
                <div class="fr-col-12 fr-col-md-4">
                    <div class="fr-select-group">
                        <label class="fr-label" for="origin">"Origine"</label>
                        <select class="fr-select" id="origin" name="origin" required>
                            <option value="">"Choisir…"</option>
                            {f.origins.into_iter().map(|o| view! {
                                <option value=o.code() selected=o == f.origin>{o.label()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-md-4">
                    <div class="fr-select-group">
                        <label class="fr-label" for="campaign">
                            "Campagne de tests"
                            <span class="fr-hint-text">"Si la proposition en est issue"</span>
                        </label>
                        <select class="fr-select" id="campaign" name="campaign">
                            <option value="">"Aucune"</option>
                            {f.campaigns.into_iter().map(|c| {
                                let selected = campaign.as_deref() == Some(c.value.as_str());
                                view! { <option value=c.value selected=selected>{c.label}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-md-4">
                    <div class="fr-select-group">
                        <label class="fr-label" for="group">
                            "Groupe de travail suggéré"
                            <span class="fr-hint-text">"Facultatif : le secrétariat pourra le changer"</span>
                        </label>
                        <select class="fr-select" id="group" name="group">
                            <option value="">"Je ne sais pas"</option>
                            {f.groups.into_iter().map(|g| view! { <option value=g.value>{g.label}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
            </div>
            <button class="fr-btn fr-mt-3w" type="submit">"Déposer la proposition"</button>
        </ActionForm>
    }
}

/// « Modifier la proposition »: the organisation's edit of its text.
#[component]
pub fn EditProposalPage() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let form = Resource::new(reference, proposal_edit_form);
    view! {
        <Title text="Modifier la proposition" />
        <h1>"Modifier la proposition"</h1>
        <p class="fr-text--lead">
            "Tant qu'elle est déposée, votre organisation peut corriger sa proposition. Chaque modification figure dans son historique, avec le texte remplacé."
        </p>
        {loaded(form, |f: ProposalEditData| view! { <EditForm f /><IslandScripts /> })}
    }
}

#[island]
fn EditForm(f: ProposalEditData) -> impl IntoView {
    let edit = ServerAction::<EditProposal>::new();
    let error = Signal::derive(move || edit.value().get().and_then(Result::err));
    let back = format!("/propositions/{}", f.reference);
    view! {
        <FormAlert error />
        <ActionForm action=edit>
            <input type="hidden" name="reference" value=f.reference.clone() />
            <input type="hidden" name="version" value=f.version.to_string() />
            <ProposalTextFields title=f.title body=f.body />
            <ProcedureCheckboxes procedures=f.procedures chosen=f.chosen id_prefix="procedure" legend="Démarches concernées" />
            <ul class="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
                <li><button class="fr-btn" type="submit">"Enregistrer les modifications"</button></li>
                <li><a class="fr-btn fr-btn--secondary" href=back>"Annuler"</a></li>
            </ul>
        </ActionForm>
    }
}
