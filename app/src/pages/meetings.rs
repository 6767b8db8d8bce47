//! Meetings: a meeting's page (convocation, answers, the list of invitees
//! and its changes), the attendance sheet, the scheduling form, the answer
//! pages of a convocation link (a member's or a guest's), and one's calendar.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::id_param;
use crate::api::meetings::{
    guest_invitation, invitation_answer, load_attendance, load_meeting, meeting_form, my_calendar,
    AddInvitee, AnswerAsGuest, AnswerInvitation, AnswerMeeting, CancelMeeting, ConveneMeeting,
    InviteGuest, RecordAttendance, RemoveGuest, RemoveInvitee, RenewCalendar, SaveMeeting,
};
use crate::components::actions::ActionTable;
use crate::components::feedback::{loaded, FormAlert, SuccessNotice};
use crate::components::raw_text::field_text;
use crate::components::table::ScrollTable;
use crate::model::{
    AnswerPage, AppError, Attendance, AttendanceSheet, CalendarFeed, InvitationResponse,
    InviteeRow, MeetingDetail, MeetingFormData, MeetingKind, MinutesStatus, OwnerSuggestion,
};

#[component]
pub fn MeetingPage() -> impl IntoView {
    let id = id_param();
    let query = use_query_map();
    let convened = move || query.read().get("convoquee").is_some();
    let answered = move || query.read().get("reponse").is_some();
    let listed = move || query.read().get("liste").is_some();
    let recorded = move || query.read().get("presence").is_some();
    let meeting = Resource::new(move || id.get(), load_meeting);
    let convene = ServerAction::<ConveneMeeting>::new();
    let cancel = ServerAction::<CancelMeeting>::new();
    let answer = ServerAction::<AnswerMeeting>::new();
    let add = ServerAction::<AddInvitee>::new();
    let remove = ServerAction::<RemoveInvitee>::new();
    let guest = ServerAction::<InviteGuest>::new();
    let unguest = ServerAction::<RemoveGuest>::new();
    let error = Signal::derive(move || {
        [
            convene.value().get(),
            cancel.value().get(),
            answer.value().get(),
            add.value().get(),
            remove.value().get(),
            guest.value().get(),
            unguest.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
    });
    view! {
        {move || convened().then(|| view! { <SuccessNotice message="Les convocations ont été envoyées par courriel." /> })}
        {move || answered().then(|| view! { <SuccessNotice message="Votre réponse est enregistrée." /> })}
        {move || listed().then(|| view! { <SuccessNotice message="La liste est à jour : la personne concernée en est avertie par courriel, avec l'invitation d'agenda." /> })}
        {move || recorded().then(|| view! { <SuccessNotice message="La présence est enregistrée." /> })}
        <FormAlert error />
        {loaded(meeting, |m: MeetingDetail| view! { <MeetingView m /> })}
    }
}

#[component]
fn MeetingView(m: MeetingDetail) -> impl IntoView {
    let id = m.id;
    let minutes_link = match m.minutes {
        Some(MinutesStatus::Published) => Some("Lire le compte rendu"),
        _ if m.can_manage => Some("Rédiger le compte rendu"),
        _ => None,
    };
    view! {
        <Title text=m.heading.clone() />
        <p class="fr-mb-1v ecoute-ref">{m.kind.label()}{m.working_group.clone().map(|g| format!(" — {g}"))}</p>
        <h1>{m.heading.clone()}</h1>
        {(m.kind == MeetingKind::Plenary).then(|| view! { <p class="fr-text--lead">{m.title.clone()}</p> })}
        <ul class="fr-mb-3w">
            <li>"Début : "<time datetime=m.starts_at_iso.clone()>{m.when.clone()}</time></li>
            <li>"Fin : "{m.ends.clone()}</li>
            {m.place.clone().map(|p| view! { <li>"Lieu : "{p}</li> })}
            {m.video_url.clone().map(|u| view! { <li>"Visioconférence : "<a href=u.clone() rel="noopener noreferrer">{u.clone()}</a></li> })}
            <li>"État : "<span class="fr-badge fr-badge--sm">{m.status.label()}</span></li>
        </ul>
        <ul class="fr-btns-group fr-btns-group--inline-md fr-mb-3w">
            <li>
                <a class="fr-btn fr-btn--secondary fr-icon-calendar-line fr-btn--icon-left" href=format!("/reunions/{id}/invitation.ics") download="reunion.ics" target="_self">
                    "Ajouter à mon agenda (.ics)"
                </a>
            </li>
            {minutes_link.map(|label| view! {
                <li><a class="fr-btn fr-btn--secondary" href=format!("/reunions/{id}/compte-rendu")>{label}</a></li>
            })}
            {(m.kind == MeetingKind::Plenary).then(|| view! {
                <li><a class="fr-btn fr-btn--secondary" href=format!("/reunions/{id}/suite-donnee")>"Suite donnée aux propositions"</a></li>
                <li><a class="fr-btn fr-btn--secondary" href=format!("/reunions/{id}/bilan")>"Bilan depuis la séance précédente"</a></li>
            })}
            {m.can_manage.then(|| view! {
                <li><a class="fr-btn fr-btn--tertiary" href=format!("/reunions/{id}/modifier")>"Modifier"</a></li>
            })}
        </ul>
        <section class="fr-mb-4w" aria-labelledby="ordre-du-jour">
            <h2 id="ordre-du-jour">"Ordre du jour"</h2>
            {match m.agenda_html.clone() {
                Some(html) => view! { <div class="ecoute-markdown" inner_html=html></div> }.into_any(),
                None => view! { <p>"L'ordre du jour de cette réunion de groupe est communiqué aux personnes convoquées."</p> }.into_any(),
            }}
        </section>
        {m.may_answer.then(|| view! { <AnswerForm id my_response=m.my_response /> })}
        {m.can_convene.then(|| view! { <OrganiserForms id /> })}
        {(!m.invitees.is_empty() || m.can_change_invitees).then(|| view! {
            <Invitees
                id
                can_record=m.can_record_attendance
                can_change=m.can_change_invitees
                invitees=m.invitees.clone()
                candidates=m.candidates.clone()
            />
        })}
        {(!m.actions.is_empty()).then(|| view! {
            <section class="fr-mb-4w" aria-labelledby="actions">
                <h2 id="actions">"Actions décidées"</h2>
                <ActionTable actions=m.actions.clone() />
            </section>
        })}
    }
}

#[component]
fn AnswerForm(id: i32, my_response: Option<InvitationResponse>) -> impl IntoView {
    view! {
        <section class="fr-mb-4w" aria-labelledby="ma-reponse">
            <h2 id="ma-reponse">"Ma réponse"</h2>
            {my_response.map(|r| view! { <p>"Réponse actuelle : "<strong>{r.label()}</strong></p> })}
            <form method="post" action=AnswerMeeting::PATH>
                <input type="hidden" name="id" value=id.to_string() />
                <ResponseFields />
                <button class="fr-btn" type="submit">"Enregistrer ma réponse"</button>
            </form>
        </section>
    }
}

/// The three answers and the name of the representative.
#[component]
fn ResponseFields() -> impl IntoView {
    view! {
        <fieldset class="fr-fieldset">
            <legend class="fr-fieldset__legend">"Serez-vous présent(e) ?"</legend>
            {[InvitationResponse::Present, InvitationResponse::Absent, InvitationResponse::Represented]
                .into_iter()
                .map(|r| {
                    let input_id = format!("reponse-{}", r.code());
                    view! {
                        <div class="fr-fieldset__element">
                            <div class="fr-radio-group">
                                <input type="radio" id=input_id.clone() name="response" value=r.code() required />
                                <label class="fr-label" for=input_id>{r.label()}</label>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
        <div class="fr-input-group">
            <label class="fr-label" for="represented_by">
                "Représenté(e) par"
                <span class="fr-hint-text">"Seulement si vous vous faites représenter : prénom, nom et organisation."</span>
            </label>
            <input class="fr-input" type="text" id="represented_by" name="represented_by" maxlength="200" />
        </div>
    }
}

#[component]
fn OrganiserForms(id: i32) -> impl IntoView {
    view! {
        <section class="fr-mb-4w" aria-labelledby="organisation">
            <h2 id="organisation">"Organisation"</h2>
            <p>"La convocation envoie à chaque membre concerné un courriel avec l'ordre du jour, un lien pour répondre et l'invitation d'agenda."</p>
            <div class="ecoute-inline-form">
                <form method="post" action=ConveneMeeting::PATH>
                    <input type="hidden" name="id" value=id.to_string() />
                    <button class="fr-btn" type="submit">"Convoquer"</button>
                </form>
                <form method="post" action=CancelMeeting::PATH>
                    <input type="hidden" name="id" value=id.to_string() />
                    <button class="fr-btn fr-btn--tertiary" type="submit">"Annuler la réunion"</button>
                </form>
            </div>
        </section>
    }
}

/// What an invitee answered, for the tables.
fn answer_label(i: &InviteeRow) -> String {
    match &i.represented_by {
        Some(by) => format!("{} par {by}", i.response.label()),
        None => i.response.label().to_string(),
    }
}

#[component]
fn Invitees(
    id: i32,
    can_record: bool,
    can_change: bool,
    invitees: Vec<InviteeRow>,
    candidates: Vec<OwnerSuggestion>,
) -> impl IntoView {
    view! {
        <section class="fr-mb-4w" aria-labelledby="presence">
            <h2 id="presence">"Personnes convoquées"</h2>
            {can_record.then(|| view! {
                <p>
                    <a class="fr-btn fr-icon-list-ordered fr-btn--icon-left" href=format!("/reunions/{id}/presence")>
                        "Relever la présence"
                    </a>
                </p>
            })}
            <ScrollTable label="Réponses et présence des personnes convoquées">
                <table>
                    <caption class="fr-sr-only">"Réponses et présence des personnes convoquées"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Nom"</th>
                            <th scope="col">"Organisation"</th>
                            <th scope="col">"Réponse"</th>
                            <th scope="col">"Présence"</th>
                            {can_change.then(|| view! { <th scope="col">"Liste"</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {invitees.into_iter().map(|i| {
                            let response = answer_label(&i);
                            let presence = i.attendance.map_or("Non relevée", Attendance::label);
                            let organisation = match (&i.organisation, &i.email, i.guest_id) {
                                (Some(org), _, _) => org.clone(),
                                (None, Some(email), _) => format!("Invité(e) : {email}"),
                                (None, None, Some(_)) => "Invité(e)".to_string(),
                                (None, None, None) => String::new(),
                            };
                            let remove = can_change.then(|| view! { <td><RemoveButton id row=i.clone() /></td> });
                            view! {
                                <tr>
                                    <th scope="row">{i.name.clone()}</th>
                                    <td>{organisation}</td>
                                    <td>{response}</td>
                                    <td>{presence}</td>
                                    {remove}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </ScrollTable>
            {can_change.then(|| view! { <ListForms id candidates /> })}
        </section>
    }
}

/// « Retirer » on one line of the list: a person or a guest.
#[component]
fn RemoveButton(id: i32, row: InviteeRow) -> impl IntoView {
    let (path, field, value) = match (row.user_id, row.guest_id) {
        (Some(user), _) => (RemoveInvitee::PATH, "user_id", user),
        (None, guest) => (RemoveGuest::PATH, "guest_id", guest.unwrap_or_default()),
    };
    view! {
        <form method="post" action=path>
            <input type="hidden" name="id" value=id.to_string() />
            <input type="hidden" name=field value=value.to_string() />
            <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">
                "Retirer"<span class="fr-sr-only">{format!(" {} de la liste", row.name)}</span>
            </button>
        </form>
    }
}

/// Adding someone with an account, or a guest by e-mail, to a convened meeting.
#[component]
fn ListForms(id: i32, candidates: Vec<OwnerSuggestion>) -> impl IntoView {
    view! {
        <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-6">
                <form method="post" action=AddInvitee::PATH>
                    <input type="hidden" name="id" value=id.to_string() />
                    // A text field with people suggested, as an action's
                    // owner: anyone else active is found by name or address.
                    <div class="fr-input-group">
                        <label class="fr-label" for="add-invitee">
                            "Convoquer une autre personne"
                            <span class="fr-hint-text">"Son adresse électronique ou son nom ; elle reçoit la convocation et l'invitation d'agenda."</span>
                        </label>
                        <input class="fr-input" type="text" id="add-invitee" name="person" list="invitee-candidates" maxlength="254" autocomplete="off" required />
                        <datalist id="invitee-candidates">
                            {candidates.into_iter().map(|p| view! { <option value=p.email>{p.label}</option> }).collect_view()}
                        </datalist>
                    </div>
                    <button class="fr-btn fr-btn--secondary" type="submit">"Convoquer cette personne"</button>
                </form>
            </div>
            <div class="fr-col-12 fr-col-md-6">
                <form method="post" action=InviteGuest::PATH>
                    <input type="hidden" name="id" value=id.to_string() />
                    <fieldset class="fr-fieldset" aria-labelledby="guest-legend">
                        <legend class="fr-fieldset__legend" id="guest-legend">
                            "Inviter une personne sans compte"
                            <span class="fr-hint-text">"Elle reçoit par courriel la convocation, l'invitation d'agenda et un lien pour répondre."</span>
                        </legend>
                        <div class="fr-fieldset__element">
                            <div class="fr-input-group">
                                <label class="fr-label" for="guest-name">"Prénom et nom"</label>
                                <input class="fr-input" type="text" id="guest-name" name="name" maxlength="200" required />
                            </div>
                        </div>
                        <div class="fr-fieldset__element">
                            <div class="fr-input-group">
                                <label class="fr-label" for="guest-email">
                                    "Adresse électronique"
                                    <span class="fr-hint-text">"Format attendu : nom@domaine.fr"</span>
                                </label>
                                <input class="fr-input" type="email" id="guest-email" name="email" maxlength="254" required />
                            </div>
                        </div>
                    </fieldset>
                    <button class="fr-btn fr-btn--secondary" type="submit">"Inviter cette personne"</button>
                </form>
            </div>
        </div>
    }
}

/// « Relever la présence »: every invitee on one form, one submit.
#[component]
pub fn AttendancePage() -> impl IntoView {
    let id = id_param();
    let sheet = Resource::new(move || id.get(), load_attendance);
    let record = ServerAction::<RecordAttendance>::new();
    let error = Signal::derive(move || record.value().get().and_then(Result::err));
    view! {
        <Title text="Relever la présence" />
        <FormAlert error />
        {loaded(sheet, |s: AttendanceSheet| view! { <AttendanceForm s /> })}
    }
}

#[component]
fn AttendanceForm(s: AttendanceSheet) -> impl IntoView {
    let id = s.meeting_id;
    view! {
        <p class="fr-mb-1v"><a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href=format!("/reunions/{id}")>"La réunion"</a></p>
        <h1>{format!("Présence — {}", s.heading)}</h1>
        <p>{format!("Réunion du {}. Cochez pour chaque personne si elle était présente, absente ou représentée, puis enregistrez une seule fois ; une ligne laissée vide ne change pas.", s.when)}</p>
        <form method="post" action=RecordAttendance::PATH>
            <input type="hidden" name="id" value=id.to_string() />
            <ScrollTable label="Feuille de présence">
                <table>
                    <caption>"Feuille de présence"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Personne"</th>
                            <th scope="col">"Réponse à la convocation"</th>
                            {Attendance::ALL.iter().map(|a| view! { <th scope="col">{a.label()}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {s.invitees.into_iter().map(|i| {
                            let response = answer_label(&i);
                            let name = i.name.clone();
                            let key = i.key.clone();
                            view! {
                                <tr>
                                    <th scope="row">
                                        {name.clone()}
                                        {i.organisation.clone().or(i.email.clone()).map(|o| view! { <br /><span class="fr-text--xs">{o}</span> })}
                                    </th>
                                    <td>{response}</td>
                                    {Attendance::ALL.iter().map(|a| {
                                        let input_id = format!("presence-{key}-{}", a.code());
                                        view! {
                                            <td>
                                                <div class="fr-radio-group">
                                                    <input type="radio" id=input_id.clone() name=format!("presence[{key}]") value=a.code() checked=i.attendance == Some(*a) />
                                                    <label class="fr-label" for=input_id>
                                                        <span class="fr-sr-only">{format!("{name} : ")}</span>{a.label()}
                                                    </label>
                                                </div>
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </ScrollTable>
            <button class="fr-btn" type="submit">"Enregistrer la présence"</button>
        </form>
    }
}

#[component]
pub fn NewMeetingPage() -> impl IntoView {
    let query = use_query_map();
    let group = move || query.read().get("groupe");
    let form = Resource::new(group, |group| meeting_form(None, group));
    view! { <MeetingFormView form /> }
}

#[component]
pub fn EditMeetingPage() -> impl IntoView {
    let id = id_param();
    let form = Resource::new(move || id.get(), |id| meeting_form(Some(id), None));
    view! { <MeetingFormView form /> }
}

#[component]
fn MeetingFormView(
    form: Resource<Result<MeetingFormData, crate::model::AppError>>,
) -> impl IntoView {
    let save = ServerAction::<SaveMeeting>::new();
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    view! {
        {loaded(form, move |f: MeetingFormData| {
            let title = match (f.id, f.plenary) {
                (Some(_), _) => "Modifier la réunion".to_string(),
                (None, true) => "Programmer une séance plénière".to_string(),
                (None, false) => format!("Programmer une réunion — {}", f.group_label.clone().unwrap_or_default()),
            };
            view! {
                <Title text=title.clone() />
                <h1>{title}</h1>
                <FormAlert error />
                <form method="post" action=SaveMeeting::PATH>
                    {f.id.map(|id| view! { <input type="hidden" name="id" value=id.to_string() /> })}
                    <input type="hidden" name="plenary" value=f.plenary.to_string() />
                    {f.group_slug.clone().map(|slug| view! { <input type="hidden" name="group_slug" value=slug /> })}
                    <div class="fr-input-group">
                        <label class="fr-label" for="title">"Titre"</label>
                        <input class="fr-input" type="text" id="title" name="title" maxlength="200" required value=f.title.clone() />
                    </div>
                    {f.plenary.then(|| view! {
                        <div class="fr-input-group">
                            <label class="fr-label" for="ordinal">"Numéro de la session" <span class="fr-hint-text">"1 pour la première session de l'instance"</span></label>
                            <input class="fr-input" type="number" id="ordinal" name="ordinal" min="1" required value=f.ordinal.map(|o| o.to_string()).unwrap_or_default() />
                        </div>
                    })}
                    <div class="fr-grid-row fr-grid-row--gutters">
                        <div class="fr-col-12 fr-col-md-4">
                            <div class="fr-input-group">
                                <label class="fr-label" for="date">"Date" <span class="fr-hint-text">"Heure de Paris"</span></label>
                                <input class="fr-input" type="date" id="date" name="date" required value=f.date.clone() />
                            </div>
                        </div>
                        <div class="fr-col-12 fr-col-md-4">
                            <div class="fr-input-group">
                                <label class="fr-label" for="time">"Heure de début" <span class="fr-hint-text">"Format HH:MM"</span></label>
                                <input class="fr-input" type="time" id="time" name="time" required value=f.time.clone() />
                            </div>
                        </div>
                        <div class="fr-col-12 fr-col-md-4">
                            <div class="fr-input-group">
                                <label class="fr-label" for="duration_minutes">"Durée (en minutes)"</label>
                                <input class="fr-input" type="number" id="duration_minutes" name="duration_minutes" min="1" max="720" required value=f.duration_minutes.to_string() />
                            </div>
                        </div>
                    </div>
                    <div class="fr-input-group">
                        <label class="fr-label" for="place">"Lieu" <span class="fr-hint-text">"Ou bien un lien de visioconférence ci-dessous"</span></label>
                        <input class="fr-input" type="text" id="place" name="place" maxlength="300" value=f.place.clone() />
                    </div>
                    <div class="fr-input-group">
                        <label class="fr-label" for="video_url">"Lien de visioconférence" <span class="fr-hint-text">"Adresse commençant par https://"</span></label>
                        <input class="fr-input" type="url" id="video_url" name="video_url" maxlength="500" value=f.video_url.clone() />
                    </div>
                    <div class="fr-input-group">
                        <label class="fr-label" for="agenda">"Ordre du jour" <span class="fr-hint-text">"En Markdown : une ligne « 1. » par point"</span></label>
                        <textarea class="fr-input" id="agenda" name="agenda" rows="8" maxlength="20000">{field_text(&f.agenda)}</textarea>
                    </div>
                    <button class="fr-btn" type="submit">"Enregistrer"</button>
                </form>
            }
        })}
    }
}

/// The answer page of a member's convocation link.
#[component]
pub fn AnswerLinkPage() -> impl IntoView {
    let answer = ServerAction::<AnswerInvitation>::new();
    let error = Signal::derive(move || answer.value().get().and_then(Result::err));
    view! { <AnswerLink load=invitation_answer error action=AnswerInvitation::PATH /> }
}

/// The answer page of a guest's link.
#[component]
pub fn GuestAnswerPage() -> impl IntoView {
    let answer = ServerAction::<AnswerAsGuest>::new();
    let error = Signal::derive(move || answer.value().get().and_then(Result::err));
    view! { <AnswerLink load=guest_invitation error action=AnswerAsGuest::PATH /> }
}

#[component]
fn AnswerLink<F, Fut>(
    load: F,
    error: Signal<Option<AppError>>,
    action: &'static str,
) -> impl IntoView
where
    F: Fn(String) -> Fut + Send + Sync + Copy + 'static,
    Fut: std::future::Future<Output = Result<AnswerPage, AppError>> + Send + 'static,
{
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let query = use_query_map();
    let saved = move || query.read().get("enregistree").is_some();
    let page = Resource::new(token, load);
    view! {
        <Title text="Répondre à une convocation" />
        <h1>"Répondre à une convocation"</h1>
        {move || saved().then(|| view! { <SuccessNotice message="Votre réponse est enregistrée. Merci !" /> })}
        <FormAlert error />
        {loaded(page, move |p: AnswerPage| view! {
            <p>{format!("Bonjour {},", p.invitee)}</p>
            <p>
                "Vous êtes convoqué(e) à "<a href=format!("/reunions/{}", p.meeting_id)>{p.heading.clone()}</a>
                {format!(", le {}", p.when)}{p.place.clone().map(|pl| format!(" ({pl})"))}"."
            </p>
            <p>"Réponse enregistrée : "<strong>{match &p.represented_by {
                Some(by) => format!("{} par {by}", p.response.label()),
                None => p.response.label().to_string(),
            }}</strong></p>
            {if p.open {
                view! {
                    <form method="post" action=action>
                        <input type="hidden" name="token" value=token />
                        <ResponseFields />
                        <button class="fr-btn" type="submit">"Enregistrer ma réponse"</button>
                    </form>
                }.into_any()
            } else {
                view! { <p>"Cette réunion a commencé, est passée ou a été annulée : il n'est plus possible de répondre."</p> }.into_any()
            }}
        })}
    }
}

#[component]
pub fn CalendarPage() -> impl IntoView {
    let feed = Resource::new(|| (), |_| my_calendar());
    view! {
        <Title text="Mon agenda" />
        <h1>"Mon agenda"</h1>
        <p>"Abonnez votre logiciel d'agenda à cette adresse privée : il y trouvera toutes les réunions auxquelles vous êtes convoqué(e), tenues à jour."</p>
        {loaded(feed, |f: CalendarFeed| view! {
            {match (f.url, f.active) {
                (Some(url), _) => view! {
                    <div class="fr-input-group">
                        <label class="fr-label" for="feed">"Adresse de mon agenda" <span class="fr-hint-text">"Copiez-la maintenant dans votre logiciel d'agenda : pour votre sécurité, elle n'est affichée qu'une fois. Elle vous est personnelle : ne la communiquez pas."</span></label>
                        <input class="fr-input" type="text" id="feed" readonly value=url />
                    </div>
                }.into_any(),
                (None, true) => view! { <p>"Votre adresse d'agenda est active. Elle n'est affichée qu'à sa création : si vous ne l'avez plus, créez-en une nouvelle ci-dessous (l'ancienne cessera de fonctionner)."</p> }.into_any(),
                (None, false) => view! { <p>"Vous n'avez pas encore d'adresse d'agenda."</p> }.into_any(),
            }}
            <form method="post" action=RenewCalendar::PATH>
                <button class="fr-btn fr-btn--secondary" type="submit">"Créer une nouvelle adresse (l'ancienne cessera de fonctionner)"</button>
            </form>
        })}
    }
}
