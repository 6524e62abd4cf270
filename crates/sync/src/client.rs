//! The HTTPS client a phone or the CLI uses to talk to the hub: mutual TLS with this device's
//! identity, the hub pinned by fingerprint, bodies in the sync encoding ([`wire`]). A refusal by the hub comes back as
//! [`Error::Hub`] with the hub's own code and message, ready to show.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};
use std::time::Duration;

use reqwest::Url;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result, causes};
use crate::identity::{Fingerprint, Identity};
use crate::{tls, wire};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// How long an open connection to a hub is kept for the next sync.
const KEEP_OPEN: Duration = Duration::from_secs(90);

/// The clients made in this process, by everything a client is made of: the next sync with a
/// hub reuses the open TLS connection (the handshake was a fifth of a small sync's time).
static SHARED: LazyLock<Mutex<HashMap<ClientKey, HubClient>>> = LazyLock::new(Mutex::default);

/// A hub's address, this device's certificate and the hub's pinned one.
type ClientKey = (String, Fingerprint, Fingerprint);

/// A connection pool to one hub, pinned to its certificate.
#[derive(Debug, Clone)]
pub struct HubClient {
    address: String,
    http: reqwest::Client,
}

impl HubClient {
    /// `address` is `host:port`, for example `192.168.1.20:7878` or `[fe80::1]:7878`.
    pub fn new(address: &str, identity: &Identity, server: Fingerprint) -> Result<HubClient> {
        check_address(address)?;
        let tls = tls::client_config(identity, server)?;
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(rustls::ClientConfig::clone(&tls))
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .pool_idle_timeout(KEEP_OPEN)
            .build()
            .map_err(Error::Client)?;
        Ok(HubClient {
            address: address.to_owned(),
            http,
        })
    }

    /// The client this process keeps for the hub at `address` with this identity and pin, made
    /// on first use; a connection it left open is used again (one that closed meanwhile is
    /// replaced before a request is written).
    pub fn shared(address: &str, identity: &Identity, server: Fingerprint) -> Result<HubClient> {
        let key = (address.to_owned(), identity.fingerprint(), server);
        let mut shared = SHARED.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(client) = shared.get(&key) {
            return Ok(client.clone());
        }
        let client = HubClient::new(address, identity, server)?;
        shared.insert(key, client.clone());
        Ok(client)
    }

    /// POSTs `body` to `https://{address}{path}` (`path` starts with `/`) and reads the answer,
    /// both in the sync encoding ([`wire`]).
    pub async fn post<Req: Serialize, Res: DeserializeOwned>(
        &self,
        path: &str,
        body: &Req,
    ) -> Result<Res> {
        self.post_encoded(path, wire::CONTENT_TYPE, wire::encode(body))
            .await
    }

    /// POSTs a body already encoded as `content_type` says (from a test, one that only claims
    /// to be in the sync encoding, or one in another version's).
    pub async fn post_encoded<Res: DeserializeOwned>(
        &self,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> Result<Res> {
        let url = format!("https://{}{path}", self.address);
        let send = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await;
        let response = send.map_err(|error| self.transport_error(error))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|error| self.transport_error(error))?;
        if !status.is_success() {
            return Err(refusal(status.as_u16(), &bytes));
        }
        wire::decode(&bytes).map_err(Error::BadAnswer)
    }

    fn transport_error(&self, error: reqwest::Error) -> Error {
        if rejected_certificate(&error) {
            Error::CertificateMismatch(error)
        } else {
            Error::Unreachable {
                address: self.address.clone(),
                source: error,
            }
        }
    }
}

/// Refuses anything but `host:port`, so the address cannot smuggle in a path or credentials.
fn check_address(address: &str) -> Result<()> {
    let bare = !address.contains(['/', '?', '#', '@']);
    if bare && Url::parse(&format!("https://{address}")).is_ok() {
        Ok(())
    } else {
        Err(Error::Address(address.to_owned()))
    }
}

/// The hub's `{code, message}` of a non-2xx answer; a code this build does not know comes from
/// a newer hub.
fn refusal(status: u16, body: &[u8]) -> Error {
    match serde_json::from_slice(body) {
        Ok(refusal) => Error::Hub(refusal),
        Err(_) => Error::UnexpectedStatus(status),
    }
}

/// Whether rustls refused the hub's certificate somewhere down the error chain.
fn rejected_certificate(error: &reqwest::Error) -> bool {
    causes(error).any(|cause| {
        matches!(
            cause.downcast_ref(),
            Some(rustls::Error::InvalidCertificate(_))
        )
    })
}
