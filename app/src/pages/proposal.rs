//! A proposal's page: what it asks, where it stands and what that means, its
//! supports, its follow-up actions, its timeline with comments, related
//! proposals, and for the lead of its group or the secretariat the triage
//! forms. Every form is a plain POST: the page works without JavaScript.

use std::sync::{Arc, LazyLock};

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::proposals::{
    load_proposal, AddProposalAction, AddProposalMilestone, AssignProposal,
    ChangeProposalProcedures, ChangeProposalStatus, CommentProposal, CompleteProposalMilestone,
    LinkProposalMeeting, SetProposalProgress, SupportProposal, WithdrawProposal, WithdrawSupport,
};
use crate::components::actions::{ActionFields, ActionTable};
use crate::components::easy_read::{wants_easy_read, EasyReadSwitch, EasyReadText};
use crate::components::feedback::{loaded, FormAlert, SuccessNotice};
use crate::components::proposal_form::ProcedureCheckboxes;
use crate::components::proposal_list::ProposalList;
use crate::components::rendered::Rendered;
use crate::components::table::ScrollTable;
use crate::model::{
    MilestoneRow, OwnerSuggestion, PreviousText, Priority, ProposalAbilities, ProposalDetail,
    ProposalStatus, SupportRow, TimelineEntry, TimelineSpan, TriageOptions, COMMENT_MAX,
    REASON_MAX, SAVED_PARAM, SUBMITTED_PARAM, TIMELINE_PARAM,
};

#[component]
pub fn ProposalPage() -> impl IntoView {
    let params = use_params_map();
    let reference = move || params.read().get("reference").unwrap_or_default();
    let query = use_query_map();
    let submitted = move || query.read().get(SUBMITTED_PARAM).is_some();
    let saved = move || query.read().get(SAVED_PARAM).is_some();
    let timeline_page = move || {
        query
            .read()
            .get(TIMELINE_PARAM)
            .and_then(|page| page.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let proposal = Resource::new(
        move || (reference(), timeline_page()),
        |(reference, page)| load_proposal(reference, page),
    );
    let support = ServerAction::<SupportProposal>::new();
    let withdraw = ServerAction::<WithdrawSupport>::new();
    let comment = ServerAction::<CommentProposal>::new();
    let status = ServerAction::<ChangeProposalStatus>::new();
    let assign = ServerAction::<AssignProposal>::new();
    let meeting = ServerAction::<LinkProposalMeeting>::new();
    let action = ServerAction::<AddProposalAction>::new();
    let retire = ServerAction::<WithdrawProposal>::new();
    let procedures = ServerAction::<ChangeProposalProcedures>::new();
    let error = Signal::derive(move || {
        [
            support.value().get(),
            withdraw.value().get(),
            comment.value().get(),
            status.value().get(),
            assign.value().get(),
            meeting.value().get(),
            action.value().get(),
            retire.value().get(),
            procedures.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    });
    view! {
        {move || submitted().then(|| view! {
            <SuccessNotice message="Votre proposition est déposée ; un accusé de réception vous est envoyé par courriel." />
        })}
        {move || saved().then(|| view! { <SuccessNotice message="C'est enregistré." /> })}
        <FormAlert error />
        {loaded(proposal, |p: ProposalDetail| view! { <ProposalView p /> })}
    }
}

/// Takes the proposal apart, so that each part of the page gets its own
/// fields without copying the whole proposal (its timeline can be long).
#[component]
fn ProposalView(p: ProposalDetail) -> impl IntoView {
    let ProposalDetail {
        id: _,
        reference,
        title,
        body_html,
        status,
        status_reason,
        status_reason_easy_html,
        easy_read_form,
        merged_into,
        origin,
        organisation,
        organisation_slug,
        working_group,
        working_group_slug,
        campaign,
        priority,
        procedures,
        submitted_on,
        meeting,
        supports,
        timeline,
        timeline_span,
        actions,
        progress,
        milestones,
        related,
        version,
        abilities,
        mut triage,
    } = p;
    let keeps_progress = triage.is_some() && status.is_implementing();
    let meeting_id = meeting.as_ref().map(|m| m.id);
    let owners = triage.as_mut().map(|t| std::mem::take(&mut t.owners));
    let chosen: Vec<String> = procedures.iter().map(|p| p.value.clone()).collect();
    view! {
        <Title text=format!("{reference} — {title}") />
        <p class="fr-mb-1v">
            <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/propositions">"Toutes les propositions"</a>
        </p>
        <p class="fr-mb-1v ecoute-ref">{reference.clone()}</p>
        <h1>{title}</h1>
        <Standing reference=reference.clone() status reason=status_reason easy_html=status_reason_easy_html easy_read_form merged_into />
        <ul class="fr-mb-3w">
            <li>"Déposée par "<a href=format!("/membres/{organisation_slug}")>{organisation}</a>{format!(" le {submitted_on}")}</li>
            <li>{format!("Origine : {}", origin.label())}
                {campaign.map(|c| view! { " — "<a href=format!("/campagnes/{}", c.value)>{c.label}</a> })}
            </li>
            <li>{match (working_group, working_group_slug.clone()) {
                (Some(label), Some(slug)) => view! { "Suivie par le "<a href=format!("/propositions?groupe={slug}")>{label}</a> }.into_any(),
                _ => view! { "Pas encore attribuée à un groupe de travail" }.into_any(),
            }}</li>
            {priority.map(|priority| view! { <li>{format!("Priorité : {}", priority.label())}</li> })}
            {meeting.map(|m| view! { <li>"Examinée en réunion : "<a href=format!("/reunions/{}", m.id)>{m.label}</a></li> })}
        </ul>
        <section class="fr-mb-4w" aria-labelledby="demarches">
            <h2 id="demarches">"Démarches concernées"</h2>
            <ul class="fr-tags-group">
                {procedures.into_iter().map(|pr| view! {
                    <li><a class="fr-tag" href=format!("/demarches/{}", pr.value)>{pr.label}</a></li>
                }).collect_view()}
            </ul>
        </section>
        <section class="fr-mb-4w" aria-labelledby="description">
            <h2 id="description">"Description"</h2>
            <div class="ecoute-markdown" inner_html=body_html></div>
        </section>
        {abilities.may_edit.then(|| view! {
            <p>
                <a class="fr-btn fr-btn--secondary fr-icon-edit-line fr-btn--icon-left" href=format!("/propositions/{reference}/modifier")>
                    "Modifier la proposition"
                </a>
            </p>
        })}
        <Supports reference=reference.clone() supports abilities=abilities.clone() />
        {triage.map(|t| view! {
            <Triage reference=reference.clone() version working_group_slug priority meeting_id chosen t />
        })}
        {(!actions.is_empty() || owners.is_some()).then(|| view! {
            <section class="fr-mb-4w" aria-labelledby="actions">
                <h2 id="actions">"Actions de suivi"</h2>
                {if actions.is_empty() {
                    view! { <p>"Aucune action de suivi pour le moment."</p> }.into_any()
                } else {
                    view! { <ActionTable actions back=format!("/propositions/{reference}") /> }.into_any()
                }}
                {owners.map(|owners| view! { <ActionFormView reference=reference.clone() owners /> })}
            </section>
        })}
        {(keeps_progress || progress.is_some() || !milestones.is_empty()).then(|| view! {
            <Implementation reference=reference.clone() version progress milestones editable=keeps_progress />
        })}
        <section class="fr-mb-4w" aria-labelledby="historique">
            <h2 id="historique">"Historique"</h2>
            <TimelinePages reference=reference.clone() span=timeline_span>
                <Timeline entries=timeline.clone() />
            </TimelinePages>
            {abilities.may_comment.then(|| view! { <CommentForm reference=reference.clone() abilities=abilities.clone() /> })}
        </section>
        {abilities.may_withdraw.then(|| view! { <WithdrawForm reference=reference.clone() version /> })}
        {(!related.is_empty()).then(|| view! {
            <section class="fr-mb-4w" aria-labelledby="voisines">
                <h2 id="voisines">"Propositions sur les mêmes démarches"</h2>
                <ProposalList proposals=related />
            </section>
        })}
    }
}

/// The status, what it means, and why.
#[component]
fn Standing(
    reference: String,
    status: ProposalStatus,
    reason: Option<String>,
    /// The reason's « facile à lire » version, and its form for the secretariat.
    easy_html: Option<String>,
    easy_read_form: Option<String>,
    merged_into: Option<String>,
) -> impl IntoView {
    let easy = wants_easy_read().get_untracked();
    let has_easy = easy_html.is_some();
    let reason = match (reason, easy_html) {
        (Some(_), Some(html)) if easy => view! {
            <EasyReadSwitch page=format!("/propositions/{reference}") easy />
            <EasyReadText html />
        }
        .into_any(),
        (Some(reason), Some(_)) => view! {
            <EasyReadSwitch page=format!("/propositions/{reference}") easy />
            <p class="fr-mt-1w"><strong>"Motif : "</strong>{reason}</p>
        }
        .into_any(),
        (reason, _) => reason
            .map(|reason| view! { <p class="fr-mt-1w"><strong>"Motif : "</strong>{reason}</p> })
            .into_any(),
    };
    view! {
        <div class="fr-callout fr-mb-3w">
            <p class="fr-callout__title">
                "Statut : "<span class=status.badge_class()>{status.label()}</span>
            </p>
            <p class="fr-callout__text">{status.meaning()}</p>
            {reason}
            {easy_read_form.map(|form| view! {
                <p class="fr-mt-1w ecoute-no-print">
                    <a class="fr-link fr-icon-edit-line fr-link--icon-left" href=form>
                        {if has_easy {
                            "Modifier la version facile à lire et à comprendre du motif"
                        } else {
                            "Rédiger la version facile à lire et à comprendre du motif"
                        }}
                    </a>
                </p>
            })}
            {merged_into.map(|kept| view! {
                <p class="fr-mt-1w">"Suivie désormais sur la proposition "<a href=format!("/propositions/{kept}")>{kept.clone()}</a>"."</p>
            })}
        </div>
    }
}

#[component]
fn Supports(
    reference: String,
    supports: Vec<SupportRow>,
    abilities: ProposalAbilities,
) -> impl IntoView {
    let count = supports.len();
    view! {
        <section class="fr-mb-4w" aria-labelledby="soutiens">
            <h2 id="soutiens">"Soutiens"</h2>
            {if count == 0 {
                view! { <p>"Aucune autre organisation ne soutient encore cette proposition."</p> }.into_any()
            } else {
                view! {
                    <p>{format!("Soutenue par {count} organisation{} :", if count > 1 { "s" } else { "" })}</p>
                    <ul>
                        {supports.into_iter().map(|s| view! {
                            <li><a href=format!("/membres/{}", s.organisation_slug)>{s.organisation}</a>{format!(", depuis le {}", s.on)}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {abilities.may_support.then(|| view! {
                <form method="post" action=SupportProposal::PATH>
                    <input type="hidden" name="reference" value=reference.clone() />
                    <button class="fr-btn fr-icon-thumb-up-line fr-btn--icon-left" type="submit">"Soutenir cette proposition"</button>
                </form>
            })}
            {abilities.supported.then(|| view! {
                <form method="post" action=WithdrawSupport::PATH>
                    <input type="hidden" name="reference" value=reference.clone() />
                    <p>"Votre organisation soutient cette proposition."</p>
                    <button class="fr-btn fr-btn--secondary" type="submit">"Retirer notre soutien"</button>
                </form>
            })}
            {(!abilities.signed_in).then(|| view! {
                <p class="fr-hint-text">"Les organisations membres de l'instance peuvent soutenir une proposition après s'être connectées."</p>
            })}
        </section>
    }
}

/// A page of a long timeline, with where it stands and links to the pages
/// of older and more recent events (plain links: no script needed).
#[component]
fn TimelinePages(reference: String, span: TimelineSpan, children: Children) -> impl IntoView {
    let link = |page: u64| match page {
        1 => format!("/propositions/{reference}#historique"),
        page => format!("/propositions/{reference}?{TIMELINE_PARAM}={page}#historique"),
    };
    let pages = (span.pages > 1).then(|| {
        let older = (span.page < span.pages).then(|| link(span.page + 1));
        let newer = (span.page > 1).then(|| link(span.page - 1));
        view! {
            <p class="fr-text--sm">{format!("Événements {} à {} sur {}, du plus ancien au plus récent", span.first, span.last, span.total)}</p>
            <nav class="fr-mb-2w" aria-label="Pages de l'historique">
                <ul class="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
                    {older.map(|href| view! { <li><a class="fr-btn fr-btn--secondary fr-icon-arrow-left-line fr-btn--icon-left" href=href>"Événements plus anciens"</a></li> })}
                    {newer.map(|href| view! { <li><a class="fr-btn fr-btn--secondary fr-icon-arrow-right-line fr-btn--icon-right" href=href>"Événements plus récents"</a></li> })}
                </ul>
            </nav>
        }
    });
    view! { {pages} {children()} }
}

/// The timelines rendered, found again by their shared entries.
static TIMELINES: LazyLock<Rendered<[TimelineEntry]>> = LazyLock::new(Rendered::new);

#[component]
fn Timeline(entries: Arc<[TimelineEntry]>) -> impl IntoView {
    let items = TIMELINES.html(&entries, timeline_html);
    view! { <ol class="ecoute-timeline" inner_html=items></ol> }
}

/// The items, without the markers hydration would need: it never meets
/// them, and a long timeline is lighter without (text is escaped, so a
/// marker is all that reads `<!>`).
fn timeline_html(entries: &[TimelineEntry]) -> String {
    timeline_items(entries).to_html().replace("<!>", "")
}

/// Spacing and items' look come from `.ecoute-timeline` (main.css), not
/// classes repeated on each of hundreds of items.
fn timeline_items(entries: &[TimelineEntry]) -> impl IntoView {
    entries.iter().cloned().map(|e| view! {
        <li>
            <p>
                <strong>{e.summary}</strong>
                {e.internal.then(|| view! { " "<span class="fr-badge fr-badge--sm">"Interne"</span> })}
            </p>
            <p class="fr-text--sm">
                <time datetime=e.when_iso>{e.when}</time>
                {e.who.map(|who| format!(" — {who}"))}
            </p>
            {e.body.map(|body| view! { <p class="ecoute-pre">{body}</p> })}
            {e.meeting_id.map(|id| view! { <p class="fr-text--sm"><a href=format!("/reunions/{id}")>"La réunion"</a></p> })}
            {e.related_reference.map(|r| view! { <p class="fr-text--sm"><a href=format!("/propositions/{r}")>{r.clone()}</a></p> })}
            {e.previous.map(|previous| view! { <Previous previous /> })}
        </li>
    }).collect_view()
}

/// The text a proposal had before an edit, folded away.
#[component]
fn Previous(previous: PreviousText) -> impl IntoView {
    view! {
        <details class="fr-text--sm">
            <summary>"Texte précédent"</summary>
            <p><strong>"Titre : "</strong>{previous.title}</p>
            <p class="ecoute-pre">{previous.body}</p>
            {(!previous.procedures.is_empty()).then(|| view! {
                <p><strong>"Démarches : "</strong>{previous.procedures.join(", ")}</p>
            })}
        </details>
    }
}

/// « Retirer la proposition », for its organisation (or the secretariat).
#[component]
fn WithdrawForm(reference: String, version: i32) -> impl IntoView {
    view! {
        <section class="fr-mb-4w" aria-labelledby="retrait">
            <h2 id="retrait">"Retirer la proposition"</h2>
            <details>
                <summary>"Votre organisation ne souhaite plus porter cette proposition ?"</summary>
                <form method="post" action=WithdrawProposal::PATH class="fr-mt-2w">
                    <input type="hidden" name="reference" value=reference />
                    <input type="hidden" name="version" value=version.to_string() />
                    <div class="fr-input-group">
                        <label class="fr-label" for="withdraw-reason">
                            "Raison du retrait"
                            <span class="fr-hint-text">"Obligatoire ; publiée avec la proposition si elle est déjà publique."</span>
                        </label>
                        <textarea class="fr-input" id="withdraw-reason" name="reason" rows="3" maxlength=REASON_MAX required></textarea>
                    </div>
                    <button class="fr-btn fr-btn--tertiary" type="submit">"Retirer la proposition"</button>
                </form>
            </details>
        </section>
    }
}

#[component]
fn CommentForm(reference: String, abilities: ProposalAbilities) -> impl IntoView {
    view! {
        <form method="post" action=CommentProposal::PATH class="fr-mt-3w">
            <input type="hidden" name="reference" value=reference />
            <div class="fr-input-group">
                <label class="fr-label" for="comment">"Ajouter un commentaire"</label>
                <textarea class="fr-input" id="comment" name="body" rows="4" maxlength=COMMENT_MAX required></textarea>
            </div>
            {abilities.may_comment_internally.then(|| view! {
                <div class="fr-checkbox-group fr-mb-2w">
                    <input type="checkbox" id="internal" name="internal" value="on" />
                    <label class="fr-label" for="internal">
                        "Commentaire interne"
                        <span class="fr-hint-text">"Visible seulement du secrétariat et des pilotes de groupe"</span>
                    </label>
                </div>
            })}
            <button class="fr-btn fr-btn--secondary" type="submit">"Publier le commentaire"</button>
        </form>
    }
}

/// The forms of the lead of the proposal's group (or the secretariat).
#[component]
fn Triage(
    reference: String,
    version: i32,
    working_group_slug: Option<String>,
    priority: Option<Priority>,
    meeting_id: Option<i32>,
    chosen: Vec<String>,
    t: TriageOptions,
) -> impl IntoView {
    let version = version.to_string();
    let current_group = working_group_slug;
    let closed = t.next_statuses.is_empty();
    let offers_merge = t.next_statuses.contains(&ProposalStatus::Fusionnee);
    view! {
        <section class="fr-mb-4w" aria-labelledby="instruction">
            <h2 id="instruction">"Instruction"</h2>
            {if closed {
                view! { <p>"Le suivi de cette proposition est terminé : son statut ne peut plus changer."</p> }.into_any()
            } else {
                view! {
                    <form method="post" action=ChangeProposalStatus::PATH class="fr-mb-4w">
                        <input type="hidden" name="reference" value=reference.clone() />
                        <input type="hidden" name="version" value=version.clone() />
                        <div class="fr-select-group">
                            <label class="fr-label" for="status">"Nouveau statut"</label>
                            <select class="fr-select" id="status" name="status" required>
                                <option value="">"Choisir…"</option>
                                {t.next_statuses.iter().map(|s| view! { <option value=s.code()>{s.label()}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="fr-input-group">
                            <label class="fr-label" for="reason">
                                "Explication"
                                <span class="fr-hint-text">"Publiée avec le statut ; obligatoire pour « Non retenue »"</span>
                            </label>
                            <textarea class="fr-input" id="reason" name="reason" rows="3" maxlength=REASON_MAX></textarea>
                        </div>
                        {offers_merge.then(|| view! {
                            <div class="fr-input-group">
                                <label class="fr-label" for="kept">
                                    "Proposition conservée"
                                    <span class="fr-hint-text">"Pour « Fusionnée » seulement : sa référence, ex. DA-2019-0042. Ses soutiens lui sont reportés."</span>
                                </label>
                                <input class="fr-input" type="text" id="kept" name="kept" maxlength="20" />
                            </div>
                        })}
                        <button class="fr-btn" type="submit">"Changer le statut"</button>
                    </form>
                }.into_any()
            }}
            <form method="post" action=AssignProposal::PATH class="fr-mb-4w">
                <input type="hidden" name="reference" value=reference.clone() />
                <input type="hidden" name="version" value=version.clone() />
                <div class="fr-grid-row fr-grid-row--gutters">
                    <div class="fr-col-12 fr-col-md-6">
                        <div class="fr-select-group">
                            <label class="fr-label" for="assign-group">"Groupe de travail"</label>
                            <select class="fr-select" id="assign-group" name="group">
                                <option value="">"Aucun"</option>
                                {t.groups.iter().map(|g| {
                                    let selected = current_group.as_deref() == Some(g.value.as_str());
                                    view! { <option value=g.value.clone() selected=selected>{g.label.clone()}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                    <div class="fr-col-12 fr-col-md-6">
                        <div class="fr-select-group">
                            <label class="fr-label" for="priority">"Priorité"</label>
                            <select class="fr-select" id="priority" name="priority">
                                <option value="">"Non fixée"</option>
                                {Priority::ALL.iter().map(|pr| view! {
                                    <option value=pr.code() selected=priority == Some(*pr)>{pr.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                </div>
                <button class="fr-btn fr-btn--secondary" type="submit">"Enregistrer le groupe et la priorité"</button>
            </form>
            <details class="fr-mb-4w">
                <summary>"Changer les démarches concernées"</summary>
                <form method="post" action=ChangeProposalProcedures::PATH class="fr-mt-2w">
                    <input type="hidden" name="reference" value=reference.clone() />
                    <input type="hidden" name="version" value=version.clone() />
                    <ProcedureCheckboxes procedures=t.procedures.clone() chosen id_prefix="triage-procedure" legend="Démarches concernées" />
                    <button class="fr-btn fr-btn--secondary" type="submit">"Enregistrer les démarches"</button>
                </form>
            </details>
            {(!t.meetings.is_empty()).then(|| view! {
                <form method="post" action=LinkProposalMeeting::PATH>
                    <input type="hidden" name="reference" value=reference.clone() />
                    <input type="hidden" name="version" value=version.clone() />
                    <div class="fr-select-group">
                        <label class="fr-label" for="meeting">"Réunion où elle a été examinée"</label>
                        <select class="fr-select" id="meeting" name="meeting_id" required>
                            <option value="">"Choisir…"</option>
                            {t.meetings.iter().map(|m| view! {
                                <option value=m.id.to_string() selected=meeting_id == Some(m.id)>{m.label.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="fr-input-group">
                        <label class="fr-label" for="meeting-note">"Ce qui a été décidé" <span class="fr-hint-text">"Facultatif"</span></label>
                        <textarea class="fr-input" id="meeting-note" name="note" rows="2" maxlength=REASON_MAX></textarea>
                    </div>
                    <button class="fr-btn fr-btn--secondary" type="submit">"Lier à cette réunion"</button>
                </form>
            })}
        </section>
    }
}

/// How far the implementation of a decided proposal is, its milestones,
/// and for those who triage it the forms that keep them.
#[component]
fn Implementation(
    reference: String,
    version: i32,
    progress: Option<i32>,
    milestones: Vec<MilestoneRow>,
    editable: bool,
) -> impl IntoView {
    let version = version.to_string();
    let forms = editable.then(|| {
        let reference = reference.clone();
        let version = version.clone();
        view! {
            <form method="post" action=SetProposalProgress::PATH class="fr-mb-3w">
                <input type="hidden" name="reference" value=reference.clone() />
                <input type="hidden" name="version" value=version.clone() />
                <div class="fr-input-group">
                    <label class="fr-label" for="progress">
                        "Avancement (en %)"
                        <span class="fr-hint-text">"Un nombre entier de 0 à 100"</span>
                    </label>
                    <input class="fr-input" type="number" id="progress" name="progress" min="0" max="100" step="1" required
                        value=progress.map(|p| p.to_string()).unwrap_or_default() />
                </div>
                <button class="fr-btn fr-btn--secondary" type="submit">"Enregistrer l'avancement"</button>
            </form>
            <form method="post" action=AddProposalMilestone::PATH class="fr-mb-3w">
                <input type="hidden" name="reference" value=reference />
                <input type="hidden" name="version" value=version />
                <div class="fr-input-group">
                    <label class="fr-label" for="milestone-title">"Titre du nouveau jalon"</label>
                    <input class="fr-input" type="text" id="milestone-title" name="title" maxlength="200" required />
                </div>
                <div class="fr-input-group">
                    <label class="fr-label" for="milestone-planned">"Date prévue"</label>
                    <input class="fr-input" type="date" id="milestone-planned" name="planned_on" required />
                </div>
                <button class="fr-btn fr-btn--secondary" type="submit">"Ajouter le jalon"</button>
            </form>
        }
    });
    view! {
        <section class="fr-mb-4w" aria-labelledby="mise-en-oeuvre">
            <h2 id="mise-en-oeuvre">"Mise en œuvre"</h2>
            {match progress {
                Some(percent) => view! {
                    <p class="fr-mb-1w" id="avancement">{format!("Avancement : {percent} %")}</p>
                    <progress class="ecoute-progress" max="100" value=percent.to_string() aria-labelledby="avancement">
                        {format!("{percent} %")}
                    </progress>
                }.into_any(),
                None => view! { <p>"Avancement pas encore indiqué."</p> }.into_any(),
            }}
            {if milestones.is_empty() {
                view! { <p>"Aucun jalon pour le moment."</p> }.into_any()
            } else {
                view! {
                    <ScrollTable label="Jalons">
                        <table>
                            <caption>"Jalons"</caption>
                            <thead><tr>
                                <th scope="col">"Jalon"</th>
                                <th scope="col">"Prévu le"</th>
                                <th scope="col">"Atteint le"</th>
                            </tr></thead>
                            <tbody>
                                {milestones.into_iter().map(|m| {
                                    let done = m.done_on.clone();
                                    let form = (editable && done.is_none()).then(|| view! {
                                        <form method="post" action=CompleteProposalMilestone::PATH>
                                            <input type="hidden" name="reference" value=reference.clone() />
                                            <input type="hidden" name="version" value=version.clone() />
                                            <input type="hidden" name="milestone_id" value=m.id.to_string() />
                                            <label class="fr-label" for=format!("milestone-done-{}", m.id)>
                                                {format!("Date où « {} » a été atteint", m.title)}
                                            </label>
                                            <input class="fr-input" type="date" id=format!("milestone-done-{}", m.id) name="done_on" required />
                                            <button class="fr-btn fr-btn--sm fr-btn--tertiary fr-mt-1v" type="submit">"Marquer atteint"</button>
                                        </form>
                                    });
                                    view! {
                                        <tr>
                                            <td>{m.title}</td>
                                            <td>{m.planned_on}</td>
                                            <td>{done.unwrap_or_else(|| "Pas encore".to_string())}{form}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </ScrollTable>
                }.into_any()
            }}
            {forms}
        </section>
    }
}

#[component]
fn ActionFormView(reference: String, owners: Vec<OwnerSuggestion>) -> impl IntoView {
    view! {
        <details class="fr-mt-2w">
            <summary>"Ajouter une action de suivi"</summary>
            <form method="post" action=AddProposalAction::PATH class="fr-mt-2w">
                <input type="hidden" name="reference" value=reference />
                <ActionFields owners />
            </form>
        </details>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::model::ProposalEventKind;

    fn entry(body: Option<&str>, who: Option<&str>) -> TimelineEntry {
        TimelineEntry {
            kind: ProposalEventKind::Comment,
            summary: "Commentaire".into(),
            body: body.map(str::to_string),
            who: who.map(str::to_string),
            when: "mardi 1 décembre 2026 à 10 h 00".into(),
            when_iso: "2026-12-01T09:00:00+00:00".into(),
            internal: false,
            meeting_id: None,
            related_reference: None,
            previous: None,
        }
    }

    #[test]
    fn a_timeline_is_escaped_text_without_hydration_markers() {
        let html = timeline_html(&[
            entry(
                Some("<script>alert('<!>')</script>"),
                Some("Hugo <b>Morel</b>"),
            ),
            entry(None, None),
        ]);
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{html}"
        );
        assert!(
            html.contains("&lt;script&gt;alert('&lt;!&gt;')&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains(" — Hugo &lt;b&gt;Morel&lt;/b&gt;"), "{html}");
        assert_eq!(html.matches("<li>").count(), 2, "{html}");
    }

    #[test]
    fn the_former_text_of_an_edit_is_escaped_text_too() {
        let edited = TimelineEntry {
            previous: Some(PreviousText {
                title: "<img src=x onerror=alert(1)>".into(),
                body: "**gras** <script>x</script>".into(),
                procedures: vec!["Pré-demande <i>CNI</i>".into()],
            }),
            ..entry(Some("Modifié : titre."), None)
        };
        let html = timeline_html(&[edited]);
        assert!(html.contains("Texte précédent"), "{html}");
        assert!(!html.contains("<img") && !html.contains("<script>") && !html.contains("<i>"));
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "{html}"
        );
        assert!(
            html.contains("**gras** &lt;script&gt;"),
            "the Markdown source, as text"
        );
    }
}
