//! The soak: one hub and 20 devices on loopback, each making random edits and check-ins and
//! syncing, for a bounded time, while another program writes to the hub's own file. At the end
//! every replica exports identically and holds every check-in that was made anywhere.
//!
//! It runs for `HANDSCHLAG_SOAK_SECONDS` (120 by default; `cargo xtask soak --long` runs 1800)
//! and prints syncs per second and the p50/p99 latency of a device's `handschlag sync`, which
//! BENCHMARKS.md records.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use handschlag_api::{CheckinCreate, ContactCreate, ContactUpdate, Handler, Reference};
use handschlag_tests::{Device, Dice};

const DEVICES: usize = 20;

/// Contacts every device knows from the start, so their edits conflict.
const SHARED: [&str; 4] = ["Anna Bauer", "Jürgen Müller", "Eva Weiß", "Otto Klein"];

const TOWNS: [&str; 4] = ["Musterstadt", "Beispielheim", "Neustadt", "Altdorf"];

/// What all devices did, counted.
#[derive(Default)]
struct Tally {
    checkins: AtomicUsize,
    syncs: Mutex<Vec<Duration>>,
}

fn soak_time() -> Duration {
    let seconds = std::env::var("HANDSCHLAG_SOAK_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    Duration::from_secs(seconds)
}

#[test]
fn a_hub_and_20_devices_edit_and_sync_for_minutes_while_another_program_writes_the_hubs_file() {
    let laptop = Device::default();
    for name in SHARED {
        laptop.ok(&["contact", "add", "--name", name]);
    }
    let hub = laptop.serve();
    let devices: Vec<Arc<Device>> = (0..DEVICES)
        .map(|i| {
            let device = Device::default();
            device.pair_with(&laptop, &format!("device {i}"));
            device.ok(&["sync"]);
            Arc::new(device)
        })
        .collect();

    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, tally, mut notebook) = (stop.clone(), tally.clone(), laptop.open());
        std::thread::spawn(move || write_beside_the_hub(&mut notebook, &stop, &tally))
    };
    let workers: Vec<_> = devices
        .iter()
        .enumerate()
        .map(|(i, device)| {
            let (device, stop, tally) = (device.clone(), stop.clone(), tally.clone());
            std::thread::spawn(move || use_device(i, &device, &stop, &tally))
        })
        .collect();
    let started = Instant::now();
    std::thread::sleep(soak_time());
    stop.store(true, Ordering::Relaxed);
    writer.join().expect("the writer ran");
    for worker in workers {
        worker.join().expect("a device ran");
    }
    let elapsed = started.elapsed();
    report(&tally, elapsed);

    // Two rounds: the first brings everything to the hub, the second to every device.
    for _ in 0..2 {
        for device in &devices {
            device.ok(&["sync"]);
        }
    }
    let export = laptop.ok(&["export"]);
    let created = tally.checkins.load(Ordering::Relaxed);
    assert_eq!(checkins(&laptop), created, "the hub lacks check-ins");
    for (i, device) in devices.iter().enumerate() {
        assert_eq!(
            device.ok(&["export"]),
            export,
            "device {i} differs from the hub"
        );
        assert_eq!(checkins(device), created, "device {i} lacks check-ins");
    }
    drop(hub);
}

/// One device's user: adds people, edits the shared contacts, checks in, syncs — at random.
fn use_device(index: usize, device: &Device, stop: &AtomicBool, tally: &Tally) {
    let mut dice =
        Dice(0x9E37_79B9_7F4A_7C15 ^ (index as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9));
    let mut own = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        match dice.roll(10) {
            0..=1 => {
                let name = format!("Kontakt {index}-{}", own.len());
                device.ok(&["contact", "add", "--name", &name]);
                own.push(name);
            }
            2..=4 => {
                let name = SHARED[dice.roll(SHARED.len() as u64) as usize];
                let town = TOWNS[dice.roll(TOWNS.len() as u64) as usize];
                device.ok(&["contact", "edit", name, "--town", town]);
            }
            5..=6 => {
                let name = match own.len() {
                    0 => SHARED[0].to_string(),
                    n => own[dice.roll(n as u64) as usize].clone(),
                };
                device.ok(&["checkin", &name, "--note", &format!("from device {index}")]);
                tally.checkins.fetch_add(1, Ordering::Relaxed);
            }
            _ => {
                let started = Instant::now();
                device.ok(&["sync"]);
                tally.syncs.lock().unwrap().push(started.elapsed());
            }
        }
    }
}

/// Another program on the hub's file (the desktop app beside `serve`): it edits the shared
/// contacts and checks people in, with short pauses.
fn write_beside_the_hub(
    notebook: &mut handschlag_core::Notebook,
    stop: &AtomicBool,
    tally: &Tally,
) {
    let mut dice = Dice(0xD6E8_FEB8_6659_FD93);
    while !stop.load(Ordering::Relaxed) {
        let name = SHARED[dice.roll(SHARED.len() as u64) as usize];
        let contact = notebook
            .contact_resolve(Reference {
                reference: name.into(),
            })
            .expect("a shared contact");
        if dice.roll(2) == 0 {
            notebook
                .contact_update(ContactUpdate {
                    id: contact.id,
                    role: Some(format!("Rolle {}", dice.roll(100))),
                    ..Default::default()
                })
                .expect("the edit is stored");
        } else {
            notebook
                .checkin_create(CheckinCreate {
                    contact_id: contact.id,
                    note: "beside the hub".into(),
                    ..Default::default()
                })
                .expect("the check-in is stored");
            tally.checkins.fetch_add(1, Ordering::Relaxed);
        }
        if dice.roll(10) == 0 {
            notebook
                .contact_create(ContactCreate {
                    name: format!("Neben dem Hub {}", dice.roll(1_000_000)),
                    ..Default::default()
                })
                .expect("the contact is stored");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every live check-in the device holds (the export has them all; `checkin list` stops at 5,000).
fn checkins(device: &Device) -> usize {
    device.json(&["export"])["checkins"]
        .as_array()
        .expect("the export lists check-ins")
        .len()
}

fn report(tally: &Tally, elapsed: Duration) {
    let mut syncs = tally.syncs.lock().unwrap().clone();
    syncs.sort();
    let at = |q: f64| syncs[((syncs.len() - 1) as f64 * q) as usize];
    eprintln!(
        "soak: {} devices, {:.0} s, {} syncs ({:.1}/s), sync p50 {:?}, p99 {:?}, {} check-ins",
        DEVICES,
        elapsed.as_secs_f64(),
        syncs.len(),
        syncs.len() as f64 / elapsed.as_secs_f64(),
        at(0.5),
        at(0.99),
        tally.checkins.load(Ordering::Relaxed)
    );
}
