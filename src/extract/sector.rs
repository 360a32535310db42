//! Sectors: which services-trade categories a case is about, from keyword evidence.
//!
//! The categories are the twelve main service components of EBOPS 2010, the
//! concepts of the `cgs:` SKOS scheme. `data/sector_keywords.tsv` gives each
//! concept its `skos:prefLabel`@zh and a weighted vocabulary; [`classify`]
//! counts that vocabulary in a case (title occurrences weigh more) and returns
//! the best-scoring concept plus any other that scores close to it.

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// One sector's score for a case, with the keywords that voted for it.
#[derive(Debug, Clone, PartialEq)]
pub struct SectorScore {
    /// The concept's local name in the `cgs:` scheme (`financial`).
    pub concept: String,
    /// The concept's `skos:prefLabel`@zh (`金融服务`).
    pub label_zh: String,
    pub score: f64,
    /// keyword → occurrences (title and text together), the strongest vote first.
    pub evidence: Vec<(String, usize)>,
}

/// How much more one occurrence in the title counts than the first one in the text:
/// the title states what the case is about, the text also tells how.
pub const TITLE_WEIGHT: f64 = 3.0;

/// A sector other than the best one is assigned when it scores at least this
/// share of the best score: cases that really straddle two components (export
/// credit insurance for maintenance work, IP-backed financing) get both, while
/// the incidental vocabulary every case has (a bank, some data) stays out.
pub const CLOSE_RATIO: f64 = 0.6;

/// No more sectors than this are assigned to one case.
pub const MAX_SECTORS: usize = 3;

/// Below this score the best sector is not assigned at all: one weak,
/// incidental word is not evidence of what a case is about.
pub const MIN_SCORE: f64 = 2.0;

/// A concept of the scheme.
#[derive(Debug, Clone)]
struct Concept {
    slug: String,
    label_zh: String,
}

/// A term of the table: which concept it votes for (`None`: a shield phrase) and how much.
#[derive(Debug, Clone)]
struct Term {
    text: String,
    concept: Option<usize>,
    weight: f64,
}

/// The sector vocabulary of `data/sector_keywords.tsv`.
pub struct SectorLexicon {
    concepts: Vec<Concept>,
    /// Pattern `i` of `matcher` is `terms[i]`.
    terms: Vec<Term>,
    matcher: CharwiseDoubleArrayAhoCorasick<u32>,
    /// Tells this lexicon from every other one built in the run, so that
    /// term indices found by an automaton built elsewhere over its
    /// [`forms`](SectorLexicon::forms) are read only with it.
    id: u64,
}

impl std::fmt::Debug for SectorLexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The automaton is the terms compiled: they say what it holds.
        f.debug_struct("SectorLexicon")
            .field("concepts", &self.concepts)
            .field("terms", &self.terms)
            .finish_non_exhaustive()
    }
}

impl SectorLexicon {
    /// The table shipped in `data/sector_keywords.tsv`.
    pub fn embedded() -> Self {
        Self::parse(include_str!("../../data/sector_keywords.tsv"))
            .unwrap_or_else(|e| panic!("data/sector_keywords.tsv: {e}"))
    }

    /// Parses a table in the format of `data/sector_keywords.tsv`: `#` comments,
    /// a `concept kind term weight` header, then one tab-separated row per term.
    pub fn parse(table: &str) -> Result<Self, String> {
        let mut concepts: Vec<Concept> = Vec::new();
        let mut terms: Vec<Term> = Vec::new();
        // after the header line
        for (line, fields) in super::table::rows(table).skip(1) {
            let at = |msg: &str| format!("line {line}: {msg}: {fields:?}");
            let [slug, kind, text, weight] = fields[..] else {
                return Err(at("expected 4 tab-separated columns"));
            };
            let weight: f64 = weight.parse().map_err(|_| at("bad weight"))?;
            if text.is_empty() {
                return Err(at("empty term"));
            }
            // Terms are counted in a block's text with its whitespace
            // dropped (by the organisation finder's pass over it), as the
            // printed text shows them only when none holds any.
            if text.chars().any(char::is_whitespace) {
                return Err(at("term holds whitespace"));
            }
            let concept = match kind {
                "shield" => None,
                "label" | "keyword" => {
                    let existing = concepts.iter().position(|c| c.slug == slug);
                    let position = existing.unwrap_or_else(|| {
                        concepts.push(Concept {
                            slug: slug.to_string(),
                            label_zh: String::new(),
                        });
                        concepts.len() - 1
                    });
                    if kind == "label" {
                        if !concepts[position].label_zh.is_empty() {
                            return Err(at("second label of a concept"));
                        }
                        concepts[position].label_zh = text.to_string();
                    }
                    Some(position)
                }
                _ => return Err(at("kind must be label, keyword or shield")),
            };
            if terms.iter().any(|t| t.text == text) {
                return Err(at("duplicate term"));
            }
            terms.push(Term {
                text: text.to_string(),
                concept,
                weight,
            });
        }
        if let Some(c) = concepts.iter().find(|c| c.label_zh.is_empty()) {
            return Err(format!("concept {} has no label row", c.slug));
        }
        // Leftmost-longest: `知识产权服务` is one vote for its concept, not also
        // one for `知识产权`; a shield phrase swallows the keyword inside it.
        // A char-wise double array: a fraction of the size of a byte DFA, so
        // that it does not push the other finders' tables out of the cache.
        let matcher = CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build_with_values(terms.iter().zip(0u32..).map(|(t, i)| (&t.text, i)))
            .map_err(|e| e.to_string())?;
        Ok(Self {
            concepts,
            terms,
            matcher,
            id: {
                static BUILT: AtomicU64 = AtomicU64::new(0);
                BUILT.fetch_add(1, Ordering::Relaxed)
            },
        })
    }

    /// Every term, by its index (the index [`TermCounts::add`] takes), and
    /// the lexicon's identity: for the organisation finder's pass over a
    /// block to find them too, instead of a second pass over the case.
    pub(crate) fn forms(&self) -> (u64, Vec<String>) {
        (self.id, self.terms.iter().map(|t| t.text.clone()).collect())
    }

    /// Which lexicon this is (see [`forms`](Self::forms)).
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// `(slug, label_zh)` of every concept, in table order.
    pub fn concepts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.concepts
            .iter()
            .map(|c| (c.slug.as_str(), c.label_zh.as_str()))
    }

    /// Occurrences of each term in `text`, by term index.
    fn count_terms(&self, text: &str) -> TermCounts {
        let mut counts = TermCounts::default();
        counts.count_in(text, self);
        counts
    }
}

/// Occurrences of the terms of a [`SectorLexicon`] in some text, by term
/// index: the leftmost-longest matches, so that a longer term or a shield
/// phrase swallows the terms inside it.
///
/// Counts add up over texts: the counts of the blocks of a case are those of
/// their text joined with line breaks, since no term holds one.
///
/// ```
/// use casegraph::extract::sector::{classify, classify_counted, SectorLexicon, TermCounts};
/// let lexicon = SectorLexicon::embedded();
/// let mut body = TermCounts::default();
/// body.count_in("银行开展跨境人民币结算业务。", &lexicon);
/// let title = "推动跨境人民币结算";
/// assert_eq!(
///     classify_counted(title, &body, &lexicon),
///     classify(title, "银行开展跨境人民币结算业务。", &lexicon),
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermCounts(BTreeMap<usize, usize>);

impl TermCounts {
    /// Adds the leftmost-longest occurrences of the terms of `lexicon` in `text`.
    pub fn count_in(&mut self, text: &str, lexicon: &SectorLexicon) {
        for m in lexicon.matcher.leftmost_find_iter(text) {
            self.add(m.value() as usize);
        }
    }

    /// Adds one occurrence of term `term` (an index into
    /// [`SectorLexicon::forms`]), found by another pass over the text.
    pub(crate) fn add(&mut self, term: usize) {
        *self.0.entry(term).or_insert(0) += 1;
    }

    fn get(&self, term: usize) -> usize {
        self.0.get(&term).copied().unwrap_or(0)
    }
}

/// The sectors assigned to a case (one or more when there is evidence), best first;
/// `title` weighs more than `text`.
///
/// `text` is the case's text; it may begin with the title, in which case that
/// copy is not counted twice ([`classify_counted`] takes the counts of the
/// text after the title, as [`extract_case`](super::extract_case) gathers
/// them block by block). A keyword found `t` times in the title and `n` times in
/// the rest votes `weight × (TITLE_WEIGHT × t + 1 + ln n)` (nothing for `n = 0`):
/// the first occurrences in the text count most, repetition adds little, so
/// many different words of a field outweigh one word said often. The best
/// sector is assigned when it reaches [`MIN_SCORE`]; others when they reach
/// [`CLOSE_RATIO`] of the best, [`MAX_SECTORS`] in all.
///
/// ```
/// use casegraph::extract::sector::{classify, SectorLexicon};
/// let lexicon = SectorLexicon::embedded();
/// let sectors = classify("推动跨境人民币结算", "银行开展跨境人民币结算业务。", &lexicon);
/// assert_eq!(sectors[0].label_zh, "金融服务");
/// ```
pub fn classify(title: &str, text: &str, lexicon: &SectorLexicon) -> Vec<SectorScore> {
    classify_counted(title, &lexicon.count_terms(body_of(title, text)), lexicon)
}

/// [`classify`], given the counts of the terms in the text after the title.
pub fn classify_counted(
    title: &str,
    body: &TermCounts,
    lexicon: &SectorLexicon,
) -> Vec<SectorScore> {
    let mut scores = score_counted(title, body, lexicon);
    let Some(best) = scores.first().map(|s| s.score) else {
        return scores;
    };
    if best < MIN_SCORE {
        return Vec::new();
    }
    scores.retain(|s| s.score >= CLOSE_RATIO * best);
    scores.truncate(MAX_SECTORS);
    scores
}

/// Every concept with some evidence in the case, best first, before
/// [`classify`] keeps the best and the close ones. Scored as [`classify`] says.
pub fn score_all(title: &str, text: &str, lexicon: &SectorLexicon) -> Vec<SectorScore> {
    score_counted(title, &lexicon.count_terms(body_of(title, text)), lexicon)
}

/// The text of a case after its title, when it begins with it.
fn body_of<'a>(title: &str, text: &'a str) -> &'a str {
    text.strip_prefix(title).unwrap_or(text)
}

fn score_counted(title: &str, in_body: &TermCounts, lexicon: &SectorLexicon) -> Vec<SectorScore> {
    let in_title = lexicon.count_terms(title);

    // Per concept: (keyword, occurrences, vote) of each keyword found.
    let mut votes: BTreeMap<usize, Vec<(String, usize, f64)>> = BTreeMap::new();
    let found = in_title.0.keys().chain(in_body.0.keys());
    for &term_index in found.collect::<std::collections::BTreeSet<_>>() {
        let term = &lexicon.terms[term_index];
        let Some(concept) = term.concept else {
            continue;
        };
        let t = in_title.get(term_index);
        let n = in_body.get(term_index);
        let body_vote = if n == 0 { 0.0 } else { 1.0 + (n as f64).ln() };
        let vote = term.weight * (TITLE_WEIGHT * t as f64 + body_vote);
        votes
            .entry(concept)
            .or_default()
            .push((term.text.clone(), t + n, vote));
    }

    let mut scores: Vec<SectorScore> = votes
        .into_iter()
        .map(|(concept, mut keywords)| {
            keywords.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
            let concept = &lexicon.concepts[concept];
            SectorScore {
                concept: concept.slug.clone(),
                label_zh: concept.label_zh.clone(),
                score: keywords.iter().map(|k| k.2).sum(),
                evidence: keywords.into_iter().map(|(k, n, _)| (k, n)).collect(),
            }
        })
        .collect();
    scores.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.concept.cmp(&b.concept))
    });
    scores
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static LEXICON: LazyLock<SectorLexicon> = LazyLock::new(SectorLexicon::embedded);

    fn labels(title: &str, text: &str) -> Vec<String> {
        classify(title, text, &LEXICON)
            .into_iter()
            .map(|s| s.label_zh)
            .collect()
    }

    #[test]
    fn embedded_table_has_the_twelve_concepts_of_the_scheme() {
        let concepts: Vec<_> = LEXICON.concepts().collect();
        assert_eq!(concepts.len(), 12);
        for expected in [
            ("transport", "运输服务"),
            ("travel", "旅行服务"),
            ("construction", "建筑服务"),
            ("insurance", "保险服务"),
            ("financial", "金融服务"),
            ("intellectual-property", "知识产权服务"),
            ("telecom-computer-information", "电信计算机和信息服务"),
            ("other-business", "其他商业服务"),
            ("personal-cultural-recreational", "个人文化和娱乐服务"),
            ("government", "政府服务"),
            ("maintenance-repair", "维护和维修服务"),
            ("processing", "加工服务"),
        ] {
            assert!(concepts.contains(&expected), "{expected:?}");
        }
    }

    #[test]
    fn made_up_cases_get_the_sector_of_their_vocabulary() {
        for (title, text, expected) in [
            (
                "打造国际邮轮旅游目的地",
                "吸引境外游客，发展入境游，推出旅游线路。",
                "旅行服务",
            ),
            (
                "开展保税维修业务",
                "企业承接境外飞机发动机检修和维修业务。",
                "维护和维修服务",
            ),
            (
                "发展国际多式联运",
                "开通海铁联运班列，港口集装箱吞吐量增长，物流成本下降。",
                "运输服务",
            ),
            (
                "建设国际法律服务中心",
                "引进境外律师事务所，提供仲裁和调解服务。",
                "其他商业服务",
            ),
            (
                "推动软件和信息服务出口",
                "培育云计算、大数据企业，软件出口增长。",
                "电信计算机和信息服务",
            ),
        ] {
            assert_eq!(labels(title, text)[0], expected, "{title}");
        }
    }

    #[test]
    fn title_keywords_weigh_more_than_text_keywords() {
        // The text names a bank and a port once each; the title decides.
        let text = "银行支持港口企业。";
        assert_eq!(labels("创新航运服务", text)[0], "运输服务");
        assert_eq!(labels("创新跨境结算", text)[0], "金融服务");
    }

    #[test]
    fn a_close_second_sector_is_assigned_a_distant_one_is_not() {
        let both = labels(
            "知识产权质押融资",
            "以专利和商标质押，银行发放贷款，拓宽融资渠道。",
        );
        assert_eq!(both, ["知识产权服务", "金融服务"]);
        let one = labels(
            "上市国际化期货期权品种",
            "期货交易所推出期权，期货市场开放；会员单位研发新品种。",
        );
        assert_eq!(one, ["金融服务"]);
    }

    #[test]
    fn evidence_names_the_keywords_and_their_occurrences() {
        let sectors = classify("发展出口信保", "信保承保服务贸易企业，保单覆盖。", &LEXICON);
        let insurance = &sectors[0];
        assert_eq!(insurance.concept, "insurance");
        assert_eq!(insurance.evidence[0], ("信保".to_string(), 2));
        assert!(insurance.evidence.contains(&("承保".to_string(), 1)));
        assert!(insurance.evidence.contains(&("保单".to_string(), 1)));
    }

    #[test]
    fn a_title_at_the_head_of_the_text_is_counted_once() {
        let alone = classify("发展邮轮旅游", "游客增长。", &LEXICON);
        let with_title = classify("发展邮轮旅游", "发展邮轮旅游\n游客增长。", &LEXICON);
        assert_eq!(alone[0].score, with_title[0].score);
        assert_eq!(with_title[0].evidence, alone[0].evidence);
    }

    #[test]
    fn longest_term_wins_and_shields_hide_keywords() {
        let sectors = classify("", "知识产权服务", &LEXICON);
        assert_eq!(sectors[0].evidence, [("知识产权服务".to_string(), 1)]);
        // 研究制定 is a shield: drafting rules is not research and development.
        assert!(classify("", "研究制定实施方案。", &LEXICON).is_empty());
    }

    #[test]
    fn no_evidence_no_sector() {
        assert!(labels("深化改革", "完善工作机制，形成可复制经验。").is_empty());
        // One weak incidental word is not enough.
        assert!(labels("深化改革", "共享信息。").is_empty());
    }

    #[test]
    fn malformed_tables_are_reported() {
        let header = "concept\tkind\tterm\tweight\n";
        let bad_weight = format!("{header}financial\tlabel\t金融服务\theavy\n");
        assert!(SectorLexicon::parse(&bad_weight)
            .unwrap_err()
            .contains("weight"));
        let no_label = format!("{header}financial\tkeyword\t银行\t1\n");
        assert!(SectorLexicon::parse(&no_label)
            .unwrap_err()
            .contains("no label"));
        let ok = format!("# comment\n{header}financial\tlabel\t金融服务\t4\n");
        assert_eq!(SectorLexicon::parse(&ok).unwrap().concepts().count(), 1);
    }
}
