//! The sync crate's error type. Messages are lowercase, without a trailing period, and say how to
//! recover, so the CLI and the apps can show them as they are.

use std::error::Error as StdError;

use handschlag_api::{ApiError, ErrorCode};

/// Everything that can go wrong while creating identities, parsing pairing links or talking to
/// the hub.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "could not create this device's certificate ({0}); try again, and report a bug if it keeps failing"
    )]
    Certificate(#[from] rcgen::Error),
    #[error(
        "this device's certificate or key cannot be used ({0}); create a new identity and pair again"
    )]
    Tls(#[from] rustls::Error),
    #[error(
        "a fingerprint has 64 hex digits, this one has {0} characters; copy the whole fingerprint"
    )]
    FingerprintLength(usize),
    #[error(
        "a fingerprint has only the hex digits 0-9 and a-f, this one has {0:?}; copy the fingerprint again"
    )]
    FingerprintDigit(char),
    #[error(
        "this is not a Handschlag pairing link (it starts with handschlag://pair?); scan the pairing code again"
    )]
    NotAPairingLink,
    #[error(
        "the pairing link has version {0} but this build understands version 1; update Handschlag on both devices"
    )]
    LinkVersion(String),
    #[error("the pairing link has no {0}; copy the whole link")]
    LinkMissing(&'static str),
    #[error("the pairing link has more than one {0}; copy the link again")]
    LinkRepeated(&'static str),
    #[error(
        "the pairing link lists more than {} hub addresses; show a new pairing code on the hub",
        crate::link::MAX_ADDRESSES
    )]
    LinkAddresses,
    #[error("the pairing link's expiry {0:?} is not a time; copy the whole link")]
    LinkExpiry(String),
    #[error("{0:?} is not a hub address like 192.168.1.20:7878; copy the whole pairing link")]
    Address(String),
    #[error("could not set up the connection to the hub ({0}); restart the app")]
    Client(#[source] reqwest::Error),
    #[error("the hub at {address} did not answer ({cause}); check that the hub is running and on the same network, then try again", cause = root_cause(source))]
    Unreachable {
        address: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("the hub's certificate does not match the pairing link; scan the pairing code again")]
    CertificateMismatch(#[source] reqwest::Error),
    /// The hub refused the request and said why, with a code; the message is meant for the user.
    #[error("{0}")]
    Hub(handschlag_api::ApiError),
    #[error(
        "the hub answered {0} without saying why; update Handschlag on the hub and on this device"
    )]
    UnexpectedStatus(u16),
    #[error(
        "the hub's answer could not be read ({0}); update Handschlag on the hub and on this device"
    )]
    BadAnswer(#[source] crate::wire::WireError),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<Error> for ApiError {
    /// Keeps the kind a user acts on: out of reach, a certificate that changed, a refusal with
    /// the hub's own code, an answer only another version would understand.
    fn from(error: Error) -> ApiError {
        let code = match &error {
            Error::Hub(refusal) => return refusal.clone(),
            Error::Unreachable { .. } => ErrorCode::Unreachable,
            Error::CertificateMismatch(_) => ErrorCode::CertificateMismatch,
            Error::LinkVersion(_) | Error::UnexpectedStatus(_) | Error::BadAnswer(_) => {
                ErrorCode::VersionMismatch
            }
            Error::Certificate(_)
            | Error::Tls(_)
            | Error::FingerprintLength(_)
            | Error::FingerprintDigit(_)
            | Error::NotAPairingLink
            | Error::LinkMissing(_)
            | Error::LinkRepeated(_)
            | Error::LinkAddresses
            | Error::LinkExpiry(_)
            | Error::Address(_)
            | Error::Client(_) => ErrorCode::Invalid,
        };
        ApiError::new(code, error.to_string())
    }
}

/// The innermost cause's message, e.g. "Connection refused (os error 111)".
fn root_cause(error: &(dyn StdError + 'static)) -> String {
    causes(error)
        .last()
        .map(ToString::to_string)
        .unwrap_or_default()
}

/// `error` and its causes, outermost first. `io::Error` hides its payload from `source()`, so
/// the payload is taken from `get_ref()` instead.
pub(crate) fn causes<'a>(
    error: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(error), |&current| {
        match current.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|payload| payload as &(dyn StdError + 'static)),
            None => current.source(),
        }
    })
}
