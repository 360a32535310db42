//! HTTP to a triplestore: credentials (Basic, Digest, bearer token),
//! timeouts, and a bounded number of retries of transient failures.

use super::PublishError;
use std::io::Read;
use std::sync::Mutex;
use std::time::Duration;
use ureq::http::{self, Response};
use ureq::{Body, SendBody};

/// Who we are to the server.
#[derive(Clone, Default)]
pub enum Credentials {
    #[default]
    None,
    /// `--user`: Basic, or Digest when the server asks for it (Virtuoso).
    User { name: String, password: String },
    /// `Authorization: Bearer …`.
    Bearer(String),
}

/// How the connection behaves.
#[derive(Clone)]
pub struct ClientOptions {
    pub credentials: Credentials,
    /// Attempts after the first for a transient failure (connection, timeout, 5xx).
    pub retries: u32,
    /// The first pause between attempts; it doubles each time.
    pub backoff: Duration,
    /// How long to wait to connect, and for the server's answer once a request is sent.
    pub timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            credentials: Credentials::None,
            retries: 3,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(60),
        }
    }
}

/// A request body, made afresh for each attempt (a retry resends it whole).
pub type BodyFactory<'a> = &'a dyn Fn() -> std::io::Result<Box<dyn Read + 'a>>;

/// One request: method, URL (already encoded), headers, optional body.
pub struct Request<'a> {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<BodyFactory<'a>>,
}

/// What the server asked for, learnt from its first `401`.
#[derive(Clone)]
enum Scheme {
    Unknown,
    Basic,
    Digest(digest_auth::WwwAuthenticateHeader),
}

pub struct Client {
    agent: ureq::Agent,
    options: ClientOptions,
    scheme: Mutex<Scheme>,
}

impl Client {
    pub fn new(options: ClientOptions) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            // Status codes are answers to report, not transport errors.
            .http_status_as_error(false)
            .timeout_connect(Some(options.timeout))
            .timeout_recv_response(Some(options.timeout))
            .timeout_recv_body(Some(options.timeout))
            .user_agent(concat!("casegraph/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Self {
            agent,
            options,
            scheme: Mutex::new(Scheme::Unknown),
        }
    }

    /// Sends `request`, retrying transient failures with backoff; a final
    /// `4xx`/`5xx` is an error carrying the server's message.
    pub fn send(&self, request: &Request<'_>) -> Result<Response<Body>, PublishError> {
        let mut attempt = 0;
        loop {
            let outcome = self.send_authenticated(request);
            let transient = match &outcome {
                Ok(response) => is_transient_status(response.status().as_u16()),
                Err(PublishError::Transport { transient, .. }) => *transient,
                Err(_) => false,
            };
            if !transient || attempt >= self.options.retries {
                return match outcome {
                    Ok(response) if response.status().as_u16() >= 400 => {
                        Err(status_error(request, response, attempt + 1))
                    }
                    Ok(response) => Ok(response),
                    Err(PublishError::Transport { url, detail, .. }) => {
                        Err(PublishError::Transport {
                            url,
                            detail: format!("{detail} ({} attempt(s))", attempt + 1),
                            transient: false,
                        })
                    }
                    Err(e) => Err(e),
                };
            }
            std::thread::sleep(self.options.backoff * 2u32.pow(attempt));
            attempt += 1;
        }
    }

    /// One attempt, answering an authentication challenge once.
    fn send_authenticated(&self, request: &Request<'_>) -> Result<Response<Body>, PublishError> {
        if self.needs_probe(request) {
            // Learn the scheme (or a fresh Digest nonce) with a bodiless request,
            // so that a large body is not streamed only to be refused half-way.
            let probe = self.attempt("HEAD", request, None, None)?;
            self.learn(&probe);
        }
        let response = self.attempt(
            request.method,
            request,
            request.body,
            self.authorization(request)?,
        )?;
        if response.status().as_u16() != 401 || !self.learn(&response) {
            return Ok(response);
        }
        // A new challenge (a fresh or stale nonce): answer it once more.
        self.attempt(
            request.method,
            request,
            request.body,
            self.authorization(request)?,
        )
    }

    fn needs_probe(&self, request: &Request<'_>) -> bool {
        if !matches!(self.options.credentials, Credentials::User { .. }) {
            return false;
        }
        match *self.scheme.lock().expect("lock") {
            Scheme::Unknown => true,
            Scheme::Digest(_) => request.body.is_some(),
            Scheme::Basic => false,
        }
    }

    /// Remembers the scheme a `401` asks for; whether there is a new challenge to answer.
    fn learn(&self, response: &Response<Body>) -> bool {
        if !matches!(self.options.credentials, Credentials::User { .. }) {
            return false;
        }
        let mut scheme = self.scheme.lock().expect("lock");
        if response.status().as_u16() != 401 {
            if matches!(*scheme, Scheme::Unknown) {
                // The server did not ask: Basic, as the user gave a name.
                *scheme = Scheme::Basic;
            }
            return false;
        }
        let challenges = response
            .headers()
            .get_all(http::header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok());
        let mut learnt = Scheme::Basic;
        for challenge in challenges {
            if challenge.trim_start().to_ascii_lowercase().starts_with("digest") {
                if let Ok(parsed) = digest_auth::parse(challenge) {
                    learnt = Scheme::Digest(parsed);
                }
            }
        }
        let renewed = match (&*scheme, &learnt) {
            (Scheme::Digest(old), Scheme::Digest(new)) => old.nonce != new.nonce,
            (Scheme::Unknown, _) => true,
            _ => false,
        };
        *scheme = learnt;
        renewed
    }

    fn authorization(&self, request: &Request<'_>) -> Result<Option<String>, PublishError> {
        let (name, password) = match &self.options.credentials {
            Credentials::None => return Ok(None),
            Credentials::Bearer(token) => return Ok(Some(format!("Bearer {token}"))),
            Credentials::User { name, password } => (name, password),
        };
        let mut scheme = self.scheme.lock().expect("lock");
        match &mut *scheme {
            Scheme::Digest(challenge) => {
                let uri: http::Uri = request.url.parse().map_err(|e| PublishError::Url {
                    url: request.url.clone(),
                    detail: format!("{e}"),
                })?;
                let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
                let context = digest_auth::AuthContext::new_with_method(
                    name.as_str(),
                    password.as_str(),
                    path,
                    Option::<&[u8]>::None,
                    digest_auth::HttpMethod(request.method.into()),
                );
                let answer = challenge.respond(&context).map_err(|e| PublishError::Auth {
                    url: request.url.clone(),
                    detail: format!("cannot answer the server's Digest challenge: {e}"),
                })?;
                Ok(Some(answer.to_string()))
            }
            _ => Ok(Some(basic(name, password))),
        }
    }

    fn attempt(
        &self,
        method: &str,
        request: &Request<'_>,
        body: Option<BodyFactory<'_>>,
        authorization: Option<String>,
    ) -> Result<Response<Body>, PublishError> {
        let mut builder = http::Request::builder()
            .method(method)
            .uri(request.url.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        if let Some(value) = authorization {
            builder = builder.header(http::header::AUTHORIZATION, value);
        }
        let url_error = |e: http::Error| PublishError::Url {
            url: request.url.clone(),
            detail: e.to_string(),
        };
        let result = match body {
            None => self.agent.run(builder.body(()).map_err(url_error)?),
            Some(make) => {
                let mut reader = make().map_err(|e| PublishError::Local(e.to_string()))?;
                let body = SendBody::from_reader(&mut *reader);
                self.agent.run(builder.body(body).map_err(url_error)?)
            }
        };
        result.map_err(|e| transport_error(&request.url, e))
    }
}

fn basic(name: &str, password: &str) -> String {
    use base64::Engine;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{name}:{password}"));
    format!("Basic {token}")
}

/// Worth another try: the server is busy, restarting or behind a failing proxy.
fn is_transient_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}

fn transport_error(url: &str, error: ureq::Error) -> PublishError {
    let transient = matches!(
        error,
        ureq::Error::Io(_)
            | ureq::Error::Timeout(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::Protocol(_)
            | ureq::Error::BodyStalled
    );
    let detail = match &error {
        ureq::Error::Timeout(which) => format!("timed out ({which})"),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        other => other.to_string(),
    };
    PublishError::Transport {
        url: url.to_string(),
        detail,
        transient,
    }
}

/// A `4xx`/`5xx` with the first lines of what the server said.
fn status_error(request: &Request<'_>, mut response: Response<Body>, attempts: u32) -> PublishError {
    let status = response.status();
    let mut bytes = Vec::new();
    let _ = response
        .body_mut()
        .as_reader()
        .take(4096)
        .read_to_end(&mut bytes);
    // Servers often explain themselves in HTML: keep the words.
    let tags = regex::Regex::new("<[^>]*>").expect("valid regex");
    let text = String::from_utf8_lossy(&bytes);
    let message: String = tags
        .replace_all(&text, " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(400)
        .collect();
    PublishError::Status {
        method: request.method,
        url: request.url.clone(),
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_string(),
        message,
        attempts,
    }
}
