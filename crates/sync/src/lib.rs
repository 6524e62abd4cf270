//! Handschlag's secure channel between paired devices. Every device owns a self-signed
//! [`Identity`]; devices authenticate each other by the SHA-256 [`Fingerprint`] of that
//! certificate over mutual TLS 1.3 ([`tls`]), meet through a [`PairingLink`] shown as a QR code,
//! and the phone or CLI talks to the hub with a [`HubClient`]. This crate never reads the clock or
//! draws randomness itself (only rcgen's key generation and the TLS handshakes do, internally);
//! expiry times come from the caller.

pub mod client;
pub mod error;
pub mod identity;
pub mod link;
pub mod protocol;
pub mod tls;
pub mod wire;

pub use client::HubClient;
pub use error::{Error, Result};
pub use identity::{Fingerprint, Identity};
pub use link::{PairingLink, short_code};
