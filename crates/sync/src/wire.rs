//! How sync bodies travel: postcard (a compact binary serde format: no field names, integers as
//! varints, bytes raw), deflated. Field values are mostly short German text that repeats across
//! contacts (towns, organizations, tags), and a page of changes is laid out column by column
//! (`handschlag_core::Changes` serializes that way), so deflate finds the repetition. Decoding is
//! bounded: a body that inflates beyond [`MAX_DECODED`] is refused before it is parsed, so a tiny
//! malicious body cannot exhaust memory; a damaged body is refused whole.

use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The content type of every sync body. A body of another type comes from a device speaking
/// another sync format (the first one was `…sync+json+deflate`).
pub const CONTENT_TYPE: &str = "application/vnd.handschlag.sync+postcard+deflate";

/// The most a body may inflate to: a full page of contacts with long notes fits well below.
pub const MAX_DECODED: u64 = 64 * 1024 * 1024;

/// A body that could not be decoded; the message says what was wrong and how to recover.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    #[error("the sync body is not deflated ({0}); update Handschlag on both devices")]
    Inflate(std::io::Error),
    #[error(
        "the sync body inflates to more than {0} bytes; sync in smaller pages (update the app on the sending device)"
    )]
    TooLarge(u64),
    #[error("the sync body is not a valid message ({0}); update Handschlag on both devices")]
    Format(postcard::Error),
}

/// Deflate's level for sync bodies. Measured on 10,000 contacts (10 pages): level 2 encodes in
/// 21.6 ms and 234,266 B, the default level 6 in 28.4 ms and 230,442 B (+1.7 % bytes for a
/// quarter less time), level 1 in 15.6 ms but 250,760 B.
const LEVEL: u32 = 2;

/// Serializes `value` with postcard and deflates it.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialized first, then deflated in one call: fed serde's many small writes, the encoder
    // took 12 ms for a 70 KB page instead of well under one.
    let bytes = postcard::to_stdvec(value).expect("sync bodies always serialize");
    let mut encoder =
        DeflateEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::new(LEVEL));
    encoder
        .write_all(&bytes)
        .expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

/// Inflates `body` (at most [`MAX_DECODED`] bytes) and reads it.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, WireError> {
    decode_within(body, MAX_DECODED)
}

/// Inflates `body` (at most `max` bytes) and reads it; trailing bytes make it damaged.
pub fn decode_within<T: DeserializeOwned>(body: &[u8], max: u64) -> Result<T, WireError> {
    let mut bytes = Vec::new();
    DeflateDecoder::new(body)
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(WireError::Inflate)?;
    if bytes.len() as u64 > max {
        return Err(WireError::TooLarge(max));
    }
    let (value, rest) = postcard::take_from_bytes(&bytes).map_err(WireError::Format)?;
    if !rest.is_empty() {
        return Err(WireError::Format(postcard::Error::DeserializeBadEncoding));
    }
    Ok(value)
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
        assert!(body.len() * 3 < postcard::to_stdvec(&page).unwrap().len());
        assert_eq!(decode::<Vec<String>>(&body).unwrap(), page);
    }

    #[test]
    fn damaged_and_oversized_bodies_are_refused_with_a_reason() {
        let body = encode(&vec!["Anna"; 10]);
        assert!(matches!(
            decode::<Vec<String>>(&body[..body.len() / 2]),
            Err(WireError::Inflate(_) | WireError::Format(_))
        ));
        assert!(matches!(
            decode::<Vec<String>>(b"{\"not\": \"deflated\"}"),
            Err(WireError::Inflate(_))
        ));
        assert!(matches!(
            decode::<Vec<u32>>(&encode(&vec!["Anna"])),
            Err(WireError::Format(_))
        ));
        assert!(matches!(
            decode::<u8>(&encode(&(1u8, 2u8))),
            Err(WireError::Format(_))
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
