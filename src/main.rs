//! The `casegraph` command: a thin layer over the library's stages.

use anyhow::{bail, Context, Result};
use casegraph::corpus::{self, BuildOptions, DocumentReport};
use casegraph::export::{export, ExportFormat};
use casegraph::extract::Lexicons;
use casegraph::graph::{self, Filter, View};
use casegraph::query::{self, ResultFormat};
use casegraph::rdf::{vocab, IriScheme};
use casegraph::store::GraphStore;
use clap::{Parser, Subcommand};
use oxigraph::model::NamedNode;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// mimalloc, also as the C allocator (see Cargo.toml): a build allocates and
/// frees millions of small values on several threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Read case documents and (re)build their graphs in the store, skipping unchanged ones.
    Build {
        /// Case documents (UTF-8 or GB18030 text), or folders of them (every
        /// `.txt` below); default: the shipped document.
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
        /// Rebuild every document, even those unchanged since they were stored.
        #[arg(long)]
        force: bool,
    },
    /// Remove documents (by id: the file name without extension) and what only they said.
    Remove {
        /// Document ids, as `casegraph query documents` lists them.
        #[arg(required = true)]
        documents: Vec<String>,
        #[command(flatten)]
        store: StoreArg,
        /// Base of instance IRIs (as given to build).
        #[arg(long, default_value = vocab::DEFAULT_BASE, value_name = "IRI")]
        base: String,
    },
    /// Merge the store's files into one sorted run per index, so lookups read
    /// fewer blocks (after many small builds; `build` does it itself after a
    /// bulk load that is most of the store).
    Optimize {
        #[command(flatten)]
        store: StoreArg,
    },
    /// Check the store, or RDF files, against SHACL shapes (default: ontology/shapes.ttl); fails on violations.
    Validate {
        #[command(flatten)]
        store: StoreArg,
        /// Shapes graph file(s), any RDF format by extension (default: the shipped shapes).
        #[arg(long, value_name = "FILE")]
        shapes: Vec<PathBuf>,
        /// Data graph file(s) to validate instead of the store (.ttl, .nt, .nq, .trig, .rdf, .jsonld).
        #[arg(long, value_name = "FILE")]
        data: Vec<PathBuf>,
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
        source: SourceArgs,
    },
    /// Publish the store's named graphs to a triplestore (SPARQL 1.1 Graph Store
    /// Protocol: each graph replaced whole); only those changed since the last push to URL.
    Push {
        /// The Graph Store endpoint: http://HOST:7878/store (Oxigraph),
        /// http://HOST:8890/sparql-graph-crud-auth (Virtuoso), …
        url: String,
        /// Only this named graph.
        #[arg(long, value_name = "IRI")]
        graph: Option<String>,
        /// Send every graph, changed or not.
        #[arg(long)]
        all: bool,
        /// Print what would be sent, with sizes; send nothing.
        #[arg(long)]
        dry_run: bool,
        /// The server's SPARQL endpoint, to count each pushed graph's triples
        /// (default: read each pushed graph back).
        #[arg(long, value_name = "URL")]
        sparql: Option<String>,
        #[command(flatten)]
        remote: RemoteArgs,
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
        source: SourceArgs,
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
    /// One of `serve`'s query workers: evaluates the SPARQL requests it reads on
    /// stdin and writes the results to stdout (started and killed by `serve`).
    #[command(hide = true)]
    ServeWorker {
        #[command(flatten)]
        store: StoreArg,
    },
}

/// Where `query` and `graph` read from: a SPARQL endpoint, or else the local store.
#[derive(clap::Args, Clone)]
struct SourceArgs {
    /// Read from this SPARQL 1.1 endpoint instead of the local store (see README: teams).
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    #[command(flatten)]
    remote: RemoteArgs,
    #[command(flatten)]
    store: StoreArg,
}

impl SourceArgs {
    fn source(&self) -> Source<'_> {
        match &self.endpoint {
            Some(url) => Source::Remote(url, &self.remote),
            None => Source::Local(self.store.path()),
        }
    }
}

/// How to reach a remote server. Secrets never go on the command line.
#[derive(clap::Args, Clone)]
struct RemoteArgs {
    /// User name; the password comes from $CASEGRAPH_PASSWORD, or a prompt.
    /// (A bearer token comes from $CASEGRAPH_TOKEN.)
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// Seconds to wait to connect, and for each answer.
    #[arg(long, default_value = "60", value_name = "SECONDS")]
    timeout: u64,
    /// Retries of a transient failure (connection, timeout, 5xx), with doubling pauses.
    #[arg(long, default_value = "3", value_name = "N")]
    retries: u32,
}

impl RemoteArgs {
    fn client(&self, url: &str) -> Result<casegraph::publish::Client> {
        use casegraph::publish::{ClientOptions, Credentials};
        let credentials = match (&self.user, std::env::var("CASEGRAPH_TOKEN")) {
            (Some(name), _) => Credentials::User {
                name: name.clone(),
                password: match std::env::var("CASEGRAPH_PASSWORD") {
                    Ok(password) => password,
                    Err(_) => rpassword::prompt_password(format!("password of {name} at {url}: "))
                        .context("reading the password (or set CASEGRAPH_PASSWORD)")?,
                },
            },
            (None, Ok(token)) => Credentials::Bearer(token),
            (None, Err(_)) => Credentials::None,
        };
        Ok(casegraph::publish::Client::new(ClientOptions {
            credentials,
            retries: self.retries,
            timeout: std::time::Duration::from_secs(self.timeout),
            ..ClientOptions::default()
        }))
    }
}

/// How `validate` prints its report.
#[derive(clap::ValueEnum, Clone, Copy)]
enum ReportFormat {
    /// Grouped by shape and constraint, with messages, focus nodes and values.
    Text,
    /// The whole report as one JSON object (every result).
    Json,
    /// The W3C SHACL validation report (sh:ValidationReport) as Turtle.
    Turtle,
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
            force,
        } => IriScheme::new(&base)
            .map_err(anyhow::Error::msg)
            .and_then(|iris| {
                let options = BuildOptions {
                    iris,
                    strict,
                    validate: !no_validate,
                    force,
                };
                build(files, &store.path(), &options)
            }),
        Command::Remove {
            documents,
            store,
            base,
        } => remove(&documents, &store.path(), &base),
        Command::Optimize { store } => optimize(&store.path()),
        Command::Validate {
            store,
            shapes,
            data,
            format,
        } => run_validate(&store.path(), &shapes, &data, format),
        Command::Query {
            query,
            list,
            params,
            format,
            source,
        } => match source.source() {
            Source::Remote(url, remote) if !list => {
                run_remote_query(query, &params, format, url, remote)
            }
            _ => run_query(query, list, &params, format, &source.store.path()),
        },
        Command::Push {
            url,
            graph,
            all,
            dry_run,
            sparql,
            remote,
            store,
        } => run_push(url, graph, all, dry_run, sparql, &remote, &store.path()),
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
            source,
        } => {
            let filter = Filter {
                case: case_number,
                city,
                min_weight,
            };
            run_graph(view, format, &filter, rank, output, source.source())
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
        Command::ServeWorker { store } => {
            casegraph::serve::worker_main(&store.path()).map_err(anyhow::Error::from)
        }
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

fn build(files: Vec<PathBuf>, store_path: &Path, options: &BuildOptions) -> Result<()> {
    let started = Instant::now();
    let files = if files.is_empty() {
        vec![PathBuf::from(DEFAULT_DOCUMENT)]
    } else {
        corpus::discover(&files)?
    };
    let existed = GraphStore::exists(store_path);
    let store = GraphStore::open(store_path)?;
    let progress = progress_bar(files.len());
    let mut printed: std::io::Result<()> = Ok(());
    let summary = corpus::build(
        &files,
        &store,
        options,
        Lexicons::embedded,
        &progress,
        |report| {
            progress.suspend(|| {
                for diagnostic in &report.diagnostics {
                    eprintln!("{diagnostic}");
                }
                if printed.is_ok() {
                    printed = print_report(&mut std::io::stdout().lock(), report);
                }
            })
        },
    )?;
    progress.finish_and_clear();
    printed?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "store {}: {} document(s): {} added, {} replaced, {} unchanged, {} failed; {} document(s) in the store; {:.2} s",
        store_path.display(),
        summary.total(),
        summary.added,
        summary.replaced,
        summary.unchanged,
        summary.failed,
        // Not the number of quads: Oxigraph counts those by reading a whole index.
        store.documents()?.len(),
        started.elapsed().as_secs_f64()
    )?;
    if !existed && summary.added + summary.replaced == 0 {
        // Nothing was written: no store is left behind for nothing.
        drop(store);
        let _ = std::fs::remove_dir_all(store_path);
    }
    if summary.failed > 0 {
        bail!(
            "{} of {} document(s) failed and were not written (the store keeps what it had of them)",
            summary.failed,
            summary.total()
        );
    }
    Ok(())
}

fn print_report(out: &mut impl Write, report: &DocumentReport) -> std::io::Result<()> {
    let name = report
        .path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    match &report.details {
        Some(details) => writeln!(out, "{name}: {}: {details}", report.action.as_str()),
        None => writeln!(out, "{name}: {}", report.action.as_str()),
    }
}

/// A bar for builds of several documents, on a terminal only.
fn progress_bar(documents: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if documents < 2 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    indicatif::ProgressBar::new(documents as u64).with_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} documents  {per_sec}  ETA {eta}",
        )
        .expect("template"),
    )
}

fn remove(documents: &[String], store_path: &Path, base: &str) -> Result<()> {
    let iris = IriScheme::new(base).map_err(anyhow::Error::msg)?;
    let store = GraphStore::open(store_path)?;
    corpus::remove(&store, &iris, documents)?;
    println!(
        "store {}: removed {}; {} document(s) in the store",
        store_path.display(),
        documents.join(", "),
        store.documents()?.len()
    );
    Ok(())
}

fn optimize(store_path: &Path) -> Result<()> {
    if !GraphStore::exists(store_path) {
        anyhow::bail!(
            "{}: no store here (`casegraph build` makes one)",
            store_path.display()
        );
    }
    let store = GraphStore::open(store_path)?;
    let started = std::time::Instant::now();
    store.optimize()?;
    println!(
        "store {}: optimized in {:.2} s",
        store_path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn run_validate(
    store_path: &Path,
    shapes: &[PathBuf],
    data: &[PathBuf],
    format: ReportFormat,
) -> Result<()> {
    use casegraph::validate;
    let custom;
    let shapes = if shapes.is_empty() {
        validate::shipped_shapes()?
    } else {
        custom = validate::read_shapes(shapes)?;
        &custom
    };
    let (report, source) = if data.is_empty() {
        let store = GraphStore::open_read_only(store_path)?;
        let report = validate::validate_with(store.store(), shapes)?;
        (report, store_path.display().to_string())
    } else {
        let quads = validate::read_rdf(data)?;
        let report = validate::validate_quads_with(quads.iter().map(|q| q.as_ref()), shapes);
        let names: Vec<String> = data.iter().map(|d| d.display().to_string()).collect();
        (report, names.join(", "))
    };
    let mut out = std::io::stdout().lock();
    match format {
        ReportFormat::Text => write!(out, "{}", report.render_text())?,
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        ReportFormat::Turtle => write!(out, "{}", report.render_turtle()?)?,
    }
    out.flush()?;
    if !report.conforms() {
        bail!(
            "{} violation(s) of the SHACL shapes in {source}",
            report.violations
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
    let index = query::index_use(&store, &query, &bindings, |why| {
        eprintln!("casegraph: note: {why}")
    })?;
    let results = query::run_narrowed(
        store.store(),
        &query,
        bindings,
        index,
        oxigraph::sparql::CancellationToken::new(),
    )?;
    query::write_results(results, format, &mut out)?;
    Ok(())
}

fn run_remote_query(
    name: Option<String>,
    params: &[(String, String)],
    format: ResultFormat,
    endpoint: &str,
    remote: &RemoteArgs,
) -> Result<()> {
    let query = query::resolve(name.as_deref().unwrap_or_default())?;
    let bindings = query::bind(&query, params)?;
    let text = casegraph::publish::remote::bound_query_text(&query, &bindings)?;
    let results = casegraph::publish::remote::run(&remote.client(endpoint)?, endpoint, &text)?;
    query::write_results(results, format, &mut std::io::stdout().lock())?;
    Ok(())
}

/// The `--graph` option as an IRI.
fn graph_iri(graph: Option<String>) -> Result<Option<NamedNode>> {
    graph
        .map(|g| NamedNode::new(&g).with_context(|| format!("--graph `{g}` is not an IRI")))
        .transpose()
}

fn run_push(
    url: String,
    graph: Option<String>,
    all: bool,
    dry_run: bool,
    sparql: Option<String>,
    remote: &RemoteArgs,
    store_path: &Path,
) -> Result<()> {
    let graph = graph_iri(graph)?;
    let store = GraphStore::open_read_only(store_path)?;
    let client = if dry_run {
        casegraph::publish::Client::new(Default::default())
    } else {
        remote.client(&url)?
    };
    let options = casegraph::publish::PushOptions {
        url,
        sparql,
        graph,
        all,
        dry_run,
    };
    casegraph::publish::push(
        store.store(),
        store_path,
        &options,
        &client,
        &mut std::io::stdout().lock(),
    )?;
    Ok(())
}

fn run_export(
    format: ExportFormat,
    graph: Option<String>,
    output: Option<PathBuf>,
    store_path: &Path,
) -> Result<()> {
    let graph = graph_iri(graph)?;
    let store = GraphStore::open_read_only(store_path)?;
    write_output(output.as_deref(), |out| {
        Ok(export(store.store(), format, graph.as_ref(), out).map(|_| ())?)
    })
}

/// Where `query` and `graph` read from.
enum Source<'a> {
    Local(PathBuf),
    Remote(&'a str, &'a RemoteArgs),
}

fn run_graph(
    view: View,
    format: graph::Format,
    filter: &Filter,
    rank: bool,
    output: Option<PathBuf>,
    source: Source<'_>,
) -> Result<()> {
    let rows = match source {
        Source::Local(store_path) => {
            graph::store::rows(GraphStore::open_read_only(&store_path)?.store())?
        }
        Source::Remote(url, remote) => {
            let client = remote.client(url)?;
            graph::store::rows_from(&|text| casegraph::publish::remote::select(&client, url, text))?
        }
    };
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
