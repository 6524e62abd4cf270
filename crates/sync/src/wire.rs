//! How sync bodies travel: JSON, deflated. Field values are mostly short German text that repeats
//! across contacts (towns, organizations, tags), so a page shrinks to a fraction of its raw field
//! bytes. Decoding is bounded: a body that inflates beyond [`MAX_DECODED`] is refused before it is
//! parsed, so a tiny malicious body cannot exhaust memory.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The content type of every sync body.
pub const CONTENT_TYPE: &str = "application/vnd.handschlag.sync+json+deflate";

/// The most a body may inflate to: a full page of contacts with long notes fits well below.
pub const MAX_DECODED: u64 = 64 * 1024 * 1024;

/// A body that could not be decoded; the message says what was wrong and how to recover.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("the sync body is not deflated JSON ({0}); update Handschlag on both devices")]
    Inflate(std::io::Error),
    #[error(
        "the sync body inflates to more than {0} bytes; sync in smaller pages (update the app on the sending device)"
    )]
    TooLarge(u64),
    #[error("the sync body is not a valid page ({0}); update Handschlag on both devices")]
    Json(serde_json::Error),
}

/// Serializes `value` as JSON and deflates it.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialized first, then deflated in one call: fed serde's many small writes, the encoder
    // took 12 ms for a 70 KB page instead of well under one.
    let json = serde_json::to_vec(value).expect("sync bodies always serialize");
    let mut encoder =
        DeflateEncoder::new(Vec::with_capacity(json.len() / 8), Compression::default());
    encoder
        .write_all(&json)
        .expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

/// Inflates `body` (at most [`MAX_DECODED`] bytes) and parses it as JSON.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, WireError> {
    decode_within(body, MAX_DECODED)
}

/// Inflates `body` (at most `max` bytes) and parses it as JSON.
pub fn decode_within<T: DeserializeOwned>(body: &[u8], max: u64) -> Result<T, WireError> {
    let mut json = Vec::new();
    DeflateDecoder::new(body)
        .take(max + 1)
        .read_to_end(&mut json)
        .map_err(WireError::Inflate)?;
    if json.len() as u64 > max {
        return Err(WireError::TooLarge(max));
    }
    serde_json::from_slice(&json).map_err(WireError::Json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_round_trips_and_shrinks() {
        let page: Vec<String> = (0..200)
            .map(|i| format!("Kontakt {i} aus Musterstadt"))
            .collect();
        let body = encode(&page);
        assert!(body.len() * 3 < serde_json::to_vec(&page).unwrap().len());
        assert_eq!(decode::<Vec<String>>(&body).unwrap(), page);
    }

    #[test]
    fn damaged_and_oversized_bodies_are_refused_with_a_reason() {
        let body = encode(&vec!["Anna"; 10]);
        assert!(matches!(
            decode::<Vec<String>>(&body[..body.len() / 2]),
            Err(WireError::Inflate(_) | WireError::Json(_))
        ));
        assert!(matches!(
            decode::<Vec<String>>(b"{\"not\": \"deflated\"}"),
            Err(WireError::Inflate(_))
        ));
        assert!(matches!(
            decode::<Vec<u32>>(&encode(&vec!["Anna"])),
            Err(WireError::Json(_))
        ));
        // 80 MB of spaces deflate to a few kilobytes.
        let mut bomb = DeflateEncoder::new(Vec::new(), Compression::best());
        for _ in 0..80 {
            bomb.write_all(&[b' '; 1024 * 1024]).unwrap();
        }
        let bomb = bomb.finish().unwrap();
        assert!(bomb.len() < 200_000);
        assert!(matches!(
            decode::<Vec<u32>>(&bomb),
            Err(WireError::TooLarge(_))
        ));
    }
}
