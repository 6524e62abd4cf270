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
