//! `/map`: the places named in the cases, at the gazetteer's coordinates
//! (`data/places.tsv`), each a circle whose area grows with its cases. Drawn
//! here as SVG on a longitude/latitude grid: no tiles, nothing fetched.

use super::{entity_href, esc, render, select, text, Page, Shared};
use crate::extract::table::Table;
use axum::extract::State;
use axum::response::Response;
use std::collections::HashMap;
use std::fmt::Write as _;

const PLACES_TSV: &str = include_str!("../../../data/places.tsv");

/// The widest frame (China and its neighbours, in degrees); the map zooms to its places.
const LON: (f64, f64) = (73.0, 136.0);
const LAT: (f64, f64) = (17.0, 54.0);
const WIDTH: f64 = 1000.0;

/// The frame around `points` (lat, lon), 2° of margin, within the widest one.
fn frame(points: &[(f64, f64)]) -> ((f64, f64), (f64, f64)) {
    let (mut lon, mut lat) = ((f64::MAX, f64::MIN), (f64::MAX, f64::MIN));
    for &(y, x) in points {
        lon = (lon.0.min(x - 2.0), lon.1.max(x + 2.0));
        lat = (lat.0.min(y - 2.0), lat.1.max(y + 2.0));
    }
    if points.is_empty() {
        return (LON, LAT);
    }
    (
        (lon.0.max(LON.0), lon.1.min(LON.1)),
        (lat.0.max(LAT.0), lat.1.min(LAT.1)),
    )
}

/// adcode → (lat, lon), from the shipped gazetteer.
fn coordinates() -> HashMap<&'static str, (f64, f64)> {
    let Ok(table) = Table::parse("places.tsv", PLACES_TSV) else {
        return HashMap::new();
    };
    let Ok([code, lat, lon]) = table.columns(["adcode", "lat", "lon"]) else {
        return HashMap::new();
    };
    table
        .rows
        .iter()
        .filter_map(|r| {
            Some((
                r.get(code),
                (r.get(lat).parse().ok()?, r.get(lon).parse().ok()?),
            ))
        })
        .collect()
}

/// Places named in the cases, with the number of cases naming each, read from
/// the statistics graph (`store::statistics`) rather than counted from every mention.
const PLACES: &str = "SELECT ?p ?label ?code ?class ?n WHERE {
  ?class rdfs:subClassOf* cg:Place .
  ?p a ?class ; cg:casesMentioning ?n ; rdfs:label ?label FILTER(langMatches(lang(?label), \"zh\"))
  OPTIONAL { ?p cg:adcode|cg:iso3166 ?code }
} ORDER BY DESC(?n) ?label ?p";

pub async fn page(State(app): State<Shared>) -> Response {
    render(&app, |store, token| {
        let rows = select(store, token, PLACES)?;
        let coords = coordinates();
        let points: Vec<(f64, f64)> = rows.iter().filter_map(|r| coords.get(text(r, "code").as_str()).copied()).collect();
        let (lons, lats) = frame(&points);
        let height = WIDTH * (lats.1 - lats.0) / (lons.1 - lons.0);
        let x = |lon: f64| (lon - lons.0) / (lons.1 - lons.0) * WIDTH;
        let y = |lat: f64| (lats.1 - lat) / (lats.1 - lats.0) * height;
        let mut svg = format!(
            "<svg class=map xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" role=img aria-label=\"places\"><g class=grid>"
        );
        for lon in (75..=135).step_by(5).filter(|l| (lons.0..=lons.1).contains(&(*l as f64))) {
            let _ = write!(svg, "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"0\" y2=\"{height:.0}\"/><text x=\"{0:.1}\" y=\"{1:.0}\">{lon}°E</text>", x(lon as f64), height - 4.0);
        }
        for lat in (20..=50).step_by(5).filter(|l| (lats.0..=lats.1).contains(&(*l as f64))) {
            let _ = write!(svg, "<line y1=\"{0:.1}\" y2=\"{0:.1}\" x1=\"0\" x2=\"{WIDTH}\"/><text x=\"4\" y=\"{0:.1}\">{lat}°N</text>", y(lat as f64));
        }
        svg.push_str("</g>");
        let max = rows.iter().filter_map(|r| text(r, "n").parse::<f64>().ok()).fold(1.0, f64::max);
        let (mut placed, mut elsewhere) = (Vec::new(), Vec::new());
        let mut seen = std::collections::HashSet::new();
        for r in &rows {
            if !seen.insert(text(r, "p")) {
                continue; // a place of several classes (a city that is also a province-level unit) once
            }
            match coords.get(text(r, "code").as_str()) {
                Some(&(lat, lon)) => placed.push((r, lat, lon)),
                None => elsewhere.push(r),
            }
        }
        // Largest first, so small circles are drawn on top and stay clickable.
        for (r, lat, lon) in &placed {
            let n: f64 = text(r, "n").parse().unwrap_or(1.0);
            let radius = 3.0 + 22.0 * (n / max).sqrt();
            let label = text(r, "label");
            let _ = write!(
                svg,
                "<a href=\"{}\"><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{radius:.1}\"><title>{} · {n} 个案例</title></circle>{}</a>",
                esc(&entity_href(&text(r, "p"))),
                x(*lon),
                y(*lat),
                esc(&label),
                if radius > 7.0 {
                    format!("<text x=\"{:.1}\" y=\"{:.1}\">{}</text>", x(*lon) + radius + 2.0, y(*lat) + 4.0, esc(&label))
                } else {
                    String::new()
                }
            );
        }
        svg.push_str("</svg>");
        let mut body = format!(
            "<h1>地图 <span class=en>Map of places named in the cases</span></h1><p class=muted>圆的面积与案例数成正比；坐标来自地名表 <span class=en>circle area ∝ number of cases; coordinates from the gazetteer (data/places.tsv)</span>. {} 个地点 places on the map.</p>{svg}",
            placed.len()
        );
        let _ = write!(body, "<h2>其他地点 <span class=en>Countries and regions (no coordinates)</span></h2><p>");
        for r in &elsewhere {
            let _ = write!(body, "<a class=tag href=\"{}\">{} <span class=muted>{}</span></a>", esc(&entity_href(&text(r, "p"))), esc(&text(r, "label")), esc(&text(r, "n")));
        }
        body.push_str("</p>");
        Ok(Page { title: "地图 Map".into(), body })
    })
    .await
}
