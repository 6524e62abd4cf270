//! The one error type that crosses the API boundary: a stable machine `code` the UI and scripts
//! branch on, and a lowercase human `message` that says how to recover.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What went wrong, as a stable code. Add a code only when a consumer branches on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The input is invalid; the message names the field and the fix.
    Invalid,
    /// The referenced record does not exist (or was deleted).
    NotFound,
    /// A name matched several records; the message lists them.
    Ambiguous,
    /// The command name is not known to this build.
    UnknownCommand,
    /// The database could not be read or written.
    Storage,
    /// Another program held the database's write lock; trying again later works.
    Busy,
    /// The other device did not answer: it is off, asleep or on another network.
    Unreachable,
    /// The hub does not know this device (or no longer by this certificate): pair again.
    NotPaired,
    /// This device is paired but waits for the hub's owner to compare the code and allow it.
    Pending,
    /// The hub's owner revoked this device; only they can allow it again.
    Revoked,
    /// The hub presented another certificate than the one paired: scan its code again.
    CertificateMismatch,
    /// The two devices speak different sync protocols or schemas: update the older one.
    VersionMismatch,
}

impl ErrorCode {
    /// Every code, for the CLI's table of exit statuses.
    pub const ALL: [ErrorCode; 12] = [
        ErrorCode::Invalid,
        ErrorCode::NotFound,
        ErrorCode::Ambiguous,
        ErrorCode::Storage,
        ErrorCode::Busy,
        ErrorCode::Unreachable,
        ErrorCode::NotPaired,
        ErrorCode::Pending,
        ErrorCode::Revoked,
        ErrorCode::CertificateMismatch,
        ErrorCode::VersionMismatch,
        ErrorCode::UnknownCommand,
    ];
}

/// An error as the UI and the CLI see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Invalid, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use ts_rs::TS;

    use super::ErrorCode;

    #[test]
    fn all_lists_every_code_once() {
        let declared = ErrorCode::decl(&ts_rs::Config::default())
            .matches('"')
            .count()
            / 2;
        assert_eq!(ErrorCode::ALL.len(), declared);
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert!(!ErrorCode::ALL[..i].contains(code), "{code:?} twice");
        }
    }
}
