//! The headless Handschlag as a library: this device as a sync party ([`device`]), the device
//! commands of the API over it ([`ThisDevice`]), and the hub server ([`serve`]) that the
//! `handschlag` command line and the desktop app both run.

pub mod device;
pub mod serve;
mod this_device;
mod web;

pub use this_device::ThisDevice;
