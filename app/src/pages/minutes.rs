//! The minutes of a meeting: read when published; for those who write them,
//! the editor with its preview, the versions and their differences, and
//! publication.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::actions::AddAction;
use crate::api::meetings::{
    compare_revisions, load_minutes, PreviewMarkdown, PublishMinutes, SaveMinutes,
};
use crate::components::actions::{ActionFields, ActionTable};
use crate::components::easy_read::{wants_easy_read, EasyReadSwitch, EasyReadText};
use crate::components::feedback::{loaded, FormAlert, SuccessNotice};
use crate::components::layout::IslandScripts;
use crate::components::raw_text::field_text;
use crate::model::{DiffLine, MinutesPage, OwnerSuggestion, RevisionRow};

#[component]
pub fn MinutesPageView() -> impl IntoView {
    let id = super::id_param();
    let query = use_query_map();
    let saved = move || query.read().get("enregistre").is_some();
    let published = move || query.read().get("publie").is_some();
    let already = move || query.read().get("deja-publie").is_some();
    // « enregistre » carries the number of the version just saved, so that
    // the page reloads its text after each save, also when the form was sent
    // in the background.
    let page = Resource::new(
        move || (id.get(), query.read().get("enregistre")),
        |(id, _)| load_minutes(id),
    );
    view! {
        {move || saved().then(|| view! { <SuccessNotice message="La nouvelle version du compte rendu est enregistrée." /> })}
        {move || published().then(|| view! { <SuccessNotice message="Le compte rendu est publié ; les participants en sont avertis par courriel." /> })}
        {move || already().then(|| view! { <SuccessNotice message="Cette version était déjà publiée : rien n'a changé et aucun courriel n'a été envoyé." /> })}
        {loaded(page, |p: MinutesPage| view! { <MinutesView p /> })}
    }
}

#[component]
fn MinutesView(p: MinutesPage) -> impl IntoView {
    let id = p.meeting_id;
    let title = format!("Compte rendu — {}", p.heading);
    view! {
        <Title text=title.clone() />
        <p class="fr-mb-1v"><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href=format!("/reunions/{id}")>"La réunion"</a></p>
        <h1>{title}</h1>
        <p class="ecoute-ref">
            {format!("Réunion du {}", p.when)}
            {p.published_on.clone().map(|d| format!(" — compte rendu publié le {d}"))}
        </p>
        {match (p.published_html.clone(), p.easy_read_html.clone()) {
            (Some(html), easy_html) => view! { <Published id html easy_html /> }.into_any(),
            (None, _) => view! {
                <p class="fr-badge fr-badge--info fr-mb-3w">"Brouillon : pas encore publié"</p>
            }.into_any(),
        }}
        {p.easy_read_form.clone().map(|form| view! {
            <p class="ecoute-no-print">
                <a class="fr-link fr-icon-edit-line fr-link--icon-left" href=form>
                    {if p.easy_read_html.is_some() {
                        "Modifier la version facile à lire et à comprendre"
                    } else {
                        "Rédiger la version facile à lire et à comprendre"
                    }}
                </a>
            </p>
        })}
        {(!p.actions.is_empty() || p.can_write).then(|| view! {
            <section class="fr-mb-4w" aria-labelledby="actions">
                <h2 id="actions">"Actions décidées"</h2>
                {(!p.actions.is_empty()).then(|| view! {
                    <ActionTable actions=p.actions.clone() back=format!("/reunions/{id}/compte-rendu") />
                })}
                {p.can_write.then(|| view! { <AddActionForm id owners=p.owners.clone() /> })}
            </section>
        })}
        {p.can_write.then(|| view! {
            <Editor
                id
                revision=p.revision
                draft=p.draft.clone()
                draft_html=p.draft_html.clone()
                published_revision=p.published_revision
                participants=p.participants
            />
            <IslandScripts />
            {(p.revisions.len() > 1).then(|| view! { <Versions id revisions=p.revisions.clone() /> })}
        })}
    }
}

/// The published minutes, or their FALC version when the address asks for
/// it and one is written.
#[component]
fn Published(id: i32, html: String, easy_html: Option<String>) -> impl IntoView {
    let easy = wants_easy_read().get_untracked();
    let standard = move |html: String| {
        view! {
            <article class="ecoute-markdown fr-mb-4w" aria-label="Compte rendu publié" inner_html=html></article>
        }
    };
    match easy_html {
        Some(easy_html) => view! {
            <EasyReadSwitch page=format!("/reunions/{id}/compte-rendu") easy />
            {if easy {
                view! { <EasyReadText html=easy_html /> }.into_any()
            } else {
                standard(html).into_any()
            }}
        }
        .into_any(),
        None => standard(html).into_any(),
    }
}

/// The editor, an island: with JavaScript, saving happens in the background
/// and the preview shows the text being typed.
#[island]
fn Editor(
    id: i32,
    revision: i32,
    draft: String,
    draft_html: String,
    published_revision: Option<i32>,
    participants: u64,
) -> impl IntoView {
    let save = ServerAction::<SaveMinutes>::new();
    let publish = ServerAction::<PublishMinutes>::new();
    let preview = ServerAction::<PreviewMarkdown>::new();
    let error = Signal::derive(move || {
        save.value()
            .get()
            .and_then(Result::err)
            .or_else(|| publish.value().get().and_then(Result::err))
    });
    // Read at click time, so text typed before the page's script loaded counts too.
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    let saved_html = draft_html;
    let preview_html = move || match preview.value().get() {
        Some(Ok(html)) => html,
        _ => saved_html.clone(),
    };
    let has_draft = revision > 0;
    let base = revision;
    let latest = Resource::new(
        move || save.version().get(),
        move |attempt| async move {
            if attempt == 0 {
                None
            } else {
                load_minutes(id).await.ok().filter(|l| l.revision != base)
            }
        },
    );
    let based_on = move || {
        latest
            .get()
            .flatten()
            .map_or(base, |l| l.revision)
            .to_string()
    };
    view! {
        <section class="fr-mb-4w ecoute-no-print" aria-labelledby="rediger">
            <h2 id="rediger">"Rédiger"</h2>
            <FormAlert error />
            // With JavaScript the text is sent in the background: if a
            // colleague saved a version meanwhile, the author keeps their own
            // text in the field and sees that version beside it to merge.
            <ActionForm action=save>
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="based_on" value=based_on />
                <div class="fr-input-group">
                    <label class="fr-label" for="body">
                        "Texte du compte rendu"
                        <span class="fr-hint-text">{format!(
                            "En Markdown (# titre, - liste, **gras**). Version actuelle : {}.",
                            if has_draft { format!("n° {revision}") } else { "aucune".to_string() }
                        )}</span>
                    </label>
                    <textarea class="fr-input" id="body" name="body" rows="16" maxlength="200000" node_ref=textarea>
                        {field_text(&draft)}
                    </textarea>
                </div>
                <ul class="fr-btns-group fr-btns-group--inline-md">
                    <li><button class="fr-btn" type="submit">"Enregistrer une nouvelle version"</button></li>
                    <li>
                        <button class="fr-btn fr-btn--secondary" type="button"
                            on:click=move |_| {
                                if let Some(area) = textarea.get_untracked() {
                                    preview.dispatch(PreviewMarkdown { body: area.value() });
                                }
                            }
                        >"Prévisualiser"</button>
                    </li>
                </ul>
            </ActionForm>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    latest.await.map(|l| view! {
                        <div class="fr-callout fr-mb-3w" role="region" aria-label="Version enregistrée entre-temps">
                            <h3 class="fr-callout__title">{format!("Version n° {} enregistrée entre-temps", l.revision)}</h3>
                            <p class="fr-callout__text">"Votre texte est conservé dans le champ ci-dessus : reportez-y ce qui manque de cette version, puis enregistrez."</p>
                            <pre class="ecoute-pre">{l.draft}</pre>
                        </div>
                    })
                })}
            </Suspense>
            <h3>"Aperçu"</h3>
            <p class="fr-hint-text">"L'aperçu montre la version enregistrée ; « Prévisualiser » y met le texte en cours de saisie."</p>
            <div class="ecoute-markdown ecoute-preview" aria-live="polite" inner_html=preview_html></div>
            {has_draft.then(|| view! { <PublishButton id revision published_revision participants /> })}
        </section>
    }
}

/// Says what publishing will do: publish version N and e-mail the X
/// participants, or nothing when N is the version already published.
#[component]
fn PublishButton(
    id: i32,
    revision: i32,
    published_revision: Option<i32>,
    participants: u64,
) -> impl IntoView {
    if published_revision == Some(revision) {
        return view! {
            <p class="fr-mt-3w">
                <button class="fr-btn fr-icon-check-line fr-btn--icon-left" type="button" disabled>
                    {format!("Version {revision} déjà publiée")}
                </button>
            </p>
        }
        .into_any();
    }
    let whom = match participants {
        0 => "sans prévenir personne (aucun participant)".to_string(),
        1 => "et prévenir le participant".to_string(),
        n => format!("et prévenir les {n} participants"),
    };
    view! {
        <form method="post" action=PublishMinutes::PATH class="fr-mt-3w">
            <input type="hidden" name="id" value=id.to_string() />
            <button class="fr-btn fr-icon-send-plane-line fr-btn--icon-left" type="submit">
                {format!("Publier la version {revision} {whom}")}
            </button>
        </form>
    }
    .into_any()
}

#[component]
fn Versions(id: i32, revisions: Vec<RevisionRow>) -> impl IntoView {
    let query = use_query_map();
    let pick = move |key: &str| query.read().get(key).and_then(|v| v.parse::<i32>().ok());
    let latest = revisions.first().map_or(1, |r| r.number);
    let chosen = Memo::new(move |_| (pick("de"), pick("a")));
    let diff = Resource::new(
        move || chosen.get(),
        move |(from, to)| async move {
            match (from, to) {
                (Some(from), Some(to)) => compare_revisions(id, from, to).await.map(Some),
                _ => Ok(None),
            }
        },
    );
    let options = move |selected: i32| {
        revisions
            .iter()
            .map(|r| {
                view! {
                    <option value=r.number.to_string() selected=r.number == selected>
                        {format!("n° {} — {}, {}", r.number, r.author.clone().unwrap_or_default(), r.when)}
                    </option>
                }
            })
            .collect_view()
    };
    let from_options = options(latest - 1);
    let to_options = options(latest);
    view! {
        <section class="fr-mb-4w ecoute-no-print" aria-labelledby="versions">
            <h2 id="versions">"Versions"</h2>
            <form method="get" class="fr-grid-row fr-grid-row--gutters">
                <div class="fr-col-12 fr-col-md-5">
                    <div class="fr-select-group">
                        <label class="fr-label" for="de">"Comparer la version"</label>
                        <select class="fr-select" id="de" name="de">{from_options}</select>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-md-5">
                    <div class="fr-select-group">
                        <label class="fr-label" for="a">"avec la version"</label>
                        <select class="fr-select" id="a" name="a">{to_options}</select>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-md-2 ecoute-align-end">
                    <button class="fr-btn" type="submit">"Comparer"</button>
                </div>
            </form>
            {loaded(diff, |lines: Option<Vec<DiffLine>>| lines.map(|lines| view! { <Diff lines /> }))}
        </section>
    }
}

#[component]
fn Diff(lines: Vec<DiffLine>) -> impl IntoView {
    view! {
        <p class="fr-hint-text">"Les lignes retirées sont précédées de « − » et barrées, les lignes ajoutées de « + » et soulignées."</p>
        <pre class="ecoute-diff">
            {lines.into_iter().map(|line| match line {
                DiffLine::Same(text) => view! { <span>{format!("  {text}\n")}</span> }.into_any(),
                DiffLine::Added(text) => view! { <ins>{format!("+ {text}\n")}</ins> }.into_any(),
                DiffLine::Removed(text) => view! { <del>{format!("− {text}\n")}</del> }.into_any(),
            }).collect_view()}
        </pre>
    }
}

#[component]
fn AddActionForm(id: i32, owners: Vec<OwnerSuggestion>) -> impl IntoView {
    let add = ServerAction::<AddAction>::new();
    let error = Signal::derive(move || add.value().get().and_then(Result::err));
    view! {
        <details class="ecoute-no-print">
            <summary>"Ajouter une action"</summary>
            <FormAlert error />
            <form method="post" action=AddAction::PATH class="fr-mt-2w">
                <input type="hidden" name="meeting_id" value=id.to_string() />
                <ActionFields owners with_proposal=true />
            </form>
        </details>
    }
}
