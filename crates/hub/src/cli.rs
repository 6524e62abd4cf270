//! The command line, as clap declares it. Values are parsed into API types here (amounts into
//! cents, enums from their kebab-case words) so that bad input fails before anything is opened.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Parser, Subcommand};
use handschlag_api::{
    Channel, CheckinKind, ContactField, DealStatus, EventKind, EventStatus, FollowUpAction,
    FollowUpDue, Language,
};

/// Handschlag: log whom you met in person, plan events, follow up, and see what it earned.
#[derive(Debug, Parser)]
#[command(name = "handschlag", version, propagate_version = true)]
pub struct Cli {
    /// The database file [default: the desktop app's, in your data directory]
    #[arg(long, global = true, env = "HANDSCHLAG_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,

    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, show, edit, tag and delete contacts
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Plan, list, show and edit events
    #[command(subcommand)]
    Event(EventCommand),
    /// Record that you met someone (or retract such a record); `checkin list` lists them
    Checkin(CheckinCommand),
    /// Plan and tick off what to do next with whom
    #[command(subcommand, name = "followup")]
    FollowUp(FollowUpCommand),
    /// Record orders, mark them won or lost, and list them with their attribution
    #[command(subcommand)]
    Deal(DealCommand),
    /// Keep in touch: how often to meet a contact, or everyone with a tag (`stats` lists who
    /// is due)
    #[command(subcommand)]
    Cadence(CadenceCommand),
    /// What personal contact earned: revenue by channel and month (per currency), each event's
    /// figures and net, the funnel, and whom to follow up, invite or still meet
    Stats {
        /// First day of the period (YYYY-MM-DD); from the beginning when left out
        #[arg(long)]
        from: Option<String>,
        /// Last day of the period (YYYY-MM-DD), included; up to today when left out
        #[arg(long)]
        to: Option<String>,
        /// Only deals in this currency (e.g. EUR)
        #[arg(long)]
        currency: Option<String>,
    },
    /// Run the hub other devices sync with (prints its address)
    Serve {
        /// Where the sync endpoint listens (TLS); port 0 picks a free one
        #[arg(long, default_value = "127.0.0.1:7878")]
        listen: std::net::SocketAddr,
        /// Listen on every network interface (the port of --listen), so phones can reach it
        #[arg(long)]
        lan: bool,
        /// Where the web UI listens: a loopback address only; port 0 picks a free one
        #[arg(long, default_value = "127.0.0.1:7879")]
        ui: std::net::SocketAddr,
    },
    /// Pair this device with a hub, or let a device pair with this hub
    #[command(subcommand)]
    Pair(PairCommand),
    /// Sync both ways with the paired hubs
    Sync {
        /// Only the hub with this name
        #[arg(long)]
        peer: Option<String>,
    },
    /// List paired devices; allow, refuse or revoke them
    #[command(subcommand)]
    Devices(DevicesCommand),
    /// Copy the notebook safely while the app and `serve` run (into backups/ beside it,
    /// keeping the newest 7, unless --out names a file)
    Backup {
        /// Write the backup to this file instead (it must not exist)
        #[arg(long, conflicts_with = "list")]
        out: Option<std::path::PathBuf>,
        /// List the backups in the backups folder, newest first
        #[arg(long)]
        list: bool,
    },
    /// Replace the notebook with a backup; the current one is kept as a backup first, and
    /// paired devices read the restored notebook again from the start
    Restore {
        /// A backup file, e.g. one `handschlag backup --list` shows
        file: std::path::PathBuf,
    },
    /// Print every live record, sorted, for backups and for comparing devices (`json`); every
    /// contact as a vCard 3.0 file for an address book (`vcard`) or a table for a spreadsheet
    /// (`csv`); every event and open follow-up as a calendar file (`ics`)
    Export {
        #[arg(long, value_parser = ["json", "vcard", "csv", "ics"], default_value = "json")]
        format: String,
        /// Write to this file instead of printing, e.g. --out contacts.vcf
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        /// Language of the calendar's follow-up entries (`ics`)
        #[arg(long, value_parser = word::<Language>, default_value = "en")]
        lang: Language,
    },
    /// Take in contacts from a vCard file (2.1, 3.0, 4.0) or a CSV export of LinkedIn, Google
    /// Contacts or Outlook; contacts already there are filled in, not added again
    Import {
        /// The .vcf or .csv file
        file: std::path::PathBuf,
        /// What the file is; by default told by its extension and content
        #[arg(long, value_parser = ["auto", "vcard", "csv"], default_value = "auto")]
        format: String,
        /// Only say what the import would do; write nothing
        #[arg(long)]
        dry_run: bool,
        /// For a table of another layout, which column fills which field:
        /// `--map "Kunde=name,Ort=town,Handy=phone"` (fields: name, first-name, last-name,
        /// organization, role, phone, email, town, notes, tags)
        #[arg(long)]
        map: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PairCommand {
    /// On the hub's database: print a one-time pairing link, valid 5 minutes
    Invite {
        /// Also draw the link as a QR code in the terminal
        #[arg(long)]
        qr: bool,
    },
    /// On the other device: pair with the hub the link names
    Join {
        link: String,
        /// How the hub will call this device
        #[arg(long, default_value = "my device")]
        name: String,
    },
    /// On the hub's database: end every pairing link not yet used
    Cancel,
}

#[derive(Debug, Subcommand)]
pub enum DevicesCommand {
    /// Paired devices, with their last sync
    List,
    /// Revoke a device (by name or id): it can no longer sync with this one
    Revoke { device: String },
    /// Allow a device waiting to pair once both screens show the same code (or a revoked
    /// device again)
    Allow { device: String },
    /// Refuse a device waiting to pair; it is forgotten
    Refuse { device: String },
}

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact
    Add(ContactFields),
    /// List contacts, optionally searched and filtered
    List(ContactListArgs),
    /// Show a contact with check-ins, follow-ups and deals
    Show {
        contact: String,
        /// Also show values that other devices' edits replaced
        #[arg(long)]
        history: bool,
    },
    /// Change fields of a contact
    Edit {
        contact: String,
        #[command(flatten)]
        fields: ContactEdit,
    },
    /// Delete a contact (their check-ins and deals stay in the history)
    Delete { contact: String },
    /// Bring back a deleted contact (by id, or by name among the deleted)
    Restore { contact: String },
    /// Add a tag to a contact
    Tag { contact: String, tag: String },
    /// Remove a tag from a contact
    Untag { contact: String, tag: String },
    /// List pairs of contacts that may be one person (same name, email or phone)
    Duplicates,
    /// Merge two contacts who are one person: KEEP gets every check-in, follow-up, deal and
    /// tag of OTHER, and fills its empty fields from it; OTHER is deleted
    Merge {
        /// The contact to keep (id or name)
        keep: String,
        /// The contact merged into it (id or name)
        other: String,
        /// Fields to take from OTHER even where KEEP has a value, e.g. --take email,phone
        /// (name, organization, role, phone, email, town, how-met, met-at-event, referred-by,
        /// notes)
        #[arg(long, value_delimiter = ',', value_parser = word::<ContactField>)]
        take: Vec<ContactField>,
    },
    /// Undo a merge made on this device: the latest one, or the one named by the id `merge`
    /// printed
    Unmerge { merge: Option<String> },
    /// Say two contacts are two people, so they are not listed as duplicates again
    Distinct { first: String, second: String },
    /// My card, as a QR code any phone camera reads: with CONTACT, mark that contact as me
    /// first; without, show the card of the contact marked as me
    Me {
        contact: Option<String>,
        /// Mark nobody as me
        #[arg(long, conflicts_with = "contact")]
        nobody: bool,
    },
}

#[derive(Debug, Args)]
pub struct ContactFields {
    #[arg(long)]
    pub name: String,
    #[arg(long = "org", value_name = "ORGANIZATION", default_value = "")]
    pub organization: String,
    #[arg(long, default_value = "")]
    pub role: String,
    #[arg(long, default_value = "")]
    pub town: String,
    #[arg(long, default_value = "")]
    pub phone: String,
    #[arg(long, default_value = "")]
    pub email: String,
    /// A tag; repeat for several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// How the relationship began [default: in-person with --met-at, else online]
    #[arg(long, value_parser = word::<Channel>)]
    pub how_met: Option<Channel>,
    /// The event where you met (id or title)
    #[arg(long, value_name = "EVENT")]
    pub met_at: Option<String>,
    /// Who introduced you
    #[arg(long, default_value = "")]
    pub referred_by: String,
    #[arg(long, default_value = "")]
    pub notes: String,
    /// Also check them in as met in person now (at --met-at, with --notes as the note), in the
    /// same write as the contact
    #[arg(long)]
    pub met_now: bool,
}

#[derive(Debug, Args)]
pub struct ContactEdit {
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long = "org", value_name = "ORGANIZATION")]
    pub organization: Option<String>,
    #[arg(long)]
    pub role: Option<String>,
    #[arg(long)]
    pub town: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    #[arg(long)]
    pub email: Option<String>,
    #[arg(long, value_parser = word::<Channel>)]
    pub how_met: Option<Channel>,
    #[arg(long)]
    pub referred_by: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Debug, Args)]
pub struct ContactListArgs {
    /// Search name, organization, town, tags and notes
    #[arg(long, short, default_value = "")]
    pub query: String,
    /// Only contacts met in person
    #[arg(long, conflicts_with = "never_met")]
    pub met_in_person: bool,
    /// Only contacts never met in person
    #[arg(long)]
    pub never_met: bool,
    #[arg(long)]
    pub tag: Option<String>,
    #[arg(long)]
    pub town: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Plan an event
    Add(EventFields),
    /// List events: upcoming first, then past
    List {
        #[arg(long, short, default_value = "")]
        query: String,
    },
    /// Show an event with whom you met there and whom you missed
    Show { event: String },
    /// Change an event (for example its status after it happened)
    Edit {
        event: String,
        #[command(flatten)]
        fields: EventEdit,
    },
    /// Delete an event (a stray test); check-ins made there stay with their contacts
    Delete { event: String },
}

#[derive(Debug, Args)]
pub struct EventFields {
    #[arg(long)]
    pub title: String,
    /// Local start time, e.g. 2026-07-04T15:00
    #[arg(long)]
    pub starts: String,
    /// Local end time
    #[arg(long)]
    pub ends: Option<String>,
    /// IANA time zone [default: this machine's]
    #[arg(long)]
    pub tz: Option<String>,
    #[arg(long, default_value = "")]
    pub place: String,
    #[arg(long, value_parser = word::<EventKind>, default_value = "other")]
    pub kind: EventKind,
    #[arg(long, value_parser = word::<EventStatus>, default_value = "planned")]
    pub status: EventStatus,
    #[arg(long, default_value = "")]
    pub organizer: String,
    /// What you want to achieve there
    #[arg(long, default_value = "")]
    pub goal: String,
    /// What you contribute: sponsoring, a donation, a talk
    #[arg(long, default_value = "")]
    pub contribution: String,
    /// What it costs you, e.g. 40.00
    #[arg(long, value_parser = cents, default_value = "0", allow_negative_numbers = true)]
    pub cost: i64,
    #[arg(long)]
    pub currency: Option<String>,
    /// A contact you want to meet there (id or name); repeat for several
    #[arg(long = "meet", value_name = "CONTACT")]
    pub people_to_meet: Vec<String>,
    /// A preparation step; repeat for several
    #[arg(long = "todo", value_name = "STEP")]
    pub checklist: Vec<String>,
}

#[derive(Debug, Args)]
pub struct EventEdit {
    #[arg(long)]
    pub title: Option<String>,
    /// Local start time, e.g. 2026-07-04T15:00
    #[arg(long)]
    pub starts: Option<String>,
    /// Local end time; an empty value ("") removes the end
    #[arg(long)]
    pub ends: Option<String>,
    /// IANA time zone; start and end keep their local times in it
    #[arg(long)]
    pub tz: Option<String>,
    #[arg(long)]
    pub place: Option<String>,
    #[arg(long)]
    pub organizer: Option<String>,
    #[arg(long, value_parser = word::<EventKind>)]
    pub kind: Option<EventKind>,
    #[arg(long, value_parser = word::<EventStatus>)]
    pub status: Option<EventStatus>,
    #[arg(long)]
    pub goal: Option<String>,
    #[arg(long)]
    pub contribution: Option<String>,
    #[arg(long, value_parser = cents, allow_negative_numbers = true)]
    pub cost: Option<i64>,
    /// Currency of the cost, e.g. EUR or CHF
    #[arg(long)]
    pub currency: Option<String>,
    /// Add a contact to meet there
    #[arg(long = "meet", value_name = "CONTACT")]
    pub meet: Vec<String>,
    /// Remove a contact from the people to meet
    #[arg(long = "unmeet", value_name = "CONTACT")]
    pub unmeet: Vec<String>,
}

/// `checkin CONTACT ...` records (or `--retract`s) a check-in; `checkin list` lists them.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    disable_help_subcommand = true
)]
pub struct CheckinCommand {
    #[command(subcommand)]
    pub list: Option<CheckinList>,
    #[command(flatten)]
    pub record: CheckinArgs,
}

#[derive(Debug, Subcommand)]
pub enum CheckinList {
    /// List check-ins, newest first: today's, one day's, or at an event
    List {
        /// Only today's (in this machine's time zone)
        #[arg(long, conflicts_with = "day")]
        today: bool,
        /// Only this day's, e.g. 2026-07-04
        #[arg(long)]
        day: Option<String>,
        /// Only those at this event (id or title)
        #[arg(long)]
        event: Option<String>,
        /// Also list retracted check-ins
        #[arg(long)]
        retracted: bool,
        #[arg(long, default_value_t = 500)]
        limit: u32,
    },
    /// Correct a check-in's note or the event it is filed under
    #[command(group(ArgGroup::new("change").required(true).multiple(true)
        .args(["note", "event", "no_event"])))]
    Edit {
        /// The check-in's id (`checkin list` and `contact show` show it)
        id: String,
        #[arg(long)]
        note: Option<String>,
        /// File it under this event (id or title)
        #[arg(long, conflicts_with = "no_event")]
        event: Option<String>,
        /// File it under no event
        #[arg(long)]
        no_event: bool,
    },
}

#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// Whom you met (id or name)
    #[arg(required_unless_present = "retract")]
    pub contact: Option<String>,
    /// Where (event id or title)
    #[arg(long)]
    pub event: Option<String>,
    #[arg(long, value_parser = word::<CheckinKind>, default_value = "in-person")]
    pub kind: CheckinKind,
    /// When, in this machine's zone, e.g. 2026-07-04T19:30 (a meeting logged afterwards);
    /// now when left out
    #[arg(long)]
    pub at: Option<String>,
    /// One line about the encounter
    #[arg(long, default_value = "")]
    pub note: String,
    #[arg(long, default_value = "")]
    pub place: String,
    /// Retract the check-in with this id instead (it stays in history, marked retracted)
    #[arg(long, value_name = "CHECKIN_ID", conflicts_with_all = ["contact", "event", "note", "place", "at"])]
    pub retract: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum FollowUpCommand {
    /// Plan a follow-up
    Add {
        /// With whom (id or name)
        contact: String,
        /// Due date, e.g. 2026-07-07
        #[arg(long)]
        due: String,
        #[arg(long, value_parser = word::<FollowUpAction>, default_value = "call")]
        action: FollowUpAction,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// List open follow-ups
    List {
        #[arg(long, value_parser = word::<FollowUpDue>, default_value = "all")]
        due: FollowUpDue,
        /// Include those already done
        #[arg(long)]
        done: bool,
    },
    /// Mark a follow-up done
    Done { id: String },
    /// Open a follow-up marked done again
    Reopen { id: String },
    /// Move a follow-up to another day
    Snooze {
        id: String,
        #[arg(long)]
        to: String,
    },
    /// Print the open follow-ups as a calendar file: `followup export > followups.ics`
    Export {
        /// Language of the calendar entries
        #[arg(long, value_parser = word::<Language>, default_value = "en")]
        lang: Language,
    },
}

#[derive(Debug, Subcommand)]
pub enum CadenceCommand {
    /// Meet a contact (or everyone with --tag) at least every N days
    Set {
        /// The contact (id or name); leave out with --tag
        #[arg(required_unless_present = "tag", conflicts_with = "tag")]
        contact: Option<String>,
        /// A tag: the default for everyone with it (a contact's own cadence beats it)
        #[arg(long)]
        tag: Option<String>,
        /// Meet in person at least every DAYS days
        #[arg(
            long,
            value_name = "DAYS",
            allow_hyphen_values = true,
            required_unless_present = "any",
            conflicts_with = "any"
        )]
        in_person: Option<i64>,
        /// Any encounter (a call, a message, a meeting) at least every DAYS days
        #[arg(long, value_name = "DAYS", allow_hyphen_values = true)]
        any: Option<i64>,
    },
    /// Clear a contact's own cadence (their tags' apply again), or a tag's
    Clear {
        #[arg(required_unless_present = "tag", conflicts_with = "tag")]
        contact: Option<String>,
        #[arg(long)]
        tag: Option<String>,
    },
    /// The cadences set: the tags' defaults, then contacts' own
    List,
}

#[derive(Debug, Subcommand)]
pub enum DealCommand {
    /// Record an order
    Add {
        /// For whom (id or name)
        contact: String,
        #[arg(long)]
        title: String,
        /// Amount, e.g. 3800.00 (or 3.800,00)
        #[arg(long, value_parser = cents, allow_negative_numbers = true)]
        amount: i64,
        #[arg(long)]
        currency: Option<String>,
        #[arg(long, value_parser = word::<DealStatus>, default_value = "open")]
        status: DealStatus,
        /// Date of the order [default: today]
        #[arg(long)]
        date: Option<String>,
        /// Override the derived attribution channel
        #[arg(long, value_parser = word::<Channel>)]
        channel: Option<Channel>,
        /// Override the derived attribution event (id or title)
        #[arg(long)]
        event: Option<String>,
    },
    /// Change an order: mark it won or lost, correct its title, amount, currency, date or
    /// contact, or set or clear where it came from
    #[command(group(ArgGroup::new("change").required(true).multiple(true)
        .args(["title", "amount", "currency", "status", "date", "contact", "channel", "event", "derived"])))]
    Edit {
        /// The deal's id (`deal list` shows it)
        deal: String,
        #[arg(long)]
        title: Option<String>,
        /// Amount, e.g. 3800.00 (or 3.800,00)
        #[arg(long, value_parser = cents, allow_negative_numbers = true)]
        amount: Option<i64>,
        #[arg(long)]
        currency: Option<String>,
        #[arg(long, value_parser = word::<DealStatus>)]
        status: Option<DealStatus>,
        /// Date of the order, e.g. 2026-06-01
        #[arg(long)]
        date: Option<String>,
        /// Move it to another contact (id or name)
        #[arg(long)]
        contact: Option<String>,
        /// Say where it came from instead of the derived channel
        #[arg(long, value_parser = word::<Channel>, conflicts_with = "derived")]
        channel: Option<Channel>,
        /// Say at which event it began instead of the derived one (id or title)
        #[arg(long, conflicts_with = "derived")]
        event: Option<String>,
        /// Clear what --channel and --event set: attribute it as derived from the contact
        #[arg(long)]
        derived: bool,
    },
    /// Delete an order entered by mistake: it no longer counts anywhere
    Delete {
        /// The deal's id (`deal list` shows it)
        deal: String,
    },
    /// List deals, newest first
    List {
        /// Only this contact's (id or name)
        #[arg(long)]
        contact: Option<String>,
    },
}

/// Parses a kebab-case domain word (`in-person`, `club-festival`, ...).
fn word<T: std::str::FromStr<Err = String>>(text: &str) -> Result<T, String> {
    text.parse()
}

/// Parses an amount in major units into cents: `3800`, `3800.5`, `3800.00`, `3.800,00`,
/// `40,00`. Negative amounts and more than two decimals are refused.
pub fn cents(text: &str) -> Result<i64, String> {
    let text = text
        .trim()
        .trim_start_matches('€')
        .trim_end_matches('€')
        .trim();
    let fix = "write it like 3800.00";
    if text.starts_with('-') {
        return Err(format!("amounts cannot be negative; {fix}"));
    }
    // The last '.' or ',' followed by one or two digits is the decimal separator; any other
    // '.', ',' or space groups thousands.
    let (whole, fraction) = match text.rfind(['.', ',']) {
        Some(at) if (1..=2).contains(&(text.len() - at - 1)) => (&text[..at], &text[at + 1..]),
        _ => (text, ""),
    };
    let whole: String = whole
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\''))
        .collect();
    if whole.is_empty() && fraction.is_empty() {
        return Err(format!("'{text}' is not an amount; {fix}"));
    }
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !digits(&whole) || !digits(fraction) {
        return Err(format!("'{text}' is not an amount; {fix}"));
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole
            .parse()
            .map_err(|_| format!("'{text}' is too large"))?
    };
    let fraction: i64 = format!("{fraction:0<2}").parse().expect("two digits");
    whole
        .checked_mul(100)
        .and_then(|c| c.checked_add(fraction))
        .ok_or_else(|| format!("'{text}' is too large"))
}

#[cfg(test)]
mod tests {
    use super::cents;

    #[test]
    fn amounts_in_english_and_german_notation_become_cents() {
        for (text, expected) in [
            ("3800", 380_000),
            ("3800.00", 380_000),
            ("3.800,00", 380_000),
            ("3,800.00", 380_000),
            ("40,5", 4_050),
            ("0.99", 99),
            ("3.800", 380_000),
        ] {
            assert_eq!(cents(text), Ok(expected), "{text}");
        }
        assert!(cents("-5").unwrap_err().contains("negative"));
        assert!(cents("12.345.6x").is_err());
        assert!(cents("").is_err());
    }
}
