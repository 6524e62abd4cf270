//! The core's error type. Messages are lowercase, without a trailing period, and say how to
//! recover; at the API boundary each variant becomes an [`ApiError`] code.

use handschlag_api::{ApiError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input; the message names the field and how to fix it.
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    /// A name matched several records; the message lists them.
    #[error("{0}")]
    Ambiguous(String),
    /// Another process held the file's write lock for longer than the busy timeout.
    #[error("another program is writing to this notebook; try again in a moment")]
    Busy,
    #[error(
        "database error: {0}; check that the file is a Handschlag database and the disk is not full"
    )]
    Storage(rusqlite::Error),
    #[error(
        "this database was written by a newer Handschlag (schema {found}, this build knows {known}); update the app"
    )]
    TooNew { found: i64, known: i64 },
    /// Another device speaks another sync protocol or schema; the message says which to update.
    #[error("{0}")]
    VersionMismatch(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::Invalid(message.into())
    }
}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                Error::Busy
            }
            _ => Error::Storage(error),
        }
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> Self {
        let code = match &error {
            Error::Invalid(_) => ErrorCode::Invalid,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Ambiguous(_) => ErrorCode::Ambiguous,
            Error::Busy => ErrorCode::Busy,
            Error::VersionMismatch(_) => ErrorCode::VersionMismatch,
            Error::Storage(_) | Error::TooNew { .. } => ErrorCode::Storage,
        };
        ApiError::new(code, error.to_string())
    }
}
