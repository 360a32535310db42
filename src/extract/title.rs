//! Titles in `《》`: policy documents vs creative works.
//!
//! Every balanced `《…》` is a title; a `〈…〉` or `《…》` nested inside one names a
//! document too (`《关于印发〈…办法〉的通知》`) and is reported as well. The brackets
//! are removed and the spaces the PDF put between Chinese and digits dropped
//! (`2022 年浙江省…` → `2022年浙江省…`); a space between two Chinese words or two
//! Latin words is kept (`区管委会 区政府…`).
//!
//! The kind comes from `data/title_kinds.tsv`: the document genre a title ends
//! with (`…方案`, `…办法（试行）`, `…100问`), then the words printed around it
//! (`音乐剧《…》`, `《…》等五个剧本`); a title nothing decides is a policy document.

use aho_corasick::{AhoCorasick, MatchKind};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TitleKind {
    Policy,
    Work,
}

/// The keyword table of `data/title_kinds.tsv`.
#[derive(Debug)]
pub struct TitleLexicon {
    /// Genre words a title ends with, longest first.
    suffixes: Vec<(String, TitleKind)>,
    /// Words a title starts with.
    prefixes: Vec<(String, TitleKind)>,
    /// Genre words that decide only when no context word does (`指南`: a
    /// guidebook that is handed out, or a guideline), longest first.
    weak_suffixes: Vec<(String, TitleKind)>,
    /// Words printed near a title.
    context: AhoCorasick,
    context_kinds: Vec<TitleKind>,
}

impl Default for TitleLexicon {
    fn default() -> Self {
        Self::embedded()
    }
}

impl TitleLexicon {
    /// The table shipped in `data/title_kinds.tsv`.
    pub fn embedded() -> Self {
        Self::parse(include_str!("../../data/title_kinds.tsv"))
    }

    /// Builds the lexicon from the text of a title-kinds table.
    ///
    /// # Panics
    /// On a malformed line: the table is compiled in, so this is a build error.
    pub fn parse(tsv: &str) -> Self {
        let (mut suffixes, mut prefixes, mut weak_suffixes) = (Vec::new(), Vec::new(), Vec::new());
        let (mut context_words, mut context_kinds) = (Vec::new(), Vec::new());
        for (line, fields) in super::table::rows(tsv) {
            let [word, kind, test] = fields[..] else {
                panic!("title_kinds.tsv line {line}: expected 3 columns in {fields:?}");
            };
            let kind = match kind {
                "policy" => TitleKind::Policy,
                "work" => TitleKind::Work,
                other => panic!("title_kinds.tsv: unknown kind {other}"),
            };
            match test {
                "suffix" => suffixes.push((word.to_string(), kind)),
                "prefix" => prefixes.push((word.to_string(), kind)),
                "weak_suffix" => weak_suffixes.push((word.to_string(), kind)),
                "context" => {
                    context_words.push(word.to_string());
                    context_kinds.push(kind);
                }
                other => panic!("title_kinds.tsv: unknown test {other}"),
            }
        }
        // The longest genre word decides (`问卷` is not `问`).
        suffixes.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        weak_suffixes.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
        let context = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&context_words)
            .expect("context words compile");
        Self {
            suffixes,
            prefixes,
            weak_suffixes,
            context,
            context_kinds,
        }
    }

    /// The kind a title says by itself, if any.
    ///
    /// ```
    /// use casegraph::extract::title::{TitleKind, TitleLexicon};
    /// let lexicon = TitleLexicon::embedded();
    /// assert_eq!(lexicon.kind_of_title("成都市会展业促进办法（试行）"), Some(TitleKind::Policy));
    /// assert_eq!(lexicon.kind_of_title("服务贸易100问"), Some(TitleKind::Work));
    /// assert_eq!(lexicon.kind_of_title("白蛇"), None);
    /// ```
    pub fn kind_of_title(&self, title: &str) -> Option<TitleKind> {
        let core = strip_trailing_note(title);
        self.suffixes
            .iter()
            .find(|(w, _)| core.ends_with(w.as_str()))
            .or_else(|| {
                self.prefixes
                    .iter()
                    .find(|(w, _)| core.starts_with(w.as_str()))
            })
            .map(|&(_, kind)| kind)
    }

    /// The kind of a weak genre word the title ends with, if any.
    fn weak_kind_of_title(&self, title: &str) -> Option<TitleKind> {
        let core = strip_trailing_note(title);
        self.weak_suffixes
            .iter()
            .find(|(w, _)| core.ends_with(w.as_str()))
            .map(|&(_, kind)| kind)
    }
}

/// `…办法（试行）` → `…办法`: a trailing parenthesised note is no part of the genre.
fn strip_trailing_note(title: &str) -> &str {
    let trimmed = title.trim_end();
    for (open, close) in [('（', '）'), ('(', ')')] {
        if trimmed.ends_with(close) {
            if let Some(i) = trimmed.rfind(open) {
                if i > 0 {
                    return trimmed[..i].trim_end();
                }
            }
        }
    }
    trimmed
}

/// A title found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleMatch {
    /// The title without brackets.
    pub title: String,
    pub kind: TitleKind,
    /// Char range in the searched text (brackets included).
    pub range: Range<usize>,
}

/// Finds every `《…》` title of `text` (nested ones too), in order of their opening bracket.
///
/// ```
/// use casegraph::extract::title::{find, TitleKind, TitleLexicon};
/// let found = find("出台《苏州市数字经济促进条例》，舞剧《红楼梦》首演。", &TitleLexicon::embedded());
/// assert_eq!(found[0].title, "苏州市数字经济促进条例");
/// assert_eq!(found[0].kind, TitleKind::Policy);
/// assert_eq!((found[1].title.as_str(), found[1].kind), ("红楼梦", TitleKind::Work));
/// ```
pub fn find(text: &str, lexicon: &TitleLexicon) -> Vec<TitleMatch> {
    // Only `《` opens a title (`〈` only inside one), and most blocks print
    // none: decoding them was more than half of the finder's time.
    if !text.contains('《') {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let spans = bracket_spans(&chars);
    let mut inside_title = vec![false; chars.len()];
    for span in &spans {
        inside_title[span.clone()]
            .iter_mut()
            .for_each(|x| *x = true);
    }
    let mut out: Vec<TitleMatch> = spans
        .iter()
        .map(|span| {
            let title = clean_title(&chars[span.start + 1..span.end - 1]);
            let kind = lexicon
                .kind_of_title(&title)
                .or_else(|| kind_from_context(&chars, &inside_title, span, lexicon))
                .or_else(|| lexicon.weak_kind_of_title(&title))
                .unwrap_or(TitleKind::Policy);
            TitleMatch {
                title,
                kind,
                range: span.clone(),
            }
        })
        .filter(|m| !m.title.is_empty())
        .collect();
    out.sort_by_key(|m| m.range.start);
    out
}

/// Char ranges (brackets included) of balanced `《…》`, and of `〈…〉` or `《…》` inside them.
fn bracket_spans(chars: &[char]) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut open: Vec<(char, usize)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '《' => open.push(('》', i)),
            // A single angle bracket names a title only inside a title.
            '〈' if !open.is_empty() => open.push(('〉', i)),
            '》' | '〉' => {
                if let Some(depth) = open.iter().rposition(|&(close, _)| close == c) {
                    spans.push(open[depth].1..i + 1);
                    open.truncate(depth);
                }
            }
            _ => {}
        }
    }
    spans
}

/// The title as printed, with the whitespace the PDF put around digits and
/// punctuation removed; one space kept between two Chinese or two Latin words.
fn clean_title(chars: &[char]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_whitespace() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let run_end = (i..chars.len())
            .find(|&j| !chars[j].is_whitespace())
            .unwrap_or(chars.len());
        let prev = out.chars().next_back();
        let next = chars.get(run_end).copied();
        if let (Some(p), Some(n)) = (prev, next) {
            let same_script = (is_han(p) && is_han(n))
                || (p.is_ascii_alphanumeric() && n.is_ascii_alphabetic())
                || (p.is_ascii_alphabetic() && n.is_ascii_alphanumeric());
            if same_script {
                out.push(' ');
            }
        }
        i = run_end;
    }
    out
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}

/// How far from a title its context words are looked for, in chars.
const CONTEXT_REACH: usize = 40;

/// The kind said by the nearest context word in the title's sentence, outside any title.
fn kind_from_context(
    chars: &[char],
    inside_title: &[bool],
    span: &Range<usize>,
    lexicon: &TitleLexicon,
) -> Option<TitleKind> {
    let is_stop = |c: &char| matches!(c, '。' | '！' | '？' | '；' | ';');
    let floor = span.start.saturating_sub(CONTEXT_REACH);
    let start = (floor..span.start)
        .rev()
        .find(|&i| is_stop(&chars[i]))
        .map_or(floor, |i| i + 1);
    let ceiling = (span.end + CONTEXT_REACH).min(chars.len());
    let end = (span.end..ceiling)
        .find(|&i| is_stop(&chars[i]))
        .unwrap_or(ceiling);
    // Titles are blanked out so that words inside other titles do not count.
    let window: String = (start..end)
        .map(|i| if inside_title[i] { '□' } else { chars[i] })
        .collect();
    lexicon
        .context
        .find_iter(&window)
        .map(|m| {
            let at = start + window[..m.start()].chars().count();
            let len = window[m.range()].chars().count();
            let distance = if at >= span.end {
                at - span.end
            } else {
                span.start.saturating_sub(at + len)
            };
            (distance, lexicon.context_kinds[m.pattern().as_usize()])
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(text: &str) -> Vec<(String, TitleKind)> {
        find(text, &TitleLexicon::embedded())
            .into_iter()
            .map(|m| (m.title, m.kind))
            .collect()
    }

    fn policy(t: &str) -> (String, TitleKind) {
        (t.to_string(), TitleKind::Policy)
    }

    fn work(t: &str) -> (String, TitleKind) {
        (t.to_string(), TitleKind::Work)
    }

    #[test]
    fn policy_genres_with_notes_and_quotes_inside() {
        assert_eq!(
            titles("制定了《“成都港设置国际中转区”综合改革实施方案》、《成都港客运码头管理办法（试行）》等文件"),
            [
                policy("“成都港设置国际中转区”综合改革实施方案"),
                policy("成都港客运码头管理办法（试行）"),
            ]
        );
        assert_eq!(
            titles(
                "对接《数字经济伙伴关系协定》（DEPA），落实《关于推进跨境贸易便利化的若干措施》"
            ),
            [
                policy("数字经济伙伴关系协定"),
                policy("关于推进跨境贸易便利化的若干措施"),
            ]
        );
    }

    #[test]
    fn works_by_context_and_by_genre() {
        assert_eq!(
            titles("如南京大剧院《梁祝》、开心麻花《乌龙山伯爵》等都收获了良好的口碑和票房。"),
            [work("梁祝"), work("乌龙山伯爵")]
        );
        assert_eq!(
            titles("《长津湖》《流浪地球》等五个剧本获得优秀电影剧本奖。"),
            [work("长津湖"), work("流浪地球")]
        );
        assert_eq!(
            titles("编撰印制《跨境电商200问》3000册，发放《外商投资手册》。"),
            [work("跨境电商200问"), work("外商投资手册")]
        );
    }

    #[test]
    fn a_title_nothing_decides_is_policy() {
        assert_eq!(titles("建立《统计管理台账》"), [policy("统计管理台账")]);
        assert_eq!(titles("对标《深圳2035》。"), [policy("深圳2035")]);
    }

    #[test]
    fn context_in_another_sentence_does_not_count() {
        assert_eq!(
            titles("评审出 57 部境外影片。落实《粤港合作框架》。"),
            [policy("粤港合作框架")]
        );
    }

    #[test]
    fn nested_titles_are_found_with_their_host() {
        assert_eq!(
            titles("转发《关于印发〈天津市跨境电商管理办法〉的通知》"),
            [
                policy("关于印发〈天津市跨境电商管理办法〉的通知"),
                policy("天津市跨境电商管理办法"),
            ]
        );
    }

    #[test]
    fn pdf_spaces_around_digits_go_and_word_spaces_stay() {
        assert_eq!(
            titles("出台《2022 年浙江省跨境人民币“首办户”拓展行动方案》，修订《区管委会 区政府关于加强知识产权工作的实施意见》"),
            [
                policy("2022年浙江省跨境人民币“首办户”拓展行动方案"),
                policy("区管委会 区政府关于加强知识产权工作的实施意见"),
            ]
        );
    }

    #[test]
    fn unbalanced_brackets_name_nothing_and_ranges_are_chars() {
        assert!(titles("《未闭合的标题，后文没有结束").is_empty());
        let found = find("上海《白蛇》", &TitleLexicon::embedded());
        assert_eq!(found[0].range, 2..6);
    }
}
