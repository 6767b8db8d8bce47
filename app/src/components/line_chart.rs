//! A line chart over time, drawn on the server as SVG (no JavaScript), with
//! marks on the same time axis for dated events.
//!
//! For people who cannot see it (RGAA 1.1, 1.3, 1.6): the drawing is one
//! image (`role="img"`) named by the chart's title and described by its
//! one-sentence summary, both shown above it, and the table of its figures,
//! which the page gives as `children`, follows it as its full description.
//! Values are drawn in blue France (#000091) as dots joined by a line, the
//! marks in green (#18753C, 5.6:1 on white) as diamonds on dashed lines: a
//! shape of their own, not a colour alone.

use chrono::NaiveDate;
use leptos::prelude::*;

/// A value drawn: its date, its number and the date as written.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    pub at: NaiveDate,
    pub value: f64,
    pub date: String,
}

/// A dated event marked on the time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartMark {
    pub at: NaiveDate,
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 40.0;
const LINE: &str = "#000091";
const MARK: &str = "#18753C";
const TEXT: &str = "#3A3A3A";
const GRID: &str = "#DDDDDD";

/// A number on the scale, written the French way.
fn tick(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}").replace('.', ",")
    }
}

/// A number of the scale with its unit: « 5/10 », « 50 % », « 30 min ».
fn scale_label(value: f64, unit: &str) -> String {
    match unit {
        "" => tick(value),
        unit if unit.starts_with('/') => format!("{}{unit}", tick(value)),
        unit => format!("{} {unit}", tick(value)),
    }
}

/// Where dates fall on the chart: the points' span (a month either side of
/// a single date), across the plot's width.
struct TimeAxis {
    start: NaiveDate,
    days: f64,
}

impl TimeAxis {
    fn of(points: &[ChartPoint]) -> Self {
        let first = points.first().map(|p| p.at).unwrap_or_default();
        let last = points.last().map(|p| p.at).unwrap_or(first);
        let (start, end) = if first == last {
            (first - chrono::Days::new(30), last + chrono::Days::new(30))
        } else {
            (first, last)
        };
        Self {
            start,
            days: (end - start).num_days().max(1) as f64,
        }
    }

    fn x(&self, at: NaiveDate) -> f64 {
        LEFT + (at - self.start).num_days() as f64 / self.days * (WIDTH - LEFT - RIGHT)
    }

    fn holds(&self, at: NaiveDate) -> bool {
        at >= self.start && (at - self.start).num_days() as f64 <= self.days
    }
}

/// The chart, under its title (a heading of `level` 3) and summary.
/// `points` are in date order; marks outside their span are left out.
#[component]
pub fn LineChart(
    /// Unique on the page; the title's and summary's ids start with it.
    #[prop(into)]
    id: String,
    #[prop(into)] title: String,
    #[prop(into)] summary: String,
    points: Vec<ChartPoint>,
    marks: Vec<ChartMark>,
    /// The top of the scale, which starts at 0.
    scale_max: f64,
    /// What follows a number on the scale (« % », « /10 »).
    #[prop(into)]
    unit: String,
    /// What the marks stand for, in the legend.
    #[prop(into)]
    mark_label: String,
    /// The table of the chart's figures.
    children: Children,
) -> impl IntoView {
    let axis = TimeAxis::of(&points);
    let scale_max = if scale_max > 0.0 { scale_max } else { 1.0 };
    let y = move |value: f64| TOP + (1.0 - value / scale_max) * (HEIGHT - TOP - BOTTOM);
    let title_id = format!("{id}-titre");
    let summary_id = format!("{id}-resume");
    let grid = (0..=4)
        .map(|i| {
            let value = scale_max * f64::from(i) / 4.0;
            let at = y(value);
            view! {
                <line x1=LEFT.to_string() x2=(WIDTH - RIGHT).to_string() y1=at.to_string() y2=at.to_string()
                    stroke=GRID stroke-width="1" />
                <text x=(LEFT - 8.0).to_string() y=(at + 4.0).to_string() text-anchor="end" font-size="12" fill=TEXT>
                    {scale_label(value, &unit)}
                </text>
            }
        })
        .collect_view();
    let line: String = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", axis.x(p.at), y(p.value)))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = points
        .iter()
        .map(|p| {
            view! {
                <circle class="ecoute-chart__point" cx=format!("{:.1}", axis.x(p.at)) cy=format!("{:.1}", y(p.value))
                    r="4.5" fill=LINE stroke="#FFFFFF" stroke-width="1.5" />
            }
        })
        .collect_view();
    let marks = marks
        .into_iter()
        .filter(|m| axis.holds(m.at))
        .map(|m| {
            let x = axis.x(m.at);
            view! {
                <line x1=format!("{x:.1}") x2=format!("{x:.1}") y1=(TOP + 6.0).to_string() y2=(HEIGHT - BOTTOM).to_string()
                    stroke=MARK stroke-width="1.5" stroke-dasharray="5 4" />
                <path class="ecoute-chart__delivery" d=format!("M {x:.1} {:.1} l 6 6 l -6 6 l -6 -6 z", TOP - 6.0) fill=MARK />
            }
        })
        .collect_view();
    let first = points.first().map(|p| p.date.clone()).unwrap_or_default();
    let last = points
        .last()
        .filter(|_| points.len() > 1)
        .map(|p| p.date.clone());
    let baseline = HEIGHT - BOTTOM;
    view! {
        <h3 id=title_id.clone() class="fr-h5 fr-mb-1w">{title}</h3>
        <p id=summary_id.clone() class="fr-mb-2w">{summary}</p>
        <figure class="ecoute-chart fr-mb-2w">
            <svg
                role="img"
                aria-labelledby=format!("{title_id} {summary_id}")
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                width="100%"
                preserveAspectRatio="xMidYMid meet"

            >
                {grid}
                <line x1=LEFT.to_string() x2=(WIDTH - RIGHT).to_string() y1=baseline.to_string() y2=baseline.to_string()
                    stroke=TEXT stroke-width="1" />
                <text x=LEFT.to_string() y=(HEIGHT - 12.0).to_string() text-anchor="start" font-size="12" fill=TEXT>{first}</text>
                {last.map(|last| view! {
                    <text x=(WIDTH - RIGHT).to_string() y=(HEIGHT - 12.0).to_string() text-anchor="end" font-size="12" fill=TEXT>{last}</text>
                })}
                {marks}
                <polyline points=line fill="none" stroke=LINE stroke-width="2.5" />
                {dots}
            </svg>
            <figcaption class="ecoute-chart__legend fr-text--sm">
                <span class="ecoute-chart__key">
                    <svg aria-hidden="true" viewBox="0 0 24 12" width="24" height="12">
                        <line x1="0" x2="24" y1="6" y2="6" stroke=LINE stroke-width="2.5" />
                        <circle cx="12" cy="6" r="4" fill=LINE />
                    </svg>
                    " Valeur mesurée"
                </span>
                <span class="ecoute-chart__key">
                    <svg aria-hidden="true" viewBox="0 0 24 12" width="24" height="12">
                        <path d="M 12 0 l 6 6 l -6 6 l -6 -6 z" fill=MARK />
                    </svg>
                    {format!(" {mark_label}")}
                </span>
            </figcaption>
        </figure>
        {children()}
    }
}
