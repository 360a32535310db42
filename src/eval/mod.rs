//! Scoring against hand annotations (`GUIDELINES.md` gold format), by the
//! rules of the shared `score.py`: per field precision, recall and F1,
//! micro-averaged over cases, strings compared without whitespace.
//!
//! The scorer is independent of where the system's answers come from: `casegraph
//! eval` reads them from the store with SPARQL, tests read them straight off
//! the extraction.

pub mod from_extraction;
#[cfg(feature = "store")]
pub mod from_store;

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One gold case file.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldCase {
    pub number: u32,
    pub title: String,
    pub provider: String,
    pub sections: GoldSections,
    #[serde(default)]
    pub policy_documents: Vec<String>,
    #[serde(default)]
    pub works: Vec<String>,
    #[serde(default)]
    pub places_cn: Vec<String>,
    #[serde(default)]
    pub countries: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<GoldOrg>,
    #[serde(default)]
    pub indicators: Vec<GoldIndicator>,
    #[serde(default)]
    pub dates: Vec<String>,
    pub sector: String,
    #[serde(default)]
    pub optional_places_cn: Vec<String>,
    #[serde(default)]
    pub optional_countries: Vec<String>,
    #[serde(default)]
    pub optional_organizations: Vec<GoldOrg>,
    #[serde(default)]
    pub optional_indicators: Vec<GoldIndicator>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldSections {
    pub measures: usize,
    pub outcomes: usize,
    pub next_steps: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldOrg {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldIndicator {
    pub value: f64,
    pub unit: String,
    #[serde(default)]
    pub qualifier: String,
}

/// Reads every `*.json` gold file of `dir`, ordered by case number.
pub fn load_gold(dir: &Path) -> anyhow::Result<Vec<GoldCase>> {
    let mut cases = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path)?;
            let case: GoldCase = serde_json::from_str(&text)
                .map_err(|e| anyhow::anyhow!("{}:{}: {e}", path.display(), e.line()))?;
            cases.push(case);
        }
    }
    if cases.is_empty() {
        anyhow::bail!("{}: no gold *.json files", dir.display());
    }
    cases.sort_by_key(|c| c.number);
    Ok(cases)
}

/// An organisation as the system sees it in one case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SystemOrg {
    /// Label and aliases.
    pub names: BTreeSet<String>,
    /// Local names of its classes (`Exchange`).
    pub classes: BTreeSet<String>,
}

/// What the system says about one case.
#[derive(Debug, Clone, Default)]
pub struct SystemCase {
    pub title: String,
    pub providers: Vec<String>,
    pub sections: [usize; 3],
    pub places_cn: BTreeSet<String>,
    pub countries: BTreeSet<String>,
    /// title → class local name (`PolicyDocument`, `CreativeWork`).
    pub titles: BTreeMap<String, String>,
    /// organisation id → what is known of it.
    pub organizations: BTreeMap<String, SystemOrg>,
    /// (value, unit, qualifier)
    pub indicators: Vec<(f64, String, String)>,
    pub dates: BTreeSet<String>,
    pub sectors: BTreeSet<String>,
}

/// Precision, recall, F1 over counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Tally {
    pub tp: usize,
    pub fp: usize,
    pub r#fn: usize,
}

impl Tally {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.r#fn)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, tp: usize, fp: usize, fn_: usize) {
        self.tp += tp;
        self.fp += fp;
        self.r#fn += fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One field's figures and what it got wrong.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FieldScore {
    pub tally: Tally,
    /// Accuracy of a secondary attribute over the matched items (type, class, qualifier).
    pub accuracy: Option<f64>,
    /// `case N: missed X` / `case N: extra X` lines.
    pub misses: Vec<String>,
}

/// The whole report.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Report {
    pub fields: BTreeMap<&'static str, FieldScore>,
    pub cases: usize,
    pub sections_exact: usize,
    pub titles_right: usize,
    pub providers_right: usize,
    pub sectors_right: usize,
}

/// Removes all whitespace.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A place label without its `省`/`市`/`自治区`/`特别行政区` suffix.
pub fn place_key(s: &str) -> String {
    let s = squash(s);
    for suffix in ["特别行政区", "自治区", "省", "市"] {
        if let Some(stem) = s.strip_suffix(suffix) {
            if stem.chars().count() > 1 {
                return stem.to_string();
            }
        }
    }
    s
}

/// Scores `system` (by case number) against `gold`.
pub fn score(gold: &[GoldCase], system: &BTreeMap<u32, SystemCase>) -> Report {
    let empty = SystemCase::default();
    let mut report = Report {
        cases: gold.len(),
        ..Default::default()
    };
    let mut places = FieldScore::default();
    let mut countries = FieldScore::default();
    let mut dates = FieldScore::default();
    let mut titles = FieldScore::default();
    let mut orgs = FieldScore::default();
    let mut indicators = FieldScore::default();
    let (mut title_class, mut org_type, mut qualifier) = ((0, 0), (0, 0), (0, 0));

    for g in gold {
        let s = system.get(&g.number).unwrap_or(&empty);
        let n = g.number;
        score_set(
            &mut places,
            n,
            &s.places_cn,
            &g.places_cn,
            &g.optional_places_cn,
            place_key,
        );
        score_set(
            &mut countries,
            n,
            &s.countries,
            &g.countries,
            &g.optional_countries,
            squash,
        );
        score_set(&mut dates, n, &s.dates, &g.dates, &[], squash);

        let works: BTreeSet<String> = g.works.iter().map(|w| squash(w)).collect();
        let gold_titles: Vec<String> = g.policy_documents.iter().chain(&g.works).cloned().collect();
        let system_titles: BTreeSet<String> = s.titles.keys().cloned().collect();
        let matched = score_set(&mut titles, n, &system_titles, &gold_titles, &[], squash);
        for t in matched {
            let want = if works.contains(&t) {
                "CreativeWork"
            } else {
                "PolicyDocument"
            };
            title_class.1 += 1;
            title_class.0 += usize::from(s.titles.iter().any(|(k, c)| squash(k) == t && c == want));
        }

        let mut found = BTreeSet::new();
        for go in &g.organizations {
            let names: BTreeSet<String> = std::iter::once(&go.name)
                .chain(&go.aliases)
                .map(|x| squash(x))
                .collect();
            let hits: Vec<&String> = s
                .organizations
                .iter()
                .filter(|(_, o)| o.names.iter().any(|x| names.contains(&squash(x))))
                .map(|(id, _)| id)
                .collect();
            if hits.is_empty() {
                orgs.tally.add(0, 0, 1);
                orgs.misses
                    .push(format!("case {n}: missed organisation {}", go.name));
            } else {
                orgs.tally.add(1, 0, 0);
                let want = org_class(&go.kind);
                org_type.1 += 1;
                if hits
                    .iter()
                    .any(|id| s.organizations[*id].classes.contains(want))
                {
                    org_type.0 += 1;
                } else {
                    let got: Vec<_> = hits
                        .iter()
                        .flat_map(|id| s.organizations[*id].classes.iter().cloned())
                        .collect();
                    orgs.misses
                        .push(format!("case {n}: {} typed {got:?}, gold {want}", go.name));
                }
                found.extend(hits.into_iter().cloned());
            }
        }
        let optional: BTreeSet<String> = g
            .optional_organizations
            .iter()
            .flat_map(|o| std::iter::once(&o.name).chain(&o.aliases))
            .map(|x| squash(x))
            .collect();
        for (id, o) in &s.organizations {
            if !found.contains(id) && !o.names.iter().any(|x| optional.contains(&squash(x))) {
                orgs.tally.add(0, 1, 0);
                orgs.misses.push(format!(
                    "case {n}: extra organisation {}",
                    o.names.iter().cloned().collect::<Vec<_>>().join("|")
                ));
            }
        }

        // indicators: multisets of (value, unit)
        let key = |v: f64, u: &str| (format!("{v}"), squash(u));
        let mut want: BTreeMap<(String, String), isize> = BTreeMap::new();
        for i in &g.indicators {
            *want.entry(key(i.value, &i.unit)).or_default() += 1;
        }
        let mut opt: BTreeMap<(String, String), isize> = BTreeMap::new();
        for i in &g.optional_indicators {
            *opt.entry(key(i.value, &i.unit)).or_default() += 1;
        }
        let mut got: BTreeMap<(String, String), isize> = BTreeMap::new();
        let mut quals: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for (v, u, q) in &s.indicators {
            *got.entry(key(*v, u)).or_default() += 1;
            quals.entry(key(*v, u)).or_default().push(squash(q));
        }
        for (k, &g_count) in &want {
            let s_count = got.get(k).copied().unwrap_or(0);
            let tp = g_count.min(s_count);
            indicators
                .tally
                .add(tp as usize, 0, (g_count - tp) as usize);
            if g_count > tp {
                indicators.misses.push(format!(
                    "case {n}: missed {}{} ×{}",
                    k.0,
                    k.1,
                    g_count - tp
                ));
            }
        }
        for (k, &s_count) in &got {
            let extra =
                s_count - want.get(k).copied().unwrap_or(0) - opt.get(k).copied().unwrap_or(0);
            if extra > 0 {
                indicators.tally.add(0, extra as usize, 0);
                indicators
                    .misses
                    .push(format!("case {n}: extra {}{} ×{extra}", k.0, k.1));
            }
        }
        for i in &g.indicators {
            if let Some(qs) = quals.get(&key(i.value, &i.unit)) {
                qualifier.1 += 1;
                if qs.contains(&squash(&i.qualifier)) {
                    qualifier.0 += 1;
                } else {
                    indicators.misses.push(format!(
                        "case {n}: {}{} qualifier {qs:?}, gold {:?}",
                        i.value, i.unit, i.qualifier
                    ));
                }
            }
        }

        let exact = s.sections
            == [
                g.sections.measures,
                g.sections.outcomes,
                g.sections.next_steps,
            ];
        report.sections_exact += usize::from(exact);
        report.titles_right += usize::from(squash(&s.title) == squash(&g.title));
        report.providers_right += usize::from(
            s.providers
                .iter()
                .any(|p| place_key(p) == place_key(&g.provider)),
        );
        report.sectors_right +=
            usize::from(s.sectors.iter().any(|x| squash(x) == squash(&g.sector)));
    }
    titles.accuracy = Some(ratio(title_class.0, title_class.1));
    orgs.accuracy = Some(ratio(org_type.0, org_type.1));
    indicators.accuracy = Some(ratio(qualifier.0, qualifier.1));
    report.fields.insert("places_cn", places);
    report.fields.insert("countries", countries);
    report.fields.insert("titles", titles);
    report.fields.insert("organizations", orgs);
    report.fields.insert("indicators", indicators);
    report.fields.insert("dates", dates);
    report
}

/// Adds one case's set comparison to `field`; returns the matched keys.
fn score_set(
    field: &mut FieldScore,
    case: u32,
    system: &BTreeSet<String>,
    gold: &[String],
    optional: &[String],
    norm: fn(&str) -> String,
) -> BTreeSet<String> {
    let s: BTreeSet<String> = system.iter().map(|x| norm(x)).collect();
    let g: BTreeSet<String> = gold.iter().map(|x| norm(x)).collect();
    let o: BTreeSet<String> = optional.iter().map(|x| norm(x)).collect();
    let tp: BTreeSet<String> = s.intersection(&g).cloned().collect();
    let fp: Vec<&String> = s
        .iter()
        .filter(|x| !g.contains(*x) && !o.contains(*x))
        .collect();
    let fn_: Vec<&String> = g.difference(&s).collect();
    field.tally.add(tp.len(), fp.len(), fn_.len());
    field
        .misses
        .extend(fn_.iter().map(|x| format!("case {case}: missed {x}")));
    field
        .misses
        .extend(fp.iter().map(|x| format!("case {case}: extra {x}")));
    tp
}

/// The ontology class local name of a gold organisation type.
pub fn org_class(kind: &str) -> &'static str {
    match kind {
        "government" => "GovernmentBody",
        "exchange" => "Exchange",
        "financial" => "FinancialInstitution",
        "enterprise" => "Enterprise",
        "research" => "ResearchInstitution",
        "judicial" => "JudicialBody",
        "association" => "Association",
        "international" => "InternationalOrganization",
        "platform" => "Platform",
        _ => "Organization",
    }
}

impl Report {
    /// The human-readable report: one line per field, then the misses.
    pub fn render(&self, with_misses: bool) -> String {
        let mut out = String::new();
        for (name, f) in &self.fields {
            out.push_str(&format!(
                "{name:14} P {:.3}  R {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
                f.tally.precision(),
                f.tally.recall(),
                f.tally.f1(),
                f.tally.tp,
                f.tally.fp,
                f.tally.r#fn
            ));
            if let Some(a) = f.accuracy {
                let what = match *name {
                    "titles" => "class",
                    "organizations" => "type",
                    _ => "qualifier",
                };
                out.push_str(&format!("  {what} accuracy {a:.3}"));
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "sections       exact {}/{}  titles {}/{}  providers {}/{}\nsector         right {}/{}\n",
            self.sections_exact, self.cases, self.titles_right, self.cases, self.providers_right, self.cases, self.sectors_right, self.cases
        ));
        if with_misses {
            for (name, f) in &self.fields {
                for m in &f.misses {
                    out.push_str(&format!("  {name}: {m}\n"));
                }
            }
        }
        out
    }
}
