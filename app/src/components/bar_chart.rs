//! A figure of a report: its title, a sentence saying what it shows, a bar
//! chart drawn on the server as SVG (no JavaScript), and the table of its
//! figures, which is the chart's full text alternative (RGAA 1.1 and 1.3).

use leptos::prelude::*;

use super::table::ScrollTable;
use crate::model::{Figure, FigureRow};

/// Series colours, from the State design system's palette, each at least
/// 4.5:1 against white: blue France, green « succès », orange « attention »,
/// purple glycine, grey.
const COLOURS: [&str; 5] = ["#000091", "#18753c", "#b34000", "#6e445a", "#3a3a3a"];

/// At most this many rows are drawn; the table gives them all.
const DRAWN: usize = 20;

const WIDTH: i64 = 640;
const BAR: i64 = 10;
const LABEL: i64 = 16;
const GAP: i64 = 6;
/// Room left at the end of the longest bar for its value.
const VALUE_ROOM: i64 = 60;

/// The rows drawn: all, or the `DRAWN` with the most of the first series,
/// kept in their order.
fn drawn(rows: &[FigureRow]) -> (Vec<&FigureRow>, bool) {
    if rows.len() <= DRAWN {
        return (rows.iter().collect(), false);
    }
    let mut largest: Vec<usize> = (0..rows.len()).collect();
    largest.sort_by_key(|i| std::cmp::Reverse(rows[*i].values.first().copied().unwrap_or(0)));
    largest.truncate(DRAWN);
    largest.sort_unstable();
    (largest.into_iter().map(|i| &rows[i]).collect(), true)
}

#[component]
pub fn FigureView(
    figure: Figure,
    /// The address of the figure's CSV file.
    csv: String,
) -> impl IntoView {
    let id = format!("figure-{}", figure.slug);
    let title_id = format!("{id}-titre");
    let summary_id = format!("{id}-resume");
    let series = figure.series.len().max(1) as i64;
    let (rows, cut) = drawn(&figure.rows);
    let max = rows
        .iter()
        .flat_map(|r| r.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let legend = if series > 1 { LABEL + GAP } else { 0 };
    let row_height = LABEL + series * (BAR + 1) + GAP;
    let height = legend + row_height * rows.len() as i64 + 4;
    let scale = |v: i64| v * (WIDTH - VALUE_ROOM) / max;
    let legend_view = (series > 1).then(|| {
        figure
            .series
            .iter()
            .enumerate()
            .map(|(s, name)| {
                let x = s as i64 * (WIDTH / series);
                view! {
                    <rect x=x y=2 width=BAR height=BAR fill=COLOURS[s % COLOURS.len()] />
                    <text x=x + BAR + 4 y=BAR class="ecoute-chart-text">{name.clone()}</text>
                }
            })
            .collect_view()
    });
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let top = legend + i as i64 * row_height;
            let row_bars = row
                .values
                .iter()
                .enumerate()
                .map(|(s, v)| {
                    let y = top + LABEL + s as i64 * (BAR + 1);
                    let w = scale(*v);
                    view! {
                        <rect x=0 y=y width=w height=BAR fill=COLOURS[s % COLOURS.len()] />
                        <text x=w + 4 y=y + BAR - 1 class="ecoute-chart-text ecoute-chart-value">{v.to_string()}</text>
                    }
                })
                .collect_view();
            view! {
                <text x=0 y=top + LABEL - 5 class="ecoute-chart-label">{row.label.clone()}</text>
                {row_bars}
            }
        })
        .collect_view();
    let cut_note = cut.then(|| {
        format!(
            "Le graphique montre les {DRAWN} lignes les plus fortes ({}) ; le tableau les donne toutes.",
            figure.series.first().map(|s| s.to_lowercase()).unwrap_or_default()
        )
    });
    let download = format!("Télécharger « {} » (CSV)", figure.title);
    let empty = figure.rows.iter().all(|r| r.values.iter().all(|v| *v == 0));
    view! {
        <section class="ecoute-figure fr-mb-6w" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone() class="fr-h5">{figure.title.clone()}</h3>
            <p id=summary_id.clone()>{figure.summary.clone()}</p>
            {(!empty).then(|| view! {
                <figure class="ecoute-chart fr-mb-2w">
                    <svg
                        class="ecoute-bars"
                        role="img"
                        aria-labelledby=title_id.clone()
                        aria-describedby=summary_id.clone()
                        viewBox=format!("0 0 {WIDTH} {height}")
                        width="100%"
                        preserveAspectRatio="xMinYMin meet"
                    >
                        {legend_view}
                        {bars}
                    </svg>
                </figure>
            })}
            {cut_note.map(|note| view! { <p class="fr-text--sm">{note}</p> })}
            <ScrollTable label=figure.title.clone() class="fr-mt-2w">
                <table>
                    <caption>{figure.title.clone()}</caption>
                    <thead><tr>
                        <th scope="col">{figure.label_heading.clone()}</th>
                        {figure.series.iter().map(|s| view! { <th scope="col">{s.clone()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {figure.rows.iter().map(|row| view! {
                            <tr>
                                <th scope="row">{row.label.clone()}</th>
                                {row.values.iter().map(|v| view! { <td>{v.to_string()}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </ScrollTable>
            <p class="ecoute-no-print">
                <a class="fr-link fr-icon-download-line fr-link--icon-left" href=csv target="_self">
                    {download}
                </a>
            </p>
        </section>
    }
}
