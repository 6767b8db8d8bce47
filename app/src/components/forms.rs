//! Form fields in the State design system, and what a refused form brings
//! back to its page (see `api::refused`): the French message, shown next to
//! the field it concerns and announced at the top of the form, and what was
//! typed, so that nothing is lost.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;

use crate::components::raw_text::field_text;

/// What the address of a page holds after one of its forms was refused.
#[derive(Debug, Clone, Default)]
pub struct Returned {
    error: Option<String>,
    field: Option<String>,
    typed: ParamsMap,
}

impl Returned {
    /// Read from the page's address.
    pub fn from_address() -> Self {
        let typed = use_query_map().get_untracked();
        Self {
            error: typed.get("erreur"),
            field: typed.get("champ"),
            typed,
        }
    }

    /// The refusal's message, if the form was refused.
    pub fn error(&self) -> Option<String> {
        self.error.clone()
    }

    /// What was typed in `name` if the form was refused, else `saved`.
    pub fn value(&self, name: &str, saved: String) -> String {
        match self.error {
            Some(_) => self.typed.get(name).unwrap_or_default(),
            None => saved,
        }
    }

    /// Whether the box `name` was ticked if the form was refused, else `saved`.
    pub fn ticked(&self, name: &str, saved: bool) -> bool {
        match self.error {
            Some(_) => self.typed.get(name).is_some(),
            None => saved,
        }
    }

    /// The same, when the refusal concerns the field `name` (on a page of
    /// several forms, the one of that field); else as if nothing was refused.
    pub fn of_field(&self, name: &str) -> Returned {
        match self.field.as_deref() == Some(name) {
            true => self.clone(),
            false => Returned::default(),
        }
    }

    /// The message, if it concerns the field `name`.
    pub fn error_of(&self, name: &str) -> Option<String> {
        self.error
            .clone()
            .filter(|_| self.field.as_deref() == Some(name))
    }
}

/// The refusal of a form, at its top, announced to screen readers.
#[component]
pub fn FormError(returned: Returned) -> impl IntoView {
    returned.error().map(|message| {
        view! {
            <div class="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
                <p>{message}</p>
            </div>
        }
    })
}

/// The message under a field in error, which the field names in its
/// `aria-describedby`.
fn error_text(id: &str, error: Option<String>) -> impl IntoView {
    error.map(|message| {
        view! { <p id=format!("{id}-erreur") class="fr-error-text">{message}</p> }
    })
}

fn described_by(id: &str, error: &Option<String>) -> Option<String> {
    error.as_ref().map(|_| format!("{id}-erreur"))
}

/// The classes of a field's group and its control (a list, or a text
/// field), marked in error when it is. Written whole: the stylesheet keeps
/// only the classes the source spells out.
fn classes(list: bool, error: &Option<String>) -> (&'static str, &'static str) {
    match (list, error.is_some()) {
        (false, false) => ("fr-input-group", "fr-input"),
        (false, true) => (
            "fr-input-group fr-input-group--error",
            "fr-input fr-input--error",
        ),
        (true, false) => ("fr-select-group", "fr-select"),
        (true, true) => (
            "fr-select-group fr-select-group--error",
            "fr-select fr-select--error",
        ),
    }
}

/// A one-line text field (or `kind`: « date », « url »…).
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] value: String,
    error: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    let (group, input) = classes(false, &error);
    view! {
        <div class=group>
            <label class="fr-label" for=id.clone()>
                {label}
                {hint.map(|h| view! { <span class="fr-hint-text">{h}</span> })}
            </label>
            <input
                class=input
                type=kind
                id=id.clone()
                name=name
                value=value
                required=required
                maxlength=maxlength.map(|m| m.to_string())
                aria-describedby=described_by(&id, &error)
                aria-invalid=error.is_some().then_some("true")
            />
            {error_text(&id, error)}
        </div>
    }
}

/// A text area.
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(into)] value: String,
    error: Option<String>,
    #[prop(default = 5)] rows: u32,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let (group, input) = classes(false, &error);
    view! {
        <div class=group>
            <label class="fr-label" for=id.clone()>
                {label}
                {hint.map(|h| view! { <span class="fr-hint-text">{h}</span> })}
            </label>
            <textarea
                class=input
                id=id.clone()
                name=name
                rows=rows.to_string()
                required=required
                maxlength=maxlength.map(|m| m.to_string())
                aria-describedby=described_by(&id, &error)
                aria-invalid=error.is_some().then_some("true")
            >
                {field_text(&value)}
            </textarea>
            {error_text(&id, error)}
        </div>
    }
}

/// A file to send, in a form of `enctype="multipart/form-data"`; `accept`
/// lists the types the file picker offers first.
#[component]
pub fn UploadField(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(into)] hint: String,
    #[prop(into)] accept: String,
    error: Option<String>,
) -> impl IntoView {
    let group = if error.is_some() {
        "fr-upload-group fr-upload-group--error fr-mb-3w"
    } else {
        "fr-upload-group fr-mb-3w"
    };
    view! {
        <div class=group>
            <label class="fr-label" for=id.clone()>
                {label}
                <span class="fr-hint-text">{hint}</span>
            </label>
            <input
                class="fr-upload"
                type="file"
                id=id.clone()
                name=name
                accept=accept
                aria-describedby=described_by(&id, &error)
                aria-invalid=error.is_some().then_some("true")
            />
            {error_text(&id, error)}
        </div>
    }
}

/// A list to choose one value from; `none` labels an empty first choice.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: Option<String>,
    choices: Vec<crate::model::Choice>,
    #[prop(into)] value: String,
    error: Option<String>,
    #[prop(optional, into)] none: Option<String>,
) -> impl IntoView {
    let (group, select) = classes(true, &error);
    view! {
        <div class=group>
            <label class="fr-label" for=id.clone()>
                {label}
                {hint.map(|h| view! { <span class="fr-hint-text">{h}</span> })}
            </label>
            <select
                class=select
                id=id.clone()
                name=name
                aria-describedby=described_by(&id, &error)
                aria-invalid=error.is_some().then_some("true")
            >
                {none.map(|label| view! { <option value="">{label}</option> })}
                {choices
                    .into_iter()
                    .map(|c| {
                        let selected = c.value == value;
                        view! { <option value=c.value selected=selected>{c.label}</option> }
                    })
                    .collect_view()}
            </select>
            {error_text(&id, error)}
        </div>
    }
}
