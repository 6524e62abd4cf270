//! Handschlag's core: the domain (contacts, events, check-ins, follow-ups, deals, tags) stored
//! in one SQLite file, and the bodies of every API command.
//!
//! [`Notebook`] is the open database. Every mutation goes through its single write path
//! ([`write`]), which stamps per-field hybrid logical clocks and the change counter that sync
//! builds on. The wall clock and randomness are injected ([`Clock`], [`Entropy`]) so that tests
//! and sync are deterministic; [`system`] holds the real ones for hosts.

pub mod backup;
mod cadence;
mod calendar;
mod card;
mod checkin;
mod clock;
mod contact;
mod contact_csv;
mod content_line;
mod db;
mod deal;
mod duplicate;
mod error;
mod event;
mod export;
mod follow_up;
mod id;
mod import;
mod insights;
mod live;
mod merge;
pub mod peer;
pub mod qr;
pub mod reminder;
mod replica;
mod rpc;
mod running;
mod search;
mod table;
mod time;
mod vcard;
mod vtimezone;
mod write;

pub mod system;

pub use clock::{Clock, Entropy, Hlc};
pub use db::{Notebook, SCHEMA_VERSION, SEARCH_SLICE};
pub use error::{Error, Result};
pub use id::Id;
pub use replica::{
    Applied, Changes, Key, PROTOCOL_VERSION, RecordChange, RowChange, WireValue, versions_match,
};
pub use running::{Running, RunningImport, RunningSync};
