//! Item text with its mentions and figures marked and linked.

use super::esc;
use std::fmt::Write as _;

/// Something to mark in a text: every occurrence of `needle`.
#[derive(Debug, Clone)]
pub struct Mark {
    pub needle: String,
    /// `place`, `org`, `policy`, `figure` or `other` (the CSS class).
    pub class: &'static str,
    pub href: Option<String>,
    pub title: String,
}

/// `text` as HTML with each mark's occurrences wrapped in `<mark>`: longer
/// needles first, overlapping occurrences left unmarked, all text escaped.
pub fn highlight(text: &str, marks: &[Mark]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut owner: Vec<Option<usize>> = vec![None; chars.len()];
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(marks[i].needle.chars().count()));
    for i in order {
        let needle: Vec<char> = marks[i].needle.chars().collect();
        if needle.is_empty() || needle.len() > chars.len() {
            continue;
        }
        let mut at = 0;
        while at + needle.len() <= chars.len() {
            let range = at..at + needle.len();
            if chars[range.clone()] == needle[..]
                && owner[range.clone()].iter().all(Option::is_none)
            {
                owner[range.clone()].iter_mut().for_each(|o| *o = Some(i));
                spans.push((range.start, range.end, i));
                at = range.end;
            } else {
                at += 1;
            }
        }
    }
    spans.sort();
    let mut html = String::new();
    let mut at = 0;
    for (start, end, i) in spans {
        html.push_str(&esc(&chars[at..start].iter().collect::<String>()));
        let inner = esc(&chars[start..end].iter().collect::<String>());
        let mark = &marks[i];
        let inner = match &mark.href {
            Some(href) => format!("<a href=\"{}\">{inner}</a>", esc(href)),
            None => inner,
        };
        let _ = write!(
            html,
            "<mark class=\"{}\" title=\"{}\">{inner}</mark>",
            mark.class,
            esc(&mark.title)
        );
        at = end;
    }
    html.push_str(&esc(&chars[at..].iter().collect::<String>()));
    html
}

/// The sentence of `text` holding the first occurrence of any of `needles`, or `None`.
pub fn sentence_with(text: &str, needles: &[String]) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let at = needles.iter().filter(|n| !n.is_empty()).find_map(|n| {
        let needle: Vec<char> = n.chars().collect();
        chars
            .windows(needle.len())
            .position(|w| w == needle.as_slice())
            .map(|p| p..p + needle.len())
    })?;
    let bounds = crate::extract::sentence::bounds(&chars, at);
    Some(chars[bounds].iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(needle: &str, class: &'static str) -> Mark {
        Mark {
            needle: needle.into(),
            class,
            href: Some(format!("/entity?iri={needle}")),
            title: needle.into(),
        }
    }

    #[test]
    fn longest_first_and_escaped() {
        let html = highlight(
            "上海市与<script>上海期货交易所合作",
            &[mark("上海", "place"), mark("上海期货交易所", "org")],
        );
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert_eq!(html.matches("<mark").count(), 2, "{html}");
        assert!(html.contains("class=\"org\""), "{html}");
        assert!(html.starts_with("<mark class=\"place\""), "{html}");
    }

    #[test]
    fn sentence_around_a_name() {
        let s = sentence_with("一是甲。二是上海乙。三是丙", &["上海".into()]);
        assert_eq!(s.as_deref(), Some("二是上海乙。"));
        assert_eq!(sentence_with("甲。", &["乙".into()]), None);
    }
}
