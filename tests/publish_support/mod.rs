//! Real triplestores on the loopback interface for the publish tests:
//! Oxigraph's server (PyPI `oxigraph`) and Virtuoso (Debian
//! `virtuoso-opensource`), each with its own temporary database and ports,
//! and a TCP relay that can kill the server in the middle of a request.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Whether `program` is installed; in CI a missing one is a failure, elsewhere a skip.
pub fn installed(program: &str, how: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is required in CI ({how})"
        );
        eprintln!("skipped: {program} is not installed ({how})");
    }
    found
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Oxigraph,
    Virtuoso,
}

/// A server process with its data folder; stopped when dropped.
pub struct Server {
    pub kind: Kind,
    pub dir: PathBuf,
    pub http_port: u16,
    sql_port: u16,
    child: Arc<Mutex<Option<Child>>>,
}

impl Server {
    pub fn start(kind: Kind, dir: &Path) -> Server {
        let mut server = Server {
            kind,
            dir: dir.to_path_buf(),
            http_port: free_port(),
            sql_port: free_port(),
            child: Arc::new(Mutex::new(None)),
        };
        server.restart();
        server
    }

    /// The Graph Store endpoint (authenticated for Virtuoso).
    pub fn store_url(&self) -> String {
        match self.kind {
            Kind::Oxigraph => format!("http://127.0.0.1:{}/store", self.http_port),
            Kind::Virtuoso => format!("http://127.0.0.1:{}/sparql-graph-crud-auth", self.http_port),
        }
    }

    pub fn sparql_url(&self) -> String {
        match self.kind {
            Kind::Oxigraph => format!("http://127.0.0.1:{}/query", self.http_port),
            Kind::Virtuoso => format!("http://127.0.0.1:{}/sparql", self.http_port),
        }
    }

    /// Starts the server (again, on the same data and ports) and waits until it answers.
    pub fn restart(&mut self) {
        std::fs::create_dir_all(&self.dir).unwrap();
        let log = std::fs::File::create(self.dir.join("server.log")).unwrap();
        let child = match self.kind {
            Kind::Oxigraph => Command::new("oxigraph")
                .args(["serve", "--union-default-graph", "--location"])
                .arg(self.dir.join("data"))
                .args(["--bind", &format!("127.0.0.1:{}", self.http_port)])
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("starts oxigraph"),
            Kind::Virtuoso => {
                let ini = self.dir.join("virtuoso.ini");
                std::fs::write(&ini, virtuoso_ini(&self.dir, self.sql_port, self.http_port))
                    .unwrap();
                Command::new("virtuoso-t")
                    .arg("+configfile")
                    .arg(&ini)
                    .arg("+foreground")
                    .current_dir(&self.dir)
                    .stdout(Stdio::null())
                    .stderr(log)
                    .spawn()
                    .expect("starts virtuoso-t")
            }
        };
        *self.child.lock().unwrap() = Some(child);
        let probe = format!("{}?query=ASK%7B%7D", self.sparql_url());
        let started = Instant::now();
        while !ureq::get(&probe)
            .call()
            .is_ok_and(|r| r.status().as_u16() == 200)
        {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "{:?} did not start: {}",
                self.kind,
                std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Kills the server (no clean shutdown: as if it died).
    pub fn kill(&self) {
        kill(&self.child);
    }

    fn killer(&self) -> Arc<Mutex<Option<Child>>> {
        self.child.clone()
    }
}

fn kill(child: &Mutex<Option<Child>>) {
    if let Some(mut child) = child.lock().unwrap().take() {
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn virtuoso_ini(d: &Path, sql_port: u16, http_port: u16) -> String {
    let d = d.display();
    format!(
        "[Database]
DatabaseFile = {d}/db.db
ErrorLogFile = {d}/db.log
LockFile = {d}/db.lck
TransactionFile = {d}/db.trx
xa_persistent_file = {d}/db.pxa
[TempDatabase]
DatabaseFile = {d}/db-temp.db
TransactionFile = {d}/db-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"
    )
}

/// A TCP relay to a server that, once armed, kills the server after
/// `after_bytes` bytes of a request have passed: a server dying mid-push.
pub struct Relay {
    pub port: u16,
    armed: Arc<AtomicBool>,
    passed: Arc<AtomicU64>,
}

impl Relay {
    pub fn new(server: &Server, after_bytes: u64) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let upstream = server.http_port;
        let killer = server.killer();
        let armed = Arc::new(AtomicBool::new(false));
        let passed = Arc::new(AtomicU64::new(0));
        let (armed2, passed2) = (armed.clone(), passed.clone());
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue; // the server is down: the client sees the connection close
                };
                let (killer, armed, passed) = (killer.clone(), armed2.clone(), passed2.clone());
                let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || pipe(s2, c2, None));
                std::thread::spawn(move || {
                    pipe(client, server, Some((killer, armed, passed, after_bytes)))
                });
            }
        });
        Relay {
            port,
            armed,
            passed,
        }
    }

    pub fn arm(&self) {
        self.passed.store(0, Ordering::SeqCst);
        self.armed.store(true, Ordering::SeqCst);
    }

    pub fn disarm(&self) {
        self.armed.store(false, Ordering::SeqCst);
    }

    pub fn url(&self, server: &Server) -> String {
        server
            .store_url()
            .replace(&server.http_port.to_string(), &self.port.to_string())
    }
}

type Trigger = (
    Arc<Mutex<Option<Child>>>,
    Arc<AtomicBool>,
    Arc<AtomicU64>,
    u64,
);

fn pipe(mut from: TcpStream, mut to: TcpStream, trigger: Option<Trigger>) {
    let mut buffer = [0u8; 16384];
    loop {
        let n = match from.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if let Some((killer, armed, passed, after)) = &trigger {
            if armed.load(Ordering::SeqCst)
                && passed.fetch_add(n as u64, Ordering::SeqCst) + n as u64 > *after
            {
                kill(killer);
                break;
            }
        }
        if to.write_all(&buffer[..n]).is_err() {
            break;
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
}
