//! DSFR pagination: plain links (no script needed) to the first, previous,
//! next and last pages and to those around the current one.

use std::sync::Arc;

use leptos::prelude::*;

/// The address of page `n` of a list.
pub type PageLink = Arc<dyn Fn(u64) -> String + Send + Sync>;

/// The pages of a list on page `path`, numbered by query parameter `param`,
/// each opened at the list's `anchor`.
pub fn pages_at(path: String, param: &'static str, anchor: &'static str) -> PageLink {
    Arc::new(move |n| match n {
        1 => format!("{path}#{anchor}"),
        n => format!("{path}?{param}={n}#{anchor}"),
    })
}

/// The page the address asks for with `param` (1 when none).
pub fn page_in_query(param: &'static str) -> Memo<u64> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| {
        query
            .read()
            .get(param)
            .and_then(|page| page.parse::<u64>().ok())
            .unwrap_or(1)
    })
}

/// The page numbers to link around `page` (first, last and two on each
/// side); `None` stands for a gap.
fn window(page: u64, pages: u64) -> Vec<Option<u64>> {
    let mut shown: Vec<Option<u64>> = Vec::new();
    for n in 1..=pages {
        if n == 1 || n == pages || n.abs_diff(page) <= 2 {
            shown.push(Some(n));
        } else if shown.last() != Some(&None) {
            shown.push(None);
        }
    }
    shown
}

/// Links to the pages of a list of `pages`, at `page`; none for one page.
#[component]
pub fn Pagination(page: u64, pages: u64, link: PageLink) -> impl IntoView {
    (pages > 1).then(move || {
        let link = move |n: u64| link(n);
        let edge = |class: &'static str, label: &'static str, target: u64, enabled: bool| {
            let class = format!("fr-pagination__link {class}");
            if enabled {
                view! { <li><a class=class href=link(target)>{label}</a></li> }.into_any()
            } else {
                view! { <li><a class=class aria-disabled="true" role="link">{label}</a></li> }.into_any()
            }
        };
        view! {
            <nav role="navigation" class="fr-pagination fr-mt-3w" aria-label="Pagination">
                <ul class="fr-pagination__list">
                    {edge("fr-pagination__link--first", "Première page", 1, page > 1)}
                    {edge(
                        "fr-pagination__link--prev fr-pagination__link--lg-label",
                        "Page précédente",
                        page.saturating_sub(1),
                        page > 1,
                    )}
                    {window(page, pages)
                        .into_iter()
                        .map(|n| match n {
                            Some(n) => view! {
                                <li>
                                    <a
                                        class="fr-pagination__link"
                                        href=link(n)
                                        aria-current=(n == page).then_some("page")
                                        title=format!("Page {n}")
                                    >
                                        {n}
                                    </a>
                                </li>
                            }
                            .into_any(),
                            None => view! { <li><span class="fr-pagination__link">"…"</span></li> }.into_any(),
                        })
                        .collect_view()}
                    {edge(
                        "fr-pagination__link--next fr-pagination__link--lg-label",
                        "Page suivante",
                        page + 1,
                        page < pages,
                    )}
                    {edge("fr-pagination__link--last", "Dernière page", pages, page < pages)}
                </ul>
            </nav>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn pagination_shows_the_ends_and_the_neighbourhood() {
        assert_eq!(window(1, 3), vec![Some(1), Some(2), Some(3)]);
        assert_eq!(
            window(10, 5000),
            vec![
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(5000)
            ]
        );
    }
}
