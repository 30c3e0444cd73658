//! Line charts over months, drawn with `plotters`' SVG back end and wrapped
//! so that a reader with a screen reader gets the title and a description.
//!
//! `plotters` is built without any font feature: its text layout then
//! estimates widths from the font size and needs no font file, and the SVG
//! names a generic family that the browser resolves. Colours follow the
//! Okabe–Ito palette (distinguishable with the common colour-vision
//! deficiencies), and every series also differs by its dash pattern and
//! marker, so the chart reads in greyscale print too. Coordinates are `f64`
//! for drawing only; every figure a reader copies comes from the table
//! beside the chart, written from the decimals.

use super::escape;
use crate::eval::Period;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::fmt::Write as _;

/// The Okabe–Ito colours, in the order series take them.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
];

/// The size of a chart, in CSS pixels.
const SIZE: (u32, u32) = (760, 300);

/// How a series' line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stroke {
    /// A solid line through the month's points, with markers.
    Solid,
    /// A dashed line held flat across each month (a level in force, like a target).
    DashedSteps,
    /// A dotted line held flat across each month (a second level, like a minimum).
    DottedSteps,
}

/// One line of a chart: a value per month (none where there is no value).
#[derive(Clone, Debug)]
pub struct Series {
    /// The legend text.
    pub name: String,
    /// How it is drawn.
    pub stroke: Stroke,
    /// One point per month of the chart.
    pub points: Vec<Option<f64>>,
}

/// A chart over consecutive months.
#[derive(Clone, Debug)]
pub struct Chart<'a> {
    /// The element id (unique in the document).
    pub id: String,
    /// The title shown above the chart.
    pub title: String,
    /// The y axis label, with its unit.
    pub y_label: String,
    /// The months, one per x position.
    pub months: &'a [Period],
    /// The lines, in legend order.
    pub series: Vec<Series>,
    /// The text alternative: what the chart shows, in a sentence or two.
    pub description: String,
    /// Bounds the axis should not pass unless a value does (`0..100` for percents).
    pub limits: Option<(f64, f64)>,
}

/// The chart as an inline `<svg>` element with `role="img"`, a `<title>`
/// and a `<desc>`; a short note instead if `plotters` reports an error.
pub fn svg(chart: &Chart) -> String {
    let mut drawn = String::new();
    let result = draw(chart, SVGBackend::with_string(&mut drawn, SIZE).into_drawing_area());
    if let Err(e) = result {
        return format!(
            "<p class=\"note\">The chart could not be drawn ({}); its numbers are in the table.</p>",
            escape(&e)
        );
    }
    let Some(open_end) = drawn.find("<svg").and_then(|start| drawn[start..].find('>').map(|end| start + end)) else {
        return String::new();
    };
    let id = escape(&chart.id);
    let mut out = String::with_capacity(drawn.len() + 256);
    out.push_str(&drawn[..open_end]);
    let _ = write!(
        out,
        " role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(&chart.title),
        escape(&chart.description)
    );
    out.push_str(&drawn[open_end + 1..]);
    out
}

fn draw(chart: &Chart, root: DrawingArea<SVGBackend, Shift>) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    let (low, high) = y_range(&chart.series, chart.limits);
    let n = chart.months.len().max(1) as f64;
    let entries = legend_layout(&chart.series);
    let legend_rows = entries.iter().map(|e| e.row).max().map_or(0, |r| r + 1) as i32;
    let mut ctx = ChartBuilder::on(&root)
        .caption(&chart.title, ("sans-serif", 20))
        .margin(10)
        .margin_bottom(10 + LEGEND_ROW * legend_rows)
        .x_label_area_size(46)
        .y_label_area_size(80)
        .build_cartesian_2d(-0.5f64..(n - 0.5), low..high)
        .map_err(err)?;
    let months = chart.months;
    let label = |x: &f64| {
        let i = x.round();
        if (x - i).abs() > 1e-6 || i < 0.0 {
            return String::new();
        }
        months.get(i as usize).map_or_else(String::new, |p| p.to_string())
    };
    ctx.configure_mesh()
        .disable_x_mesh()
        .x_labels(months.len().min(13))
        .x_label_formatter(&label)
        .y_label_formatter(&|y: &f64| tick(*y))
        .x_desc("Month")
        .y_desc(&chart.y_label)
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(err)?;
    for (i, series) in chart.series.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let style = colour.stroke_width(2);
        for run in runs(series) {
            match series.stroke {
                Stroke::Solid => {
                    ctx.draw_series(LineSeries::new(run.iter().map(|(x, y)| (*x as f64, *y)), style)).map_err(err)?;
                }
                Stroke::DashedSteps | Stroke::DottedSteps => {
                    let (dash, gap) = if series.stroke == Stroke::DashedSteps { (8, 5) } else { (2, 4) };
                    ctx.draw_series(DashedLineSeries::new(steps(&run), dash, gap, style)).map_err(err)?;
                }
            }
        }
        if series.stroke == Stroke::Solid {
            let points: Vec<(f64, f64)> =
                series.points.iter().enumerate().filter_map(|(x, y)| y.map(|y| (x as f64, y))).collect();
            let fill = colour.filled();
            let drawn = match i % 4 {
                0 => ctx.draw_series(points.iter().map(|p| Circle::new(*p, 4, fill))).map(|_| ()),
                1 => ctx.draw_series(points.iter().map(|p| TriangleMarker::new(*p, 5, fill))).map(|_| ()),
                2 => ctx.draw_series(points.iter().map(|p| Cross::new(*p, 4, style))).map(|_| ()),
                _ => ctx
                    .draw_series(points.iter().map(|p| EmptyElement::at(*p) + Rectangle::new([(-4, -4), (4, 4)], fill)))
                    .map(|_| ()),
            };
            drawn.map_err(err)?;
        }
    }
    let (_, height) = root.dim_in_pixel();
    let top = height as i32 - 8 - LEGEND_ROW * legend_rows;
    for (i, (series, entry)) in chart.series.iter().zip(&entries).enumerate() {
        let (x, y) = (entry.x, top + LEGEND_ROW * entry.row as i32 + LEGEND_ROW / 2);
        legend(&root, i, series, (x, y))?;
    }
    root.present().map_err(err)
}

/// The height of a legend row, in pixels.
const LEGEND_ROW: i32 = 22;

/// Where a legend entry goes: its row and its left edge.
struct LegendEntry {
    row: usize,
    x: i32,
}

/// Lays the legend entries out left to right, in as many rows as needed
/// (widths estimated the way `plotters` estimates text without a font).
fn legend_layout(series: &[Series]) -> Vec<LegendEntry> {
    let width = SIZE.0 as i32 - 20;
    let (mut row, mut x) = (0, 80);
    series
        .iter()
        .map(|s| {
            let w = 36 + 8 * s.name.chars().count() as i32 + 18;
            if x + w > width && x > 80 {
                row += 1;
                x = 80;
            }
            let entry = LegendEntry { row, x };
            x += w;
            entry
        })
        .collect()
}

/// Draws the legend entry of series `i` at `(x, y)`: its line pattern, its
/// marker, its name.
fn legend(root: &DrawingArea<SVGBackend, Shift>, i: usize, series: &Series, (x, y): (i32, i32)) -> Result<(), String> {
    let colour = PALETTE[i % PALETTE.len()];
    let style = colour.stroke_width(2);
    let segments: &[(i32, i32)] = match series.stroke {
        Stroke::Solid => &[(0, 28)],
        Stroke::DashedSteps => &[(0, 8), (13, 21), (26, 28)],
        Stroke::DottedSteps => &[(0, 2), (6, 8), (12, 14), (18, 20), (24, 26)],
    };
    for (a, b) in segments {
        root.draw(&PathElement::new(vec![(x + a, y), (x + b, y)], style)).map_err(|e| e.to_string())?;
    }
    if series.stroke == Stroke::Solid {
        let at = (x + 14, y);
        let fill = colour.filled();
        match i % 4 {
            0 => root.draw(&Circle::new(at, 4, fill)),
            1 => root.draw(&TriangleMarker::new(at, 5, fill)),
            2 => root.draw(&Cross::new(at, 4, style)),
            _ => root.draw(&Rectangle::new([(at.0 - 4, y - 4), (at.0 + 4, y + 4)], fill)),
        }
        .map_err(|e| e.to_string())?;
    }
    root.draw(&Text::new(series.name.clone(), (x + 34, y - 8), ("sans-serif", 14))).map_err(|e| e.to_string())
}

/// A y axis tick: no trailing zeros, no `-0`.
fn tick(y: f64) -> String {
    let text = format!("{y:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// The runs of consecutive months that have a value: `(month, value)`.
fn runs(series: &Series) -> Vec<Vec<(usize, f64)>> {
    let mut runs: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut current = Vec::new();
    for (x, y) in series.points.iter().enumerate() {
        match y {
            Some(y) => current.push((x, *y)),
            None if !current.is_empty() => runs.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// A level held across each month: from half a month before to half after.
fn steps(run: &[(usize, f64)]) -> Vec<(f64, f64)> {
    run.iter().flat_map(|&(x, y)| [(x as f64 - 0.5, y), (x as f64 + 0.5, y)]).collect()
}

/// The y range: every value with a margin of a tenth of the spread, not
/// past `limits` (a percent of a population stays within 0..100) unless a
/// value is; `0..1` without values.
fn y_range(series: &[Series], limits: Option<(f64, f64)>) -> (f64, f64) {
    let values = series.iter().flat_map(|s| s.points.iter().flatten().copied());
    let (low, high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !low.is_finite() || !high.is_finite() {
        return (0.0, 1.0);
    }
    let spread = if high > low { high - low } else { low.abs().max(1.0) };
    let (mut bottom, mut top) = (low - spread * 0.1, high + spread * 0.1);
    if let Some((floor, ceiling)) = limits {
        bottom = if low >= floor { bottom.max(floor) } else { bottom };
        top = if high <= ceiling { top.min(ceiling) } else { top };
    }
    (bottom, top)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(points: &[f64]) -> Vec<Series> {
        vec![Series { name: "s".to_string(), stroke: Stroke::Solid, points: points.iter().map(|p| Some(*p)).collect() }]
    }

    #[test]
    fn the_axis_keeps_to_its_limits_unless_a_value_is_outside() {
        assert_eq!(y_range(&series(&[80.0, 100.0]), Some((0.0, 100.0))), (78.0, 100.0));
        assert_eq!(y_range(&series(&[80.0, 120.0]), Some((0.0, 100.0))), (76.0, 124.0));
        assert_eq!(y_range(&series(&[0.0, 10.0]), Some((0.0, f64::INFINITY))), (0.0, 11.0));
        assert_eq!(y_range(&series(&[]), None), (0.0, 1.0));
    }

    #[test]
    fn ticks_have_no_trailing_zeros() {
        assert_eq!(tick(40000.0), "40000");
        assert_eq!(tick(99.5), "99.5");
        assert_eq!(tick(-0.0), "0");
    }

    #[test]
    fn a_chart_has_a_title_a_description_and_escaped_text() {
        let months: Vec<Period> = vec!["2026-01".parse().unwrap(), "2026-02".parse().unwrap()];
        let chart = Chart {
            id: "c1".to_string(),
            title: "A <b> & B".to_string(),
            y_label: "Value (%)".to_string(),
            months: &months,
            series: series(&[1.0, 2.0]),
            description: "What it shows".to_string(),
            limits: None,
        };
        let svg = svg(&chart);
        assert!(svg.starts_with("<svg "), "{svg}");
        assert!(svg.contains("role=\"img\" aria-labelledby=\"c1-title c1-desc\""), "{svg}");
        assert!(svg.contains("<title id=\"c1-title\">A &lt;b&gt; &amp; B</title>"), "{svg}");
        assert!(svg.contains("<desc id=\"c1-desc\">What it shows</desc>"), "{svg}");
        for text in ["2026-02", "Month", "Value (%)"] {
            assert!(svg.contains(&format!(">\n{text}\n</text>")), "no {text}: {svg}");
        }
        assert!(!svg.contains("<b>"), "{svg}");
    }
}
