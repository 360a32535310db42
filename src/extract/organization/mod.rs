//! Organisations: named bodies, their type and their aliases.
//!
//! Chinese text is not segmented, so a name is found from its end: a head
//! noun from `data/org_suffixes.tsv` (`交易所`, `银行`, `法院`, `局`, `中心`…)
//! or a well-known body from `data/org_known.tsv`. Its start is the last place
//! or known body before the head, or else the first character after a stop
//! word (`推动`, `由`, `与`…, `data/org_generic.tsv`). A name whose stem is
//! only field words (`体育服务产业集团`) or opens with a determiner
//! (`某银行`, `各级政府`) names no specific body and is dropped. Named
//! platforms, bases and parks (`platform`) are left out: the annotation rules
//! neither require nor penalise them, and most `…中心`/`…平台` mentions in
//! policy text are facilities rather than bodies; a `中心` counts only when a
//! word before it names a function of a public body, institute or market
//! (`检测中心`, `人才交流中心`, `研究中心`, `交易中心`). Named events
//! (`联合国生物多样性大会`) hide the body that opens their name.
//!
//! Short names without a head noun are found three ways: well-known bodies;
//! abbreviation endings that count only where the name visibly ends
//! (`中国田协`, `深圳高新投`, `国贸石化`); and items of an enumeration closed
//! by a collective noun (`盈趣科技、国贸石化等企业`, see `enumeration`).
//!
//! Public bodies of a foreign country (`老挝中央银行`) and groups named after
//! a cross-border region (`澜湄…协作组`) are international organisations.
//!
//! Aliases are learned from `（以下简称上期所）`, `（简称“能源中心”）` and
//! `（GSO）` right after a name, from the standard short forms of known
//! bodies, and from short forms of a name the case used before (`市委网信办`
//! after `北京市委网信办`).

mod candidate;
mod enumeration;
mod latin;
mod lexicon;
#[cfg(test)]
mod tests;
mod text;

use super::offsets::CharCursor;
use super::place::{self, PlaceLexicon, PlaceMatch};
use super::sector::{SectorLexicon, TermCounts};
use candidate::{Candidate, Source};
pub use latin::find as latin_companies;
pub use lexicon::OrgLexicon;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use text::Prepared;

/// The type of an organisation (a subclass of `cg:Organization`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OrgClass {
    GovernmentBody,
    Exchange,
    FinancialInstitution,
    Enterprise,
    ResearchInstitution,
    JudicialBody,
    Association,
    InternationalOrganization,
    Platform,
    /// Known to be an organisation, of no more specific type.
    Other,
}

/// Aliases learned so far in a case (`上海期货交易所（以下简称上期所）`),
/// and the full names already used, so that later short forms resolve.
#[derive(Debug, Default)]
pub struct AliasTable {
    aliases: BTreeMap<String, String>,
    names: BTreeSet<String>,
    /// [`classify_name`] of the full names aliases stand for: a block read
    /// twice and later blocks use the same alias again and again.
    classes: HashMap<String, OrgClass>,
}

impl AliasTable {
    /// alias → fullest name.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.aliases
    }

    /// The fullest name `alias` stands for, if it is a known alias.
    pub fn resolve(&self, alias: &str) -> Option<&str> {
        self.aliases.get(alias).map(String::as_str)
    }

    fn class_of(&mut self, name: &str, lexicon: &OrgLexicon) -> OrgClass {
        if let Some(&class) = self.classes.get(name) {
            return class;
        }
        let class = classify_name(name, lexicon);
        self.classes.insert(name.to_string(), class);
        class
    }

    fn learn(&mut self, alias: &str, name: &str) {
        if alias != name && !alias.is_empty() {
            self.aliases
                .entry(alias.to_string())
                .or_insert_with(|| name.to_string());
        }
    }
}

/// One organisation mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgMatch {
    /// The fullest name of the organisation.
    pub name: String,
    pub class: OrgClass,
    /// The text as printed.
    pub surface: String,
    /// Char range in the searched text.
    pub range: Range<usize>,
}

/// Organisations named in `text`; learns aliases into `aliases` and applies
/// those learned before (call it on a case's blocks in document order).
///
/// ```
/// use casegraph::extract::organization::{find, AliasTable, OrgClass, OrgLexicon};
/// use casegraph::extract::place::PlaceLexicon;
/// let mut aliases = AliasTable::default();
/// let found = find(
///     "郑州商品交易所（以下简称郑商所）推出新品种。",
///     &OrgLexicon::embedded(),
///     &PlaceLexicon::embedded(),
///     &mut aliases,
/// );
/// assert_eq!(found[0].name, "郑州商品交易所");
/// assert_eq!(found[0].class, OrgClass::Exchange);
/// assert_eq!(aliases.resolve("郑商所"), Some("郑州商品交易所"));
/// ```
pub fn find(
    text: &str,
    lexicon: &OrgLexicon,
    _places: &PlaceLexicon,
    aliases: &mut AliasTable,
) -> Vec<OrgMatch> {
    let prepared = Prepared::new(text, lexicon);
    find_prepared(text, prepared, lexicon, aliases)
}

/// [`find`], and the places of the block as
/// [`place::find`] finds them. A lexicon built by
/// [`OrgLexicon::embedded_with_places`] with `places` finds their forms in
/// its own pass over the block, which then needs no second scan. Places are
/// searched in the text as printed, organisations in it with the whitespace
/// dropped: should a place form hold whitespace, a block with whitespace is
/// still scanned again.
pub fn find_with_places(
    text: &str,
    lexicon: &OrgLexicon,
    places: &PlaceLexicon,
    aliases: &mut AliasTable,
) -> (Vec<OrgMatch>, Vec<PlaceMatch>) {
    find_in_block(text, lexicon, places, None, aliases)
}

/// [`find_with_places`], adding to `sectors` the occurrences of the terms of
/// its lexicon in the block, as [`TermCounts::count_in`] counts them. A
/// lexicon built by [`OrgLexicon::embedded_with`] with that sector lexicon
/// finds them in its own pass over the block, which then needs no second
/// scan (sector terms hold no whitespace, as place forms).
pub fn find_in_block(
    text: &str,
    lexicon: &OrgLexicon,
    places: &PlaceLexicon,
    sectors: Option<(&SectorLexicon, &mut TermCounts)>,
    aliases: &mut AliasTable,
) -> (Vec<OrgMatch>, Vec<PlaceMatch>) {
    let mut prepared = Prepared::new(text, lexicon);
    let read_off = !prepared.squeezed || lexicon.place_forms_unbroken;
    let found_places = if lexicon.places == Some(places.id()) && read_off {
        place::find_in_matches(&prepared.places, places)
    } else {
        place::find(text, places)
    };
    if let Some((sector_lexicon, counts)) = sectors {
        match prepared.sector_terms.take() {
            Some(terms) if lexicon.sectors == Some(sector_lexicon.id()) => {
                terms.into_iter().for_each(|t| counts.add(t));
            }
            _ => counts.count_in(text, sector_lexicon),
        }
    }
    (
        find_prepared(text, prepared, lexicon, aliases),
        found_places,
    )
}

fn find_prepared(
    text: &str,
    mut prepared: Prepared,
    lexicon: &OrgLexicon,
    aliases: &mut AliasTable,
) -> Vec<OrgMatch> {
    let fixed = fixed_candidates(&prepared, lexicon);
    let learned_before = aliases.aliases.len();
    let mut found = find_once(text, &mut prepared, &fixed, lexicon, aliases);
    if aliases.aliases.len() != learned_before {
        // An alias defined in this block may be used later in the same block.
        found = find_once(text, &mut prepared, &fixed, lexicon, aliases);
    }
    latin::merge(text, &mut found);
    found
}

/// The candidates of a block that the aliases learned do not change: head
/// nouns and known bodies, found once for a block read twice.
fn fixed_candidates(prepared: &Prepared, lexicon: &OrgLexicon) -> Vec<Candidate> {
    // Named facilities are left out before they can hide the bodies in their
    // names (`国家外汇管理局跨境金融服务平台`).
    let mut candidates = candidate::from_suffixes(prepared, lexicon);
    candidates.retain(|c| c.class != OrgClass::Platform || c.event);
    candidates.extend(prepared.known.iter().map(|k| Candidate {
        start: k.start,
        end: k.end,
        class: lexicon.known[k.kind].class,
        head_known: Some(k.kind),
        branch: false,
        level_only: false,
        event: false,
        source: Source::Known,
    }));
    candidates
}

fn find_once(
    text: &str,
    prepared: &mut Prepared,
    fixed: &[Candidate],
    lexicon: &OrgLexicon,
    aliases: &mut AliasTable,
) -> Vec<OrgMatch> {
    let learned_forms: Vec<&str> = aliases.aliases.keys().map(String::as_str).collect();
    prepared.set_learned(&learned_forms);
    let prepared = &*prepared;
    // The full names of the aliases found in the block, by match.
    let learned_names: Vec<String> = {
        let names: Vec<&String> = aliases.aliases.values().collect();
        let names = prepared.learned.iter().map(|l| names[l.kind].clone());
        names.collect()
    };

    let mut candidates = fixed.to_vec();
    for (l, full) in prepared.learned.iter().zip(&learned_names) {
        candidates.push(Candidate {
            start: l.start,
            end: l.end,
            class: aliases.class_of(full, lexicon),
            head_known: None,
            branch: false,
            level_only: false,
            event: false,
            source: Source::Learned,
        });
    }
    let listed = enumeration::from_enumerations(prepared, lexicon, &candidates);
    candidates.extend(listed);
    // Events claim their text (the `联合国` of `联合国生物多样性大会` is no
    // mention of its own), then are left out.
    let chosen: Vec<Candidate> = without_overlaps(candidates)
        .into_iter()
        .filter(|c| !c.event)
        .collect();

    // Chosen candidates do not overlap and come in text order.
    let mut cursor = CharCursor::new(text);
    let mut out = Vec::new();
    for c in chosen {
        let surface_squashed = prepared.slice(c.start..c.end);
        let learned_name = (c.source == Source::Learned)
            .then(|| aliases.resolve(&surface_squashed).map(str::to_string))
            .flatten();
        let name = if let Some(name) = learned_name {
            name
        } else if let Some(k) = c
            .head_known
            .filter(|_| c.source == Source::Known || c.branch)
        {
            // `工行深圳分行` → `中国工商银行深圳分行`.
            let head = prepared
                .known
                .iter()
                .find(|s| s.start == c.start && s.kind == k);
            let rest = head
                .map(|h| prepared.slice(h.end..c.end))
                .unwrap_or_default();
            format!("{}{}", lexicon.known[k].name, rest)
        } else if let Some(full) = earlier_full_form(&surface_squashed, &aliases.names) {
            full
        } else if c.level_only {
            continue;
        } else {
            surface_squashed.clone()
        };
        aliases.learn(&surface_squashed, &name);
        if let Some(def) = prepared
            .alias_definitions
            .iter()
            .find(|d| d.range.start == c.end)
        {
            aliases.learn(&def.alias, &name);
        }
        aliases.names.insert(name.clone());
        let range = prepared.origin.of(c.start)..prepared.origin.of(c.end - 1) + 1;
        out.push(OrgMatch {
            name,
            class: c.class,
            surface: text[cursor.byte_at(range.start)..cursor.byte_at(range.end)].to_string(),
            range,
        });
    }
    out
}

/// Longest candidates first; a known body or a learned alias beats a head-noun
/// candidate of the same extent.
fn without_overlaps(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by_key(|c| {
        (
            std::cmp::Reverse(c.end - c.start),
            c.source != Source::Known,
            c.source != Source::Learned,
            c.start,
        )
    });
    let mut chosen: Vec<Candidate> = Vec::new();
    for c in candidates {
        if chosen.iter().all(|k| c.end <= k.start || k.end <= c.start) {
            chosen.push(c);
        }
    }
    chosen.sort_by_key(|c| c.start);
    chosen
}

/// The fuller name used before that `short` abbreviates: `市委网信办` for
/// `北京市委网信办`, `合肥研究院` for `中国科学院合肥物质科学研究院`.
fn earlier_full_form(short: &str, names: &BTreeSet<String>) -> Option<String> {
    let short_chars: Vec<char> = short.chars().collect();
    if short_chars.len() < 3 {
        return None;
    }
    let opening: String = short_chars[..2].iter().collect();
    let ending: String = short_chars[short_chars.len() - 2..].iter().collect();
    names
        .iter()
        .filter(|full| full.as_str() != short)
        .find(|full| {
            full.ends_with(short)
                || (short_chars.len() >= 4
                    && full.ends_with(&ending)
                    && full.contains(&opening)
                    && is_subsequence(&short_chars, full))
        })
        .cloned()
}

fn is_subsequence(short: &[char], full: &str) -> bool {
    let mut rest = full.chars();
    short.iter().all(|c| rest.any(|f| f == *c))
}

/// The type of the organisation called `name` (a provider line such as
/// `国家知识产权局` or `市场监管总局`).
///
/// ```
/// use casegraph::extract::organization::{classify_name, OrgClass, OrgLexicon};
/// let lexicon = OrgLexicon::embedded();
/// assert_eq!(classify_name("市场监管总局", &lexicon), OrgClass::GovernmentBody);
/// assert_eq!(classify_name("成都市中级人民法院", &lexicon), OrgClass::JudicialBody);
/// ```
pub fn classify_name(name: &str, lexicon: &OrgLexicon) -> OrgClass {
    if let Some(known) = lexicon.known_exact(name) {
        return known.class;
    }
    let mut aliases = AliasTable::default();
    let mut prepared = Prepared::new(name, lexicon);
    let fixed = fixed_candidates(&prepared, lexicon);
    let found = find_once(name, &mut prepared, &fixed, lexicon, &mut aliases);
    let whole = found
        .iter()
        .find(|m| m.range.start == 0 && m.range.end == name.chars().count());
    match whole.or(found.last()) {
        Some(m) => m.class,
        // Providers are public bodies unless the name says otherwise.
        None => OrgClass::GovernmentBody,
    }
}
