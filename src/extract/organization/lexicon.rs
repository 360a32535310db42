//! The general-knowledge tables behind organisation finding, parsed from the
//! `data/org_*.tsv` files compiled into the binary.

use super::OrgClass;
use crate::extract::place::PlaceLexicon;
use crate::extract::sector::SectorLexicon;
use crate::extract::table::{self, Table};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use daachorse::CharwiseDoubleArrayAhoCorasick;
use std::collections::{HashMap, HashSet};

const SUFFIXES: &str = include_str!("../../../data/org_suffixes.tsv");
const QUALIFIERS: &str = include_str!("../../../data/org_qualifiers.tsv");
const KNOWN: &str = include_str!("../../../data/org_known.tsv");
const GENERIC: &str = include_str!("../../../data/org_generic.tsv");
const PLACE_PREFIXES: &str = include_str!("../../../data/org_place_prefixes.tsv");
// The gazetteer tables: their province, city, SAR and country names open names too.
const PLACES: &str = include_str!("../../../data/places.tsv");
const COUNTRIES: &str = include_str!("../../../data/countries.tsv");
const LIST_CONTEXT: &str = include_str!("../../../data/org_list_context.tsv");

/// The type a head noun gives before qualifiers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeadClass {
    Fixed(OrgClass),
    /// `中心`: typed by the words before it (交易中心, 研究中心, 保护中心).
    Center,
    /// `合作组`, `工作组`: an association, or an international body when the
    /// words before it name a cross-border region or mechanism (澜湄, 南亚).
    Group,
    /// `大会`, `论坛`, `博览会`: a named event. It is not an organisation, but
    /// it holds the body that opens its name (`联合国生物多样性大会`).
    Event,
}

/// How a head noun ends a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SuffixKind {
    /// Ends a name whose stem has a proper element (`…交易所`, `…大学`).
    Strong,
    /// A short head (`局`, `部`, `厅`) that needs a place, a national prefix
    /// or a known body in front of it.
    Weak,
    /// A sub-unit (`分行`, `分公司`) that attaches to the body before it.
    Branch,
    /// A common word containing a head (`部门`, `西部`): never a name end.
    NotAHead,
    /// The ending of an abbreviated name (`中国田协`, `深圳高新投`,
    /// `国贸石化`): a head only where the name visibly ends, before
    /// punctuation or a stop word, since the same characters open common
    /// words (`协议`, `投资`, `石化产业`).
    Abbreviation,
}

#[derive(Debug, Clone)]
pub(super) struct Suffix {
    pub form: String,
    pub class: HeadClass,
    pub kind: SuffixKind,
    /// Continuations that show the head is part of a longer word (`银行卡`).
    pub blocked_after: Vec<String>,
}

#[derive(Debug, Clone)]
pub(super) struct KnownOrg {
    pub name: String,
    pub class: OrgClass,
    /// Continuations that show the name is part of a common word (`联合国家`).
    pub blocked_after: Vec<String>,
}

/// What a word of the generic-words table does to a candidate name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WordKind {
    /// Ends a name on its left (`推动`, `由`).
    Stop,
    /// May join two names or sit inside one (`与`, `联合`).
    Soft,
    /// Makes the mention generic (`某`, `各级`, `境外`).
    Determiner,
    /// Trimmed from the front (`首家`).
    Modifier,
    /// Common field word: no proper name on its own (`体育`, `服务`).
    Field,
    /// Common Latin acronym, not a name (`IP`).
    Latin,
}

/// What a place-prefix row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AnchorKind {
    /// A Chinese division: a proper element.
    Place,
    /// A foreign country: a proper element, and it makes a public body a
    /// foreign-government one (`老挝中央银行`).
    Country,
    /// `中法`, `中俄`: a country pair, a proper element.
    Pair,
    /// `国家`, `中国`, `中央`: proper for public bodies, not for companies.
    National,
    /// `国际`, `世界`: opens the name of a public body, but `国际体育组织`
    /// names none.
    Global,
}

impl AnchorKind {
    /// Whether the anchor is a proper name by itself (a place, a country or a
    /// country pair), not a national or global prefix.
    pub(super) fn is_proper(self) -> bool {
        matches!(self, Self::Place | Self::Country | Self::Pair)
    }
}

/// What a word around an enumeration says about its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ListRole {
    /// `等企业`, `等科研院所`: the items are bodies of this type.
    Head(OrgClass),
    /// `等行业`, `等地`: the items are sectors or places.
    Blocker,
    /// `进驻`: the items that follow are companies moving in.
    Entry,
}

/// The tables searched over every block, in one automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockTable {
    Suffix = 0,
    Known = 1,
    Word = 2,
    Anchor = 3,
    /// The place lexicon's forms, when the lexicon was built with one.
    Place = 4,
    /// The sector lexicon's terms, when the lexicon was built with one.
    Sector = 5,
}

/// One automaton over the forms of several tables, reporting every
/// occurrence (overlapping): built once per run, searched over every block.
/// A form that several rows share is one pattern; its value indexes the list
/// of those rows.
fn all_occurrences(
    tables: &[(BlockTable, &[String])],
) -> (CharwiseDoubleArrayAhoCorasick<u32>, Vec<BlockForm>) {
    let mut forms: Vec<&str> = Vec::new();
    let mut rows: Vec<BlockForm> = Vec::new();
    let mut by_form: HashMap<&str, usize> = HashMap::new();
    for &(table, table_forms) in tables {
        for (i, form) in table_forms.iter().enumerate() {
            // The place lexicon may keep an empty form (a blank stoplist
            // cell) at its index, to keep indices aligned; no
            // automaton pattern can be empty.
            if form.is_empty() {
                continue;
            }
            let at = *by_form.entry(form.as_str()).or_insert_with(|| {
                forms.push(form.as_str());
                rows.push(BlockForm {
                    chars: form.chars().count(),
                    rows: Vec::new(),
                });
                rows.len() - 1
            });
            rows[at].rows.push((table, i));
        }
    }
    let matcher = CharwiseDoubleArrayAhoCorasick::new(&forms)
        .expect("organisation table patterns build an automaton");
    (matcher, rows)
}

/// A pattern of the block automaton.
pub(super) struct BlockForm {
    /// Its length in chars: a match's start is then found from its end,
    /// which the automaton reports in increasing order.
    pub chars: usize,
    /// The tables and indices of the rows that have this form.
    pub rows: Vec<(BlockTable, usize)>,
}

/// The organisation tables: head nouns, type qualifiers, well-known bodies,
/// generic words and the place names that can open a name.
pub struct OrgLexicon {
    pub(super) suffixes: Vec<Suffix>,
    /// (head class, qualifier word, resulting class).
    pub(super) qualifiers: Vec<(HeadClass, String, OrgClass)>,
    pub(super) known: Vec<KnownOrg>,
    /// Every form of a known body → index into `known`.
    pub(super) known_forms: Vec<usize>,
    pub(super) known_matcher: AhoCorasick,
    pub(super) word_kinds: Vec<WordKind>,
    pub(super) anchor_kinds: Vec<AnchorKind>,
    /// Every form of the four tables a block is searched for (head nouns,
    /// known bodies, generic words, anchors), for one overlapping pass over a
    /// block instead of one leftmost-longest pass per table.
    pub(super) block_matcher: CharwiseDoubleArrayAhoCorasick<u32>,
    /// Pattern of `block_matcher` → its form.
    pub(super) block_patterns: Vec<BlockForm>,
    /// The place lexicon whose forms `block_matcher` also finds (see
    /// [`OrgLexicon::embedded_with_places`]), by its id.
    pub(super) places: Option<u64>,
    /// Whether no place form holds whitespace: a block's squeezed chars
    /// then show every place of its printed text.
    pub(super) place_forms_unbroken: bool,
    /// The sector lexicon whose terms `block_matcher` also finds (see
    /// [`OrgLexicon::embedded_with`]), by its id.
    pub(super) sectors: Option<u64>,
    pub(super) list_roles: Vec<ListRole>,
    pub(super) list_forms: Vec<String>,
    pub(super) list_matcher: AhoCorasick,
}

// By hand: the block automaton has no `Debug`, and its dump would say nothing.
impl std::fmt::Debug for OrgLexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrgLexicon")
            .field("suffixes", &self.suffixes.len())
            .field("known", &self.known.len())
            .field("block_forms", &self.block_patterns.len())
            .finish_non_exhaustive()
    }
}

impl Default for OrgLexicon {
    fn default() -> Self {
        Self::embedded()
    }
}

/// Data rows of a table, after its header line.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    table::rows(text).skip(1).map(|(_, cells)| cells)
}

/// The full and short names of provinces, cities and SARs, and the names and
/// aliases of countries: words that can open an organisation's name.
fn gazetteer_anchors() -> Vec<(String, AnchorKind)> {
    let table = |name, text| Table::parse(name, text).unwrap_or_else(|e| panic!("data/{e}"));
    let mut anchors = Vec::new();
    let places = table("places.tsv", PLACES);
    let [name, short, kind] = places
        .columns(["name", "short", "kind"])
        .unwrap_or_else(|e| panic!("data/{e}"));
    for row in &places.rows {
        if matches!(
            row.get(kind),
            "Province" | "City" | "SpecialAdministrativeRegion"
        ) {
            for form in [row.get(name), row.get(short)] {
                anchors.push((form.to_string(), AnchorKind::Place));
            }
        }
    }
    let countries = table("countries.tsv", COUNTRIES);
    let [name, aliases] = countries
        .columns(["name_zh", "aliases"])
        .unwrap_or_else(|e| panic!("data/{e}"));
    for row in &countries.rows {
        let forms = std::iter::once(row.get(name)).chain(row.get(aliases).split('|'));
        anchors.extend(forms.map(|form| (form.to_string(), AnchorKind::Country)));
    }
    anchors
}

/// A `|`-separated cell as a list (empty when the cell is missing).
fn list_cell(cell: Option<&&str>) -> Vec<String> {
    cell.map(|c| {
        c.split('|')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

/// A DFA, not the default NFA: it is built once per run and searched over
/// every block of every case, where the DFA is several times faster.
fn leftmost_longest(patterns: &[String]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(patterns)
        .expect("organisation table patterns build an automaton")
}

/// The class named in a table cell (`exchange`, `government`, …).
pub(super) fn parse_class(cell: &str) -> Option<OrgClass> {
    Some(match cell {
        "government" => OrgClass::GovernmentBody,
        "exchange" => OrgClass::Exchange,
        "financial" => OrgClass::FinancialInstitution,
        "enterprise" => OrgClass::Enterprise,
        "research" => OrgClass::ResearchInstitution,
        "judicial" => OrgClass::JudicialBody,
        "association" => OrgClass::Association,
        "international" => OrgClass::InternationalOrganization,
        "platform" => OrgClass::Platform,
        "other" | "none" => OrgClass::Other,
        _ => return None,
    })
}

fn parse_head_class(cell: &str) -> HeadClass {
    match cell {
        "center" => HeadClass::Center,
        "group" => HeadClass::Group,
        "event" => HeadClass::Event,
        _ => HeadClass::Fixed(parse_class(cell).unwrap_or(OrgClass::Other)),
    }
}

impl OrgLexicon {
    /// The tables shipped in `data/`.
    pub fn embedded() -> Self {
        Self::build(None, None)
    }

    /// The tables shipped in `data/`, with the block automaton also finding
    /// the forms of `places`: [`find_with_places`](super::find_with_places)
    /// then reads a block's places off the same pass over it.
    pub fn embedded_with_places(places: &PlaceLexicon) -> Self {
        Self::build(Some(places), None)
    }

    /// [`embedded_with_places`](Self::embedded_with_places), the block
    /// automaton also finding the terms of `sectors`:
    /// [`find_in_block`](super::find_in_block) then counts a block's sector
    /// terms off the same pass over it.
    pub fn embedded_with(places: &PlaceLexicon, sectors: &SectorLexicon) -> Self {
        Self::build(Some(places), Some(sectors))
    }

    fn build(places: Option<&PlaceLexicon>, sectors: Option<&SectorLexicon>) -> Self {
        let suffixes: Vec<Suffix> = rows(SUFFIXES)
            .map(|r| Suffix {
                form: r[0].to_string(),
                class: parse_head_class(r[1]),
                kind: match r.get(2).copied() {
                    Some("weak") => SuffixKind::Weak,
                    Some("branch") => SuffixKind::Branch,
                    Some("none") => SuffixKind::NotAHead,
                    Some("abbreviation") => SuffixKind::Abbreviation,
                    _ => SuffixKind::Strong,
                },
                blocked_after: list_cell(r.get(3)),
            })
            .collect();
        let suffix_patterns: Vec<String> = suffixes.iter().map(|s| s.form.clone()).collect();

        let qualifiers = rows(QUALIFIERS)
            .filter_map(|r| {
                Some((
                    parse_head_class(r[0]),
                    r.get(1)?.to_string(),
                    parse_class(r.get(2)?)?,
                ))
            })
            .collect();

        let mut known = Vec::new();
        let mut known_forms = Vec::new();
        let mut known_patterns = Vec::new();
        for r in rows(KNOWN) {
            let index = known.len();
            known.push(KnownOrg {
                name: r[0].to_string(),
                class: r
                    .get(1)
                    .and_then(|c| parse_class(c))
                    .unwrap_or(OrgClass::Other),
                blocked_after: list_cell(r.get(3)),
            });
            let aliases = r.get(2).copied().unwrap_or("");
            for form in std::iter::once(r[0]).chain(aliases.split('|').filter(|a| !a.is_empty())) {
                known_patterns.push(form.to_string());
                known_forms.push(index);
            }
        }
        let known_matcher = leftmost_longest(&known_patterns);

        let mut word_patterns = Vec::new();
        let mut word_kinds = Vec::new();
        for r in rows(GENERIC) {
            let kind = match r.get(1).copied() {
                Some("stop") => WordKind::Stop,
                Some("soft") => WordKind::Soft,
                Some("determiner") => WordKind::Determiner,
                Some("modifier") => WordKind::Modifier,
                Some("latin") => WordKind::Latin,
                _ => WordKind::Field,
            };
            word_patterns.push(r[0].to_string());
            word_kinds.push(kind);
        }

        let mut anchor_patterns = Vec::new();
        let mut anchor_kinds = Vec::new();
        let curated = rows(PLACE_PREFIXES).map(|r| {
            let kind = match r.get(1).copied() {
                Some("pair") => AnchorKind::Pair,
                Some("national") => AnchorKind::National,
                Some("global") => AnchorKind::Global,
                Some("country") => AnchorKind::Country,
                _ => AnchorKind::Place,
            };
            (r[0].to_string(), kind)
        });
        let mut seen = HashSet::new();
        for (form, kind) in gazetteer_anchors().into_iter().chain(curated) {
            if !form.is_empty() && seen.insert(form.clone()) {
                anchor_patterns.push(form);
                anchor_kinds.push(kind);
            }
        }
        let (places, place_patterns) = places.map(PlaceLexicon::forms).unzip();
        let place_patterns = place_patterns.unwrap_or_default();
        let place_forms_unbroken = !place_patterns
            .iter()
            .any(|f| f.chars().any(char::is_whitespace));
        let (sectors, sector_terms) = sectors.map(SectorLexicon::forms).unzip();
        let (block_matcher, block_patterns) = all_occurrences(&[
            (BlockTable::Suffix, &suffix_patterns),
            (BlockTable::Known, &known_patterns),
            (BlockTable::Word, &word_patterns),
            (BlockTable::Anchor, &anchor_patterns),
            (BlockTable::Place, &place_patterns),
            (BlockTable::Sector, &sector_terms.unwrap_or_default()),
        ]);

        let mut list_forms = Vec::new();
        let mut list_roles = Vec::new();
        for r in rows(LIST_CONTEXT) {
            let role = match r.get(1).copied() {
                Some("blocker") => ListRole::Blocker,
                Some("entry") => ListRole::Entry,
                _ => ListRole::Head(
                    r.get(2)
                        .and_then(|c| parse_class(c))
                        .unwrap_or(OrgClass::Enterprise),
                ),
            };
            list_forms.push(r[0].to_string());
            list_roles.push(role);
        }
        let list_matcher = leftmost_longest(&list_forms);

        Self {
            suffixes,
            qualifiers,
            known,
            known_forms,
            known_matcher,
            word_kinds,
            anchor_kinds,
            block_matcher,
            block_patterns,
            places,
            place_forms_unbroken,
            sectors,
            list_roles,
            list_forms,
            list_matcher,
        }
    }

    /// The known body called exactly `name` (full name or standard alias).
    pub(super) fn known_exact(&self, name: &str) -> Option<&KnownOrg> {
        self.known_matcher
            .find(name)
            .filter(|m| m.start() == 0 && m.end() == name.len())
            .map(|m| &self.known[self.known_forms[m.pattern().as_usize()]])
    }
}
