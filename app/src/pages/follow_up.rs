//! « Suite donnée » of a plenary session: the proposals decided since the
//! previous session, with the answer given, their progress and their
//! actions, ready to print or to download as a CSV file.

use leptos::prelude::*;
use leptos_meta::Title;

use super::id_param;
use crate::api::meetings::load_follow_up;
use crate::components::easy_read::{wants_easy_read, EasyReadSwitch};
use crate::components::feedback::loaded;
use crate::components::table::ScrollTable;
use crate::model::{FollowUp, FollowUpRow};

#[component]
pub fn FollowUpPage() -> impl IntoView {
    let id = id_param();
    let follow_up = Resource::new(move || id.get(), load_follow_up);
    view! { {loaded(follow_up, |f: FollowUp| view! { <FollowUpView f /> })} }
}

#[component]
fn FollowUpView(f: FollowUp) -> impl IntoView {
    let id = f.meeting_id;
    let period = match &f.since {
        Some(since) => format!("Propositions décidées depuis la session précédente ({since})."),
        None => "Propositions décidées avant cette session, la première.".to_string(),
    };
    let has_easy = f.rows.iter().any(|r| r.easy_answer.is_some());
    let easy = has_easy && wants_easy_read().get_untracked();
    let (caption, answer_header) = if easy {
        (
            "Suite donnée aux propositions, réponses en version facile à lire et à comprendre",
            "Réponse en facile à lire et à comprendre",
        )
    } else {
        ("Suite donnée aux propositions", "Réponse apportée")
    };
    view! {
        <Title text=format!("Suite donnée — {}", f.session) />
        <p class="fr-mb-1v ecoute-no-print">
            <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href=format!("/reunions/{id}")>"Retour à la session"</a>
        </p>
        <h1>{format!("Suite donnée — {}", f.session)}</h1>
        <p>{period}</p>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-mb-3w">
            <li>
                <a class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href=format!("/reunions/{id}/suite-donnee.csv") target="_self">
                    "Télécharger le tableau (CSV)"
                </a>
            </li>
        </ul>
        {has_easy.then(|| view! { <EasyReadSwitch page=format!("/reunions/{id}/suite-donnee") easy /> })}
        {if f.rows.is_empty() {
            view! { <p>"Aucune proposition n'a été décidée dans cette période."</p> }.into_any()
        } else {
            view! {
                <ScrollTable label=caption>
                    <table>
                        <caption>{caption}</caption>
                        <thead><tr>
                            <th scope="col">"Proposition"</th>
                            <th scope="col">"Statut"</th>
                            <th scope="col">{answer_header}</th>
                            <th scope="col">"Avancement"</th>
                            <th scope="col">"Actions et responsables"</th>
                        </tr></thead>
                        <tbody>{f.rows.into_iter().map(|r| row(r, easy)).collect_view()}</tbody>
                    </table>
                </ScrollTable>
            }.into_any()
        }}
    }
}

/// A proposal's line; with `easy`, its answer in its « facile à lire »
/// version where one is written.
fn row(r: FollowUpRow, easy: bool) -> impl IntoView {
    let answer = match (easy, r.easy_answer) {
        (true, Some((_, html))) => view! { <div class="ecoute-markdown" lang="fr" inner_html=html></div> }.into_any(),
        (true, None) => view! {
            {r.answer.unwrap_or_default()}
            <p class="fr-text--xs fr-mb-0">"Pas encore de version facile à lire de cette réponse."</p>
        }.into_any(),
        (false, _) => view! { {r.answer.unwrap_or_default()} }.into_any(),
    };
    view! {
        <tr>
            <td><a href=format!("/propositions/{}", r.reference)>{r.reference.clone()}</a>" — "{r.title}</td>
            <td><span class=r.status.badge_class()>{r.status.label()}</span></td>
            <td>{answer}</td>
            <td>{r.progress.map(|p| format!("{p} %")).unwrap_or_else(|| "—".to_string())}</td>
            <td>
                {if r.actions.is_empty() {
                    view! { "Aucune action" }.into_any()
                } else {
                    view! {
                        <ul>
                            {r.actions.into_iter().map(|a| view! {
                                <li>
                                    {a.title}" — "{a.status.label()}
                                    {a.owner.map(|o| format!(" — {o}"))}
                                    {a.due.map(|d| format!(" (échéance {d})"))}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}
