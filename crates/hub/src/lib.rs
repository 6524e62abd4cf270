//! The headless Handschlag as a library: this device as a sync party ([`device`]), the sync
//! protocol's two halves ([`session`]), the device commands of the API over it
//! ([`ThisDevice`]), the hub server ([`serve`]) that the
//! `handschlag` command line and the desktop app both run — the app as a [`LanHub`] the user
//! switches — the app's automatic sync with the hubs it dials ([`auto_sync`]), search indexed in
//! the background ([`indexer`]), and the daily backup ([`daily_backup`]).

pub mod auto_sync;
pub mod daily_backup;
pub mod device;
pub mod indexer;
mod lan;
pub mod serve;
pub mod session;
mod this_device;
mod web;

pub use lan::{LAN_PORT, LanHub};
pub use this_device::{Hub, ThisDevice};
