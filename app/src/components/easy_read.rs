//! « Facile à lire et à comprendre » (FALC) versions beside the standard
//! text: a switch made of two links (the page with `?version=falc` or
//! without), so that it works without JavaScript, and the version itself
//! under its own heading, in its own `lang`.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::easy_read::annual_report_easy_read;
use crate::components::feedback::loaded;
use crate::model::{EASY_READ_HEADING, EASY_READ_PARAM, EASY_READ_VALUE};

/// Whether the page's address asks for the FALC version.
pub fn wants_easy_read() -> Memo<bool> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get(EASY_READ_PARAM).as_deref() == Some(EASY_READ_VALUE))
}

/// The two links between the standard text of `page` (its path) and its
/// FALC version; the one shown is marked as the current page.
#[component]
pub fn EasyReadSwitch(#[prop(into)] page: String, easy: bool) -> impl IntoView {
    let class = |current: bool| {
        if current {
            "fr-btn fr-btn--sm"
        } else {
            "fr-btn fr-btn--sm fr-btn--secondary"
        }
    };
    view! {
        <nav class="fr-mb-2w ecoute-no-print" aria-label="Version du texte">
            <ul class="fr-btns-group fr-btns-group--inline-sm">
                <li>
                    <a class=class(!easy) href=page.clone() aria-current=(!easy).then_some("page")>
                        "Texte standard"
                    </a>
                </li>
                <li>
                    <a class=class(easy) href=format!("{page}?{EASY_READ_PARAM}={EASY_READ_VALUE}")
                        aria-current=easy.then_some("page")>
                        {EASY_READ_HEADING}
                    </a>
                </li>
            </ul>
        </nav>
    }
}

/// A FALC version (`html`, rendered and sanitised) under its heading.
#[component]
pub fn EasyReadText(html: String) -> impl IntoView {
    view! {
        <section class="fr-mb-4w ecoute-easy-read" lang="fr" aria-labelledby="facile-a-lire">
            <h2 id="facile-a-lire">{EASY_READ_HEADING}</h2>
            <div class="ecoute-markdown" inner_html=html></div>
        </section>
    }
}

/// The FALC version of the annual report of `year`, if one is written: to
/// put on the report's page, after its standard text.
#[component]
pub fn AnnualReportEasyRead(year: i32) -> impl IntoView {
    let version = Resource::new(move || year, annual_report_easy_read);
    view! {
        {loaded(version, |html: Option<String>| html.map(|html| view! { <EasyReadText html /> }))}
    }
}
