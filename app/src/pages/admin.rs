//! The secretariat's pages: accounts and the audit journal.

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::admin::{
    audit_journal, list_accounts, ChangeRole, InvitePerson, Reinvite, SetAccountActive,
};
use crate::api::legal::ErasePerson;
use crate::components::feedback::{loaded, FormAlert, SuccessNotice};
use crate::components::table::ScrollTable;
use crate::model::{AccountRow, AccountsPage, JournalPage, OrganisationOption, Role};

#[component]
pub fn AccountsAdminPage() -> impl IntoView {
    let query = use_query_map();
    let invited = move || query.read().get("invite").is_some();
    let accounts = Resource::new(|| (), |_| list_accounts());
    let invite = ServerAction::<InvitePerson>::new();
    let role_change = ServerAction::<ChangeRole>::new();
    let activation = ServerAction::<SetAccountActive>::new();
    let erasure = ServerAction::<ErasePerson>::new();
    let erased = move || query.read().get("efface");
    let error = Signal::derive(move || {
        invite
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| role_change.value().get().and_then(Result::err))
            .or_else(|| activation.value().get().and_then(Result::err))
            .or_else(|| erasure.value().get().and_then(Result::err))
    });
    view! {
        <Title text="Comptes" />
        <h1>"Comptes"</h1>
        {move || invited().then(|| view! { <SuccessNotice message="L'invitation a été envoyée par courriel." /> })}
        {move || erased().map(|who| view! {
            <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
                <p>{format!("La personne est effacée : ce qu'elle a écrit reste, attribué à « {who} ».")}</p>
            </div>
        })}
        <FormAlert error />
        {loaded(accounts, |page: AccountsPage| {
            let people = page.accounts.clone();
            view! {
                <InviteForm organisations=page.organisations />
                <AccountTable accounts=page.accounts />
                <ErasureForm people />
            }
        })}
    }
}

#[component]
fn InviteForm(organisations: Vec<OrganisationOption>) -> impl IntoView {
    view! {
        <section class="fr-mb-6w" aria-labelledby="inviter">
            <h2 id="inviter">"Inviter une personne"</h2>
            <form method="post" action=InvitePerson::PATH>
                <div class="fr-grid-row fr-grid-row--gutters">
                    <div class="fr-col-12 fr-col-md-6">
                        <div class="fr-input-group">
                            <label class="fr-label" for="invite-name">"Prénom et nom"</label>
                            <input class="fr-input" type="text" id="invite-name" name="name" autocomplete="off" maxlength="200" required />
                        </div>
                    </div>
                    <div class="fr-col-12 fr-col-md-6">
                        <div class="fr-input-group">
                            <label class="fr-label" for="invite-email">
                                "Adresse électronique"
                                <span class="fr-hint-text">"Format attendu : nom@domaine.fr"</span>
                            </label>
                            <input class="fr-input" type="email" id="invite-email" name="email" autocomplete="off" required />
                        </div>
                    </div>
                    <div class="fr-col-12 fr-col-md-6">
                        <div class="fr-select-group">
                            <label class="fr-label" for="invite-role">"Rôle"</label>
                            <select class="fr-select" id="invite-role" name="role">
                                {Role::ALL.iter().map(|r| view! {
                                    <option value=r.code() selected=*r == Role::Member>{r.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                    <div class="fr-col-12 fr-col-md-6">
                        <div class="fr-select-group">
                            <label class="fr-label" for="invite-organisation">
                                "Organisation"
                                <span class="fr-hint-text">"Obligatoire pour un membre."</span>
                            </label>
                            <select class="fr-select" id="invite-organisation" name="organisation">
                                <option value="">"— Aucune —"</option>
                                {organisations.into_iter().map(|o| view! {
                                    <option value=o.id.to_string()>{o.name}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                </div>
                <button class="fr-btn fr-mt-2w" type="submit">"Envoyer l'invitation"</button>
            </form>
        </section>
    }
}

#[component]
fn AccountTable(accounts: Vec<AccountRow>) -> impl IntoView {
    view! {
        <ScrollTable label="Comptes">
            <table>
                <caption>"Comptes"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Personne"</th>
                        <th scope="col">"Organisation"</th>
                        <th scope="col">"État"</th>
                        <th scope="col">"Rôle"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {accounts.into_iter().map(|a| {
                        let state = match (a.active, a.activated) {
                            (false, _) => "Désactivé",
                            (true, false) => "Invitation en attente",
                            (true, true) => "Actif",
                        };
                        let select_id = format!("role-{}", a.id);
                        view! {
                            <tr>
                                <th scope="row"><a href=format!("/admin/comptes/{}", a.id)>{a.name.clone()}</a><br /><span class="fr-text--xs">{a.email.clone()}</span></th>
                                <td>{a.organisation.clone().unwrap_or_else(|| "—".into())}</td>
                                <td>{state}{a.last_login.clone().map(|d| view! { <br /><span class="fr-text--xs">{format!("Dernière connexion : {d}")}</span> })}</td>
                                <td>
                                    <form method="post" action=ChangeRole::PATH class="ecoute-inline-form">
                                        <input type="hidden" name="user_id" value=a.id.to_string() />
                                        <label class="fr-sr-only" for=select_id.clone()>{format!("Rôle de {}", a.name)}</label>
                                        <select class="fr-select" id=select_id name="role">
                                            {Role::ALL.iter().map(|r| view! {
                                                <option value=r.code() selected=*r == a.role>{r.label()}</option>
                                            }).collect_view()}
                                        </select>
                                        <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">"Changer le rôle"<span class="fr-sr-only">{format!(" de {}", a.name)}</span></button>
                                    </form>
                                </td>
                                <td>
                                    <form method="post" action=SetAccountActive::PATH>
                                        <input type="hidden" name="user_id" value=a.id.to_string() />
                                        <input type="hidden" name="active" value=(!a.active).to_string() />
                                        <button class="fr-btn fr-btn--sm fr-btn--secondary" type="submit">
                                            {if a.active { "Désactiver" } else { "Réactiver" }}
                                            <span class="fr-sr-only">{format!(" le compte de {}", a.name)}</span>
                                        </button>
                                    </form>
                                    {(a.active && !a.activated).then(|| view! {
                                        <form method="post" action=Reinvite::PATH class="fr-mt-1w">
                                            <input type="hidden" name="user_id" value=a.id.to_string() />
                                            <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="submit">
                                                "Renvoyer l'invitation"
                                                <span class="fr-sr-only">{format!(" à {}", a.name)}</span>
                                            </button>
                                        </form>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
    }
}

/// Erasing a person who asked for it (« Données personnelles »).
#[component]
fn ErasureForm(people: Vec<AccountRow>) -> impl IntoView {
    view! {
        <section class="fr-mt-6w" aria-labelledby="effacer">
            <h2 id="effacer">"Effacer une personne"</h2>
            <p>"À la demande d'une personne : son compte, ses sessions, ses liens, ses préférences et les courriels qui lui sont adressés sont supprimés ; ce qu'elle a écrit au nom de son organisation reste, attribué à l'organisation, sans son nom. L'effacement est définitif et inscrit au journal."</p>
            <form method="post" action=ErasePerson::PATH>
                <div class="fr-select-group">
                    <label class="fr-label" for="erase-person">"Personne à effacer"</label>
                    <select class="fr-select" id="erase-person" name="user_id" required>
                        <option value="" selected>"— Choisir —"</option>
                        {people.into_iter().map(|p| view! {
                            <option value=p.id.to_string()>{format!("{} ({})", p.name, p.email)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="fr-checkbox-group fr-mb-2w">
                    <input type="checkbox" id="erase-confirm" name="confirmed" value="true" required />
                    <label class="fr-label" for="erase-confirm">"La personne l'a demandé ; je sais que l'effacement est définitif."</label>
                </div>
                <button class="fr-btn fr-btn--secondary fr-icon-delete-line fr-btn--icon-left" type="submit">"Effacer la personne"</button>
            </form>
        </section>
    }
}

#[component]
pub fn JournalAdminPage() -> impl IntoView {
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        (
            q.get("personne").unwrap_or_default(),
            q.get("type").unwrap_or_default(),
            q.get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(1),
        )
    };
    let journal = Resource::new(filters, |(person, kind, page)| {
        audit_journal(person, kind, page)
    });
    view! {
        <Title text="Journal" />
        <h1>"Journal des actions"</h1>
        {loaded(journal, move |page: JournalPage| {
            let (person, kind, _) = filters();
            view! { <JournalView page person kind /> }
        })}
    }
}

#[component]
fn JournalView(page: JournalPage, person: String, kind: String) -> impl IntoView {
    let link = {
        let (person, kind) = (person.clone(), kind.clone());
        move |n: u64| {
            format!(
                "/admin/journal?personne={}&type={}&page={n}",
                encode(&person),
                encode(&kind)
            )
        }
    };
    view! {
        <form method="get" action="/admin/journal" class="fr-mb-4w">
            <div class="fr-grid-row fr-grid-row--gutters">
                <div class="fr-col-12 fr-col-md-5">
                    <div class="fr-input-group">
                        <label class="fr-label" for="journal-personne">"Personne (adresse électronique)"</label>
                        <input class="fr-input" type="search" id="journal-personne" name="personne" value=person />
                    </div>
                </div>
                <div class="fr-col-12 fr-col-md-5">
                    <div class="fr-select-group">
                        <label class="fr-label" for="journal-type">"Type d'action"</label>
                        <select class="fr-select" id="journal-type" name="type">
                            <option value="">"Tous"</option>
                            {page.kinds.iter().map(|k| view! { <option value=k.clone() selected=*k == kind>{k.clone()}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="fr-col-12 fr-col-md-2 ecoute-align-end">
                    <button class="fr-btn" type="submit">"Filtrer"</button>
                </div>
            </div>
        </form>
        <p>{format!("{} événement(s)", page.total)}</p>
        <ScrollTable label="Journal">
            <table>
                <caption>"Journal"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Date"</th>
                        <th scope="col">"Qui"</th>
                        <th scope="col">"Action"</th>
                        <th scope="col">"Objet"</th>
                        <th scope="col">"Adresse IP"</th>
                        <th scope="col">"Détail"</th>
                    </tr>
                </thead>
                <tbody>
                    {page.entries.into_iter().map(|e| view! {
                        <tr>
                            <td>{e.when}</td>
                            <td>{e.who}</td>
                            <td><code>{e.kind}</code></td>
                            <td>{e.target.unwrap_or_default()}</td>
                            <td>{e.ip.unwrap_or_default()}</td>
                            <td>{e.detail}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
        {(page.pages > 1).then(|| view! {
            <nav class="fr-pagination" aria-label="Pagination du journal">
                <ul class="fr-pagination__list">
                    {(1..=page.pages).map(|n| view! {
                        <li><a class="fr-pagination__link" href=link(n) aria-current=(n == page.page).then_some("page")>{n}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
        })}
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
