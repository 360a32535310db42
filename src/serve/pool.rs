//! The server's query workers: a few `casegraph serve-worker` processes
//! ([`super::worker`]) that evaluate arbitrary SPARQL. Oxigraph checks a
//! query's cancellation token only when it reads the store or converts
//! terms, so a query whose work is in memory (a cross product fed to COUNT,
//! a big ORDER BY or GROUP BY, a property path closure) would keep a thread,
//! and its core, long after its 503. A process can be killed: at the
//! timeout the worker gets SIGKILL, is reaped, and a fresh one takes its
//! place; so does a worker that died.

use super::exec::Failure;
use super::worker::{Head, Request, MAX_FRAME};
use axum::http::StatusCode;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::sync::Semaphore;
use tokio::time::{timeout_at, Instant};

pub struct Pool {
    program: PathBuf,
    store: PathBuf,
    /// Workers waiting for a request; at most `size` minus those at work.
    idle: Mutex<Vec<Worker>>,
    /// One per worker: a request waits here while all are at work.
    permits: Semaphore,
    closed: AtomicBool,
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Pool {
    /// Starts one worker per core (at least two, so one runaway query never
    /// holds up the others), running this very program over `store`. Must
    /// be called inside the tokio runtime.
    pub fn start(store: &Path) -> io::Result<Self> {
        let size = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
        let pool = Self {
            program: std::env::current_exe()?,
            store: store.to_path_buf(),
            idle: Mutex::new(Vec::new()),
            permits: Semaphore::new(size),
            closed: AtomicBool::new(false),
        };
        let workers = (0..size)
            .map(|_| pool.spawn())
            .collect::<io::Result<Vec<_>>>()?;
        *pool.idle() = workers;
        Ok(pool)
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Worker>> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn spawn(&self) -> io::Result<Worker> {
        let mut child = Command::new(&self.program)
            .arg("serve-worker")
            .arg("--store")
            .arg(&self.store)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(io::Error::other("a worker without pipes"));
        };
        Ok(Worker {
            child,
            stdin,
            stdout: BufReader::new(stdout),
        })
    }

    /// Evaluates `request` in a worker within `timeout` (waiting for a free
    /// worker included): (media type, body), or the failure to answer with.
    pub async fn run(
        &self,
        request: &Request,
        timeout: Duration,
    ) -> Result<(String, Vec<u8>), Failure> {
        let deadline = Instant::now() + timeout;
        let too_late = || {
            Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the query ran past the server's timeout ({timeout:?}) and was stopped; narrow it (LIMIT, fewer joins) or start the server with a longer --timeout"
                ),
            )
        };
        let frame = serde_json::to_vec(request)
            .map_err(|e| Failure::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
        let _permit = match timeout_at(deadline, self.permits.acquire()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_)) => {
                return Err(Failure::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "the server is stopping",
                ))
            }
            Err(_) => return Err(too_late()),
        };
        let worker = self.take().map_err(|e| {
            Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot start a query worker: {e}"),
            )
        })?;
        // Dropped before the permit: a worker not given back is killed and replaced.
        let mut lease = Lease {
            pool: self,
            worker: Some(worker),
        };
        let asked = lease.worker.as_mut().expect("leased").ask(&frame);
        match timeout_at(deadline, asked).await {
            Ok(Ok((head, body))) => {
                let worker = lease.worker.take().expect("leased");
                self.idle().push(worker);
                match head.status {
                    200 => Ok((head.text, body)),
                    _ => Err(Failure::from_head(head)),
                }
            }
            Ok(Err(e)) => Err(Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the query worker stopped ({e}): the query may need more memory than the server has; a new worker was started"),
            )),
            Err(_) => Err(too_late()),
        }
    }

    /// An idle worker still alive, or a new one (a worker that died while
    /// idle, or whose replacement could not be started, is replaced here).
    fn take(&self) -> io::Result<Worker> {
        let idle = self.idle().pop();
        let Some(mut worker) = idle else {
            return self.spawn();
        };
        match worker.child.try_wait() {
            Ok(None) => Ok(worker),
            stopped => {
                eprintln!(
                    "casegraph serve: a query worker had stopped ({stopped:?}); starting another"
                );
                self.spawn()
            }
        }
    }

    /// Kills `worker` (SIGKILL), reaps it, and starts its replacement.
    fn discard(&self, mut worker: Worker) {
        let _ = worker.child.start_kill();
        reap(worker.child);
        if self.closed.load(Ordering::SeqCst) {
            return;
        }
        match self.spawn() {
            Ok(fresh) => self.idle().push(fresh),
            Err(e) => eprintln!("casegraph serve: cannot start a query worker: {e}"),
        }
    }

    /// Kills the workers (at shutdown, once no request is under way) and waits for them.
    pub async fn shutdown(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.permits.close();
        let workers = std::mem::take(&mut *self.idle());
        for mut worker in workers {
            let _ = worker.child.kill().await;
        }
    }
}

/// Waits for a killed child in the background, so that it leaves no zombie.
fn reap(mut child: Child) {
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(async move {
            let _ = child.wait().await;
        });
    }
}

/// A worker at work: given back to the pool on success, else (a timeout,
/// a dead worker, the client gone and the request dropped) discarded.
struct Lease<'a> {
    pool: &'a Pool,
    worker: Option<Worker>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(worker) = self.worker.take() {
            self.pool.discard(worker);
        }
    }
}

impl Worker {
    /// Sends one request frame and reads the reply: (head, body).
    async fn ask(&mut self, frame: &[u8]) -> io::Result<(Head, Vec<u8>)> {
        let len = u32::try_from(frame.len()).map_err(io::Error::other)?;
        self.stdin.write_all(&len.to_be_bytes()).await?;
        self.stdin.write_all(frame).await?;
        self.stdin.flush().await?;
        let head_len = self.stdout.read_u32().await? as usize;
        if head_len > MAX_FRAME {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "reply head too long",
            ));
        }
        let mut head = vec![0; head_len];
        self.stdout.read_exact(&mut head).await?;
        let head: Head = serde_json::from_slice(&head).map_err(io::Error::other)?;
        let body_len = self.stdout.read_u64().await?;
        // Read as it comes: a broken length never allocates at once.
        let mut body = Vec::new();
        (&mut self.stdout)
            .take(body_len)
            .read_to_end(&mut body)
            .await?;
        if body.len() as u64 != body_len {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        Ok((head, body))
    }
}
