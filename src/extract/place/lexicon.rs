//! Loading the gazetteer tables of `data/` into a [`PlaceLexicon`].

use super::{PlaceClass, PlaceInfo, PlaceRef};
use crate::extract::table::Table;
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

/// How a surface form names a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// The full official name (`上海市`, `南沙区`) or a country's or region's name.
    Full,
    /// A division's short name (`上海`, `南沙`).
    Short,
    /// Another recorded form (`美利坚合众国`, `大湾区`).
    Alias,
}

/// One place a surface form may denote.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub place: PlaceRef,
    pub form: Form,
    /// What the gazetteer says of `place` (`None`: nothing), kept here
    /// because every match asks: looking it up compared strings in a tree.
    pub class: Option<PlaceClass>,
    /// The places containing it, innermost first (city, province).
    pub ancestors: Vec<PlaceRef>,
}

/// The chain of `located_in` above `place`.
fn ancestors(infos: &BTreeMap<PlaceRef, PlaceInfo>, place: &PlaceRef) -> Vec<PlaceRef> {
    let mut chain = Vec::new();
    let mut at = infos.get(place).and_then(|i| i.located_in.as_ref());
    // Bounded: a cycle in hand-written tables must not hang the build.
    while let Some(p) = at.filter(|_| chain.len() <= infos.len()) {
        chain.push(p.clone());
        at = infos.get(p).and_then(|i| i.located_in.as_ref());
    }
    chain
}

/// The gazetteer: what is known of each place, and every surface form that names one.
pub struct PlaceLexicon {
    pub(super) infos: BTreeMap<PlaceRef, PlaceInfo>,
    /// The pattern of value `i` in `matcher` is `surfaces[i]`: the form and the places it may
    /// denote, best first. No candidate: a blocking context (`中山大学`), matched
    /// only so that leftmost-longest matching swallows the place name inside it.
    pub(super) surfaces: Vec<(String, Vec<Candidate>)>,
    pub(super) by_surface: HashMap<String, usize>,
    pub(super) matcher: CharwiseDoubleArrayAhoCorasick<u32>,
    /// Tells this lexicon from every other one built in the run, so that an
    /// automaton built over its forms elsewhere is used only with it.
    id: u64,
}

/// Rank of a class when one form names several places: a bare short name is
/// read as the larger division (吉林 the province, not the city), and as a
/// Chinese division before a country or region.
fn class_rank(class: PlaceClass) -> u8 {
    match class {
        PlaceClass::Province => 0,
        PlaceClass::City => 1,
        PlaceClass::SpecialAdministrativeRegion => 2,
        PlaceClass::Country => 3,
        PlaceClass::Region => 4,
        PlaceClass::District => 5,
    }
}

/// Accumulates places and their surface forms.
#[derive(Default)]
struct Builder {
    infos: BTreeMap<PlaceRef, PlaceInfo>,
    /// `prefer` column: 1 for the division a shared short name resolves to.
    preferred: HashMap<PlaceRef, bool>,
    forms: BTreeMap<String, Vec<(PlaceRef, Form)>>,
    /// Forms never read as places (`合作`), and blocking contexts (`中山大学`).
    blocked: Vec<String>,
}

impl Builder {
    fn add_form(&mut self, form: &str, place: &PlaceRef, kind: Form) {
        if form.is_empty() {
            return;
        }
        let candidates = self.forms.entry(form.to_string()).or_default();
        if !candidates.iter().any(|(p, _)| p == place) {
            candidates.push((place.clone(), kind));
        }
    }

    fn add_divisions(&mut self, table: &Table) -> Result<(), String> {
        let [adcode, name, short, kind, parent, lat, lon, name_en, prefer] = table.columns([
            "adcode", "name", "short", "kind", "parent", "lat", "lon", "name_en", "prefer",
        ])?;
        for row in &table.rows {
            let cell = |i| row.get(i);
            let class = match cell(kind) {
                "Province" => PlaceClass::Province,
                "City" => PlaceClass::City,
                "SpecialAdministrativeRegion" => PlaceClass::SpecialAdministrativeRegion,
                "District" => PlaceClass::District,
                other => return Err(format!("{} line {}: kind {other:?}", table.name, row.line)),
            };
            let place = PlaceRef::China(cell(adcode).to_string());
            let label = if cell(short).is_empty() {
                cell(name)
            } else {
                cell(short)
            };
            let info = PlaceInfo {
                class,
                label_zh: label.to_string(),
                label_en: non_empty(cell(name_en)),
                located_in: non_empty(cell(parent)).map(PlaceRef::China),
                adcode: Some(cell(adcode).to_string()),
                iso3166: None,
                latitude: cell(lat).parse().ok(),
                longitude: cell(lon).parse().ok(),
            };
            self.add_form(cell(name), &place, Form::Full);
            self.add_form(cell(short), &place, Form::Short);
            self.preferred.insert(place.clone(), cell(prefer) == "1");
            self.infos.insert(place, info);
        }
        Ok(())
    }

    /// Countries (`iso2 name_zh aliases name_en`) or regions (`slug name_zh aliases name_en`).
    fn add_named(&mut self, table: &Table, class: PlaceClass) -> Result<(), String> {
        let code = if class == PlaceClass::Country {
            "iso2"
        } else {
            "slug"
        };
        let [code, name_zh, aliases, name_en] =
            table.columns([code, "name_zh", "aliases", "name_en"])?;
        for row in &table.rows {
            let cell = |i| row.get(i);
            let code_value = cell(code).to_string();
            let (place, iso3166) = if class == PlaceClass::Country {
                (PlaceRef::Country(code_value.clone()), Some(code_value))
            } else {
                (PlaceRef::Region(code_value), None)
            };
            self.add_form(cell(name_zh), &place, Form::Full);
            for alias in cell(aliases).split('|') {
                self.add_form(alias.trim(), &place, Form::Alias);
            }
            self.infos.insert(
                place,
                PlaceInfo {
                    class,
                    label_zh: cell(name_zh).to_string(),
                    label_en: non_empty(cell(name_en)),
                    located_in: None,
                    adcode: None,
                    iso3166,
                    latitude: None,
                    longitude: None,
                },
            );
        }
        Ok(())
    }

    /// `form shadows`: equal, the form never names a place; longer, a blocking context.
    fn add_stoplist(&mut self, table: &Table) -> Result<(), String> {
        let [form] = table.columns(["form"])?;
        for row in &table.rows {
            self.blocked.push(row.get(form).to_string());
        }
        Ok(())
    }

    fn build(mut self) -> Result<PlaceLexicon, String> {
        for form in std::mem::take(&mut self.blocked) {
            // A shadowed form and a blocking context alike stop being places;
            // keeping the form as a pattern lets it swallow what overlaps it.
            self.forms.insert(form, Vec::new());
        }
        let (infos, preferred) = (&self.infos, &self.preferred);
        let candidate = |(place, form): (PlaceRef, Form)| Candidate {
            class: infos.get(&place).map(|i| i.class),
            ancestors: ancestors(infos, &place),
            place,
            form,
        };
        let surfaces: Vec<(String, Vec<Candidate>)> = std::mem::take(&mut self.forms)
            .into_iter()
            .map(|(form, places)| {
                let mut candidates: Vec<Candidate> = places.into_iter().map(candidate).collect();
                candidates.sort_by_key(|c| {
                    let class = infos[&c.place].class;
                    let not_preferred = !preferred.get(&c.place).copied().unwrap_or(true);
                    (class_rank(class), not_preferred, c.place.clone())
                });
                (form, candidates)
            })
            .collect();
        let by_surface = surfaces
            .iter()
            .enumerate()
            .map(|(i, (form, _))| (form.clone(), i))
            .collect();
        // Built once, searched over every block. Pattern values index
        // `surfaces`; an empty form could match nothing anyway.
        let matcher = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build_with_values(
                surfaces
                    .iter()
                    .enumerate()
                    .filter(|(_, (form, _))| !form.is_empty())
                    .map(|(i, (form, _))| (form, i as u32)),
            )
            .map_err(|e| e.to_string())?;
        Ok(PlaceLexicon {
            infos: self.infos,
            surfaces,
            by_surface,
            matcher,
            id: {
                static BUILT: AtomicU64 = AtomicU64::new(0);
                BUILT.fetch_add(1, Ordering::Relaxed)
            },
        })
    }
}

// By hand: the automaton has no `Debug`, and its dump would say nothing.
impl std::fmt::Debug for PlaceLexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlaceLexicon")
            .field("places", &self.infos.len())
            .field("forms", &self.surfaces.len())
            .finish_non_exhaustive()
    }
}

fn non_empty(cell: &str) -> Option<String> {
    (!cell.is_empty()).then(|| cell.to_string())
}

impl PlaceLexicon {
    /// The gazetteer shipped in `data/`: `places.tsv` (GB/T 2260 divisions),
    /// `countries.tsv` (ISO 3166), `regions.tsv` and `place_stoplist.tsv`.
    pub fn embedded() -> Self {
        Self::from_tables(
            include_str!("../../../data/places.tsv"),
            include_str!("../../../data/countries.tsv"),
            include_str!("../../../data/regions.tsv"),
            include_str!("../../../data/place_stoplist.tsv"),
        )
        .unwrap_or_else(|e| panic!("gazetteer tables in data/: {e}"))
    }

    /// Builds a lexicon from tables in the formats that `data/README.md`
    /// describes (columns found by their header names).
    pub fn from_tables(
        places: &str,
        countries: &str,
        regions: &str,
        stoplist: &str,
    ) -> Result<Self, String> {
        let mut builder = Builder::default();
        builder.add_divisions(&Table::parse("places.tsv", places)?)?;
        builder.add_named(
            &Table::parse("countries.tsv", countries)?,
            PlaceClass::Country,
        )?;
        builder.add_named(&Table::parse("regions.tsv", regions)?, PlaceClass::Region)?;
        builder.add_stoplist(&Table::parse("place_stoplist.tsv", stoplist)?)?;
        builder.build()
    }

    /// What the gazetteer knows of `place`.
    pub fn info(&self, place: &PlaceRef) -> Option<&PlaceInfo> {
        self.infos.get(place)
    }

    /// Every place of the gazetteer, in identifier order.
    pub fn places(&self) -> impl Iterator<Item = (&PlaceRef, &PlaceInfo)> {
        self.infos.iter()
    }

    /// Every surface form, by its index in `surfaces` (the index
    /// [`find_in_matches`](super::find_in_matches) takes), and the lexicon's
    /// identity: for the organisation finder to search a block for them.
    pub(crate) fn forms(&self) -> (u64, Vec<String>) {
        (
            self.id,
            self.surfaces.iter().map(|(f, _)| f.clone()).collect(),
        )
    }

    /// Which lexicon this is (see [`forms`](Self::forms)).
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The places `form` may name, best first; empty when it names none
    /// (unknown, or stoplisted).
    pub(super) fn candidates(&self, form: &str) -> &[Candidate] {
        self.by_surface
            .get(form)
            .map_or(&[], |&i| self.surfaces[i].1.as_slice())
    }
}
