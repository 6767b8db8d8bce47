//! The fields of a proposal's text, shared by the submission form, the
//! edit form of its organisation and the triage of its procedures.

use leptos::prelude::*;

use crate::api::meetings::PreviewMarkdown;
use crate::components::raw_text::field_text;
use crate::model::{Choice, ProcedureChoices, BODY_MAX, TITLE_MAX};

/// Title, and Markdown description with its preview (the preview needs the
/// page's script; the fields do not).
#[component]
pub fn ProposalTextFields(
    #[prop(optional)] title: String,
    #[prop(optional)] body: String,
) -> impl IntoView {
    let preview = ServerAction::<PreviewMarkdown>::new();
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
    view! {
        <div class="fr-input-group">
            <label class="fr-label" for="title">
                "Titre"
                <span class="fr-hint-text">"Une phrase qui résume l'amélioration proposée"</span>
            </label>
            <input class="fr-input" type="text" id="title" name="title" maxlength=TITLE_MAX required value=title />
        </div>
        <div class="fr-input-group">
            <label class="fr-label" for="body">
                "Description"
                <span class="fr-hint-text">"En Markdown (- liste, **gras**) : ce qui bloque, pour qui, ce que vous proposez."</span>
            </label>
            <textarea class="fr-input" id="body" name="body" rows="10" maxlength=BODY_MAX required node_ref=textarea>{field_text(&body)}</textarea>
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
    }
}
/// The procedures of the catalogue as checkboxes grouped by family, those
/// in `chosen` ticked; each sends `procedures[slug]=on`.
#[component]
pub fn ProcedureCheckboxes(
    procedures: Vec<ProcedureChoices>,
    chosen: Vec<String>,
    /// Prefix of the boxes' ids, unique on the page.
    id_prefix: &'static str,
    legend: &'static str,
) -> impl IntoView {
    let legend_id = format!("{id_prefix}-legend");
    view! {
        <fieldset class="fr-fieldset" id=id_prefix aria-labelledby=legend_id.clone()>
            <legend class="fr-fieldset__legend" id=legend_id.clone()>
                {legend}
                <span class="fr-hint-text">"Cochez-en une ou plusieurs."</span>
            </legend>
            {procedures.into_iter().map(|family| view! {
                <div class="fr-fieldset__element">
                    <p class="fr-text--bold fr-mb-1w">{family.family}</p>
                    {family.procedures.into_iter().map(|Choice { value, label }| {
                        let id = format!("{id_prefix}-{value}");
                        let checked = chosen.contains(&value);
                        view! {
                            <div class="fr-checkbox-group fr-checkbox-group--sm">
                                <input type="checkbox" id=id.clone() name=format!("procedures[{value}]") value="on" checked=checked />
                                <label class="fr-label" for=id>{label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            }).collect_view()}
        </fieldset>
    }
}
