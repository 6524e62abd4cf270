//! The command line, as clap declares it. Values are parsed into API types here (amounts into
//! cents, enums from their kebab-case words) so that bad input fails before anything is opened.
//! Every command and argument has a help line, and the main commands examples, which `--help`,
//! the shell completions and the man page all show.

use std::marker::PhantomData;
use std::path::PathBuf;
use std::str::FromStr;

use clap::builder::{PossibleValue, StyledStr, Styles, TypedValueParser};
use clap::{ArgAction, ArgGroup, Args, CommandFactory, Parser, Subcommand};
use handschlag_api::{
    Channel, CheckinKind, ContactField, DealStatus, EventKind, EventStatus, FollowUpAction,
    FollowUpDue, Language,
};

/// The heading of the options every command takes, after each command's own.
const GLOBAL: &str = "Global options";

/// Handschlag: log whom you met in person, plan events, follow up, and see what it earned.
///
/// Every command works on one notebook, a SQLite file (--db). Contacts and events are named by
/// id or by an unambiguous part of their name; `serve` lets other devices pair and sync with
/// the notebook and shows the app in a browser. `handschlag COMMAND --help` shows examples.
#[derive(Debug, Parser)]
#[command(name = "handschlag", version, propagate_version = true)]
pub struct Cli {
    /// The database file [default: the desktop app's, in your data directory]
    #[arg(long, global = true, env = "HANDSCHLAG_DB", value_name = "FILE", help_heading = GLOBAL)]
    pub db: Option<PathBuf>,

    /// Print machine-readable JSON instead of text
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    /// Log more on stderr: -v what happens (info), -vv details (debug), -vvv everything
    #[arg(short, long, global = true, action = ArgAction::Count, help_heading = GLOBAL)]
    pub verbose: u8,

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
    #[command(after_help = examples(&[
        r#"handschlag checkin "Anna Bauer" --event Sommerfest --note "call next week""#,
        r#"handschlag checkin "Eva Weiß" --event Sommerfest --at 2026-07-04T17:30"#,
        "handschlag checkin list --today",
    ]))]
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
    #[command(after_help = examples(&[
        "handschlag stats --from 2026-01-01 --to 2026-12-31",
        "handschlag stats --currency CHF --json",
    ]))]
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
    #[command(after_help = examples(&[
        "handschlag serve",
        "handschlag serve --lan",
        "handschlag serve --listen 127.0.0.1:8000 --ui 127.0.0.1:8001 -v",
    ]))]
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
    #[command(after_help = examples(&["handschlag sync", "handschlag sync --peer laptop -v"]))]
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
    #[command(after_help = examples(&[
        "handschlag export --format vcard --out contacts.vcf",
        "handschlag export --format ics --lang de > handschlag.ics",
    ]))]
    Export {
        /// What to print: all records (json), contacts as vCards (vcard) or as a table (csv),
        /// events and open follow-ups as a calendar (ics)
        #[arg(long, value_parser = ["json", "vcard", "csv", "ics"], default_value = "json")]
        format: String,
        /// Write to this file instead of printing, e.g. --out contacts.vcf
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        /// Language of the calendar's follow-up entries (`ics`)
        #[arg(long, value_parser = word::<Language>(), default_value = "en")]
        lang: Language,
    },
    /// Take in contacts from a vCard file (2.1, 3.0, 4.0) or a CSV export of LinkedIn, Google
    /// Contacts or Outlook; contacts already there are filled in, not added again
    #[command(after_help = examples(&[
        "handschlag import contacts.vcf",
        "handschlag import Connections.csv --dry-run",
        r#"handschlag import kunden.csv --map "Kunde=name,Ort=town,Handy=phone""#,
    ]))]
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
    /// Print the completion script for a shell, to load in its startup file or save where the
    /// shell looks for completions
    #[command(after_help = examples(&[
        "handschlag completions bash > ~/.local/share/bash-completion/completions/handschlag",
        "handschlag completions zsh > ~/.zfunc/_handschlag",
        "handschlag completions fish > ~/.config/fish/completions/handschlag.fish",
    ]))]
    Completions {
        /// The shell the script is for
        shell: clap_complete::Shell,
    },
    /// Print the man page handschlag(1) in roff, with every command (`cargo xtask package`
    /// installs it)
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Subcommand)]
pub enum PairCommand {
    /// On the hub's database: print a one-time pairing link, valid 5 minutes
    #[command(after_help = examples(&["handschlag pair invite --qr"]))]
    Invite {
        /// Also draw the link as a QR code in the terminal
        #[arg(long)]
        qr: bool,
    },
    /// On the other device: pair with the hub the link names
    #[command(after_help = examples(&[
        r#"handschlag pair join 'handschlag://pair?v=1&addr=…&fp=…&tok=…&exp=…' --name "Anna's phone""#,
    ]))]
    Join {
        /// The link `pair invite` printed on the hub (handschlag://pair?…)
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
    Revoke {
        /// The device's name or id, as `devices list` shows it
        device: String,
    },
    /// Allow a device waiting to pair once both screens show the same code (or a revoked
    /// device again)
    Allow {
        /// The device's name or id, as `devices list` shows it
        device: String,
    },
    /// Refuse a device waiting to pair; it is forgotten
    Refuse {
        /// The device's name or id, as `devices list` shows it
        device: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// Add a contact
    #[command(after_help = examples(&[
        r#"handschlag contact add --name "Jürgen Müller" --org "Müller Bau" --town Musterstadt --tag handwerk"#,
        r#"handschlag contact add --name "Eva Weiß" --met-at "Sommerfest TSV" --met-now"#,
    ]))]
    Add(ContactFields),
    /// List contacts, optionally searched and filtered
    #[command(after_help = examples(&[
        "handschlag contact list --query mueller",
        "handschlag contact list --never-met --tag kunde",
        "handschlag contact list --town Muster --json",
    ]))]
    List(ContactListArgs),
    /// Show a contact with check-ins, follow-ups and deals
    Show {
        /// The contact (id or name)
        contact: String,
        /// Also show values that other devices' edits replaced
        #[arg(long)]
        history: bool,
    },
    /// Change fields of a contact
    Edit {
        /// The contact to change (id or name)
        contact: String,
        #[command(flatten)]
        fields: ContactEdit,
    },
    /// Delete a contact (their check-ins and deals stay in the history)
    Delete {
        /// The contact to delete (id or name)
        contact: String,
    },
    /// Bring back a deleted contact (by id, or by name among the deleted)
    Restore {
        /// The deleted contact (id, or name among the deleted)
        contact: String,
    },
    /// Add a tag to a contact
    Tag {
        /// The contact (id or name)
        contact: String,
        /// The tag to add, e.g. kunde
        tag: String,
    },
    /// Remove a tag from a contact
    Untag {
        /// The contact (id or name)
        contact: String,
        /// The tag to remove
        tag: String,
    },
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
        #[arg(long, value_delimiter = ',', value_parser = word::<ContactField>())]
        take: Vec<ContactField>,
    },
    /// Undo a merge made on this device: the latest one, or the one named by the id `merge`
    /// printed
    Unmerge {
        /// The id `contact merge` printed; the latest merge when left out
        merge: Option<String>,
    },
    /// Say two contacts are two people, so they are not listed as duplicates again
    Distinct {
        /// One contact (id or name)
        first: String,
        /// The other contact (id or name)
        second: String,
    },
    /// My card, as a QR code any phone camera reads: with CONTACT, mark that contact as me
    /// first; without, show the card of the contact marked as me
    Me {
        /// The contact who is you (id or name)
        contact: Option<String>,
        /// Mark nobody as me
        #[arg(long, conflicts_with = "contact")]
        nobody: bool,
    },
}

#[derive(Debug, Args)]
pub struct ContactFields {
    /// Their full name, e.g. "Jürgen Müller"
    #[arg(long)]
    pub name: String,
    /// Their company, club or other organization
    #[arg(long = "org", value_name = "ORGANIZATION", default_value = "")]
    pub organization: String,
    /// Their role there, e.g. "Managing Director"
    #[arg(long, default_value = "")]
    pub role: String,
    /// The town they live or work in
    #[arg(long, default_value = "")]
    pub town: String,
    /// Their phone number, e.g. "+49 171 1234567"
    #[arg(long, default_value = "")]
    pub phone: String,
    /// Their email address
    #[arg(long, default_value = "")]
    pub email: String,
    /// A tag; repeat for several
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// How the relationship began [default: in-person with --met-at, else online]
    #[arg(long, value_parser = word::<Channel>())]
    pub how_met: Option<Channel>,
    /// The event where you met (id or title)
    #[arg(long, value_name = "EVENT")]
    pub met_at: Option<String>,
    /// Who introduced you
    #[arg(long, default_value = "")]
    pub referred_by: String,
    /// Anything worth remembering about them
    #[arg(long, default_value = "")]
    pub notes: String,
    /// Also check them in as met in person now (at --met-at, with --notes as the note), in the
    /// same write as the contact
    #[arg(long)]
    pub met_now: bool,
}

#[derive(Debug, Args)]
pub struct ContactEdit {
    /// The new name
    #[arg(long)]
    pub name: Option<String>,
    /// The new company, club or other organization
    #[arg(long = "org", value_name = "ORGANIZATION")]
    pub organization: Option<String>,
    /// The new role
    #[arg(long)]
    pub role: Option<String>,
    /// The new town
    #[arg(long)]
    pub town: Option<String>,
    /// The new phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// The new email address
    #[arg(long)]
    pub email: Option<String>,
    /// How the relationship began
    #[arg(long, value_parser = word::<Channel>())]
    pub how_met: Option<Channel>,
    /// Who introduced you
    #[arg(long)]
    pub referred_by: Option<String>,
    /// The new notes, replacing the old ones
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
    /// Only contacts with this tag
    #[arg(long)]
    pub tag: Option<String>,
    /// Only contacts whose town begins so, e.g. Muster
    #[arg(long)]
    pub town: Option<String>,
    /// List at most this many
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Plan an event
    #[command(after_help = examples(&[
        r#"handschlag event add --title "Sommerfest TSV" --starts 2026-07-04T15:00 --kind club-festival"#,
        r#"handschlag event add --title Stammtisch --starts 2026-07-10T19:00 --meet "Eva Weiß" --cost 40"#,
    ]))]
    Add(EventFields),
    /// List events: upcoming first, then past
    List {
        /// Search titles, places and organizers
        #[arg(long, short, default_value = "")]
        query: String,
    },
    /// Show an event with whom you met there and whom you missed
    Show {
        /// The event (id or title)
        event: String,
    },
    /// Change an event (for example its status after it happened)
    Edit {
        /// The event to change (id or title)
        event: String,
        #[command(flatten)]
        fields: EventEdit,
    },
    /// Delete an event (a stray test); check-ins made there stay with their contacts
    Delete {
        /// The event to delete (id or title)
        event: String,
    },
}

#[derive(Debug, Args)]
pub struct EventFields {
    /// What the event is called, e.g. "Sommerfest TSV"
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
    /// Where it takes place
    #[arg(long, default_value = "")]
    pub place: String,
    /// What sort of event it is
    #[arg(long, value_parser = word::<EventKind>(), default_value = "other")]
    pub kind: EventKind,
    /// Where it stands
    #[arg(long, value_parser = word::<EventStatus>(), default_value = "planned")]
    pub status: EventStatus,
    /// Who organizes it
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
    /// Currency of the cost, e.g. CHF [default: EUR]
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
    /// The new title
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
    /// The new place
    #[arg(long)]
    pub place: Option<String>,
    /// The new organizer
    #[arg(long)]
    pub organizer: Option<String>,
    /// What sort of event it is
    #[arg(long, value_parser = word::<EventKind>())]
    pub kind: Option<EventKind>,
    /// Where it stands, e.g. attended once you were there
    #[arg(long, value_parser = word::<EventStatus>())]
    pub status: Option<EventStatus>,
    /// What you want to achieve there
    #[arg(long)]
    pub goal: Option<String>,
    /// What you contribute: sponsoring, a donation, a talk
    #[arg(long)]
    pub contribution: Option<String>,
    /// What it costs you, e.g. 40.00
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
        /// List at most this many
        #[arg(long, default_value_t = 500)]
        limit: u32,
    },
    /// Correct a check-in's note or the event it is filed under
    #[command(group(ArgGroup::new("change").required(true).multiple(true)
        .args(["note", "event", "no_event"])))]
    Edit {
        /// The check-in's id (`checkin list` and `contact show` show it)
        id: String,
        /// The new note
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
    /// How you met
    #[arg(long, value_parser = word::<CheckinKind>(), default_value = "in-person")]
    pub kind: CheckinKind,
    /// When, in this machine's zone, e.g. 2026-07-04T19:30 (a meeting logged afterwards);
    /// now when left out
    #[arg(long)]
    pub at: Option<String>,
    /// One line about the encounter
    #[arg(long, default_value = "")]
    pub note: String,
    /// Where, when it was at no event, e.g. "Bäckerei Schmidt"
    #[arg(long, default_value = "")]
    pub place: String,
    /// Retract the check-in with this id instead (it stays in history, marked retracted)
    #[arg(long, value_name = "CHECKIN_ID", conflicts_with_all = ["contact", "event", "note", "place", "at"])]
    pub retract: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum FollowUpCommand {
    /// Plan a follow-up
    #[command(after_help = examples(&[
        r#"handschlag followup add "Anna Bauer" --due 2026-07-07 --action call"#,
        r#"handschlag followup add "Jürgen Müller" --due 2026-07-14 --action send-offer"#,
    ]))]
    Add {
        /// With whom (id or name)
        contact: String,
        /// Due date, e.g. 2026-07-07
        #[arg(long)]
        due: String,
        /// What to do
        #[arg(long, value_parser = word::<FollowUpAction>(), default_value = "call")]
        action: FollowUpAction,
        /// What it is about
        #[arg(long, default_value = "")]
        note: String,
    },
    /// List open follow-ups
    #[command(after_help = examples(&[
        "handschlag followup list --due today",
        "handschlag followup list --due overdue --json",
    ]))]
    List {
        /// Which ones, by their due date
        #[arg(long, value_parser = word::<FollowUpDue>(), default_value = "all")]
        due: FollowUpDue,
        /// Include those already done
        #[arg(long)]
        done: bool,
    },
    /// Mark a follow-up done
    Done {
        /// The follow-up's id (`followup list` shows it)
        id: String,
    },
    /// Open a follow-up marked done again
    Reopen {
        /// The follow-up's id (`followup list --done` shows it)
        id: String,
    },
    /// Move a follow-up to another day
    Snooze {
        /// The follow-up's id (`followup list` shows it)
        id: String,
        /// The new due date, e.g. 2026-07-14
        #[arg(long)]
        to: String,
    },
    /// Print the open follow-ups as a calendar file: `followup export > followups.ics`
    Export {
        /// Language of the calendar entries
        #[arg(long, value_parser = word::<Language>(), default_value = "en")]
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
        /// The contact (id or name); leave out with --tag
        #[arg(required_unless_present = "tag", conflicts_with = "tag")]
        contact: Option<String>,
        /// The tag whose default to clear
        #[arg(long)]
        tag: Option<String>,
    },
    /// The cadences set: the tags' defaults, then contacts' own
    List,
}

#[derive(Debug, Subcommand)]
pub enum DealCommand {
    /// Record an order
    #[command(after_help = examples(&[
        r#"handschlag deal add "Anna Bauer" --title Workshop --amount 3800.00 --status won"#,
        r#"handschlag deal add "Jürgen Müller" --title Website --amount 12.500,00 --event Sommerfest"#,
    ]))]
    Add {
        /// For whom (id or name)
        contact: String,
        /// What was ordered, e.g. Workshop
        #[arg(long)]
        title: String,
        /// Amount, e.g. 3800.00 (or 3.800,00)
        #[arg(long, value_parser = cents, allow_negative_numbers = true)]
        amount: i64,
        /// Currency of the amount, e.g. CHF [default: EUR]
        #[arg(long)]
        currency: Option<String>,
        /// Where it stands
        #[arg(long, value_parser = word::<DealStatus>(), default_value = "open")]
        status: DealStatus,
        /// Date of the order [default: today]
        #[arg(long)]
        date: Option<String>,
        /// Override the derived attribution channel
        #[arg(long, value_parser = word::<Channel>())]
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
        /// The new title
        #[arg(long)]
        title: Option<String>,
        /// Amount, e.g. 3800.00 (or 3.800,00)
        #[arg(long, value_parser = cents, allow_negative_numbers = true)]
        amount: Option<i64>,
        /// Currency of the amount, e.g. EUR or CHF
        #[arg(long)]
        currency: Option<String>,
        /// Where it stands: won, lost, or open again
        #[arg(long, value_parser = word::<DealStatus>())]
        status: Option<DealStatus>,
        /// Date of the order, e.g. 2026-06-01
        #[arg(long)]
        date: Option<String>,
        /// Move it to another contact (id or name)
        #[arg(long)]
        contact: Option<String>,
        /// Say where it came from instead of the derived channel
        #[arg(long, value_parser = word::<Channel>(), conflicts_with = "derived")]
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

/// The command line as `--help`, the completions and the man page show it: empty defaults are
/// not shown, as `[default: ""]` says nothing.
pub fn documented() -> clap::Command {
    without_empty_defaults(Cli::command())
}

fn without_empty_defaults(command: clap::Command) -> clap::Command {
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_owned())
        .collect();
    let command = command.mut_args(|arg| {
        let empty = arg.get_default_values() == [""];
        arg.hide_default_value(empty)
    });
    subcommands.iter().fold(command, |command, name| {
        command.mut_subcommand(name, without_empty_defaults)
    })
}

/// An "Examples:" block for the end of a command's `--help`, headed like clap's own sections.
fn examples(lines: &[&str]) -> StyledStr {
    let header = Styles::default().get_header().to_owned();
    let mut text = format!("{header}Examples:{header:#}");
    for line in lines {
        text.push_str("\n  ");
        text.push_str(line);
    }
    text.into()
}

/// The API's kebab-case word enums, with every word each takes.
trait Words: FromStr<Err = String> + Clone + Send + Sync + 'static {
    fn words() -> impl Iterator<Item = &'static str>;
}

macro_rules! words {
    ($($name:ident),+) => {$(
        impl Words for $name {
            fn words() -> impl Iterator<Item = &'static str> {
                $name::ALL.iter().map(|word| word.as_str())
            }
        }
    )+};
}

words!(
    Channel,
    CheckinKind,
    ContactField,
    DealStatus,
    EventKind,
    EventStatus,
    FollowUpAction,
    FollowUpDue,
    Language
);

/// Parses a kebab-case domain word (`in-person`, `club-festival`, ...), and offers the words to
/// `--help` and the shell completions.
#[derive(Clone)]
struct Word<T>(PhantomData<T>);

fn word<T: Words>() -> Word<T> {
    Word(PhantomData)
}

impl<T: Words> TypedValueParser for Word<T> {
    type Value = T;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        T::from_str.parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(T::words().map(PossibleValue::new)))
    }
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
    use super::{Cli, cents};
    use clap::{ArgAction, CommandFactory};

    #[test]
    fn the_command_line_is_declared_consistently() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_and_argument_has_a_help_line() {
        let mut missing = Vec::new();
        undocumented(&Cli::command(), "handschlag", &mut missing);
        assert!(
            missing.is_empty(),
            "no help line for: {}",
            missing.join(", ")
        );
    }

    /// Adds `command` (named `path`), its arguments and its subcommands, all the way down, to
    /// `missing` where they have no help line; clap's own --help and --version are left out.
    fn undocumented(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        if command.get_about().is_none() {
            missing.push(path.to_string());
        }
        for arg in command.get_arguments() {
            let builtin = matches!(
                arg.get_action(),
                ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
            );
            if !builtin && arg.get_help().is_none() && arg.get_long_help().is_none() {
                let name = match arg.get_long() {
                    Some(long) => format!("--{long}"),
                    None => arg.get_id().as_str().to_uppercase(),
                };
                missing.push(format!("{path} {name}"));
            }
        }
        for sub in command.get_subcommands() {
            undocumented(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }

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
