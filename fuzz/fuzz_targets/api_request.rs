//! A request to the web API as a page could send it: the command (the path's last segment) on
//! the first line, the JSON body after it. Whatever the bytes, decoding the request and running
//! the command must not panic, and a refused request must leave the notebook as it was.

#![no_main]

use handschlag_api::{ContactCreate, Empty, EventCreate, Handler};
use handschlag_core::Notebook;
use handschlag_core::system::{OsEntropy, SystemClock};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (command, body) = text.split_once('\n').unwrap_or((&text, ""));
    let Ok(request) = serde_json::from_str::<serde_json::Value>(body) else {
        return;
    };
    let mut notebook = Notebook::open_in_memory(Box::new(SystemClock), Box::new(OsEntropy)).unwrap();
    notebook
        .contact_create(ContactCreate {
            name: "Anna Bauer".into(),
            ..Default::default()
        })
        .unwrap();
    notebook
        .event_create(EventCreate {
            title: "Sommerfest".into(),
            starts: "2026-07-04T15:00".into(),
            time_zone: "Europe/Berlin".into(),
            ..Default::default()
        })
        .unwrap();
    let before = notebook.notebook_export(Empty {}).unwrap();
    let lseq = notebook.lseq().unwrap();
    if handschlag_api::notebook::dispatch(&mut notebook, command, request).is_err() {
        assert_eq!(notebook.notebook_export(Empty {}).unwrap(), before);
        assert_eq!(notebook.lseq().unwrap(), lseq);
    }
});
