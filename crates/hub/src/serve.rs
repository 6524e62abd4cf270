//! `handschlag serve`: the hub. It listens on HTTPS with its own certificate, lets a device
//! with a valid one-time token pair (pinning the device's certificate), and lets paired devices
//! exchange pages of changes (the protocol's hub half is in [`session`](crate::session). Devices that are not paired, not yet allowed, or revoked get a
//! refusal that says which (HTTP 403), no data, and change nothing.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Json, Router};
use axum_server::accept::NoDelayAcceptor;
use axum_server::tls::TlsInfo;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use handschlag_api::{ApiError, ErrorCode};
use handschlag_core::Notebook;
use handschlag_core::peer::Peer;
use handschlag_sync::{Fingerprint, tls, wire};
use tokio::sync::{Mutex, Semaphore};

use crate::device::{identity, open};
use crate::session;

/// The largest pushed page on the wire: a full page of contacts with long notes fits well below.
const MAX_PAGE_BODY: usize = 16 * 1024 * 1024;

/// The largest pairing, hello or pull request, on the wire and inflated alike.
const MAX_SMALL_BODY: usize = 16 * 1024;

/// How many pushed pages the hub inflates and parses at once; further ones wait their turn, so
/// even paired devices cannot make it hold many decoded pages in memory together.
const DECODES_AT_ONCE: usize = 2;

/// What the hub's handlers share: its notebook, and the turns at decoding pushed pages.
#[derive(Clone)]
pub(crate) struct Hub {
    pub(crate) notebook: Arc<Mutex<Notebook>>,
    decodes: Arc<Semaphore>,
}

/// An error as the hub answers it: a status and `{code, message}`.
pub(crate) struct Refusal(pub(crate) StatusCode, pub(crate) ApiError);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let Refusal(status, error) = &self;
        if error.code == ErrorCode::Storage {
            tracing::error!(%status, "the hub failed a device's request: {}", error.message);
        } else {
            tracing::info!(%status, code = ?error.code, "the hub refused a device's request: {}", error.message);
        }
        (self.0, Json(self.1)).into_response()
    }
}

impl From<handschlag_core::Error> for Refusal {
    fn from(error: handschlag_core::Error) -> Self {
        ApiError::from(error).into()
    }
}

impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Self {
        Refusal(crate::web::status_of(error.code), error)
    }
}

/// A sync body in the sync encoding ([`wire`]), as request or answer. As a request, it is a
/// pushed page: read and decoded by at most [`DECODES_AT_ONCE`] requests at a time.
pub(crate) struct Page<T>(pub(crate) T);

/// A small request in the sync encoding: pairing, hello and pull, at most [`MAX_SMALL_BODY`].
pub(crate) struct Small<T>(pub(crate) T);

impl<T: serde::de::DeserializeOwned> FromRequest<Hub> for Page<T> {
    type Rejection = Refusal;

    async fn from_request(request: Request, hub: &Hub) -> Result<Self, Refusal> {
        let _turn = hub.decodes.acquire().await.map_err(|_| {
            Refusal::from(ApiError::new(
                ErrorCode::Busy,
                "the hub is stopping; sync again in a moment",
            ))
        })?;
        decode(request, hub, wire::MAX_DECODED).await.map(Page)
    }
}

impl<T: serde::de::DeserializeOwned> FromRequest<Hub> for Small<T> {
    type Rejection = Refusal;

    async fn from_request(request: Request, hub: &Hub) -> Result<Self, Refusal> {
        decode(request, hub, MAX_SMALL_BODY as u64).await.map(Small)
    }
}

/// Reads a request's body (within the route's body limit) and decodes at most `max` bytes of it.
/// A body in another sync format comes from another version of the app.
async fn decode<T: serde::de::DeserializeOwned>(
    request: Request,
    hub: &Hub,
    max: u64,
) -> Result<T, Refusal> {
    let format = request.headers().get(header::CONTENT_TYPE);
    if format.is_none_or(|format| format.as_bytes() != wire::CONTENT_TYPE.as_bytes()) {
        return Err(Refusal::from(ApiError::new(
            ErrorCode::VersionMismatch,
            "the devices run different versions of Handschlag (their sync formats differ); update the app on both devices",
        )));
    }
    let bytes = Bytes::from_request(request, hub).await.map_err(|e| {
        Refusal(
            StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::invalid(format!("{e}; sync in smaller pages")),
        )
    })?;
    wire::decode_within(&bytes, max)
        .map_err(|e| Refusal(StatusCode::BAD_REQUEST, ApiError::invalid(e.to_string())))
}

impl<T: serde::Serialize> IntoResponse for Page<T> {
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, wire::CONTENT_TYPE)],
            wire::encode(&self.0),
        )
            .into_response()
    }
}

/// A refusal of a device this hub does not (or no longer) sync with.
pub(crate) fn forbidden(code: ErrorCode, message: &str) -> Refusal {
    Refusal::from(ApiError::new(code, message))
}

/// Runs the hub until the process is stopped: the sync endpoint on `listen` (TLS) and the web UI
/// on the loopback address `ui`. Prints where each listens.
pub fn run(db: &Path, listen: SocketAddr, ui: SocketAddr) -> Result<(), ApiError> {
    if !ui.ip().is_loopback() {
        return Err(ApiError::invalid(format!(
            "the web UI listens on this machine only; use a loopback address such as 127.0.0.1:{} for --ui, and pair other devices instead",
            ui.port()
        )));
    }
    let notebook = open(db)?;
    let running_import = notebook.running_import();
    let notebook = Arc::new(Mutex::new(notebook));
    let runtime = tokio::runtime::Runtime::new().map_err(io_error)?;
    let endpoint = runtime.block_on(SyncEndpoint::bind(&notebook, listen))?;
    let ui_listener = std::net::TcpListener::bind(ui).map_err(|e| {
        ApiError::invalid(format!(
            "cannot listen on {ui} for the web UI: {e}; pick another address with --ui"
        ))
    })?;
    let ui = ui_listener.local_addr().map_err(io_error)?;
    println!(
        "Handschlag hub listening on {}",
        endpoint.addresses.join(" ")
    );
    println!("fingerprint {}", endpoint.fingerprint);
    println!("web UI on http://{ui}");
    println!("pair a device: on the Devices screen, or run `handschlag pair invite`");
    let web = crate::web::router(notebook.clone(), running_import, ui);
    runtime.spawn(crate::indexer::run(notebook.clone()));
    runtime.spawn(crate::daily_backup::run(notebook));
    runtime
        .block_on(async move {
            ui_listener.set_nonblocking(true)?;
            let ui = axum::serve(tokio::net::TcpListener::from_std(ui_listener)?, web);
            tokio::try_join!(endpoint.serve(), async { ui.await })?;
            Ok::<_, std::io::Error>(())
        })
        .map_err(|e| ApiError::invalid(format!("the hub stopped: {e}")))
}

fn io_error(error: std::io::Error) -> ApiError {
    ApiError::invalid(error.to_string())
}

/// The sync endpoint of a hub, bound to its address and ready to serve.
pub struct SyncEndpoint {
    listener: std::net::TcpListener,
    config: Arc<rustls::ServerConfig>,
    router: Router,
    stop: axum_server::Handle<SocketAddr>,
    /// Where other devices reach it (the pairing link lists these).
    pub addresses: Vec<String>,
    pub fingerprint: Fingerprint,
}

impl SyncEndpoint {
    /// Binds the sync endpoint of `notebook` to `listen` and records its addresses there, for
    /// pairing links made by this process or by `handschlag pair invite` beside it.
    pub async fn bind(
        notebook: &Arc<Mutex<Notebook>>,
        listen: SocketAddr,
    ) -> Result<Self, ApiError> {
        let mut locked = notebook.lock().await;
        Self::bind_locked(notebook, &mut locked, listen)
    }

    /// [`Self::bind`] for a caller that already holds `notebook`'s lock, as `locked`.
    pub fn bind_locked(
        notebook: &Arc<Mutex<Notebook>>,
        locked: &mut Notebook,
        listen: SocketAddr,
    ) -> Result<Self, ApiError> {
        let identity = identity(locked)?;
        let config = tls::server_config(&identity).map_err(|e| ApiError::invalid(e.to_string()))?;
        let listener = std::net::TcpListener::bind(listen).map_err(|e| {
            ApiError::invalid(format!(
                "cannot listen on {listen}: {e}; stop the other program on port {} (another `handschlag serve`?), or give `handschlag serve` another --listen address",
                listen.port()
            ))
        })?;
        let addresses = reachable_addresses(listener.local_addr().map_err(io_error)?);
        locked.set_setting("hub_address", addresses.join(",").as_bytes())?;
        let hub = Hub {
            notebook: notebook.clone(),
            decodes: Arc::new(Semaphore::new(DECODES_AT_ONCE)),
        };
        // Everything but pairing is for paired devices: they are known by their certificate
        // before a byte of the body is read.
        let paired = Router::new()
            .route("/v1/sync/hello", post(session::welcome))
            .route("/v1/sync/pull", post(session::pull))
            .route(
                "/v1/sync/push",
                post(session::push).layer(DefaultBodyLimit::max(MAX_PAGE_BODY)),
            )
            .route_layer(middleware::from_fn_with_state(hub.clone(), paired_only));
        let router = Router::new()
            .route("/v1/sync/pair", post(session::pair))
            .merge(paired)
            .layer(DefaultBodyLimit::max(MAX_SMALL_BODY))
            .with_state(hub);
        Ok(SyncEndpoint {
            listener,
            config,
            router,
            stop: axum_server::Handle::new(),
            addresses,
            fingerprint: identity.fingerprint(),
        })
    }

    /// What stops this endpoint once it serves: its listener closes and open connections end.
    pub(crate) fn stop_handle(&self) -> axum_server::Handle<SocketAddr> {
        self.stop.clone()
    }

    /// Serves paired devices until the process stops (or the stop handle is used).
    pub async fn serve(self) -> std::io::Result<()> {
        self.listener.set_nonblocking(true)?;
        let config = RustlsConfig::from_config(self.config);
        // Without TCP_NODELAY a small answer waits for the client's delayed ACK (~40 ms).
        let acceptor = RustlsAcceptor::new(config).acceptor(NoDelayAcceptor::new());
        axum_server::from_tcp(self.listener)?
            .acceptor(acceptor)
            .handle(self.stop)
            .serve(self.router.into_make_service())
            .await
    }
}

/// Where other devices can reach a hub listening on `address`: the address itself, or, when it
/// listens on every interface (`--lan`), each of this machine's network addresses.
fn reachable_addresses(address: SocketAddr) -> Vec<String> {
    if !address.ip().is_unspecified() {
        return vec![address.to_string()];
    }
    let mut interfaces: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .map(|interface| interface.ip())
        .filter(|ip| ip.is_ipv4())
        .collect();
    // Loopback last: a phone needs the network address; the same machine can use either.
    interfaces.sort_by_key(|ip| ip.is_loopback());
    interfaces
        .into_iter()
        .take(handschlag_sync::link::MAX_ADDRESSES)
        .map(|ip| SocketAddr::new(ip, address.port()).to_string())
        .collect()
}

/// The fingerprint of the certificate the client presented in the TLS handshake (the server
/// configuration requires one, so a client without a certificate never gets here).
pub(crate) fn client_fingerprint(tls: &TlsInfo) -> Result<Fingerprint, Refusal> {
    tls.peer_certificates
        .first()
        .map(|cert| Fingerprint::of_cert(cert))
        .ok_or_else(|| {
            forbidden(
                ErrorCode::NotPaired,
                "present this device's certificate; update the app",
            )
        })
}

/// The paired, unrevoked peer presenting this certificate.
fn authorize(notebook: &Notebook, fingerprint: Fingerprint) -> Result<Peer, Refusal> {
    match notebook.peer_by_fingerprint(fingerprint.0)? {
        Some(peer) if peer.trusted() => Ok(peer),
        Some(peer) if peer.revoked_at.is_some() => Err(forbidden(
            ErrorCode::Revoked,
            "this device was revoked on the hub; only the hub's owner can allow it again",
        )),
        Some(_) => Err(forbidden(
            ErrorCode::Pending,
            "waiting for the hub to allow this device; compare the 6-digit code on both screens, then choose Allow on the hub",
        )),
        None => Err(forbidden(
            ErrorCode::NotPaired,
            "this device is not paired with the hub; pair it first with `handschlag pair join LINK`",
        )),
    }
}

/// Lets a request through only from a paired, allowed and unrevoked device, which the handler
/// then finds in the request's extensions.
async fn paired_only(
    State(hub): State<Hub>,
    Extension(tls): Extension<Arc<TlsInfo>>,
    mut request: Request,
    next: Next,
) -> Result<Response, Refusal> {
    let known = match client_fingerprint(&tls) {
        Ok(caller) => authorize(&*hub.notebook.lock().await, caller),
        Err(refusal) => Err(refusal),
    };
    match known {
        Ok(peer) => {
            request.extensions_mut().insert(peer);
            Ok(next.run(request).await)
        }
        Err(refusal) => {
            discard(request.into_body()).await;
            Err(refusal)
        }
    }
}

/// Reads and drops what a refused client is still sending (never kept, never inflated, at most
/// [`MAX_PAGE_BODY`]), so it gets the refusal rather than a broken connection.
async fn discard(mut body: axum::body::Body) {
    use http_body_util::BodyExt;
    let mut read = 0;
    while let Some(Ok(frame)) = body.frame().await {
        read += frame.data_ref().map_or(0, Bytes::len);
        if read > MAX_PAGE_BODY {
            return;
        }
    }
}
