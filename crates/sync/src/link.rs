//! The pairing link a hub shows as a QR code, and the short code both screens show when pairing
//! without a camera. The link carries where to reach the hub, the fingerprint to pin, a one-time
//! token and when it expires:
//! `handschlag://pair?v=1&addr=192.168.1.20:7878&fp=<64 hex>&tok=<token>&exp=<unix ms>`.
//! Unknown parameters are ignored, so later versions can add some without breaking this one.

use std::fmt;
use std::str::FromStr;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::identity::Fingerprint;

const PREFIX: &str = "handschlag://pair?";
const VERSION: &str = "1";

/// What a query value may contain unescaped: unreserved characters and `:` for `host:port`.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':');

/// Everything a device needs to pair with a hub. Expiry is checked by the hub, which owns the clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairingLink {
    /// `host:port` candidates, tried in order.
    pub addresses: Vec<String>,
    pub fingerprint: Fingerprint,
    pub token: String,
    pub expires_at_ms: i64,
}

impl fmt::Display for PairingLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PREFIX}v={VERSION}")?;
        for address in &self.addresses {
            write!(f, "&addr={}", utf8_percent_encode(address, VALUE))?;
        }
        let token = utf8_percent_encode(&self.token, VALUE);
        write!(
            f,
            "&fp={}&tok={token}&exp={}",
            self.fingerprint, self.expires_at_ms
        )
    }
}

impl FromStr for PairingLink {
    type Err = Error;

    fn from_str(link: &str) -> Result<PairingLink> {
        let query = link
            .trim()
            .strip_prefix(PREFIX)
            .ok_or(Error::NotAPairingLink)?;
        let mut fields = Fields::default();
        for parameter in query.split('&') {
            let (key, value) = parameter.split_once('=').unwrap_or((parameter, ""));
            let value = percent_decode_str(value).decode_utf8_lossy();
            if !value.is_empty() {
                fields.set(key, value.into_owned())?;
            }
        }
        fields.into_link()
    }
}

/// The most hub addresses a link may list: a joining device tries them all, and a link full of
/// silent addresses must not keep it waiting.
pub const MAX_ADDRESSES: usize = 8;

/// The link's parameters as found, before they are checked.
#[derive(Default)]
struct Fields {
    version: Option<String>,
    addresses: Vec<String>,
    fingerprint: Option<String>,
    token: Option<String>,
    expiry: Option<String>,
}

impl Fields {
    fn set(&mut self, key: &str, value: String) -> Result<()> {
        match key {
            "v" => once(&mut self.version, value, "version"),
            "addr" if self.addresses.len() == MAX_ADDRESSES => Err(Error::LinkAddresses),
            "addr" => {
                self.addresses.push(value);
                Ok(())
            }
            "fp" => once(&mut self.fingerprint, value, "fingerprint"),
            "tok" => once(&mut self.token, value, "token"),
            "exp" => once(&mut self.expiry, value, "expiry time"),
            _ => Ok(()),
        }
    }

    fn into_link(self) -> Result<PairingLink> {
        let version = self.version.ok_or(Error::LinkMissing("version"))?;
        if version != VERSION {
            return Err(Error::LinkVersion(version));
        }
        if self.addresses.is_empty() {
            return Err(Error::LinkMissing("hub address"));
        }
        let fingerprint = self.fingerprint.ok_or(Error::LinkMissing("fingerprint"))?;
        let expiry = self.expiry.ok_or(Error::LinkMissing("expiry time"))?;
        Ok(PairingLink {
            addresses: self.addresses,
            fingerprint: fingerprint.parse()?,
            token: self.token.ok_or(Error::LinkMissing("token"))?,
            expires_at_ms: expiry.parse().map_err(|_| Error::LinkExpiry(expiry))?,
        })
    }
}

fn once(slot: &mut Option<String>, value: String, name: &'static str) -> Result<()> {
    match slot.replace(value) {
        Some(_) => Err(Error::LinkRepeated(name)),
        None => Ok(()),
    }
}

/// Six decimal digits both devices show so the user can compare them: the first 8 bytes of
/// SHA-256(lower fingerprint ‖ higher fingerprint), read big-endian, modulo 1,000,000.
pub fn short_code(a: Fingerprint, b: Fingerprint) -> String {
    let (low, high) = if a <= b { (a, b) } else { (b, a) };
    let digest = Sha256::new()
        .chain_update(low.0)
        .chain_update(high.0)
        .finalize();
    let mut first = [0; 8];
    first.copy_from_slice(&digest[..8]);
    format!("{:06}", u64::from_be_bytes(first) % 1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> PairingLink {
        PairingLink {
            addresses: vec!["127.0.0.1:7878".to_owned()],
            fingerprint: Fingerprint([0x0f; 32]),
            token: "k3J9-x_Q".to_owned(),
            expires_at_ms: 1_764_000_000_000,
        }
    }

    fn error(link: &str) -> String {
        link.parse::<PairingLink>().unwrap_err().to_string()
    }

    #[test]
    fn a_link_is_written_as_the_documented_url() {
        let expected = format!(
            "handschlag://pair?v=1&addr=127.0.0.1:7878&fp={}&tok=k3J9-x_Q&exp=1764000000000",
            "0f".repeat(32)
        );
        assert_eq!(link().to_string(), expected);
    }

    #[test]
    fn a_link_with_several_addresses_and_an_odd_token_reads_back_unchanged() {
        let mut original = link();
        original.addresses = vec!["192.168.1.20:7878".into(), "[fe80::1]:7878".into()];
        original.token = "a b&c=d/é".to_owned();
        let written = original.to_string();
        assert!(written.contains("&addr=192.168.1.20:7878&addr=%5Bfe80::1%5D:7878&"));
        assert_eq!(written.parse::<PairingLink>().unwrap(), original);
    }

    #[test]
    fn a_pasted_link_with_surrounding_whitespace_and_unknown_parameters_is_read() {
        let pasted = format!("  {}&future=yes\n", link());
        assert_eq!(pasted.parse::<PairingLink>().unwrap(), link());
    }

    #[test]
    fn a_link_without_a_fingerprint_asks_for_the_whole_link() {
        let cut = link()
            .to_string()
            .replace(&format!("&fp={}", "0f".repeat(32)), "");
        assert_eq!(
            error(&cut),
            "the pairing link has no fingerprint; copy the whole link"
        );
    }

    #[test]
    fn a_link_without_an_address_token_or_expiry_names_what_is_missing() {
        let full = link().to_string();
        let cases = [
            ("&addr=127.0.0.1:7878", "hub address"),
            ("&tok=k3J9-x_Q", "token"),
            ("&exp=1764000000000", "expiry time"),
            ("v=1", "version"),
        ];
        for (cut, missing) in cases {
            let expected = format!("the pairing link has no {missing}; copy the whole link");
            assert_eq!(error(&full.replace(cut, "")), expected);
        }
    }

    #[test]
    fn an_empty_parameter_counts_as_missing() {
        let emptied = link().to_string().replace("tok=k3J9-x_Q", "tok=");
        assert_eq!(
            error(&emptied),
            "the pairing link has no token; copy the whole link"
        );
    }

    #[test]
    fn a_link_from_a_newer_version_asks_for_an_update() {
        let newer = link().to_string().replace("v=1", "v=2");
        assert_eq!(
            error(&newer),
            "the pairing link has version 2 but this build understands version 1; update Handschlag on both devices"
        );
    }

    #[test]
    fn a_link_with_too_many_addresses_is_refused() {
        let mut link = link();
        link.addresses = (0..=MAX_ADDRESSES)
            .map(|i| format!("10.0.0.{i}:7878"))
            .collect();
        assert!(error(&link.to_string()).contains("more than 8 hub addresses"));
        link.addresses.pop();
        assert_eq!(link.to_string().parse::<PairingLink>().unwrap(), link);
    }

    #[test]
    fn a_web_address_is_not_a_pairing_link() {
        assert_eq!(
            error("https://example.com/?v=1"),
            "this is not a Handschlag pairing link (it starts with handschlag://pair?); scan the pairing code again"
        );
    }

    #[test]
    fn a_damaged_fingerprint_or_expiry_is_refused() {
        let short_fp = link().to_string().replace(&"0f".repeat(32), "0f0f");
        assert!(error(&short_fp).starts_with("a fingerprint has 64 hex digits, this one has 4"));
        let bad_expiry = link().to_string().replace("exp=1764000000000", "exp=soon");
        assert_eq!(
            error(&bad_expiry),
            "the pairing link's expiry \"soon\" is not a time; copy the whole link"
        );
    }

    #[test]
    fn a_link_with_two_tokens_is_refused() {
        let doubled = format!("{}&tok=other", link());
        assert_eq!(
            error(&doubled),
            "the pairing link has more than one token; copy the link again"
        );
    }

    #[test]
    fn both_devices_compute_the_same_six_digit_short_code() {
        let hub = Fingerprint([1; 32]);
        let phone = Fingerprint([2; 32]);
        let code = short_code(hub, phone);
        assert_eq!(code, short_code(phone, hub));
        assert_eq!(code.len(), 6);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
    }

    #[test]
    fn the_short_code_matches_the_documented_derivation() {
        // Computed independently: sha256(bytes([1]*32) + bytes([2]*32))[:8], big-endian, % 10**6.
        assert_eq!(
            short_code(Fingerprint([2; 32]), Fingerprint([1; 32])),
            "158012"
        );
    }

    #[test]
    fn a_different_peer_gives_a_different_short_code() {
        let hub = Fingerprint([1; 32]);
        assert_ne!(
            short_code(hub, Fingerprint([2; 32])),
            short_code(hub, Fingerprint([3; 32]))
        );
    }
}
