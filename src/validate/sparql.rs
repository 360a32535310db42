//! Shapes → SPARQL: one `SELECT ?focus ?value` per constraint of a targeted
//! shape, returning exactly the focus nodes (and values) that violate it.
//!
//! Nested shapes (`sh:node`, `sh:or`, `sh:qualifiedValueShape`) become boolean
//! expressions built from `EXISTS`, so a whole shape can be tested on one value.
//! Every value test is wrapped in `COALESCE(…, false)`: SHACL says a value that
//! cannot be compared (a string against `sh:minInclusive 1`) does not conform,
//! while in SPARQL the comparison is an error that a bare `FILTER` would drop.
//!
//! `sh:class` and `sh:targetClass` follow `rdf:type/rdfs:subClassOf*` as SHACL
//! defines them; the shapes list subclasses explicitly, so the result is the
//! same whether or not the ontology's `rdfs:subClassOf` triples are loaded.

use super::shapes::{Constraint, Path, PropertyShape, Shape};
use oxigraph::model::{Literal, NamedNode, Term};

const TYPE_OF: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// What a generated query returns for each violation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Returns {
    /// `?focus` and the offending `?value`.
    FocusAndValue,
    /// `?focus` only: the constraint is about the set of values (a count, a missing value).
    Focus,
}

/// One constraint of one targeted shape, as a query.
#[derive(Clone, Debug)]
pub struct Check<'a> {
    pub shape: &'a Shape,
    /// `None` for a constraint on the focus node itself.
    pub property: Option<&'a PropertyShape>,
    pub constraint: &'a Constraint,
    pub query: String,
    pub returns: Returns,
}

/// The checks of every targeted shape, in shape order.
pub fn checks(shapes: &[Shape]) -> Vec<Check<'_>> {
    let mut out = Vec::new();
    for shape in shapes.iter().filter(|s| !s.target_classes.is_empty()) {
        let targets = targets(&shape.target_classes);
        for constraint in &shape.constraints {
            let mut vars = Vars::default();
            let holds = vars.value_holds(constraint, "?focus");
            out.push(Check {
                shape,
                property: None,
                constraint,
                query: format!("SELECT DISTINCT ?focus WHERE {{ {targets} FILTER(!COALESCE({holds}, false)) }}"),
                returns: Returns::Focus,
            });
        }
        for property in &shape.properties {
            for constraint in &property.constraints {
                let (query, returns) = property_query(&targets, &property.path, constraint);
                out.push(Check {
                    shape,
                    property: Some(property),
                    constraint,
                    query,
                    returns,
                });
            }
        }
    }
    out
}

/// The focus nodes of a shape: instances of any target class, each once.
fn targets(classes: &[NamedNode]) -> String {
    let alternatives: Vec<String> = classes
        .iter()
        .map(|c| format!("{{ ?focus {TYPE_OF} {c} }}"))
        .collect();
    format!(
        "{{ SELECT DISTINCT ?focus WHERE {{ {} }} }}",
        alternatives.join(" UNION ")
    )
}

/// The triple pattern `subject path object`.
fn step(path: &Path, subject: &str, object: &str) -> String {
    match path {
        Path::Predicate(p) => format!("{subject} {p} {object} ."),
        Path::Inverse(p) => format!("{object} {p} {subject} ."),
    }
}

fn property_query(targets: &str, path: &Path, constraint: &Constraint) -> (String, Returns) {
    let values = step(path, "?focus", "?value");
    let mut vars = Vars::default();
    let per_value = |filter: String| {
        (
            format!(
                "SELECT DISTINCT ?focus ?value WHERE {{ {targets} {values} FILTER({filter}) }}"
            ),
            Returns::FocusAndValue,
        )
    };
    match constraint {
        Constraint::UniqueLang => {
            let other = step(path, "?focus", "?other");
            let query = format!(
                "SELECT DISTINCT ?focus ?value WHERE {{ {targets} {values} {other} \
                 FILTER(!sameTerm(?value, ?other) && LANG(?value) != \"\" && LCASE(LANG(?value)) = LCASE(LANG(?other))) }}"
            );
            (query, Returns::FocusAndValue)
        }
        Constraint::LessThan(p) | Constraint::LessThanOrEquals(p) => {
            let op = if matches!(constraint, Constraint::LessThan(_)) {
                "<"
            } else {
                "<="
            };
            let query = format!(
                "SELECT DISTINCT ?focus ?value WHERE {{ {targets} {values} ?focus {p} ?other FILTER(!COALESCE(?value {op} ?other, false)) }}"
            );
            (query, Returns::FocusAndValue)
        }
        Constraint::MinCount(_)
        | Constraint::MaxCount(_)
        | Constraint::HasValue(_)
        | Constraint::QualifiedValueShape { .. } => {
            let holds = vars.property_constraint_holds(path, constraint, "?focus");
            (
                format!("SELECT DISTINCT ?focus WHERE {{ {targets} FILTER(!({holds})) }}"),
                Returns::Focus,
            )
        }
        value_constraint => per_value(format!(
            "!COALESCE({}, false)",
            vars.value_holds(value_constraint, "?value")
        )),
    }
}

/// Fresh variable names for nested patterns.
#[derive(Default)]
struct Vars {
    used: usize,
}

impl Vars {
    fn fresh(&mut self) -> String {
        self.used += 1;
        format!("?v{}", self.used)
    }

    /// An expression true when the node `var` conforms to `shape`.
    fn conforms(&mut self, shape: &Shape, var: &str) -> String {
        let mut parts: Vec<String> = shape
            .constraints
            .iter()
            .map(|c| format!("COALESCE({}, false)", self.value_holds(c, var)))
            .collect();
        for property in &shape.properties {
            for constraint in &property.constraints {
                parts.push(self.property_constraint_holds(&property.path, constraint, var));
            }
        }
        all(parts)
    }

    /// An expression true when the single value `var` satisfies a value-type constraint.
    fn value_holds(&mut self, constraint: &Constraint, var: &str) -> String {
        match constraint {
            Constraint::Datatype(datatype) => datatype_holds(datatype, var),
            Constraint::Class(class) => format!("EXISTS {{ {var} {TYPE_OF} {class} }}"),
            Constraint::Node(shape) => self.conforms(shape, var),
            Constraint::Or(shapes) => {
                let alternatives = shapes
                    .iter()
                    .map(|s| format!("COALESCE({}, false)", self.conforms(s, var)))
                    .collect();
                any(alternatives)
            }
            Constraint::In(terms) => any(terms
                .iter()
                .map(|t| format!("sameTerm({var}, {t})"))
                .collect()),
            Constraint::LanguageIn(tags) => {
                let tags = tags
                    .iter()
                    .map(|t| format!("langMatches(LANG({var}), {})", string(t)))
                    .collect();
                format!("(isLiteral({var}) && {})", any(tags))
            }
            Constraint::Pattern { regex, flags } => {
                let flags = flags
                    .as_deref()
                    .map(|f| format!(", {}", string(f)))
                    .unwrap_or_default();
                format!(
                    "(!isBlank({var}) && REGEX(STR({var}), {}{flags}))",
                    string(regex)
                )
            }
            Constraint::MinLength(n) => format!("(!isBlank({var}) && STRLEN(STR({var})) >= {n})"),
            Constraint::MaxLength(n) => format!("(!isBlank({var}) && STRLEN(STR({var})) <= {n})"),
            Constraint::MinInclusive(bound) => format!("({var} >= {bound})"),
            Constraint::MaxInclusive(bound) => format!("({var} <= {bound})"),
            Constraint::MinExclusive(bound) => format!("({var} > {bound})"),
            Constraint::MaxExclusive(bound) => format!("({var} < {bound})"),
            Constraint::HasValue(term) => format!("sameTerm({var}, {term})"),
            // Constraints on a set of values; the shapes parser keeps them out of node level.
            Constraint::MinCount(_)
            | Constraint::MaxCount(_)
            | Constraint::UniqueLang
            | Constraint::LessThan(_)
            | Constraint::LessThanOrEquals(_)
            | Constraint::QualifiedValueShape { .. } => "false".to_string(),
        }
    }

    /// An expression true when the values of `path` from `focus` satisfy `constraint`.
    fn property_constraint_holds(
        &mut self,
        path: &Path,
        constraint: &Constraint,
        focus: &str,
    ) -> String {
        match constraint {
            Constraint::MinCount(0) => "true".to_string(),
            Constraint::MinCount(n) => format!(
                "EXISTS {{ {} }}",
                self.distinct_values(path, focus, *n, None)
            ),
            Constraint::MaxCount(n) => format!(
                "NOT EXISTS {{ {} }}",
                self.distinct_values(path, focus, n + 1, None)
            ),
            Constraint::HasValue(term) => {
                format!("EXISTS {{ {} }}", step(path, focus, &term.to_string()))
            }
            Constraint::QualifiedValueShape { shape, min, max } => {
                let mut parts = Vec::new();
                if let Some(min) = min.filter(|&m| m > 0) {
                    parts.push(format!(
                        "EXISTS {{ {} }}",
                        self.distinct_values(path, focus, min, Some(shape))
                    ));
                }
                if let Some(max) = max {
                    parts.push(format!(
                        "NOT EXISTS {{ {} }}",
                        self.distinct_values(path, focus, max + 1, Some(shape))
                    ));
                }
                all(parts)
            }
            Constraint::UniqueLang => {
                let (a, b) = (self.fresh(), self.fresh());
                format!(
                    "NOT EXISTS {{ {} {} FILTER(!sameTerm({a}, {b}) && LANG({a}) != \"\" && LCASE(LANG({a})) = LCASE(LANG({b}))) }}",
                    step(path, focus, &a),
                    step(path, focus, &b)
                )
            }
            Constraint::LessThan(p) | Constraint::LessThanOrEquals(p) => {
                let op = if matches!(constraint, Constraint::LessThan(_)) {
                    "<"
                } else {
                    "<="
                };
                let (a, b) = (self.fresh(), self.fresh());
                format!(
                    "NOT EXISTS {{ {} {focus} {p} {b} FILTER(!COALESCE({a} {op} {b}, false)) }}",
                    step(path, focus, &a)
                )
            }
            value_constraint => {
                let value = self.fresh();
                let holds = self.value_holds(value_constraint, &value);
                format!(
                    "NOT EXISTS {{ {} FILTER(!COALESCE({holds}, false)) }}",
                    step(path, focus, &value)
                )
            }
        }
    }

    /// A pattern matching `count` pairwise-distinct values of `path` from `focus`,
    /// each conforming to `shape` when one is given.
    fn distinct_values(
        &mut self,
        path: &Path,
        focus: &str,
        count: u64,
        shape: Option<&Shape>,
    ) -> String {
        let values: Vec<String> = (0..count).map(|_| self.fresh()).collect();
        let mut pattern: Vec<String> = values.iter().map(|v| step(path, focus, v)).collect();
        for (i, a) in values.iter().enumerate() {
            for b in &values[i + 1..] {
                pattern.push(format!("FILTER(!sameTerm({a}, {b}))"));
            }
            if let Some(shape) = shape {
                let conforms = self.conforms(shape, a);
                pattern.push(format!("FILTER(COALESCE({conforms}, false))"));
            }
        }
        pattern.join(" ")
    }
}

/// The value is a literal of `datatype` whose lexical form is valid for it.
fn datatype_holds(datatype: &NamedNode, var: &str) -> String {
    let typed = format!("isLiteral({var}) && sameTerm(DATATYPE({var}), {datatype})");
    match lexical_space(datatype) {
        Some(pattern) => format!("({typed} && REGEX(STR({var}), {}))", string(&pattern)),
        None => format!("({typed})"),
    }
}

/// The lexical space of the XSD types the shapes use, so that an ill-typed
/// literal such as `"abc"^^xsd:integer` fails `sh:datatype` as SHACL requires.
fn lexical_space(datatype: &NamedNode) -> Option<String> {
    const YEAR: &str = "-?([1-9][0-9]{3,}|0[0-9]{3})";
    const MONTH: &str = "(0[1-9]|1[0-2])";
    const DAY: &str = "(0[1-9]|[12][0-9]|3[01])";
    const TIMEZONE: &str = "(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?";
    Some(match datatype.as_str().strip_prefix(XSD)? {
        "integer" => "^[+-]?[0-9]+$".to_string(),
        "decimal" => "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$".to_string(),
        "boolean" => "^(true|false|1|0)$".to_string(),
        "gYear" => format!("^{YEAR}{TIMEZONE}$"),
        "gYearMonth" => format!("^{YEAR}-{MONTH}{TIMEZONE}$"),
        "date" => format!("^{YEAR}-{MONTH}-{DAY}{TIMEZONE}$"),
        _ => return None,
    })
}

/// The conjunction of boolean expressions (`true` for none).
fn all(parts: Vec<String>) -> String {
    if parts.is_empty() {
        "true".to_string()
    } else {
        format!("({})", parts.join(" && "))
    }
}

/// The disjunction of boolean expressions (`false` for none).
fn any(alternatives: Vec<String>) -> String {
    if alternatives.is_empty() {
        "false".to_string()
    } else {
        format!("({})", alternatives.join(" || "))
    }
}

/// A SPARQL string literal.
fn string(text: &str) -> String {
    Term::from(Literal::new_simple_literal(text)).to_string()
}
