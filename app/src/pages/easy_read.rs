//! The secretariat's « facile à lire et à comprendre » pages: what still
//! lacks a version, and the form that writes, rewrites or deletes one.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::easy_read::{
    load_easy_read_form, load_easy_read_overview, DeleteEasyRead, SaveEasyRead,
};
use crate::components::feedback::{loaded, SuccessNotice};
use crate::components::forms::{FormError, Returned, TextArea};
use crate::components::table::ScrollTable;
use crate::model::{
    easy_read_form_path, EasyReadForm, EasyReadOverview, EASY_READ_HEADING, EASY_READ_MAX,
};

#[component]
pub fn EasyReadAdminPage() -> impl IntoView {
    let query = use_query_map();
    let deleted = move || query.read().get("supprimee").is_some();
    let overview = Resource::new(|| (), |_| load_easy_read_overview());
    view! {
        <Title text="Versions faciles à lire et à comprendre" />
        <h1>"Versions faciles à lire et à comprendre"</h1>
        {move || deleted().then(|| view! { <SuccessNotice message="La version facile à lire est supprimée." /> })}
        <p class="fr-text--lead">
            "Les comptes rendus publiés, les réponses publiques aux propositions et les bilans annuels peuvent avoir une version « facile à lire et à comprendre » (FALC), affichée à côté du texte standard."
        </p>
        {loaded(overview, |o: EasyReadOverview| view! { <Lacking o /> })}
    }
}

#[component]
fn Lacking(o: EasyReadOverview) -> impl IntoView {
    let written = match o.written {
        0 => "Aucune version facile à lire n'est encore écrite.".to_string(),
        1 => "Une version facile à lire est écrite.".to_string(),
        n => format!("{n} versions faciles à lire sont écrites."),
    };
    view! {
        <p>{written}</p>
        <h2>"Textes sans version facile à lire"</h2>
        {if o.lacking.is_empty() {
            view! { <p>"Tous les textes publics ont leur version facile à lire."</p> }.into_any()
        } else {
            view! {
                <ScrollTable label="Textes sans version facile à lire">
                    <table>
                        <caption>"Textes sans version facile à lire"</caption>
                        <thead><tr>
                            <th scope="col">"Texte"</th>
                            <th scope="col">"Nature"</th>
                            <th scope="col">"Page où il paraît"</th>
                        </tr></thead>
                        <tbody>
                            {o.lacking.into_iter().map(|s| view! {
                                <tr>
                                    <td>
                                        <a href=easy_read_form_path(s.kind, &s.key)>
                                            {format!("Rédiger : {}", s.label)}
                                        </a>
                                    </td>
                                    <td>{s.kind.label()}</td>
                                    <td><a href=s.shown_at.clone()>{s.shown_at.clone()}</a></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </ScrollTable>
            }.into_any()
        }}
    }
}

#[component]
pub fn EasyReadFormPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let saved = move || query.read().get("enregistre").is_some();
    let subject = move || {
        let params = params.read();
        (
            params.get("kind").unwrap_or_default(),
            params.get("key").unwrap_or_default(),
        )
    };
    let form = Resource::new(subject, |(kind, key)| load_easy_read_form(kind, key));
    view! {
        <p class="fr-mb-1v">
            <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/admin/facile-a-lire">"Versions faciles à lire"</a>
        </p>
        {move || saved().then(|| view! { <SuccessNotice message="La version facile à lire est enregistrée." /> })}
        {loaded(form, |f: EasyReadForm| view! { <FormView f /> })}
    }
}

#[component]
fn FormView(f: EasyReadForm) -> impl IntoView {
    let r = Returned::from_address();
    let kind = f.subject.kind.code();
    let key = f.subject.key.clone();
    let exists = f.updated.is_some();
    view! {
        <Title text=format!("{EASY_READ_HEADING} — {}", f.subject.label) />
        <h1>{EASY_READ_HEADING}</h1>
        <p class="fr-text--lead">{f.subject.label.clone()}</p>
        <p>
            {format!("{} — ", f.subject.kind.label())}
            <a href=f.subject.shown_at.clone()>"voir la page où il paraît"</a>
            {f.updated.map(|when| format!(". Version facile à lire écrite {when}."))}
        </p>
        {(f.standard_html.is_some() || f.standard_text.is_some()).then(|| view! {
            <section class="fr-mb-4w" aria-labelledby="standard">
                <h2 id="standard">"Texte standard"</h2>
                {f.standard_html.map(|html| view! { <div class="ecoute-markdown" inner_html=html></div> })}
                {f.standard_text.map(|text| view! { <p class="ecoute-pre">{text}</p> })}
            </section>
        })}
        <section class="fr-mb-4w" aria-labelledby="texte">
            <h2 id="texte">"Version facile à lire"</h2>
            <form method="post" action=SaveEasyRead::PATH>
                <FormError returned=r.clone() />
                <input type="hidden" name="kind" value=kind />
                <input type="hidden" name="key" value=key.clone() />
                <TextArea id="body" name="body" label="Texte en facile à lire et à comprendre"
                    hint="En Markdown (# titre, - liste, **gras**). Des phrases courtes, un mot simple pour chaque idée, une idée par phrase."
                    value=r.value("body", f.body) error=r.error_of("body") rows=16 maxlength=EASY_READ_MAX required=true />
                <button class="fr-btn" type="submit">"Enregistrer la version facile à lire"</button>
            </form>
            {exists.then(|| view! {
                <form method="post" action=DeleteEasyRead::PATH class="fr-mt-3w">
                    <input type="hidden" name="kind" value=kind />
                    <input type="hidden" name="key" value=key.clone() />
                    <button class="fr-btn fr-btn--secondary fr-icon-delete-line fr-btn--icon-left" type="submit">
                        "Supprimer la version facile à lire"
                    </button>
                </form>
            })}
        </section>
    }
}
