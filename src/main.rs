//! The `casegraph` command: a thin layer over the library's stages.

use anyhow::{bail, Context, Result};
use casegraph::diagnostic::Diagnostic;
use casegraph::export::{export, ExportFormat};
use casegraph::extract::Lexicons;
use casegraph::graph::{self, Filter, View};
use casegraph::pipeline::{build_file, BuiltDocument};
use casegraph::query::{self, ResultFormat};
use casegraph::rdf::{ontology, vocab, IriScheme};
use casegraph::store::GraphStore;
use clap::{Parser, Subcommand};
use oxigraph::model::NamedNode;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The document shipped in `data/`, built when `build` is given no file.
const DEFAULT_DOCUMENT: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/data/000_544783cc65985ead.txt");

#[derive(Parser)]
#[command(
    name = "casegraph",
    version,
    about = "Chinese policy case collections as an RDF knowledge graph (Oxigraph)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct StoreArg {
    /// The store directory [env: CASEGRAPH_STORE; default: ./store]
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
}

impl StoreArg {
    fn path(&self) -> PathBuf {
        self.store
            .clone()
            .or_else(|| std::env::var_os("CASEGRAPH_STORE").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("store"))
    }
}

#[derive(Subcommand)]
enum Command {
    /// Read case documents and (re)build their graphs in the store.
    Build {
        /// Case documents (UTF-8 or GB18030 text); default: the shipped document.
        files: Vec<PathBuf>,
        #[command(flatten)]
        store: StoreArg,
        /// Base of instance IRIs.
        #[arg(long, default_value = vocab::DEFAULT_BASE, value_name = "IRI")]
        base: String,
        /// Treat warnings as fatal.
        #[arg(long)]
        strict: bool,
        /// Write the graph even if it violates the SHACL shapes (skips validation).
        #[arg(long)]
        no_validate: bool,
    },
    /// Check the store against the SHACL shapes (ontology/shapes.ttl); fails on violations.
    Validate {
        #[command(flatten)]
        store: StoreArg,
        #[arg(long, short = 'f', value_enum, default_value = "text")]
        format: ReportFormat,
    },
    /// Run a saved query (NAME) or a query file (FILE.rq) over all graphs.
    Query {
        /// Saved query name or path to a .rq file.
        #[arg(required_unless_present = "list")]
        query: Option<String>,
        /// List the saved queries and their parameters.
        #[arg(long)]
        list: bool,
        /// A parameter value, bound as an RDF term: NAME=VALUE (repeatable).
        #[arg(long = "param", short = 'p', value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        #[arg(long, short = 'f', value_enum, default_value = "table")]
        format: ResultFormat,
        #[command(flatten)]
        store: StoreArg,
    },
    /// Write the store (or one named graph) as RDF.
    Export {
        #[arg(long, short = 'f', value_enum, default_value = "turtle")]
        format: ExportFormat,
        /// Only this named graph.
        #[arg(long, value_name = "IRI")]
        graph: Option<String>,
        /// Output file (default: standard output). Written whole or not at all.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArg,
    },
    /// Score the graph in the store against hand annotations (gold JSON files).
    Eval {
        /// Folder of gold case files (format of GUIDELINES.md).
        #[arg(long, value_name = "DIR")]
        gold: PathBuf,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Also list every miss.
        #[arg(long)]
        misses: bool,
        #[command(flatten)]
        store: StoreArg,
    },
    /// Draw a relationship graph of the store (petgraph): DOT, GraphML, GEXF, JSON, SVG, HTML.
    Graph {
        /// Which relationships: cases (providers → cases → what they name),
        /// organizations (co-occurrence), cities (→ sectors, partner countries).
        #[arg(long, value_enum, default_value = "cases")]
        view: View,
        #[arg(long, short = 'f', value_enum, default_value = "svg")]
        format: graph::Format,
        /// Only this case number.
        #[arg(long = "case", value_name = "N")]
        case_number: Option<u32>,
        /// Only cases provided by this city (上海, 上海市 or Shanghai), or by bodies in it.
        #[arg(long, value_name = "NAME")]
        city: Option<String>,
        /// Drop edges lighter than W (cases), then the nodes left without edges.
        #[arg(long, value_name = "W")]
        min_weight: Option<u32>,
        /// Rank the nodes (degree, weighted degree, PageRank, betweenness) and
        /// report connected components, instead of drawing; `--format json` for JSON.
        #[arg(long)]
        rank: bool,
        /// Output file (default: standard output). Written whole or not at all.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArg,
    },
    /// Serve the store read-only: a SPARQL endpoint (/sparql) and a web explorer (/).
    Serve {
        #[command(flatten)]
        store: StoreArg,
        /// Address and port to listen on; a non-loopback address is reachable by other machines.
        #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR:PORT")]
        bind: String,
        /// Stop a query after this long (e.g. 10s, 500ms, 2m).
        #[arg(long, default_value = "10s", value_parser = parse_duration, value_name = "DURATION")]
        timeout: std::time::Duration,
        /// Allow pages of other origins to query (Access-Control-Allow-Origin: *).
        #[arg(long)]
        cors: bool,
    },
}

/// How `validate` prints its report.
#[derive(clap::ValueEnum, Clone, Copy)]
enum ReportFormat {
    /// Grouped by shape and constraint, with messages, focus nodes and values.
    Text,
    /// The whole report as one JSON object (every result).
    Json,
}

fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let (number, unit) = s.split_at(s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len()));
    let n: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a duration like 10s, 500ms or 2m"))?;
    let seconds = match unit {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        _ => return Err(format!("`{s}`: the unit is ms, s or m")),
    };
    std::time::Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("`{s}` is not a positive duration"))
}

fn parse_param(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        .ok_or_else(|| format!("`{s}` is not NAME=VALUE"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            files,
            store,
            base,
            strict,
            no_validate,
        } => build(files, &store.path(), &base, strict, !no_validate),
        Command::Validate { store, format } => run_validate(&store.path(), format),
        Command::Query {
            query,
            list,
            params,
            format,
            store,
        } => run_query(query, list, &params, format, &store.path()),
        Command::Export {
            format,
            graph,
            output,
            store,
        } => run_export(format, graph, output, &store.path()),
        Command::Eval {
            gold,
            json,
            misses,
            store,
        } => run_eval(&gold, json, misses, &store.path()),
        Command::Graph {
            view,
            format,
            case_number,
            city,
            min_weight,
            rank,
            output,
            store,
        } => {
            let filter = Filter {
                case: case_number,
                city,
                min_weight,
            };
            run_graph(view, format, &filter, rank, output, &store.path())
        }
        Command::Serve {
            store,
            bind,
            timeout,
            cors,
        } => run_serve(casegraph::serve::Options {
            store: store.path(),
            bind,
            timeout,
            cors,
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `casegraph query … | head`: the reader left; that is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // Diagnostics already name file and line; other errors get their context chain.
            eprintln!("casegraph: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn build(
    files: Vec<PathBuf>,
    store_path: &Path,
    base: &str,
    strict: bool,
    validate: bool,
) -> Result<()> {
    let started = Instant::now();
    let iris = IriScheme::new(base).map_err(anyhow::Error::msg)?;
    let files = if files.is_empty() {
        vec![PathBuf::from(DEFAULT_DOCUMENT)]
    } else {
        files
    };
    let lexicons = Lexicons::embedded();
    let progress = indicatif::ProgressBar::new(files.len() as u64).with_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} {wide_msg}")
            .expect("template"),
    );
    let mut built: Vec<BuiltDocument> = Vec::new();
    let mut failures: Vec<Diagnostic> = Vec::new();
    let mut warnings = 0;
    for file in &files {
        progress.set_message(file.display().to_string());
        match build_file(file, &iris, lexicons) {
            Ok(doc) => {
                for w in &doc.doc.warnings {
                    progress.suspend(|| eprintln!("{w}"));
                }
                warnings += doc.doc.warnings.len();
                built.push(doc);
            }
            Err(e) => {
                progress.suspend(|| eprintln!("{e}"));
                failures.push(e);
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    if !failures.is_empty() {
        bail!(
            "{} of {} file(s) could not be read; the store was not changed",
            failures.len(),
            files.len()
        );
    }
    if strict && warnings > 0 {
        bail!("{warnings} warning(s) and --strict: the store was not changed");
    }
    let mut by_graph: BTreeMap<&str, &Path> = BTreeMap::new();
    for doc in &built {
        if let Some(other) = by_graph.insert(doc.graph.as_str(), &doc.doc.source.path) {
            bail!(
                "{} and {} would share the named graph <{}> (same file name): rename one; the store was not changed",
                other.display(),
                doc.doc.source.path.display(),
                doc.graph.as_str()
            );
        }
    }

    let (ontology_graph, ontology_quads) = (ontology::graph(), ontology::ontology_quads());
    let mut graphs: Vec<(&NamedNode, &[oxigraph::model::Quad])> =
        vec![(&ontology_graph, &ontology_quads)];
    graphs.extend(built.iter().map(|d| (&d.graph, d.quads.as_slice())));
    if validate {
        // The new graphs alone, in memory: the store is not touched unless they conform.
        let report =
            casegraph::validate::validate_quads(graphs.iter().flat_map(|(_, quads)| quads.iter()))?;
        if !report.results.is_empty() {
            eprint!("{}", report.render_text());
        }
        if !report.conforms() {
            bail!(
                "the graph violates the SHACL shapes ({} violation(s)); the store was not changed (--no-validate writes it anyway)",
                report.violations
            );
        }
    }
    let store = GraphStore::open(store_path)?;
    store.replace_graphs(&graphs)?;
    let total = store.len()?;

    let mut out = std::io::stdout().lock();
    for doc in &built {
        writeln!(
            out,
            "{}: {} cases, {} items, {} indicators, {} entities, {} triples → graph <{}>",
            doc.doc.source.file_name,
            doc.doc.cases.len(),
            doc.item_count(),
            doc.indicator_count(),
            doc.linked.entities.len(),
            doc.quads.len(),
            doc.graph.as_str()
        )?;
    }
    writeln!(
        out,
        "store {}: {} quads in all graphs; built in {:.2} s",
        store_path.display(),
        total,
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}

fn run_validate(store_path: &Path, format: ReportFormat) -> Result<()> {
    let store = GraphStore::open_read_only(store_path)?;
    let report = casegraph::validate::validate_store(store.store())?;
    let mut out = std::io::stdout().lock();
    match format {
        ReportFormat::Text => write!(out, "{}", report.render_text())?,
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    if !report.conforms() {
        bail!(
            "{} violation(s) of the SHACL shapes in {}",
            report.violations,
            store_path.display()
        );
    }
    Ok(())
}

fn run_query(
    name: Option<String>,
    list: bool,
    params: &[(String, String)],
    format: ResultFormat,
    store_path: &Path,
) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if list {
        for q in query::saved_queries() {
            writeln!(out, "{:24} {}", q.name, q.title)?;
            if !q.description.is_empty() {
                writeln!(out, "{:24} {}", "", q.description)?;
            }
            for p in &q.params {
                let optional = if p.optional { " (optional)" } else { "" };
                writeln!(
                    out,
                    "{:24}   --param {}=…{optional}  {}",
                    "", p.name, p.description
                )?;
            }
        }
        return Ok(());
    }
    let query = query::resolve(name.as_deref().unwrap_or_default())?;
    let bindings = query::bind(&query, params)?;
    let store = GraphStore::open_read_only(store_path)?;
    let results = query::run(store.store(), &query, bindings)?;
    query::write_results(results, format, &mut out)?;
    Ok(())
}

fn run_export(
    format: ExportFormat,
    graph: Option<String>,
    output: Option<PathBuf>,
    store_path: &Path,
) -> Result<()> {
    let graph = graph
        .map(|g| NamedNode::new(&g).with_context(|| format!("--graph `{g}` is not an IRI")))
        .transpose()?;
    let store = GraphStore::open_read_only(store_path)?;
    write_output(output.as_deref(), |out| {
        Ok(export(store.store(), format, graph.as_ref(), out).map(|_| ())?)
    })
}

fn run_graph(
    view: View,
    format: graph::Format,
    filter: &Filter,
    rank: bool,
    output: Option<PathBuf>,
    store_path: &Path,
) -> Result<()> {
    let store = GraphStore::open_read_only(store_path)?;
    let rows = graph::store::rows(store.store())?;
    let built = graph::build_view(&rows, view, filter);
    write_output(output.as_deref(), |out| {
        if !rank {
            return Ok(graph::format::write(&built, format, out)?);
        }
        let ranking = graph::rank::rank(&built);
        if format == graph::Format::Json {
            serde_json::to_writer_pretty(&mut *out, &ranking)?;
            writeln!(out)?;
            Ok(())
        } else {
            Ok(graph::rank::write_table(&ranking, out)?)
        }
    })
}

/// Runs `write` into the file `path` (or standard output). A file is written
/// beside its target and renamed: it is whole or not there.
fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    match path {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            out.flush()?;
        }
        // A device or a pipe (`-o /dev/null`) is written in place: renaming over it would replace it.
        Some(path) if path.metadata().is_ok_and(|m| !m.is_file()) => {
            let mut out = std::io::BufWriter::new(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .with_context(|| format!("{}", path.display()))?,
            );
            write(&mut out)?;
            out.flush()?;
        }
        Some(path) => {
            let tmp = path.with_extension("casegraph-tmp");
            let mut file = std::io::BufWriter::new(
                std::fs::File::create(&tmp).with_context(|| format!("{}", tmp.display()))?,
            );
            let written = write(&mut file).and_then(|()| file.flush().map_err(anyhow::Error::from));
            drop(file);
            if let Err(e) = written {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
            std::fs::rename(&tmp, path).with_context(|| format!("{}", path.display()))?;
        }
    }
    Ok(())
}

fn run_serve(options: casegraph::serve::Options) -> Result<()> {
    casegraph::serve::serve(&options, |addr| {
        // The first line says where: tests and scripts read the port from it.
        println!("casegraph serve: http://{addr}/ (SPARQL endpoint http://{addr}/sparql; store {}; Ctrl-C stops)", options.store.display());
        let _ = std::io::stdout().flush();
    })?;
    Ok(())
}

fn run_eval(gold: &Path, json: bool, misses: bool, store_path: &Path) -> Result<()> {
    let gold_cases = casegraph::eval::load_gold(gold)?;
    let store = GraphStore::open_read_only(store_path)?;
    let system = casegraph::eval::from_store::answers(store.store())?;
    let report = casegraph::eval::score(&gold_cases, &system);
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", report.render(misses))?;
    }
    Ok(())
}
