//! Record ids: UUIDv7, stored as 16-byte BLOBs, shown as hyphenated strings. Time-ordered, so
//! new rows append at the B-tree's right edge, and unique without coordination between devices.

use rusqlite::ToSql;
use rusqlite::types::{FromSql, FromSqlResult, ToSqlOutput, ValueRef};

use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub [u8; 16]);

impl Id {
    /// A UUIDv7 from a timestamp and 10 random bytes.
    pub(crate) fn v7(unix_ms: i64, random: [u8; 10]) -> Id {
        let uuid =
            uuid::Builder::from_unix_timestamp_millis(unix_ms.max(0) as u64, &random).into_uuid();
        Id(*uuid.as_bytes())
    }

    /// Parses a full id as the user or the UI sent it; `what` names it in the error.
    pub fn parse(text: &str, what: &str) -> Result<Id> {
        uuid::Uuid::try_parse(text.trim())
            .map(|uuid| Id(*uuid.as_bytes()))
            .map_err(|_| {
                Error::invalid(format!(
                    "'{text}' is not a valid {what} id; copy the id from a list command"
                ))
            })
    }

    /// Whether `text` looks like a full id (as opposed to a name).
    pub(crate) fn looks_like_id(text: &str) -> bool {
        uuid::Uuid::try_parse(text.trim()).is_ok()
    }
}

impl TryFrom<&[u8]> for Id {
    type Error = Error;

    fn try_from(bytes: &[u8]) -> Result<Id> {
        <[u8; 16]>::try_from(bytes)
            .map(Id)
            .map_err(|_| Error::invalid("an id must be 16 bytes"))
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        uuid::Uuid::from_bytes(self.0).hyphenated().fmt(f)
    }
}

impl ToSql for Id {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Blob(&self.0)))
    }
}

impl FromSql for Id {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let bytes = value.as_blob()?;
        <[u8; 16]>::try_from(bytes).map(Id).map_err(|_| {
            rusqlite::types::FromSqlError::InvalidBlobSize {
                expected_size: 16,
                blob_size: bytes.len(),
            }
        })
    }
}
