//! The sync protocol's messages, shared by the hub (server) and the devices that dial it. All
//! travel as deflated postcard ([`crate::wire`]) over HTTPS with mutually pinned certificates; the
//! pages themselves are `handschlag_core::Changes`.
//!
//! A sync: `hello` (versions, identities, where the hub's cursor for the caller stands), then
//! `pull` pages of the hub's changes until none are left, then `push` pages of the caller's.

use serde::{Deserialize, Serialize};

/// `POST /v1/sync/pair`: a device redeems the one-time token from the hub's pairing link.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PairRequest {
    pub token: String,
    /// The joining device's id, hex.
    pub device: String,
    pub name: String,
}

/// Who a replica is and what it speaks: the answer to `pair`, and both halves of `hello`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hello {
    /// Device id, hex.
    pub device: String,
    /// Instance id, hex: new when the database file is created or restored.
    pub instance: String,
    pub name: String,
    pub protocol: u32,
    pub schema: i64,
}

/// The hub's answer to `hello`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Welcome {
    pub hub: Hello,
    /// How far the caller's changes are already merged on the hub.
    pub cursor: i64,
    /// Where the hub's own feed ends now: how much the caller has to pull, for its progress.
    pub feed_end: i64,
}

/// `POST /v1/sync/pull`: the hub's changes after `cursor`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PullRequest {
    pub cursor: i64,
    pub limit: usize,
}

/// The hub's answer to `push`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pushed {
    /// Rows and records the page changed on the hub.
    pub changed: usize,
    /// Set when the caller held every change of the hub before this page: how far into the
    /// hub's feed it holds everything now (what the page changed there came from the caller), so
    /// its next pull does not fetch its own changes back.
    pub caught_up_to: Option<i64>,
}

/// The most rows and records one page carries. Each page is one transaction on the receiving
/// side, which writes every index page it touched: on the 50,000-contact notebook its first
/// 160,000 changes merged in 18.8 s at 1,000 a page, 11.1 s at 4,000 and 9.7 s at 10,000. A
/// hub holds its notebook while it applies a page (0.1–0.4 s at 4,000 on that notebook), and
/// the window's commands wait that long during a large sync.
pub const MAX_PAGE: usize = 4000;
