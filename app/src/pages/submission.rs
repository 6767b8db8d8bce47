//! « Déposer une proposition »: title, Markdown description with a preview,
//! the procedures concerned (grouped by document), origin, test campaign and
//! suggested working group. A plain form: it works without JavaScript; with
//! it, the form is an island sent in the background.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::meetings::PreviewMarkdown;
use crate::api::proposals::{proposal_form, SubmitProposal};
use crate::components::feedback::{loaded, FormAlert};
use crate::components::layout::IslandScripts;
use crate::model::{ProposalFormData, BODY_MAX, TITLE_MAX};

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
    let preview = ServerAction::<PreviewMarkdown>::new();
    let error = Signal::derive(move || submit.value().get().and_then(Result::err));
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    // Only the server's sanitised HTML goes in as markup; an error is text.
    let preview_html = move || match preview.value().get() {
        Some(Ok(html)) => html,
        _ => String::new(),
    };
    let preview_error = move || match preview.value().get() {
        Some(Err(e)) => {
            Some(view! { <p class="fr-error-text" id="preview-error">{e.to_string()}</p> })
        }
        _ => None,
    };
    let campaign = f.campaign.clone();
    view! {
        <FormAlert error />
        <p>{format!("La proposition sera déposée au nom de : {}.", f.organisation)}</p>
        // With JavaScript the form is sent in the background, so that what
        // was typed stays on the page when the server refuses it.
        <ActionForm action=submit>
            <div class="fr-input-group">
                <label class="fr-label" for="title">
                    "Titre"
                    <span class="fr-hint-text">"Une phrase qui résume l'amélioration proposée"</span>
                </label>
                <input class="fr-input" type="text" id="title" name="title" maxlength=TITLE_MAX required />
            </div>
            <div class="fr-input-group">
                <label class="fr-label" for="body">
                    "Description"
                    <span class="fr-hint-text">"En Markdown (- liste, **gras**) : ce qui bloque, pour qui, ce que vous proposez."</span>
                </label>
                <textarea class="fr-input" id="body" name="body" rows="10" maxlength=BODY_MAX required node_ref=textarea></textarea>
            </div>
            <p>
                <button class="fr-btn fr-btn--secondary fr-btn--sm" type="button"
                    on:click=move |_| {
                        if let Some(area) = textarea.get_untracked() {
                            preview.dispatch(PreviewMarkdown { body: area.value() });
                        }
                    }
                >"Prévisualiser la description"</button>
            </p>
            {preview_error}
            <div class="ecoute-markdown ecoute-preview fr-mb-3w" aria-live="polite" inner_html=preview_html></div>
            <fieldset class="fr-fieldset" id="procedures" aria-labelledby="procedures-legend">
                <legend class="fr-fieldset__legend" id="procedures-legend">
                    "Démarches concernées"
                    <span class="fr-hint-text">"Cochez-en une ou plusieurs."</span>
                </legend>
                {f.procedures.into_iter().map(|family| view! {
                    <div class="fr-fieldset__element">
                        <p class="fr-text--bold fr-mb-1w">{family.family}</p>
                        {family.procedures.into_iter().map(|p| {
                            let id = format!("procedure-{}", p.value);
                            view! {
                                <div class="fr-checkbox-group fr-checkbox-group--sm">
                                    <input type="checkbox" id=id.clone() name=format!("procedures[{}]", p.value) value="on" />
                                    <label class="fr-label" for=id>{p.label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                }).collect_view()}
            </fieldset>
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
