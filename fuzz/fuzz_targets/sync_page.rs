//! A page as a peer could send it: any bytes through the wire decoder (inflate, postcard, the
//! page's columns checked and read back into changes) and, when they decode, the merge.
//! Whatever the bytes, decoding and merging must not panic, a page that decodes must encode to
//! the same page again, and a refused page must leave the replica exactly as it was.

#![no_main]

use handschlag_api::{ContactCreate, Empty, Handler, TagChange};
use handschlag_core::system::{OsEntropy, SystemClock};
use handschlag_core::{Changes, Notebook};
use handschlag_sync::wire;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(page) = wire::decode::<Changes>(data) {
        let again: Changes = wire::decode(&wire::encode(&page)).expect("a page reads back");
        assert_eq!(again, page);
        apply(&page);
    }
});

/// Applies `page` to a small replica; a refusal must change nothing.
fn apply(page: &Changes) {
    let mut replica =
        Notebook::open_in_memory(Box::new(SystemClock), Box::new(OsEntropy)).unwrap();
    let anna = replica
        .contact_create(ContactCreate {
            name: "Anna Bauer".into(),
            ..Default::default()
        })
        .unwrap();
    replica
        .contact_tag_add(TagChange {
            contact_id: anna.id,
            tag: "kunde".into(),
        })
        .unwrap();
    let before = replica.notebook_export(Empty {}).unwrap();
    let lseq = replica.lseq().unwrap();
    if replica.apply(page).is_err() {
        assert_eq!(replica.notebook_export(Empty {}).unwrap(), before);
        assert_eq!(replica.lseq().unwrap(), lseq);
    }
}
