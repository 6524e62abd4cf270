//! Handschlag's API surface, declared once: the wire types, [`ApiError`], and the command lists
//! in [`commands!`] from which the `Handler` traits, `dispatch` functions and the TypeScript
//! `ApiSchema` are generated: [`notebook`] (the data, answered by the core) and [`device`] (this
//! device, pairing and sync, answered by the host that runs the hub). This crate knows no host
//! (no tauri, axum or rusqlite): the desktop shell, the HTTP hub and the CLI are adapters.
//!
//! Wire conventions: ids are UUID strings; instants are UTC milliseconds (`number`); calendar
//! dates are `YYYY-MM-DD` strings; money is integer cents plus an ISO 4217 code; enums are
//! kebab-case strings so that the CLI flags and the JSON read the same (`in-person`).

mod error;
mod types;
pub mod typescript;

pub use error::{ApiError, ErrorCode};
pub use types::*;

/// Declares every command once as `name(Request) -> Response, read|write`, and derives from that
/// list a module with the `Handler` trait that implements it, the `dispatch` function every host
/// calls, the list of `COMMANDS` and the TypeScript schema entries. A command without a body does not
/// compile. A `read` command changes nothing, so the UI need not reload after it; every command
/// says which it is. `sync` lists run on the notebook alone; `async` lists may wait on the network.
macro_rules! commands {
    (@reads read) => { true };
    (@reads write) => { false };
    (@module $module:ident { $( $(#[doc = $doc:literal])* $name:ident($req:ty) -> $res:ty, $access:ident; )* } $($handler:tt)*) => {
        pub mod $module {
            use super::*;

            $($handler)*

            /// Every command name of this list, in declaration order.
            pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

            fn decode<R: serde::de::DeserializeOwned>(
                command: &str,
                request: serde_json::Value,
            ) -> Result<R, ApiError> {
                serde_json::from_value(request).map_err(|e| {
                    ApiError::new(ErrorCode::Invalid, format!(
                        "request for {command} is malformed: {e}; update the app so both sides agree"))
                })
            }

            fn unknown(command: &str) -> ApiError {
                ApiError::new(
                    ErrorCode::UnknownCommand,
                    format!("unknown command '{command}'; update the app on this device"),
                )
            }

            fn encode<R: serde::Serialize>(response: R) -> serde_json::Value {
                serde_json::to_value(response).expect("responses always serialize")
            }

            /// Visits every request and response type, for the TypeScript export.
            pub(crate) fn visit_all(visitor: &mut typescript::Collector) {
                $( visitor.visit_tree::<$req>(); visitor.visit_tree::<$res>(); )*
            }

            /// `name: [Request, Response]` for every command, and whether it only reads.
            pub(crate) fn entries(cfg: &ts_rs::Config) -> Vec<(&'static str, String, String, bool)> {
                use ts_rs::TS;
                vec![$( (
                    stringify!($name),
                    <$req as TS>::name(cfg),
                    <$res as TS>::name(cfg),
                    commands!(@reads $access),
                ) ),*]
            }
        }
    };
    (sync mod $module:ident, implemented by $implementor:literal { $( $(#[doc = $doc:literal])* $name:ident($req:ty) -> $res:ty, $access:ident; )* }) => {
        commands! { @module $module { $( $(#[doc = $doc])* $name($req) -> $res, $access; )* }
            #[doc = concat!("The command bodies; implemented once, by ", $implementor, ".")]
            pub trait Handler {
                $( $(#[doc = $doc])* fn $name(&mut self, request: $req) -> Result<$res, ApiError>; )*
            }

            /// Decodes `request` for `command`, runs it on `handler` and encodes the response.
            pub fn dispatch<H: Handler + ?Sized>(
                handler: &mut H,
                command: &str,
                request: serde_json::Value,
            ) -> Result<serde_json::Value, ApiError> {
                match command {
                    $( stringify!($name) => Ok(encode(handler.$name(decode(command, request)?)?)), )*
                    other => Err(unknown(other)),
                }
            }
        }
    };
    (async mod $module:ident, implemented by $implementor:literal { $( $(#[doc = $doc:literal])* $name:ident($req:ty) -> $res:ty, $access:ident; )* }) => {
        commands! { @module $module { $( $(#[doc = $doc])* $name($req) -> $res, $access; )* }
            #[doc = concat!("The command bodies; implemented once, by ", $implementor, ".")]
            pub trait Handler {
                $( $(#[doc = $doc])* fn $name(&mut self, request: $req)
                    -> impl std::future::Future<Output = Result<$res, ApiError>> + Send; )*
            }

            /// Decodes `request` for `command`, runs it on `handler` and encodes the response.
            pub async fn dispatch<H: Handler + Send>(
                handler: &mut H,
                command: &str,
                request: serde_json::Value,
            ) -> Result<serde_json::Value, ApiError> {
                match command {
                    $( stringify!($name) => Ok(encode(handler.$name(decode(command, request)?).await?)), )*
                    other => Err(unknown(other)),
                }
            }
        }
    };
}

commands! {
    sync mod notebook, implemented by "`handschlag_core::Notebook`" {
    /// Creates a contact (and its tags, and with `metNow` an in-person check-in) in one write.
    contact_create(ContactCreate) -> Contact, write;
    /// Changes the given fields of a contact; fields left out stay as they are.
    contact_update(ContactUpdate) -> Contact, write;
    /// Marks a contact deleted (a tombstone that syncs); its check-ins and deals are kept.
    contact_delete(IdRequest) -> Empty, write;
    /// Brings back a deleted contact (by id, or by the name of a deleted contact).
    contact_restore(Reference) -> Contact, write;
    /// A contact with its timeline: check-ins, follow-ups and deals.
    contact_get(IdRequest) -> ContactDetail, read;
    /// Contacts matching a search and filters, ranked when searching, else by name.
    contact_list(ContactQuery) -> ContactPage, read;
    /// Finds the one contact an id or a name refers to; several candidates are an error.
    contact_resolve(Reference) -> Contact, read;
    /// The towns and tags contacts have, for suggestions in the list's filters.
    contact_facet_list(Empty) -> ContactFacets, read;
    /// Adds a tag to a contact (add-wins: a concurrent removal elsewhere does not undo it).
    contact_tag_add(TagChange) -> Contact, write;
    /// Removes a tag from a contact.
    contact_tag_remove(TagChange) -> Contact, write;
    /// Pairs of contacts that may be one person (same folded name, email or phone), the
    /// likeliest first; pairs said to be two people are left out.
    contact_duplicate_list(Empty) -> Vec<DuplicatePair>, read;
    /// Says two contacts are two people: they are no longer listed as duplicates, on any device.
    contact_duplicate_dismiss(ContactPair) -> Empty, write;
    /// Merges two contacts who are one person: the kept one gets the chosen fields and every
    /// check-in, follow-up, deal and tag of both; the other is deleted. Can be undone.
    contact_merge(ContactMerge) -> ContactMerged, write;
    /// Undoes a merge made on this device: both contacts are back, each with what was theirs.
    contact_merge_undo(MergeUndo) -> MergeUndone, write;
    /// Marks a contact as me (or nobody): the card others scan. It syncs to every device.
    me_set(MeSet) -> MyCard, write;
    /// My card: the contact marked as me, as a vCard and its QR code.
    my_card_get(Empty) -> MyCard, read;
    /// Takes in a contact card read from a QR code: the contact is made (met in person) or the
    /// one already there filled in, and checked in in person, now, in one write.
    card_scan(CardScan) -> CardScanned, write;
    /// Plans an event.
    event_create(EventCreate) -> Event, write;
    /// Changes the given fields of an event.
    event_update(EventUpdate) -> Event, write;
    /// Deletes an event; its check-ins keep their contacts and stay in their history.
    event_delete(IdRequest) -> Empty, write;
    /// An event with whom I met there and whom I still wanted to meet.
    event_get(IdRequest) -> EventDetail, read;
    /// Events, upcoming first, then past (newest first).
    event_list(EventQuery) -> Vec<Event>, read;
    /// Finds the one event an id or a title refers to.
    event_resolve(Reference) -> Event, read;
    /// Records an encounter; who, when and how are never edited, only retracted.
    checkin_create(CheckinCreate) -> Checkin, write;
    /// Corrects a check-in's note or event.
    checkin_update(CheckinUpdate) -> Checkin, write;
    /// Retracts a check-in (a permanent record of its own; the check-in stays in history).
    checkin_retract(IdRequest) -> Checkin, write;
    /// Check-ins in a time range, optionally at one event, newest first, with contact names.
    checkin_list(CheckinQuery) -> Vec<Checkin>, read;
    /// Plans what to do next with whom, and when.
    follow_up_create(FollowUpCreate) -> FollowUp, write;
    /// Follow-ups by due date relative to `today`.
    follow_up_list(FollowUpQuery) -> Vec<FollowUp>, read;
    /// Marks a follow-up done.
    follow_up_complete(IdRequest) -> FollowUp, write;
    /// Undoes "done": the follow-up is open again, due when it was.
    follow_up_reopen(IdRequest) -> FollowUp, write;
    /// Moves a follow-up's due date.
    follow_up_snooze(FollowUpSnooze) -> FollowUp, write;
    /// Open follow-ups as an iCalendar file: one all-day event each, on its due date.
    follow_up_calendar(FollowUpCalendar) -> Calendar, read;
    /// Records an order for a contact.
    deal_create(DealCreate) -> Deal, write;
    /// Changes the given fields of a deal (status, title, amount, currency, date, contact,
    /// attribution override).
    deal_update(DealUpdate) -> Deal, write;
    /// Deletes a deal (a mistake): it no longer counts anywhere.
    deal_delete(IdRequest) -> Empty, write;
    /// Deals, newest first, optionally for one contact.
    deal_list(DealQuery) -> Vec<Deal>, read;
    /// Sets how often to keep in touch with a contact, or with everyone carrying a tag.
    cadence_set(CadenceSet) -> Cadence, write;
    /// Clears a contact's own cadence (their tags' defaults apply again) or a tag's.
    cadence_clear(CadenceClear) -> Empty, write;
    /// Every cadence set: the tags' defaults, then contacts' own.
    cadence_list(Empty) -> Vec<Cadence>, read;
    /// Contacts due to be met within a week, or overdue, most overdue first.
    keep_in_touch_list(Empty) -> Vec<KeepInTouch>, read;
    /// What personal contact earned in a period: revenue by channel and month, each event's
    /// figures, the funnel, and the lists that drive action.
    insights_get(InsightsQuery) -> Insights, read;
    /// Every live record, sorted by id: two replicas that converged export identical JSON.
    notebook_export(Empty) -> Export, read;
    /// Every live contact as a vCard 3.0 file, for any address book; a contact's id is its
    /// card's `UID`.
    contact_vcard_export(Empty) -> VCards, read;
    /// Every live contact as a CSV table for a spreadsheet; `import` takes it back.
    contact_csv_export(Empty) -> ContactTable, read;
    /// Every live event (at its local time, with its time zone) and every open follow-up (all
    /// day) as one iCalendar file.
    calendar_export(CalendarExport) -> Calendar, read;
    /// Takes in contacts from a vCard or CSV file in one transaction (or only says what it
    /// would do); a contact already there is updated, not added again.
    contact_import(ContactImport) -> ImportReport, write;
    /// The backups beside the notebook, newest first.
    backup_list(Empty) -> Vec<BackupInfo>, read;
    /// Takes a backup now (the newest seven are kept).
    backup_create(Empty) -> BackupInfo, write;
    /// Replaces the notebook with a backup; the notebook as it was is kept as a backup first,
    /// and every paired device reads the restored notebook again from the start.
    backup_restore(BackupRestore) -> BackupRestored, write;
    }
}

commands! {
    async mod device, implemented by "`handschlag_hub::ThisDevice`" {
    /// This device, its paired devices and what each has not yet received.
    device_overview(Empty) -> DeviceOverview, read;
    /// Renames this device (paired devices learn the name at the next pairing).
    device_rename(DeviceRename) -> DeviceOverview, write;
    /// Revokes a paired device: it gets nothing and changes nothing from now on.
    device_revoke(IdRequest) -> DeviceOverview, write;
    /// Allows a device waiting to pair (after comparing the code), or a revoked one again.
    device_allow(IdRequest) -> DeviceOverview, write;
    /// Refuses a device waiting to pair; it is forgotten.
    device_refuse(IdRequest) -> DeviceOverview, write;
    /// Runs the hub phones on this network sync with, or stops it; the choice is remembered.
    hub_allow(HubAllow) -> DeviceOverview, write;
    /// A one-time pairing link (and QR code) to the hub this device runs.
    pairing_invite(Empty) -> PairingInvite, write;
    /// Ends every pairing link not yet used.
    pairing_cancel(Empty) -> DeviceOverview, write;
    /// Pairs this device with the hub in a pairing link.
    pairing_join(PairingJoin) -> DeviceOverview, write;
    /// Syncs both ways with every hub this device dials (or the one named), page by page,
    /// without holding the notebook while a page travels.
    sync_now(SyncNow) -> SyncReport, write;
    }
}

pub use notebook::{COMMANDS, Handler, dispatch};

/// Whether `command` belongs to the device list (answered by the host) rather than the notebook.
pub fn is_device_command(command: &str) -> bool {
    device::COMMANDS.contains(&command)
}
