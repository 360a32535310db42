//! The cover page: the lines before the first case give the collection's
//! title, its publishing office and its date (`data/cover_page.tsv`).

use super::lines::chinese_numeral;
use crate::extract::table::Table;
use regex::Regex;
use std::sync::LazyLock;

/// What the cover page says of the document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cover {
    pub title: Option<String>,
    pub publisher: Option<String>,
    /// ISO 8601: `2023`, `2023-12` or `2023-12-05`.
    pub date: Option<String>,
}

struct CoverWords {
    publisher_endings: Vec<String>,
    front_matter: Vec<String>,
}

static WORDS: LazyLock<CoverWords> = LazyLock::new(|| {
    let table = Table::parse("cover_page.tsv", include_str!("../../data/cover_page.tsv"))
        .expect("cover_page.tsv");
    let [word, role] = table
        .columns(["word", "role"])
        .expect("cover_page.tsv columns");
    let of_role = |name: &str| -> Vec<String> {
        let rows = table.rows.iter().filter(|r| r.get(role) == name);
        rows.map(|r| r.get(word).to_string()).collect()
    };
    CoverWords {
        publisher_endings: of_role("publisher_ending"),
        front_matter: of_role("front_matter"),
    }
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let digits = "[0-9〇零一二三四五六七八九]";
    let small = "[0-9]{1,2}|[一二三四五六七八九十]{1,3}";
    Regex::new(&format!(
        r"^({digits}{{4}})年(?:({small})月(?:({small})日)?)?$"
    ))
    .unwrap()
});

/// Reads the cover from the lines before the first case (trimmed, non-blank).
///
/// ```
/// use casegraph::segment::read_cover;
/// let cover = read_cover(&["服务贸易创新发展", "案例集", "商务部服务贸易司", "二〇二三年十二月", "目录", "1.案例 …… 1"]);
/// assert_eq!(cover.title.as_deref(), Some("服务贸易创新发展案例集"));
/// assert_eq!(cover.publisher.as_deref(), Some("商务部服务贸易司"));
/// assert_eq!(cover.date.as_deref(), Some("2023-12"));
/// ```
pub fn read_cover(lines: &[&str]) -> Cover {
    let squeezed: Vec<String> = lines
        .iter()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect())
        // The front matter, or the first paragraph of prose, ends the cover.
        .take_while(|l: &String| !WORDS.front_matter.contains(l) && !l.contains('。'))
        .collect();
    let mut cover = Cover::default();
    let mut title = String::new();
    for line in &squeezed {
        if let Some(date) = iso_date(line) {
            cover.date.get_or_insert(date);
        } else if let Some(publisher) = publisher(line) {
            cover.publisher = Some(publisher);
        } else {
            title.push_str(line);
        }
    }
    cover.title = (!title.is_empty()).then_some(title);
    cover
}

/// The office a line names, without a trailing `编`/`编印` (`商务部服务贸易司编`).
fn publisher(line: &str) -> Option<String> {
    let name = ["编印", "编制", "印发", "编"]
        .iter()
        .find_map(|w| line.strip_suffix(w))
        .unwrap_or(line);
    let office = name.chars().count() <= 40
        && !name.contains(['。', '，', '；', '：', '《', '（', '('])
        && WORDS.publisher_endings.iter().any(|w| name.ends_with(w));
    office.then(|| name.to_string())
}

/// `2023年12月`, `二〇二三年十二月五日` → ISO 8601.
fn iso_date(line: &str) -> Option<String> {
    let c = DATE.captures(line)?;
    let year: String = c[1]
        .chars()
        .map(
            |ch| match "〇一二三四五六七八九".chars().position(|d| d == ch) {
                Some(p) => char::from(b'0' + p as u8),
                None if ch == '零' => '0',
                None => ch,
            },
        )
        .collect();
    let number = |s: &str| {
        s.parse::<u32>()
            .ok()
            .or(chinese_numeral(s).map(|n| n as u32))
    };
    let mut out = year;
    for (group, max) in [(2, 12), (3, 31)] {
        let Some(m) = c.get(group) else { break };
        let n = number(m.as_str()).filter(|n| (1..=max).contains(n))?;
        out.push_str(&format!("-{n:02}"));
    }
    Some(out)
}
