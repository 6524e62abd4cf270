//! A pairing link as someone could paste it or put in a QR code: whatever the text, parsing must
//! not panic, and a link that parses lists at most `MAX_ADDRESSES` addresses and reads back
//! unchanged from the text this build writes for it.

#![no_main]

use handschlag_sync::PairingLink;
use handschlag_sync::link::MAX_ADDRESSES;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(link) = text.parse::<PairingLink>() {
        assert!(link.addresses.len() <= MAX_ADDRESSES);
        let again: PairingLink = link
            .to_string()
            .parse()
            .expect("a link this build writes reads back");
        assert_eq!(again, link);
    }
});
