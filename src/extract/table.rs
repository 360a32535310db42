//! The plain-text tables of `data/`: `#` comment lines and blank lines are
//! skipped; every other line is tab-separated cells, trimmed. Tables with named
//! columns start with a header line ([`Table`]); the others are read as rows.

/// Non-comment, non-blank lines of `text` as (1-based line number, cells).
pub fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
}

/// A table whose first row names its columns.
pub struct Table<'a> {
    pub name: &'static str,
    columns: Vec<&'a str>,
    pub rows: Vec<Row<'a>>,
}

/// One data row.
pub struct Row<'a> {
    /// 1-based line number in the table, for error messages.
    pub line: usize,
    cells: Vec<&'a str>,
}

impl<'a> Row<'a> {
    /// The cell of column `index`, `""` when the row is short.
    pub fn get(&self, index: usize) -> &'a str {
        self.cells.get(index).copied().unwrap_or("")
    }
}

impl<'a> Table<'a> {
    /// Reads `text`, the table called `name` (for error messages).
    ///
    /// ```
    /// use casegraph::extract::table::Table;
    /// let table = Table::parse("t.tsv", "# a table\nform\tkind\n上海\tcity\n").unwrap();
    /// let [kind] = table.columns(["kind"]).unwrap();
    /// assert_eq!(table.rows[0].get(kind), "city");
    /// assert_eq!(table.rows[0].line, 3);
    /// ```
    pub fn parse(name: &'static str, text: &'a str) -> Result<Self, String> {
        let mut lines = rows(text);
        let (_, columns) = lines.next().ok_or(format!("{name}: no header"))?;
        let rows = lines.map(|(line, cells)| Row { line, cells }).collect();
        Ok(Self {
            name,
            columns,
            rows,
        })
    }

    /// Indexes of the named columns, or an error naming the first one missing.
    pub fn columns<const N: usize>(&self, names: [&str; N]) -> Result<[usize; N], String> {
        let mut indexes = [0; N];
        for (index, name) in indexes.iter_mut().zip(names) {
            *index = self
                .columns
                .iter()
                .position(|c| *c == name)
                .ok_or(format!("{}: no column {name}", self.name))?;
        }
        Ok(indexes)
    }
}
