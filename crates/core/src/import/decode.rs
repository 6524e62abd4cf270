//! An imported file's bytes as text. A byte-order mark decides; else the bytes are UTF-8 if
//! they are valid UTF-8; else they are in the legacy encoding chardetng guesses for a German
//! user (Outlook and German Excel write Windows-1252, old phones ISO-8859-1).

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

/// The text of `bytes`, and the name of the encoding it was read in.
pub(crate) fn text(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return (text.into_owned(), encoding.name());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), "UTF-8");
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"de"), Utf8Detection::Deny);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), encoding.name())
}

/// vCard lines joined where they were folded (a line break followed by a space or tab), on the
/// bytes: a fold may split a multi-byte UTF-8 character, which is valid UTF-8 only once joined.
pub(crate) fn unfold(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let fold = match bytes[i..] {
            [b'\r', b'\n', b' ' | b'\t', ..] => 3,
            [b'\n', b' ' | b'\t', ..] => 2,
            _ => 0,
        };
        if fold == 0 {
            out.push(bytes[i]);
            i += 1;
        } else {
            i += fold;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_utf8_and_windows_1252_are_told_apart() {
        assert_eq!(
            text(b"\xEF\xBB\xBFM\xC3\xBCller"),
            ("Müller".into(), "UTF-8")
        );
        assert_eq!(text("Müller".as_bytes()), ("Müller".into(), "UTF-8"));
        let (read, encoding) =
            text(b"Vorname;Nachname\r\nJ\xFCrgen;M\xFCller;Stra\xDFe 1;80\x80\r\n");
        assert_eq!(encoding, "windows-1252");
        assert!(read.contains("Jürgen;Müller;Straße 1;80€"), "{read}");
    }

    #[test]
    fn a_fold_inside_a_multi_byte_character_is_joined_first() {
        // "Łukasz": Ł is C5 81, folded between its two bytes.
        let folded = b"FN:\xC5\r\n \x81ukasz\r\nNOTE:a\n\tb\r\n";
        assert_eq!(unfold(folded), b"FN:\xC5\x81ukasz\r\nNOTE:ab\r\n");
    }
}
