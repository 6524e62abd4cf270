//! Request and response types of every command, and the domain enums they share.

use crate::ApiError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Declares a kebab-case domain enum with its wire names, parse and display in one place, so the
/// CLI flag, the JSON and the database store the same word.
macro_rules! word_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        pub enum $name { $( #[serde(rename = $word)] $variant ),+ }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $word ),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $( $word => Ok($name::$variant), )+
                    _ => Err(format!("'{s}' is not one of: {}", [$($word),+].join(", "))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}

word_enum! {
    /// How a relationship began; also a deal's attribution channel. `unknown` is what a card
    /// from an address book brings in: not guessed, and editable.
    Channel { InPerson = "in-person", Online = "online", Referral = "referral", Unknown = "unknown" }
}

word_enum! {
    /// What an imported file is: vCards (any version) or a table of comma- or semicolon-
    /// separated values.
    ImportFormat { Vcard = "vcard", Csv = "csv" }
}

word_enum! {
    /// A contact's field a column of an imported table can fill.
    ImportField {
        Name = "name",
        FirstName = "first-name",
        LastName = "last-name",
        Organization = "organization",
        Role = "role",
        Phone = "phone",
        Email = "email",
        Town = "town",
        Notes = "notes",
        Tags = "tags",
    }
}

word_enum! {
    /// What an import does with one card or row.
    ImportAction { New = "new", Update = "update", Unchanged = "unchanged", Skipped = "skipped" }
}

word_enum! {
    /// What two contacts that may be one person have in common.
    DuplicateReason { Name = "name", Email = "email", Phone = "phone" }
}

word_enum! {
    /// A contact's own field, as a merge picks it from one of the two.
    ContactField {
        Name = "name",
        Organization = "organization",
        Role = "role",
        Phone = "phone",
        Email = "email",
        Town = "town",
        HowMet = "how-met",
        MetAtEvent = "met-at-event",
        ReferredBy = "referred-by",
        Notes = "notes",
    }
}

word_enum! {
    /// Which encounters keep a relationship warm: meeting in person, or any contact at all.
    CadenceKind { InPerson = "in-person", Any = "any" }
}

word_enum! {
    /// How an encounter happened.
    CheckinKind { InPerson = "in-person", Call = "call", Video = "video", Message = "message" }
}

word_enum! {
    /// What sort of local event it is.
    EventKind {
        ClubFestival = "club-festival",
        InfoEvening = "info-evening",
        Fair = "fair",
        Meetup = "meetup",
        OwnEvent = "own-event",
        Other = "other",
    }
}

word_enum! {
    /// Where an event stands: idea → planned → attended / skipped.
    EventStatus { Idea = "idea", Planned = "planned", Attended = "attended", Skipped = "skipped" }
}

word_enum! {
    /// What to do next with someone.
    FollowUpAction {
        Call = "call",
        Meeting = "meeting",
        SendOffer = "send-offer",
        Email = "email",
        Other = "other",
    }
}

word_enum! {
    /// Where an order stands.
    DealStatus { Open = "open", Won = "won", Lost = "lost" }
}

word_enum! {
    /// Which follow-ups to list, relative to `today`.
    FollowUpDue { Today = "today", Overdue = "overdue", Upcoming = "upcoming", All = "all" }
}

word_enum! {
    /// The language of texts the core writes for people to read elsewhere (calendar entries).
    Language { En = "en", De = "de" }
}

/// An empty response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Empty {}

/// A request naming one record by its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct IdRequest {
    pub id: String,
}

/// An id, or a name/title the user typed, to be resolved to exactly one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Reference {
    pub reference: String,
}

/// A contact as lists and details show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub organization: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub town: String,
    pub how_met: Channel,
    /// The event where we first met, if known.
    pub met_at_event_id: Option<String>,
    /// Who introduced us, for referrals.
    pub referred_by: String,
    pub notes: String,
    pub tags: Vec<String>,
    /// Met in person: how we met was in person, or there is a live in-person check-in.
    pub met_in_person: bool,
    /// The latest live check-in of any kind.
    #[ts(type = "number | null")]
    pub last_met_at: Option<i64>,
    #[ts(type = "number")]
    pub created_at: i64,
}

/// New contact. Only the name is required; email is optional (phone-only contacts are normal).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct ContactCreate {
    pub name: String,
    pub organization: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub town: String,
    pub how_met: Option<Channel>,
    pub met_at_event_id: Option<String>,
    pub referred_by: String,
    pub notes: String,
    pub tags: Vec<String>,
    /// Also records an in-person check-in now, in the same write: at `met_at_event_id` when
    /// set, with `notes` as its note. The contact and the check-in are stored together or not
    /// at all. How we met then defaults to in person.
    pub met_now: bool,
}

/// Changes to a contact; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct ContactUpdate {
    pub id: String,
    pub name: Option<String>,
    pub organization: Option<String>,
    pub role: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub town: Option<String>,
    pub how_met: Option<Channel>,
    pub referred_by: Option<String>,
    pub notes: Option<String>,
}

/// Adds or removes one tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TagChange {
    pub contact_id: String,
    pub tag: String,
}

/// Which contacts to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct ContactQuery {
    /// Free text over name, organization, town, tags and notes.
    pub query: String,
    /// `Some(true)`: met in person; `Some(false)`: never met in person.
    pub met_in_person: Option<bool>,
    pub tag: Option<String>,
    pub town: Option<String>,
    /// At most this many (default 100, at most 1000).
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

/// The towns and tags the contacts have, each sorted: suggestions for the list's filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ContactFacets {
    pub towns: Vec<String>,
    pub tags: Vec<String>,
}

/// One page of contacts and how many match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactPage {
    pub contacts: Vec<Contact>,
    pub total: u32,
    /// Contacts a search cannot find yet: synced moments ago, being indexed in the background.
    pub indexing: u32,
}

/// A contact with everything that happened with them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactDetail {
    pub contact: Contact,
    pub checkins: Vec<Checkin>,
    pub follow_ups: Vec<FollowUp>,
    pub deals: Vec<Deal>,
    /// Values that lost a sync merge, newest first.
    pub history: Vec<FieldChange>,
    /// What the relationship earned: deals won with them, one sum per currency.
    pub revenue: Vec<Money>,
    /// When they were last met in person (UTC milliseconds), if ever.
    #[ts(type = "number | null")]
    pub last_met_in_person: Option<i64>,
    /// Their keep-in-touch cadence and when the next encounter is due, if one applies.
    pub keep_in_touch: Option<KeepInTouch>,
    /// Other contacts that may be the same person (same name, email or phone).
    pub likely_duplicates: Vec<Contact>,
    /// Whether this contact is me: the card `my_card_get` shows.
    pub is_me: bool,
}

/// Which contact is me (`null`: nobody).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct MeSet {
    pub contact_id: Option<String>,
}

/// My card, as others scan it: the contact marked as me, that contact as a vCard 3.0 (without
/// notes and tags, which stay private) and the vCard's QR code, one `0`/`1` string per row.
/// `contact` is `null`, and the rest empty, while no contact is marked as me.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MyCard {
    pub contact: Option<Contact>,
    pub vcard: String,
    pub qr: Vec<String>,
}

/// A contact card read from a QR code (a vCard) of someone met now, optionally at an event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct CardScan {
    pub vcard: String,
    pub event_id: Option<String>,
}

/// What a scanned card became: the contact (`created`: new, else the one already there, filled
/// in) and the in-person check-in recorded with them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CardScanned {
    pub contact: Contact,
    pub checkin: Checkin,
    pub created: bool,
}

/// Two live contacts that may be one person: the older first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DuplicatePair {
    pub first: Contact,
    pub second: Contact,
    /// What they have in common.
    pub reasons: Vec<DuplicateReason>,
}

/// Two contacts named by id (two people, not one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactPair {
    pub first_id: String,
    pub second_id: String,
}

/// Merges the contact `dropId` into `keepId`: the kept contact takes the fields in `take` from
/// the other (and every field it has empty), and everything of both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactMerge {
    pub keep_id: String,
    pub drop_id: String,
    #[serde(default)]
    pub take: Vec<ContactField>,
}

/// The merged contact, and what moved to it from the other.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactMerged {
    pub contact: Contact,
    /// Names the merge for `contact_merge_undo` (on this device).
    pub merge_id: String,
    pub checkins: u32,
    pub follow_ups: u32,
    pub deals: u32,
    pub tags: u32,
}

/// Which merge to undo: the one named, else this device's latest not undone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct MergeUndo {
    pub merge_id: Option<String>,
}

/// The two contacts again, after a merge was undone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeUndone {
    pub kept: Contact,
    pub restored: Contact,
}

/// A value that another device's write replaced (or that arrived older than the value here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: String,
    /// The value that lost, as text.
    pub value: String,
    /// The device that wrote the losing value (its name, or its id when unnamed).
    pub device: String,
    /// When the losing value was written.
    #[ts(type = "number")]
    pub written_at: i64,
    /// The device whose write won, and when.
    pub replaced_by: String,
    #[ts(type = "number")]
    pub replaced_at: i64,
}

/// Every live record of a notebook, each list sorted by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Export {
    pub contacts: Vec<Contact>,
    pub events: Vec<Event>,
    pub checkins: Vec<Checkin>,
    pub follow_ups: Vec<FollowUp>,
    pub deals: Vec<Deal>,
    pub cadences: Vec<Cadence>,
}

/// A local event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: String,
    pub title: String,
    pub kind: EventKind,
    pub status: EventStatus,
    /// Start as a UTC instant.
    #[ts(type = "number")]
    pub starts_at: i64,
    #[ts(type = "number | null")]
    pub ends_at: Option<i64>,
    /// The IANA time zone the event happens in, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// Start as local wall time in `time_zone`, `YYYY-MM-DDTHH:MM`, for display.
    pub starts_local: String,
    /// End as local wall time in `time_zone`, if the event has an end.
    pub ends_local: Option<String>,
    pub place: String,
    pub organizer: String,
    pub goal: String,
    /// What I contribute: sponsoring, a donation, a talk.
    pub contribution: String,
    #[ts(type = "number")]
    pub cost_cents: i64,
    pub currency: String,
    pub checklist: Vec<ChecklistItem>,
    /// Contacts I want to meet there.
    pub people_to_meet: Vec<String>,
    #[ts(type = "number")]
    pub created_at: i64,
}

/// One preparation step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ChecklistItem {
    pub text: String,
    pub done: bool,
}

/// A new event. `starts` is local wall time `YYYY-MM-DDTHH:MM` in `time_zone`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct EventCreate {
    pub title: String,
    pub kind: Option<EventKind>,
    pub status: Option<EventStatus>,
    pub starts: String,
    pub ends: Option<String>,
    pub time_zone: String,
    pub place: String,
    pub organizer: String,
    pub goal: String,
    pub contribution: String,
    #[ts(type = "number")]
    pub cost_cents: i64,
    pub currency: Option<String>,
    pub checklist: Vec<ChecklistItem>,
    pub people_to_meet: Vec<String>,
}

/// Changes to an event; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct EventUpdate {
    pub id: String,
    pub title: Option<String>,
    pub kind: Option<EventKind>,
    pub status: Option<EventStatus>,
    /// Local wall time; interpreted in `time_zone` (or the event's current zone).
    pub starts: Option<String>,
    /// Local wall time like `starts`; an empty string removes the end. When only `time_zone`
    /// changes, start and end keep their wall times in the new zone.
    pub ends: Option<String>,
    pub time_zone: Option<String>,
    pub place: Option<String>,
    pub organizer: Option<String>,
    pub goal: Option<String>,
    pub contribution: Option<String>,
    #[ts(type = "number | null")]
    pub cost_cents: Option<i64>,
    /// ISO 4217 code of the cost, such as EUR.
    pub currency: Option<String>,
    pub checklist: Option<Vec<ChecklistItem>>,
    pub people_to_meet_add: Vec<String>,
    pub people_to_meet_remove: Vec<String>,
}

/// Which events to list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct EventQuery {
    pub query: String,
}

/// An event with its debrief: whom I met there, and whom I wanted to meet but did not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EventDetail {
    pub event: Event,
    pub checkins: Vec<Checkin>,
    pub missed: Vec<Contact>,
    /// What it brought: people met, new contacts, follow-ups, deals, cost and net.
    pub figures: EventFigures,
}

/// An encounter: I met this person, this way, then, there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Checkin {
    pub id: String,
    pub contact_id: String,
    pub contact_name: String,
    pub event_id: Option<String>,
    pub event_title: Option<String>,
    pub kind: CheckinKind,
    #[ts(type = "number")]
    pub at: i64,
    pub place: String,
    pub note: String,
    pub retracted: bool,
}

/// A new check-in; `at` defaults to now.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct CheckinCreate {
    pub contact_id: String,
    pub event_id: Option<String>,
    pub kind: Option<CheckinKind>,
    #[ts(type = "number | null")]
    pub at: Option<i64>,
    pub place: String,
    pub note: String,
}

/// A correction of a check-in's note or event; what is left out stays. An empty `eventId`
/// files it under no event.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct CheckinUpdate {
    pub id: String,
    pub note: Option<String>,
    pub event_id: Option<String>,
}

/// Which check-ins: those at or after `since` and before `until` (UTC milliseconds; either may
/// be left out), optionally at one event. Check-ins whose contact is deleted, or has not arrived
/// by sync yet, are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct CheckinQuery {
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub event_id: Option<String>,
    /// Also list retracted check-ins (marked as such).
    pub include_retracted: bool,
    /// At most this many, newest first (default 500, at most 5000).
    pub limit: Option<u32>,
}

/// What to do next with whom, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUp {
    pub id: String,
    pub contact_id: String,
    pub contact_name: String,
    pub action: FollowUpAction,
    /// `YYYY-MM-DD`.
    pub due: String,
    pub note: String,
    pub done: bool,
    /// The last live check-in with this contact, as context.
    pub last_checkin: Option<Checkin>,
}

/// A new follow-up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct FollowUpCreate {
    pub contact_id: String,
    pub action: Option<FollowUpAction>,
    pub due: String,
    pub note: String,
}

/// Which follow-ups; `today` is the caller's local date `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpQuery {
    pub due: FollowUpDue,
    pub today: String,
    #[serde(default)]
    pub include_done: bool,
}

/// Open follow-ups as a calendar, with entries written in `language` (default English).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct FollowUpCalendar {
    pub language: Option<Language>,
}

/// Every event and open follow-up as a calendar, follow-ups written in `language` (default
/// English).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct CalendarExport {
    pub language: Option<Language>,
}

/// A CSV table (RFC 4180), UTF-8, with a header row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ContactTable {
    pub csv: String,
}

/// An iCalendar file (RFC 5545), CRLF line endings, lines folded at 75 octets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Calendar {
    pub ics: String,
}

/// A vCard 3.0 file (RFC 2426), UTF-8, CRLF line endings, lines folded at 75 octets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VCards {
    pub vcf: String,
}

/// A file of contacts to take in: vCards, or a CSV export of LinkedIn, Google Contacts or
/// Outlook (or any table, with `map`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct ContactImport {
    /// The file's name; its extension tells the format when `format` is not given.
    pub file_name: String,
    /// The file's bytes, base64 (RFC 4648, with padding).
    pub data: String,
    pub format: Option<ImportFormat>,
    /// Only say what the import would do; write nothing.
    pub dry_run: bool,
    /// For a table of another layout: which column fills which field.
    pub map: Vec<ColumnMap>,
}

/// One column of an imported table and the field it fills.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMap {
    pub column: String,
    pub field: ImportField,
}

/// How far the import under way has come: `done` of `all` cards or rows taken in. Hosts answer
/// it beside the command list, without waiting for the notebook the import holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    pub done: u32,
    pub all: u32,
}

/// How far the sync under way with one hub has come: `done` of `all` changes of both feeds
/// (the hub's to receive, then this device's to send), counted as places in each feed, so
/// `done` reaches `all` as the sync ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub hub: String,
    pub done: u32,
    pub all: u32,
}

/// The end of the app's log: the folder its files are in, and the newest file's last lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppLog {
    pub folder: String,
    pub lines: Vec<String>,
}

/// What an import did, or would do on a dry run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub format: ImportFormat,
    /// Where the file came from, as far as its layout tells: "LinkedIn", "Google Contacts",
    /// "Outlook", "vCard 3.0" …
    pub source: String,
    /// The text encoding the file was read in.
    pub encoding: String,
    /// The cards or rows read, whatever became of them.
    pub read: u32,
    pub new: u32,
    pub updated: u32,
    pub unchanged: u32,
    /// New contacts with the name of one already there (but no email or phone in common):
    /// maybe the same person.
    pub likely_duplicates: u32,
    /// The first cards or rows, as they would be or were taken in.
    pub preview: Vec<ImportRow>,
    /// Cards or rows that were skipped, each with where it is in the file and why.
    pub problems: Vec<ImportProblem>,
    /// A table none of whose columns Handschlag recognizes: its columns, to be named with
    /// `map` (and nothing else was read).
    pub columns: Vec<String>,
    /// False on a dry run: nothing was written.
    pub written: bool,
}

/// One card or row of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRow {
    /// "card 3", "line 12".
    pub at: String,
    pub action: ImportAction,
    pub name: String,
    pub organization: String,
    pub email: String,
    pub phone: String,
    pub town: String,
    /// Set when a contact of the same name is already there.
    pub likely_duplicate_of: Option<String>,
}

/// A card or row that was not taken in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProblem {
    pub at: String,
    pub reason: String,
}

/// Moves a follow-up to a new due date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpSnooze {
    pub id: String,
    pub due: String,
}

/// An order and where the relationship that brought it began.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Deal {
    pub id: String,
    pub contact_id: String,
    pub contact_name: String,
    pub title: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub currency: String,
    pub status: DealStatus,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub attribution: Attribution,
    /// The contact was deleted; the deal still counts and shows the name as it was.
    pub contact_deleted: bool,
}

/// Where a deal's relationship began: derived from the contact unless overridden on the deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Attribution {
    pub channel: Channel,
    pub event_id: Option<String>,
    pub event_title: Option<String>,
    /// True when set by hand on the deal rather than derived.
    pub overridden: bool,
}

/// A new deal. `amount_cents` must not be negative; `date` defaults to today.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct DealCreate {
    pub contact_id: String,
    pub title: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub currency: Option<String>,
    pub status: Option<DealStatus>,
    pub date: Option<String>,
    /// Override the derived attribution.
    pub channel: Option<Channel>,
    pub event_id: Option<String>,
}

/// Changes to a deal; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct DealUpdate {
    pub id: String,
    pub title: Option<String>,
    /// Must not be negative.
    pub amount_cents: Option<i64>,
    pub currency: Option<String>,
    pub status: Option<DealStatus>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Moves the deal to another contact.
    pub contact_id: Option<String>,
    /// Sets the attribution override; a field left out (or null) clears that part of it, so
    /// `{}` returns the deal to the derived attribution.
    pub attribution: Option<AttributionOverride>,
}

/// Where a deal's relationship began, as the user says rather than as derived.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct AttributionOverride {
    pub channel: Option<Channel>,
    pub event_id: Option<String>,
}

/// Which deals.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct DealQuery {
    pub contact_id: Option<String>,
}

/// Keep in touch with a contact, or with everyone carrying a tag (a default a contact's own
/// cadence overrides): meet them `kind` at least every `days` days (1 to 3650). Name exactly
/// one of `contact_id` and `tag`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CadenceSet {
    #[serde(default)]
    #[ts(optional)]
    pub contact_id: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub tag: Option<String>,
    pub kind: CadenceKind,
    pub days: i64,
}

/// Whose cadence to clear: a contact's own, or a tag's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct CadenceClear {
    pub contact_id: Option<String>,
    pub tag: Option<String>,
}

/// A cadence as set: a contact's own (`contact_id`) or a tag's default (`tag`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Cadence {
    pub contact_id: Option<String>,
    /// The contact's name, for a contact's own cadence.
    pub contact_name: Option<String>,
    pub tag: Option<String>,
    pub kind: CadenceKind,
    pub days: u32,
}

/// A contact to keep in touch with: the cadence that applies (their own, else the shortest of
/// their tags'), the last encounter that counts, and when the next one is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KeepInTouch {
    pub contact_id: String,
    pub name: String,
    pub town: String,
    pub kind: CadenceKind,
    pub days: u32,
    /// The tag whose default applies; none when the contact has a cadence of their own.
    pub tag: Option<String>,
    /// The latest encounter that counts (UTC milliseconds); none when there was none yet.
    #[ts(type = "number | null")]
    pub last_at: Option<i64>,
    /// When the next encounter is due (UTC milliseconds): the last one plus the cadence, or
    /// when the cadence was set if there was none yet.
    #[ts(type = "number")]
    pub due_at: i64,
    /// Whole days past `due_at` (negative: due in that many days).
    #[ts(type = "number")]
    pub overdue_days: i64,
}

/// Which period the insights cover: calendar days `from` to `to`, both included (either may be
/// left out), in `time_zone` (IANA; UTC when left out — hosts pass their own); optionally one
/// currency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(optional_fields)]
pub struct InsightsQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub currency: Option<String>,
    pub time_zone: Option<String>,
}

/// An amount of money in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Money {
    #[ts(type = "number")]
    pub cents: i64,
    pub currency: String,
}

/// Did personal contact earn money? Every figure for the period, computed by the core.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Insights {
    /// The period as asked (`YYYY-MM-DD`), and the currencies of the deals won in it.
    pub from: Option<String>,
    pub to: Option<String>,
    pub currencies: Vec<String>,
    /// Revenue won in the period, one sum per currency.
    pub won: Vec<Money>,
    /// Won deals by how the relationship began, per currency (never summed across currencies).
    pub channels: Vec<ChannelRevenue>,
    /// The same by month (`YYYY-MM`), for the stacked bars.
    pub months: Vec<MonthRevenue>,
    /// Each event that started in the period, newest first.
    pub events: Vec<EventFigures>,
    pub funnel: Funnel,
    /// Met in person at least 7 days ago, with no follow-up and no further contact within 7 days.
    /// Each list names at most 50 people, the most urgent first.
    pub no_follow_up: Vec<ContactMention>,
    /// Met only online, in a town where the user meets people: invite them to the next event.
    pub invite_next: Vec<ContactMention>,
    /// People to meet at an event of the period that is over, who were not met there.
    pub missed: Vec<MissedPerson>,
    /// Contacts whose cadence is due within a week or overdue, most overdue first.
    pub keep_in_touch: Vec<KeepInTouch>,
}

/// Won deals of one channel in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChannelRevenue {
    pub channel: Channel,
    pub currency: String,
    #[ts(type = "number")]
    pub revenue_cents: i64,
    pub deals: u32,
    /// Distinct contacts behind those deals.
    pub contacts: u32,
    /// Revenue ÷ deals, rounded to the cent.
    #[ts(type = "number")]
    pub average_cents: i64,
}

/// Won revenue of one channel in one currency in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthRevenue {
    pub month: String,
    pub channel: Channel,
    pub currency: String,
    #[ts(type = "number")]
    pub revenue_cents: i64,
}

/// What one event brought.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EventFigures {
    pub event_id: String,
    pub title: String,
    #[ts(type = "number")]
    pub starts_at: i64,
    /// People met in person there.
    pub met: u32,
    /// Of those, people whose first in-person meeting ever was there.
    pub new_contacts: u32,
    /// Follow-ups with the people met there, created within 30 days of its start; and of those,
    /// the ones done.
    pub follow_ups: u32,
    pub follow_ups_done: u32,
    /// Deals won whose attribution is this event, and their revenue per currency.
    pub deals_won: u32,
    pub revenue: Vec<Money>,
    /// Fees and sponsoring as stored on the event; none when it cost nothing.
    pub cost: Option<Money>,
    /// Revenue in the cost's currency minus the cost; none without a cost.
    pub net: Option<Money>,
}

/// Met in person → followed up within 7 days → deal won, for people first met in the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Funnel {
    pub met: u32,
    /// A follow-up created, or a further encounter (not at the same event), within 7 days of the
    /// first meeting.
    pub followed_up: u32,
    /// A deal won with them on or after the day of that first meeting.
    pub won: u32,
    /// Median days from the first in-person meeting to the first deal won; none without one.
    pub median_days_to_win: Option<f64>,
}

/// A contact a list points at, with the day that put them there (`YYYY-MM-DD`, if any).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactMention {
    pub contact_id: String,
    pub name: String,
    pub town: String,
    pub date: Option<String>,
}

/// A person the user wanted to meet at an event, and did not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MissedPerson {
    pub contact_id: String,
    pub name: String,
    pub event_id: String,
    pub event_title: String,
}

/// This device and the devices it syncs with, for the Devices screen and the sync status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceOverview {
    /// This device's name, as paired devices see it.
    pub name: String,
    pub device_id: String,
    /// Whether this process serves a hub other devices can pair and sync with.
    pub hub_running: bool,
    /// Where other devices reach that hub (`192.168.1.20:7878`); empty when none runs.
    pub hub_addresses: Vec<String>,
    /// Local changes that no paired device has yet (0 without paired devices).
    pub waiting: u32,
    /// Pairing links handed out and not yet used or expired; `pairing_cancel` ends them.
    pub open_invites: u32,
    pub peers: Vec<PeerSummary>,
    /// The sync this device runs now, if one does.
    pub syncing: Option<SyncProgress>,
}

/// A paired device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PeerSummary {
    /// Its device id (hex); `device_revoke` takes it.
    pub id: String,
    pub name: String,
    /// The code both screens showed when pairing, derived from both certificates.
    pub short_code: Option<String>,
    #[ts(type = "number | null")]
    pub last_sync_at: Option<i64>,
    /// Changes on this device that this peer does not have yet.
    pub waiting: u32,
    pub revoked: bool,
    /// It redeemed a pairing link and waits until this device allows it (`device_allow`)
    /// or refuses it (`device_refuse`), after comparing `short_code` with its screen.
    pub pending: bool,
    /// True when this device dials it (it is a hub); otherwise it dials this one.
    pub dialed: bool,
}

/// A backup of the notebook, in the backups folder beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// Its file name; `backup_restore` takes it.
    pub name: String,
    /// Where it is, for copying it elsewhere.
    pub path: String,
    #[ts(type = "number")]
    pub taken_at: i64,
    #[ts(type = "number")]
    pub size: u64,
}

/// Which backup to restore, by its name in the backups folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BackupRestore {
    pub name: String,
}

/// What a restore did: the notebook it replaced is kept as a backup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BackupRestored {
    pub kept: BackupInfo,
}

/// A new name for this device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DeviceRename {
    pub name: String,
}

/// Allows phones on this network to sync with this device (it runs the hub), or stops that.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HubAllow {
    pub allowed: bool,
}

/// A one-time pairing link to this device's hub, valid for five minutes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PairingInvite {
    pub link: String,
    #[ts(type = "number")]
    pub expires_at: i64,
    /// The link as a QR code: one string per row of modules, `1` dark and `0` light, without
    /// the quiet zone.
    pub qr: Vec<String>,
}

/// Pairs this device with the hub in `link`, under the name `name`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PairingJoin {
    pub link: String,
    pub name: String,
}

/// Syncs with every hub this device dials, or only with the one named `hub`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncNow {
    pub hub: Option<String>,
}

/// What one round of syncing with every hub this device dials moved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncReport {
    pub peers: Vec<PeerSync>,
}

/// What a sync with one hub moved, or why it failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PeerSync {
    pub name: String,
    pub received: u32,
    pub sent: u32,
    /// Changes stamped hours ahead of this device's clock: a clock to check.
    pub future_clocks: u32,
    pub error: Option<ApiError>,
}
