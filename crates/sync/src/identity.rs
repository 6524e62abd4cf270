//! A device's identity: a self-signed certificate and its private key, created once per device
//! and stored by the app. Peers know each other only by the [`Fingerprint`] of that certificate,
//! as Syncthing does, so no certificate authority and no host name is involved.

use std::fmt;
use std::str::FromStr;

use rcgen::{CertificateParams, DnType, KeyPair};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The name every Handschlag certificate carries; peers never check it, pinning replaces names.
const SUBJECT_ALT_NAME: &str = "handschlag";

/// A device's certificate (DER) and its PKCS#8 private key (DER). Keep `key_der` secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Identity {
    pub cert_der: Vec<u8>,
    pub key_der: Vec<u8>,
}

impl Identity {
    /// Creates a new ECDSA P-256 key and a self-signed certificate naming `device_name`.
    pub fn generate(device_name: &str) -> Result<Identity> {
        let key = KeyPair::generate()?;
        let mut params = CertificateParams::new(vec![SUBJECT_ALT_NAME.to_owned()])?;
        params
            .distinguished_name
            .push(DnType::CommonName, device_name);
        let cert = params.self_signed(&key)?;
        Ok(Identity {
            cert_der: cert.der().to_vec(),
            key_der: key.serialize_der(),
        })
    }

    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of_cert(&self.cert_der)
    }
}

/// Shows the fingerprint only, never the private key.
impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity")
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

/// The SHA-256 of a certificate's DER encoding: what a device pins and what pairing stores.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    pub fn of_cert(der: &[u8]) -> Fingerprint {
        Fingerprint(Sha256::digest(der).into())
    }
}

/// 64 lowercase hex digits.
impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

/// Parses 64 hex digits, upper or lower case.
impl FromStr for Fingerprint {
    type Err = Error;

    fn from_str(hex_digits: &str) -> Result<Fingerprint> {
        if let Some(digit) = hex_digits.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(Error::FingerprintDigit(digit));
        }
        let mut bytes = [0; 32];
        hex::decode_to_slice(hex_digits, &mut bytes)
            .map_err(|_| Error::FingerprintLength(hex_digits.len()))?;
        Ok(Fingerprint(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_is_known_by_the_sha256_of_its_certificate() {
        let identity = Identity::generate("Anna's phone").unwrap();
        let expected: [u8; 32] = Sha256::digest(&identity.cert_der).into();
        assert_eq!(identity.fingerprint(), Fingerprint(expected));
        assert_eq!(
            identity.fingerprint(),
            Fingerprint::of_cert(&identity.cert_der)
        );
    }

    #[test]
    fn every_generated_identity_is_different() {
        let first = Identity::generate("laptop").unwrap();
        let second = Identity::generate("laptop").unwrap();
        assert_ne!(first.fingerprint(), second.fingerprint());
        assert_ne!(first.key_der, second.key_der);
    }

    #[test]
    fn the_certificate_names_handschlag_and_the_device() {
        let identity = Identity::generate("Anna's phone").unwrap();
        let contains = |needle: &[u8]| identity.cert_der.windows(needle.len()).any(|w| w == needle);
        assert!(contains(b"handschlag"));
        assert!(contains("Anna's phone".as_bytes()));
    }

    #[test]
    fn debug_output_never_shows_the_private_key() {
        let identity = Identity::generate("laptop").unwrap();
        let shown = format!("{identity:?}");
        assert!(shown.contains(&identity.fingerprint().to_string()));
        assert!(!shown.contains("key_der"));
    }

    #[test]
    fn a_fingerprint_is_shown_as_64_lowercase_hex_digits_and_parses_back() {
        let fingerprint = Fingerprint([0xAB; 32]);
        let shown = fingerprint.to_string();
        assert_eq!(shown, "ab".repeat(32));
        assert_eq!(shown.parse::<Fingerprint>().unwrap(), fingerprint);
        assert_eq!(
            shown.to_uppercase().parse::<Fingerprint>().unwrap(),
            fingerprint
        );
    }

    #[test]
    fn a_short_fingerprint_is_refused_with_its_length() {
        let error = "abcd".parse::<Fingerprint>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "a fingerprint has 64 hex digits, this one has 4 characters; copy the whole fingerprint"
        );
    }

    #[test]
    fn a_fingerprint_with_a_non_hex_character_names_it() {
        let error = format!("{}ü", "a".repeat(63))
            .parse::<Fingerprint>()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "a fingerprint has only the hex digits 0-9 and a-f, this one has 'ü'; copy the fingerprint again"
        );
    }
}
