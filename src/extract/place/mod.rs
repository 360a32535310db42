//! Places: Chinese divisions (GB/T 2260), countries (ISO 3166), named regions.
//!
//! The gazetteer tables of `data/` (see `data/README.md`) give every place its
//! identifier, labels and surface forms: full names (`浙江省`), short names
//! (`浙江`), aliases (`美利坚合众国`). [`find`] matches all of them at once,
//! leftmost-longest, so a longer form wins over the shorter one inside it, and
//! the stoplist's blocking contexts (`中山大学`, `美国际`) swallow the names
//! inside them. A place inside an organisation's name is a mention
//! (`中国银行浙江省分行` names 浙江).

mod lexicon;
#[cfg(test)]
mod tests;

use super::offsets::CharCursor;
pub use lexicon::PlaceLexicon;
use lexicon::{Candidate, Form};
use rustc_hash::FxHashSet;
use std::ops::Range;

/// The class of a place in the ontology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceClass {
    Province,
    City,
    SpecialAdministrativeRegion,
    District,
    Country,
    Region,
}

/// A place, by its standard identifier.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceRef {
    /// A Chinese division by GB/T 2260 code (`310000`).
    China(String),
    /// A country by ISO 3166 alpha-2 code (`LA`).
    Country(String),
    /// A named multi-place area by slug (`greater-bay-area`).
    Region(String),
}

/// What the gazetteer knows of one place.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceInfo {
    pub class: PlaceClass,
    /// Short name, the `rdfs:label`@zh (`上海`).
    pub label_zh: String,
    pub label_en: Option<String>,
    /// Containing place (city → province).
    pub located_in: Option<PlaceRef>,
    pub adcode: Option<String>,
    pub iso3166: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// A place named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceMatch {
    pub place: PlaceRef,
    /// The form as printed (`浙江省`, `浙江`, `大湾区`).
    pub surface: String,
    /// Char range in the searched text.
    pub range: Range<usize>,
}

/// Places named in `text`, in text order.
///
/// Rules beyond the dictionary:
/// - a country whose name ends in `国` is not named when the `国` begins the
///   word `国际`: `中美国际合作中心` pairs 中 and 美, it does not say 美国;
/// - a district (`cg:District`) named by its bare short name (`南沙`, `滨江`)
///   counts only when the same text names outright the division it belongs to
///   (its city; the province for a county the province administers directly):
///   thousands of county names are also common words, and the city is what
///   tells `鼓楼` of Nanjing from `鼓楼` of Fuzhou. Full names (`南沙区`) always count;
/// - a short name shared by several divisions is read as the larger one
///   (province > city > SAR > district), then as the table's preferred one.
///
/// ```
/// use casegraph::extract::place::{find, PlaceLexicon, PlaceRef};
/// let lexicon = PlaceLexicon::embedded();
/// let found = find("中国银行浙江省分行与杭州企业合作", &lexicon);
/// let codes: Vec<_> = found.iter().map(|m| m.place.clone()).collect();
/// assert_eq!(
///     codes,
///     [PlaceRef::China("330000".into()), PlaceRef::China("330100".into())]
/// );
/// ```
pub fn find(text: &str, lexicon: &PlaceLexicon) -> Vec<PlaceMatch> {
    let named: Vec<(&[Candidate], Range<usize>)> = lexicon
        .matcher
        .leftmost_find_iter(text)
        .map(|m| {
            (
                lexicon.surfaces[m.value() as usize].1.as_slice(),
                m.start()..m.end(),
            )
        })
        .filter(|(candidates, range)| {
            let last = text[..range.end].chars().next_back();
            let next = text[range.end..].chars().next();
            !candidates.is_empty() && !ends_inside_guoji(candidates, last, next)
        })
        .collect();
    let mut cursor = CharCursor::new(text);
    resolve_named(named, |place, range| PlaceMatch {
        place: place.clone(),
        surface: text[range.clone()].to_string(),
        range: cursor.char_at(range.start)..cursor.char_at(range.end),
    })
}

/// What [`find`] finds in a block, given the leftmost-longest matches of
/// the lexicon's forms in it: char range, index in `PlaceLexicon::surfaces`,
/// and the char after the match. The organisation finder scans each block
/// for these forms in the same pass as for its own tables, which spares the
/// block a second scan.
pub(crate) fn find_in_matches(
    matches: &[(Range<usize>, usize, Option<char>)],
    lexicon: &PlaceLexicon,
) -> Vec<PlaceMatch> {
    // The form matched is the text printed there.
    let named: Vec<_> = matches
        .iter()
        .map(|(range, form, next)| {
            let (form, candidates) = &lexicon.surfaces[*form];
            let guoji = || ends_inside_guoji(candidates, form.chars().next_back(), *next);
            (candidates.as_slice(), (range.clone(), form.as_str()), guoji)
        })
        .filter(|(candidates, _, guoji)| !candidates.is_empty() && !guoji())
        .map(|(candidates, found, _)| (candidates, found))
        .collect();
    resolve_named(named, |place, (range, surface)| PlaceMatch {
        place: place.clone(),
        surface: surface.to_string(),
        range,
    })
}

/// The places of the forms `named` in a block, in text order, as the rules
/// of [`find`] resolve them; `to_match` makes the mention of a place from
/// what was found of its form (where, and what it reads).
fn resolve_named<'a, R>(
    named: Vec<(&'a [Candidate], R)>,
    mut to_match: impl FnMut(&'a PlaceRef, R) -> PlaceMatch,
) -> Vec<PlaceMatch> {
    // Places named outright, with the divisions that contain them: the
    // context in which a district's bare short name is believed.
    let mut context: FxHashSet<&PlaceRef> = FxHashSet::default();
    for (candidates, _) in &named {
        let best = &candidates[0];
        if best.class != Some(PlaceClass::District) {
            context.insert(&best.place);
            context.extend(&best.ancestors);
        }
    }

    named
        .into_iter()
        .filter_map(|(candidates, range)| Some(to_match(resolve(candidates, &context)?, range)))
        .collect()
}

/// The place a matched form stands for, given the places named around it.
fn resolve<'a>(
    candidates: &'a [Candidate],
    context: &FxHashSet<&PlaceRef>,
) -> Option<&'a PlaceRef> {
    // Candidates are sorted larger division first, so only when the best is a
    // district are they all districts.
    let best = candidates.first()?;
    if best.class != Some(PlaceClass::District) {
        return Some(&best.place);
    }
    let in_context = |c: &Candidate| {
        c.ancestors
            .first()
            .is_some_and(|parent| context.contains(parent))
    };
    candidates
        .iter()
        .find(|c| in_context(c))
        .or_else(|| candidates.iter().find(|c| c.form != Form::Short))
        .map(|c| &c.place)
}

/// Whether a matched country name ends in `国` (its last char is `last`)
/// and is followed by `际` (the char after it is `next`): then its `国`
/// belongs to `国际` and the character before it is a one-character
/// abbreviation (`中美国际` = 中美 + 国际, not 美国).
fn ends_inside_guoji(candidates: &[Candidate], last: Option<char>, next: Option<char>) -> bool {
    matches!(candidates[0].place, PlaceRef::Country(_)) && last == Some('国') && next == Some('际')
}

/// The place whose full or short name (or alias) is exactly `name` (`上海市`,
/// `上海`), for lines that name a place and nothing else, such as a case's
/// provider. `国家知识产权局` is no place.
///
/// ```
/// use casegraph::extract::place::{lookup_exact, PlaceLexicon, PlaceRef};
/// let lexicon = PlaceLexicon::embedded();
/// assert_eq!(lookup_exact("上海市", &lexicon), Some(PlaceRef::China("310000".into())));
/// assert_eq!(lookup_exact("国家知识产权局", &lexicon), None);
/// ```
pub fn lookup_exact(name: &str, lexicon: &PlaceLexicon) -> Option<PlaceRef> {
    lexicon
        .candidates(name.trim())
        .first()
        .map(|c| c.place.clone())
}
