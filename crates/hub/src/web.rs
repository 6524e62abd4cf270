//! The web UI of the hub: the Svelte app embedded in the binary, and `POST /v1/api/{command}`
//! over both command lists. It listens on loopback only and in plain HTTP; every request must
//! name this very address as its Host (against DNS rebinding), and an API call from a browser
//! must come from this origin with a JSON body, so another web page cannot drive it. An API call
//! must also carry the secret this server made when it started, which only the app's own page
//! receives (as a `SameSite=Strict`, `HttpOnly` cookie), so another program or user on this
//! machine cannot drive it either without first loading the page like a browser.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use handschlag_api::{ApiError, ErrorCode};
use handschlag_core::peer::hex;
use handschlag_core::{Notebook, RunningImport};
use tokio::sync::Mutex;

use crate::{Hub, ThisDevice};

/// The built UI (`ui/dist`), embedded at compile time in every profile (`build.rs` stops the
/// build when it is missing).
#[derive(rust_embed::Embed)]
#[folder = "../../ui/dist"]
struct Assets;

#[derive(Clone)]
struct Web {
    notebook: Arc<Mutex<Notebook>>,
    running_import: Arc<RunningImport>,
    /// The authorities this server answers to: `127.0.0.1:7879`, `localhost:7879`, …
    hosts: Arc<Vec<String>>,
    /// `handschlag_session_<port>=<secret>`: the cookie the app's page gets, and every API call
    /// needs. Cookies are kept per host, not per port, so the port is part of its name.
    session: Arc<String>,
}

/// The UI and API router for a server listening on the loopback address `address`.
/// `running_import` is the notebook's, answered at `/v1/import-progress` while an import holds
/// the notebook.
pub fn router(
    notebook: Arc<Mutex<Notebook>>,
    running_import: Arc<RunningImport>,
    address: SocketAddr,
) -> Router {
    let port = address.port();
    let hosts = vec![
        address.to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ];
    let mut secret = [0u8; 32];
    handschlag_core::Entropy::fill(&mut handschlag_core::system::OsEntropy, &mut secret);
    let web = Web {
        notebook,
        running_import,
        hosts: Arc::new(hosts),
        session: Arc::new(format!("handschlag_session_{port}={}", hex(&secret))),
    };
    Router::new()
        .route(
            "/v1/api/{command}",
            post(api).layer(DefaultBodyLimit::max(API_BODY_LIMIT)),
        )
        .route("/v1/import-progress", get(import_progress))
        .fallback(asset)
        .layer(middleware::from_fn_with_state(web.clone(), same_host))
        .with_state(web)
}

/// The largest command the page may send: a contact file to import travels base64-encoded in
/// one (axum's default of 2 MB refused a LinkedIn export of 20,000 connections); an address
/// book with photos can be tens of megabytes.
const API_BODY_LIMIT: usize = 128 * 1024 * 1024;

/// Whether the request carries this server's session cookie.
fn has_session(web: &Web, headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .any(|cookie| cookie.trim() == web.session.as_str())
}

/// Refuses requests addressed to another host name (a DNS-rebinding page) or, for the API,
/// sent by another origin.
async fn same_host(State(web): State<Web>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let named = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let host_ok = named(header::HOST).is_some_and(|host| web.hosts.iter().any(|h| h == host));
    let origin_ok = named(header::ORIGIN).is_none_or(|origin| {
        web.hosts
            .iter()
            .any(|host| origin == format!("http://{host}"))
    });
    if !host_ok || !origin_ok {
        return refusal(
            StatusCode::FORBIDDEN,
            ApiError::invalid(
                "this page may not use Handschlag; open the address `handschlag serve` printed",
            ),
        );
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

async fn api(
    State(web): State<Web>,
    Path(command): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !is_json {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::invalid("send the request as JSON (content-type: application/json)"),
        );
    }
    if !has_session(&web, &headers) {
        return refusal(
            StatusCode::FORBIDDEN,
            ApiError::invalid(
                "this request does not come from the Handschlag page; open (or reload) the address `handschlag serve` printed",
            ),
        );
    }
    let request = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                ApiError::invalid(format!("the request is not JSON: {e}")),
            );
        }
    };
    let mut this = ThisDevice {
        notebook: &web.notebook,
        hub: Hub::Served,
    };
    let answer = this.answer(&command, request).await;
    match answer {
        Ok(response) => axum::Json(response).into_response(),
        Err(error) => refusal(status_of(error.code), error),
    }
}

/// How far the import under way has come (`null` when none runs), answered without waiting for
/// the notebook the import holds.
async fn import_progress(State(web): State<Web>, headers: HeaderMap) -> Response {
    if !has_session(&web, &headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    axum::Json(web.running_import.get()).into_response()
}

/// The HTTP status an error is answered with, by the web API and the sync endpoint alike.
pub(crate) fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NotFound | ErrorCode::UnknownCommand => StatusCode::NOT_FOUND,
        ErrorCode::Storage => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Invalid | ErrorCode::Ambiguous => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Unreachable | ErrorCode::CertificateMismatch => StatusCode::BAD_GATEWAY,
        ErrorCode::NotPaired | ErrorCode::Pending | ErrorCode::Revoked => StatusCode::FORBIDDEN,
        ErrorCode::VersionMismatch => StatusCode::CONFLICT,
    }
}

fn refusal(status: StatusCode, error: ApiError) -> Response {
    (status, axum::Json(error)).into_response()
}

/// A file of the built UI; any other path is the app's own route and gets `index.html`, with
/// the session cookie its API calls need.
async fn asset(State(web): State<Web>, request: Request) -> Response {
    let path = request.uri().path().trim_start_matches('/');
    let (path, file) = match Assets::get(path) {
        Some(file) => (path, file),
        None => (
            "index.html",
            Assets::get("index.html").expect("build.rs made sure the UI is built"),
        ),
    };
    let mime = file.metadata.mimetype().to_owned();
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable" // Vite names these by content hash
    } else {
        "no-cache"
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, cache.to_owned()),
        ],
        file.data,
    )
        .into_response();
    if path == "index.html" {
        let cookie = format!("{}; Path=/; HttpOnly; SameSite=Strict", web.session);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
    }
    response
}
