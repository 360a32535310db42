//! The explorer's static files, compiled in: the server reads no file at run
//! time, so no path can reach outside them.

use super::Shared;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

const STYLE: &str = include_str!("assets/style.css");

/// (name, media type, bytes) of every asset.
const ASSETS: [(&str, &str, &str); 1] = [("style.css", "text/css; charset=utf-8", STYLE)];

pub fn routes() -> Router<Shared> {
    Router::new().route("/assets/{name}", get(asset))
}

async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, media, body)) => (
            [
                (header::CONTENT_TYPE, *media),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *body,
        )
            .into_response(),
        None => super::Failure::not_found(format!("no asset `{name}`")).into_response(),
    }
}
