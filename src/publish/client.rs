//! HTTP to a triplestore: credentials (Basic, Digest, bearer token),
//! timeouts, and a bounded number of retries of transient failures.

use super::PublishError;
use std::collections::HashMap;
use std::io::Read;
use std::sync::{Mutex, MutexGuard};
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

/// What a path of the server asks for, learnt from a first bodiless request.
#[derive(Clone)]
enum Scheme {
    Unknown,
    /// It did not ask: no credentials are sent there.
    Open,
    Basic,
    Digest(digest_auth::WwwAuthenticateHeader),
}

pub struct Client {
    agent: ureq::Agent,
    options: ClientOptions,
    /// By URL path: Virtuoso's Graph Store asks for Digest, its SPARQL endpoint for nothing.
    schemes: Mutex<HashMap<String, Scheme>>,
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
            schemes: Mutex::new(HashMap::new()),
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
            self.learn(request, &probe);
            if probe.status().as_u16() == 401 {
                // Try the credentials without the body too: a server refusing
                // them mid-body cuts the connection before its `401` can be read.
                let check =
                    self.attempt("HEAD", request, None, self.authorization("HEAD", request)?)?;
                if check.status().as_u16() == 401 {
                    return Ok(check);
                }
            }
        }
        let response = self.attempt(
            request.method,
            request,
            request.body,
            self.authorization(request.method, request)?,
        )?;
        let renewed = self.learn(request, &response);
        if response.status().as_u16() != 401 || !renewed {
            return Ok(response);
        }
        // A new challenge (a fresh or stale nonce): answer it once more.
        self.attempt(
            request.method,
            request,
            request.body,
            self.authorization(request.method, request)?,
        )
    }

    fn needs_probe(&self, request: &Request<'_>) -> bool {
        if !matches!(self.options.credentials, Credentials::User { .. }) {
            return false;
        }
        // Only a Graph Store `PUT`: `HEAD` is part of that protocol, and its
        // body is the one that may be large. (Virtuoso answers `HEAD /sparql`
        // with a body, which would garble the connection.) Other requests are
        // small: they learn the scheme from their own `401` and are sent again.
        request.method == "PUT"
            && matches!(
                self.scheme(request)
                    .entry(path(&request.url))
                    .or_insert(Scheme::Unknown),
                Scheme::Unknown | Scheme::Digest(_)
            )
    }

    fn scheme(&self, _request: &Request<'_>) -> MutexGuard<'_, HashMap<String, Scheme>> {
        self.schemes.lock().expect("lock")
    }

    /// Remembers the scheme a `401` asks for; whether there is a new challenge to answer.
    fn learn(&self, request: &Request<'_>, response: &Response<Body>) -> bool {
        if !matches!(self.options.credentials, Credentials::User { .. }) {
            return false;
        }
        let mut schemes = self.scheme(request);
        let scheme = schemes.entry(path(&request.url)).or_insert(Scheme::Unknown);
        if response.status().as_u16() != 401 {
            if matches!(scheme, Scheme::Unknown) {
                *scheme = Scheme::Open;
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
            if challenge
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("digest")
            {
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

    fn authorization(
        &self,
        method: &str,
        request: &Request<'_>,
    ) -> Result<Option<String>, PublishError> {
        let (name, password) = match &self.options.credentials {
            Credentials::None => return Ok(None),
            Credentials::Bearer(token) => return Ok(Some(format!("Bearer {token}"))),
            Credentials::User { name, password } => (name, password),
        };
        let mut schemes = self.scheme(request);
        match schemes.entry(path(&request.url)).or_insert(Scheme::Unknown) {
            Scheme::Open => Ok(None),
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
                    digest_auth::HttpMethod(method.to_string().into()),
                );
                let answer = challenge
                    .respond(&context)
                    .map_err(|e| PublishError::Auth {
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
            // A probe carries no body, so none of the body's headers.
            if body.is_some() || !name.to_ascii_lowercase().starts_with("content-") {
                builder = builder.header(*name, value.as_str());
            }
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

/// The URL without its query: where a scheme applies.
fn path(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_string()
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
fn status_error(
    request: &Request<'_>,
    mut response: Response<Body>,
    attempts: u32,
) -> PublishError {
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
    let message = match status.as_u16() {
        401 if message.is_empty() => {
            "the credentials were refused (--user and $CASEGRAPH_PASSWORD, or $CASEGRAPH_TOKEN)"
                .to_string()
        }
        _ => message,
    };
    PublishError::Status {
        method: request.method,
        url: request.url.clone(),
        status: status.as_u16(),
        reason: status.canonical_reason().unwrap_or("").to_string(),
        message,
        attempts,
    }
}
