//! Trust stories: nothing is lost when several processes share one file, when a device restores
//! a backup, or when a paired device misbehaves.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use handschlag_api::{ContactCreate, Handler};
use handschlag_tests::Device;

/// Story: the laptop runs `serve` and, in another process, keeps adding contacts to the same
/// file (the CLI or the desktop app beside the hub) while the phone logs people and syncs again
/// and again. Every contact written on the laptop reaches the phone.
#[test]
fn a_writer_beside_the_hub_loses_nothing_while_a_phone_syncs_50_times() {
    let laptop = Device::default();
    let _hub = laptop.serve();
    let phone = Device::default();
    phone.pair_with(&laptop, "phone");

    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let mut notebook = laptop.open();
        std::thread::spawn(move || {
            let mut written = 0;
            while !stop.load(Ordering::Relaxed) {
                notebook
                    .contact_create(ContactCreate {
                        name: format!("Written beside the hub {written}"),
                        ..Default::default()
                    })
                    .expect("the writer's contact is stored");
                written += 1;
                // A person or a program writes in bursts, not without pause: SQLite's lock is not
                // fair, and a writer that never lets go starves every other one.
                std::thread::sleep(std::time::Duration::from_millis(3));
            }
            written
        })
    };
    for round in 0..50 {
        phone.ok(&["contact", "add", "--name", &format!("Met at round {round}")]);
        phone.ok(&["sync"]);
    }
    stop.store(true, Ordering::Relaxed);
    let written = writer.join().expect("the writer ran");
    phone.ok(&["sync"]);
    phone.ok(&["sync"]);

    let on_laptop = laptop.json(&["contact", "list", "--limit", "100000"])["total"].clone();
    let on_phone = phone.json(&["contact", "list", "--limit", "100000"])["total"].clone();
    assert_eq!(on_laptop.as_u64(), Some(written as u64 + 50));
    assert_eq!(
        on_phone, on_laptop,
        "the phone lacks contacts the laptop wrote during its syncs"
    );
    assert_eq!(phone.ok(&["export"]), laptop.ok(&["export"]));
}
