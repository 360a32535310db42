//! Company names in Latin script with a legal form of another country
//! (`Maersk Line Ltd.`, `Robert Bosch GmbH`, `Banco Andino S.A.`), from
//! `data/org_company_forms.tsv`. Chinese text keeps their spaces, so they are
//! read from the text as printed, not from the squashed block.

use super::{OrgClass, OrgMatch};
use crate::extract::offsets::any_byte;
use crate::extract::table::Table;
use regex::Regex;
use std::sync::LazyLock;

static COMPANY: LazyLock<Regex> = LazyLock::new(|| {
    let table = Table::parse(
        "org_company_forms.tsv",
        include_str!("../../../data/org_company_forms.tsv"),
    )
    .expect("org_company_forms.tsv");
    let [form] = table
        .columns(["form"])
        .expect("org_company_forms.tsv columns");
    let mut forms: Vec<&str> = table.rows.iter().map(|r| r.get(form)).collect();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    let forms: Vec<String> = forms.iter().map(|f| regex::escape(f)).collect();
    let word = r"[A-Z][A-Za-z0-9&'’\-]*\.?";
    let joiner = r"&|of|and|de|du|des|la|le|van|von|der|y";
    Regex::new(&format!(
        r"{word}(?:\s+(?:{word}|{joiner}))*\s+(?:{})",
        forms.join("|")
    ))
    .expect("company form pattern")
});

/// Latin-script company names in `text`, as char ranges and names. A name in
/// parentheses right after another is its alias, not a mention of its own.
///
/// ```
/// let found = casegraph::extract::organization::latin_companies("与 Maersk Line Ltd. 合作");
/// assert_eq!(found[0].name, "Maersk Line Ltd.");
/// ```
pub fn find(text: &str) -> Vec<OrgMatch> {
    let mut out = Vec::new();
    // Every name opens with a capital: most blocks have none, and this scan
    // is far cheaper than the regex's.
    if !any_byte(text, |b| b.is_ascii_uppercase()) {
        return out;
    }
    for m in COMPANY.find_iter(text) {
        let before = text[..m.start()].trim_end().chars().next_back();
        let after = text[m.end()..].chars().next();
        let glued_before = before.is_some_and(|c| c.is_ascii_alphanumeric())
            && text[..m.start()].ends_with(|c: char| c.is_ascii_alphanumeric());
        if glued_before
            || after.is_some_and(|c| c.is_ascii_alphanumeric())
            || matches!(before, Some('（' | '('))
        {
            continue;
        }
        let start = text[..m.start()].chars().count();
        let name = m.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
        let range = start..start + m.as_str().chars().count();
        out.push(OrgMatch {
            name: name.clone(),
            class: OrgClass::Enterprise,
            surface: m.as_str().to_string(),
            range,
        });
    }
    out
}

/// Adds the Latin company names of `text` to `found`, in place of the
/// mentions they overlap (a squashed `MaerskLineLtd`, a known `Maersk`).
pub fn merge(text: &str, found: &mut Vec<OrgMatch>) {
    let latin = find(text);
    if latin.is_empty() {
        return;
    }
    found.retain(|f| {
        !latin
            .iter()
            .any(|l| f.range.start < l.range.end && l.range.start < f.range.end)
    });
    found.extend(latin);
    found.sort_by_key(|f| f.range.start);
}
