//! A page as a peer could send it, in both shapes the hub meets: the wire encoding (deflated
//! JSON) and the JSON inside it. Whatever the bytes, decoding and merging must not panic, and a
//! refused page must leave the replica exactly as it was.

#![no_main]

use handschlag_api::{ContactCreate, Empty, Handler, TagChange};
use handschlag_core::system::{OsEntropy, SystemClock};
use handschlag_core::{Changes, Notebook};
use handschlag_sync::wire;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(page) = wire::decode::<Changes>(data) {
        apply(&page);
    }
    if let Ok(page) = serde_json::from_slice::<Changes>(data) {
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
