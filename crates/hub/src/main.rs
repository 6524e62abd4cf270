//! `handschlag`: the command line over the same command list the apps use. Every subcommand
//! resolves its references (names or ids) first, then makes at most one write, so bad input
//! exits non-zero with a one-line fix and leaves the database as it was.

mod cli;
mod man;
mod render;

use std::io::{IsTerminal, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use base64::Engine;
use clap::FromArgMatches;
use handschlag_api::*;
use handschlag_core::Notebook;
use handschlag_core::system::{default_database_path, local_time_zone, local_today};
use handschlag_sync::PairingLink;

use chrono::{NaiveDate, TimeZone};
use cli::{
    CadenceCommand, CheckinArgs, CheckinCommand, CheckinList, Cli, Command, ContactCommand,
    DealCommand, DevicesCommand, EventCommand, FollowUpCommand, PairCommand,
};
use handschlag_api::device::Handler as _;
use handschlag_hub::{Hub, ThisDevice, device, serve, session};
use render::Output;
use tokio::sync::Mutex;

fn main() -> ExitCode {
    let cli = Cli::from_arg_matches(&command_line().get_matches()).unwrap_or_else(|e| e.exit());
    start_logging(&cli);
    if let Some(text) = about_the_command_line(&cli.command) {
        // A closed pipe (`| head`) is not an error.
        let _ = std::io::stdout().write_all(text.as_bytes());
        return ExitCode::SUCCESS;
    }
    let json = cli.json;
    let failure = match run(cli) {
        Ok(output) => {
            output.print(json);
            output.failure().cloned()
        }
        Err(error) => Some(error),
    };
    let Some(error) = failure else {
        return ExitCode::SUCCESS;
    };
    if json {
        eprintln!(
            "{}",
            serde_json::to_string(&error).expect("errors serialize")
        );
    } else {
        eprintln!("error: {}", error.message);
    }
    ExitCode::from(exit_status(error.code).0)
}

/// The command line, with the exit statuses at the end of `--help`.
fn command_line() -> clap::Command {
    cli::documented().after_long_help(exit_statuses_help())
}

/// Logs this program's own events on stderr from INFO, DEBUG or TRACE with -v, -vv or -vvv;
/// other crates' only from WARN (below it, hyper-util logs every connection). Without -v a
/// command logs nothing — it reports its own failure, as text or as --json's error — except
/// `serve`, which runs on and logs what goes wrong from WARN.
fn start_logging(cli: &Cli) {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::prelude::*;
    let level = match cli.verbose {
        0 if matches!(cli.command, Command::Serve { .. }) => LevelFilter::WARN,
        0 => LevelFilter::OFF,
        1 => LevelFilter::INFO,
        2 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    };
    let targets = Targets::new()
        .with_target("handschlag", level)
        .with_default(level.min(LevelFilter::WARN));
    let colors = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty());
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(colors)
        .with_max_level(level)
        .finish()
        .with(targets)
        .init();
}

/// What the commands about the command line itself print (`completions`, `man`): they need no
/// database.
fn about_the_command_line(command: &Command) -> Option<String> {
    match command {
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut command_line(), "handschlag", &mut script);
            Some(String::from_utf8(script).expect("the script is UTF-8"))
        }
        Command::Man => Some(man::page(cli::documented(), &exit_statuses())),
        _ => None,
    }
}

/// The exit status of each kind of failure, and what it means (0 is success; a mistyped command
/// line exits 2).
fn exit_status(code: ErrorCode) -> (u8, &'static str) {
    match code {
        ErrorCode::Invalid => (1, "the input is invalid; the message says what to change"),
        ErrorCode::NotFound => (3, "no such record, or it was deleted"),
        ErrorCode::Ambiguous => (4, "a name matched several records; use an id"),
        ErrorCode::Storage => (5, "the database could not be read or written"),
        ErrorCode::Busy => (6, "another program was writing; try again"),
        ErrorCode::Unreachable => (7, "the hub did not answer"),
        ErrorCode::NotPaired => (8, "the hub does not know this device; pair again"),
        ErrorCode::Pending => (9, "the hub has not allowed this device yet"),
        ErrorCode::Revoked => (10, "the hub revoked this device"),
        ErrorCode::CertificateMismatch => (11, "the hub's certificate changed; pair again"),
        ErrorCode::VersionMismatch => (12, "the devices run different versions; update one"),
        ErrorCode::UnknownCommand => (13, "this build does not know the command"),
    }
}

/// Each kind's exit status, its name (the code `--json` prints) and what it means.
fn exit_statuses() -> Vec<man::ExitStatus> {
    ErrorCode::ALL
        .into_iter()
        .map(|code| {
            let (status, meaning) = exit_status(code);
            let name = serde_json::to_value(code).expect("codes serialize");
            (
                status,
                name.as_str().unwrap_or_default().to_owned(),
                meaning,
            )
        })
        .collect()
}

fn exit_statuses_help() -> String {
    let mut help = String::from(
        "Exit status: 0 when it worked, 2 when the command line is mistyped; otherwise by kind \
         (the code --json prints on stderr):\n",
    );
    for (status, name, meaning) in exit_statuses() {
        help.push_str(&format!("  {status:>2}  {name:<20} {meaning}\n"));
    }
    help
}

fn database(cli: &Cli) -> Result<PathBuf, ApiError> {
    cli.db
        .clone()
        .or_else(default_database_path)
        .ok_or_else(|| {
            ApiError::invalid(
                "cannot find your data directory; pass --db FILE to choose a database file",
            )
        })
}

fn run(cli: Cli) -> Result<Output, ApiError> {
    let path = database(&cli)?;
    if let Command::Serve { listen, lan, ui } = cli.command {
        let listen = if lan {
            SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), listen.port())
        } else {
            listen
        };
        serve::run(&path, listen, ui)?;
        return Ok(Output::Nothing);
    }
    let mut shared = Mutex::new(device::open(&path)?);
    match cli.command {
        Command::Sync { peer } => sync(&shared, peer),
        Command::Devices(DevicesCommand::List) => devices(&shared),
        Command::Pair(PairCommand::Join { link, name }) => join(&shared, &link, &name),
        command => on_this_notebook(shared.get_mut(), command),
    }
}

/// The commands that need nothing but the notebook.
fn on_this_notebook(notebook: &mut Notebook, command: Command) -> Result<Output, ApiError> {
    match command {
        Command::Serve { .. } => unreachable!("served by `run`"),
        Command::Completions { .. } | Command::Man => unreachable!("printed by `main`"),
        Command::Sync { .. } | Command::Devices(DevicesCommand::List) => {
            unreachable!("answered through the device commands by `run`")
        }
        Command::Pair(command) => pair(notebook, command),
        Command::Devices(DevicesCommand::Revoke { device }) => {
            Ok(Output::Revoked(notebook.revoke_peer(&device)?))
        }
        Command::Devices(DevicesCommand::Allow { device }) => {
            Ok(Output::Allowed(notebook.allow_peer(&device)?))
        }
        Command::Devices(DevicesCommand::Refuse { device }) => {
            Ok(Output::Refused(notebook.refuse_peer(&device)?))
        }
        Command::Backup { list: true, .. } => Ok(Output::Backups(notebook.backups()?)),
        Command::Backup {
            out: Some(out),
            list: false,
        } => {
            notebook.backup_to(&out)?;
            Ok(Output::BackedUp(out))
        }
        Command::Backup {
            out: None,
            list: false,
        } => Ok(Output::BackedUp(
            notebook
                .backup(handschlag_core::backup::Reason::Manual)?
                .path,
        )),
        Command::Restore { file } => Ok(Output::Restored(notebook.restore(&file)?)),
        Command::Contact(command) => contact(notebook, command),
        Command::Event(command) => event(notebook, command),
        Command::Checkin(CheckinCommand {
            list:
                Some(CheckinList::Edit {
                    id,
                    note,
                    event,
                    no_event,
                }),
            record: _,
        }) => {
            let event_id = match (event, no_event) {
                (_, true) => Some(String::new()),
                (Some(event), false) => Some(event_id(notebook, &event)?),
                (None, false) => None,
            };
            Ok(Output::CheckinUpdated(
                notebook.checkin_update(CheckinUpdate { id, note, event_id })?,
            ))
        }
        Command::Checkin(CheckinCommand {
            list:
                Some(CheckinList::List {
                    today,
                    day,
                    event,
                    retracted,
                    limit,
                }),
            record: _,
        }) => checkin_list(notebook, today, day, event, retracted, limit),
        Command::Checkin(CheckinCommand { list: None, record }) => checkin(notebook, record),
        Command::FollowUp(command) => follow_up(notebook, command),
        Command::Deal(command) => deal(notebook, command),
        Command::Export { format, out, lang } => export(notebook, &format, out, lang),
        Command::Import {
            file,
            format,
            dry_run,
            map,
        } => import(notebook, &file, &format, dry_run, map.as_deref()),
        Command::Cadence(command) => cadence(notebook, command),
        Command::Stats { from, to, currency } => {
            Ok(Output::Insights(notebook.insights_get(InsightsQuery {
                from,
                to,
                currency,
                time_zone: Some(handschlag_core::system::local_time_zone()),
            })?))
        }
    }
}

fn export(
    notebook: &mut Notebook,
    format: &str,
    out: Option<PathBuf>,
    language: Language,
) -> Result<Output, ApiError> {
    let output = match format {
        "vcard" => Output::VCards(notebook.contact_vcard_export(Empty {})?),
        "csv" => Output::Table(notebook.contact_csv_export(Empty {})?),
        "ics" => Output::Calendar(notebook.calendar_export(CalendarExport {
            language: Some(language),
        })?),
        _ => Output::Export(notebook.notebook_export(Empty {})?),
    };
    let Some(out) = out else {
        return Ok(output);
    };
    std::fs::write(&out, output.file_text()).map_err(|e| {
        ApiError::invalid(format!(
            "cannot write {}: {e}; choose a folder you can write to",
            out.display()
        ))
    })?;
    Ok(Output::Saved(out))
}

/// Imports of fewer contacts than this finish before a progress bar could be read.
const PROGRESS_FROM: usize = 1000;

fn import(
    notebook: &mut Notebook,
    file: &std::path::Path,
    format: &str,
    dry_run: bool,
    map: Option<&str>,
) -> Result<Output, ApiError> {
    let bytes = std::fs::read(file).map_err(|e| {
        ApiError::invalid(format!(
            "cannot read {}: {e}; check the path and that the file is readable",
            file.display()
        ))
    })?;
    let map = map
        .map(|map| {
            map.split(',')
                .map(|pair| {
                    let (column, field) = pair.split_once('=').ok_or_else(|| {
                        ApiError::invalid(format!(
                            "'{pair}' in --map is not COLUMN=field, e.g. \"Kunde=name\""
                        ))
                    })?;
                    let field = field
                        .trim()
                        .parse()
                        .map_err(|e| ApiError::invalid(format!("--map '{pair}': {e}")))?;
                    Ok(ColumnMap {
                        column: column.trim().to_owned(),
                        field,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()
        })
        .transpose()?
        .unwrap_or_default();
    // A bar on the terminal while a large file is written; nothing in a pipe or a log.
    let terminal = std::io::stderr().is_terminal();
    let mut progress = |done: usize, all: usize| {
        if terminal && all >= PROGRESS_FROM {
            eprint!("{}", render::progress("Importing", done, all));
            if done == all {
                eprintln!();
            }
        }
    };
    let request = ContactImport {
        file_name: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        data: base64::engine::general_purpose::STANDARD.encode(bytes),
        format: (format != "auto")
            .then(|| format.parse())
            .transpose()
            .map_err(ApiError::invalid)?,
        dry_run,
        map,
    };
    Ok(Output::Imported(
        notebook.import_contacts(request, &mut progress)?,
    ))
}

fn contact_id(notebook: &mut Notebook, reference: &str) -> Result<String, ApiError> {
    Ok(notebook
        .contact_resolve(Reference {
            reference: reference.into(),
        })?
        .id)
}

fn event_id(notebook: &mut Notebook, reference: &str) -> Result<String, ApiError> {
    Ok(notebook
        .event_resolve(Reference {
            reference: reference.into(),
        })?
        .id)
}

fn contact(notebook: &mut Notebook, command: ContactCommand) -> Result<Output, ApiError> {
    Ok(match command {
        ContactCommand::Add(fields) => {
            let met_at_event_id = fields
                .met_at
                .as_deref()
                .map(|e| event_id(notebook, e))
                .transpose()?;
            Output::ContactAdded(notebook.contact_create(ContactCreate {
                name: fields.name,
                organization: fields.organization,
                role: fields.role,
                phone: fields.phone,
                email: fields.email,
                town: fields.town,
                how_met: fields.how_met,
                met_at_event_id,
                referred_by: fields.referred_by,
                notes: fields.notes,
                tags: fields.tags,
                met_now: fields.met_now,
            })?)
        }
        ContactCommand::List(args) => Output::Contacts(notebook.contact_list(ContactQuery {
            query: args.query,
            met_in_person: match (args.met_in_person, args.never_met) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
            tag: args.tag,
            town: args.town,
            limit: Some(args.limit),
            offset: None,
        })?),
        ContactCommand::Show { contact, history } => {
            let id = contact_id(notebook, &contact)?;
            Output::ContactDetail(notebook.contact_get(IdRequest { id })?, history)
        }
        ContactCommand::Edit { contact, fields } => {
            let id = contact_id(notebook, &contact)?;
            Output::ContactUpdated(notebook.contact_update(ContactUpdate {
                id,
                name: fields.name,
                organization: fields.organization,
                role: fields.role,
                phone: fields.phone,
                email: fields.email,
                town: fields.town,
                how_met: fields.how_met,
                referred_by: fields.referred_by,
                notes: fields.notes,
            })?)
        }
        ContactCommand::Delete { contact } => {
            let found = notebook.contact_resolve(Reference { reference: contact })?;
            notebook.contact_delete(IdRequest {
                id: found.id.clone(),
            })?;
            Output::ContactDeleted(found)
        }
        ContactCommand::Restore { contact } => {
            Output::ContactUpdated(notebook.contact_restore(Reference { reference: contact })?)
        }
        ContactCommand::Tag { contact, tag } => {
            let contact_id = contact_id(notebook, &contact)?;
            Output::ContactUpdated(notebook.contact_tag_add(TagChange { contact_id, tag })?)
        }
        ContactCommand::Untag { contact, tag } => {
            let contact_id = contact_id(notebook, &contact)?;
            Output::ContactUpdated(notebook.contact_tag_remove(TagChange { contact_id, tag })?)
        }
        ContactCommand::Duplicates => {
            Output::Duplicates(notebook.contact_duplicate_list(Empty {})?)
        }
        ContactCommand::Merge { keep, other, take } => {
            let keep_id = contact_id(notebook, &keep)?;
            let drop_id = contact_id(notebook, &other)?;
            Output::Merged(notebook.contact_merge(ContactMerge {
                keep_id,
                drop_id,
                take,
            })?)
        }
        ContactCommand::Unmerge { merge } => {
            Output::Unmerged(notebook.contact_merge_undo(MergeUndo { merge_id: merge })?)
        }
        ContactCommand::Distinct { first, second } => {
            let first = notebook.contact_resolve(Reference { reference: first })?;
            let second = notebook.contact_resolve(Reference { reference: second })?;
            notebook.contact_duplicate_dismiss(ContactPair {
                first_id: first.id.clone(),
                second_id: second.id.clone(),
            })?;
            Output::Distinct(first, second)
        }
        ContactCommand::Me { contact, nobody } => {
            let card = match contact {
                Some(contact) => {
                    let contact_id = Some(contact_id(notebook, &contact)?);
                    notebook.me_set(MeSet { contact_id })?
                }
                None if nobody => notebook.me_set(MeSet { contact_id: None })?,
                None => notebook.my_card_get(Empty {})?,
            };
            Output::MyCard(card)
        }
    })
}

fn event(notebook: &mut Notebook, command: EventCommand) -> Result<Output, ApiError> {
    Ok(match command {
        EventCommand::Add(fields) => {
            let people_to_meet = fields
                .people_to_meet
                .iter()
                .map(|p| contact_id(notebook, p))
                .collect::<Result<_, _>>()?;
            Output::EventAdded(
                notebook.event_create(EventCreate {
                    title: fields.title,
                    kind: Some(fields.kind),
                    status: Some(fields.status),
                    starts: fields.starts,
                    ends: fields.ends,
                    time_zone: fields.tz.unwrap_or_else(local_time_zone),
                    place: fields.place,
                    organizer: fields.organizer,
                    goal: fields.goal,
                    contribution: fields.contribution,
                    cost_cents: fields.cost,
                    currency: fields.currency,
                    checklist: fields
                        .checklist
                        .into_iter()
                        .map(|text| ChecklistItem { text, done: false })
                        .collect(),
                    people_to_meet,
                })?,
            )
        }
        EventCommand::List { query } => Output::Events(notebook.event_list(EventQuery { query })?),
        EventCommand::Show { event } => {
            let id = event_id(notebook, &event)?;
            Output::EventDetail(notebook.event_get(IdRequest { id })?)
        }
        EventCommand::Delete { event } => {
            let found = notebook.event_resolve(Reference { reference: event })?;
            notebook.event_delete(IdRequest {
                id: found.id.clone(),
            })?;
            Output::EventDeleted(found)
        }
        EventCommand::Edit { event, fields } => {
            let id = event_id(notebook, &event)?;
            let people_to_meet_add = fields
                .meet
                .iter()
                .map(|p| contact_id(notebook, p))
                .collect::<Result<_, _>>()?;
            let people_to_meet_remove = fields
                .unmeet
                .iter()
                .map(|p| contact_id(notebook, p))
                .collect::<Result<_, _>>()?;
            Output::EventUpdated(notebook.event_update(EventUpdate {
                id,
                title: fields.title,
                kind: fields.kind,
                status: fields.status,
                starts: fields.starts,
                ends: fields.ends,
                time_zone: fields.tz,
                place: fields.place,
                organizer: fields.organizer,
                goal: fields.goal,
                contribution: fields.contribution,
                cost_cents: fields.cost,
                currency: fields.currency,
                checklist: None,
                people_to_meet_add,
                people_to_meet_remove,
            })?)
        }
    })
}

fn checkin(notebook: &mut Notebook, args: CheckinArgs) -> Result<Output, ApiError> {
    if let Some(id) = args.retract {
        return Ok(Output::CheckinRetracted(
            notebook.checkin_retract(IdRequest { id })?,
        ));
    }
    let contact = args
        .contact
        .expect("clap requires a contact unless --retract");
    let contact_id = contact_id(notebook, &contact)?;
    let event_id = args
        .event
        .as_deref()
        .map(|e| event_id(notebook, e))
        .transpose()?;
    Ok(Output::CheckinAdded(notebook.checkin_create(
        CheckinCreate {
            contact_id,
            event_id,
            kind: Some(args.kind),
            at: args.at.as_deref().map(local_instant).transpose()?,
            place: args.place,
            note: args.note,
        },
    )?))
}

/// A local wall time `YYYY-MM-DDTHH:MM` in this machine's zone, as UTC milliseconds.
fn local_instant(text: &str) -> Result<i64, ApiError> {
    chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
        .ok()
        .and_then(|local| chrono::Local.from_local_datetime(&local).earliest())
        .map(|t| t.timestamp_millis())
        .ok_or_else(|| {
            ApiError::invalid(format!(
                "'{text}' is not a local date and time; write it as 2026-07-04T19:30"
            ))
        })
}

/// The instants at which a calendar day `YYYY-MM-DD` starts and ends in this machine's zone.
fn local_day(day: &str) -> Result<(i64, i64), ApiError> {
    let date = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError::invalid(format!("day '{day}' is not a date; write it as 2026-07-04"))
    })?;
    // Where clocks jump over midnight, the day starts at the first hour that exists.
    let start = |date: NaiveDate| {
        (0..3)
            .find_map(|hour| {
                chrono::Local
                    .from_local_datetime(&date.and_hms_opt(hour, 0, 0)?)
                    .earliest()
            })
            .map(|t| t.timestamp_millis())
            .ok_or_else(|| ApiError::invalid(format!("day '{day}' cannot be placed on the clock")))
    };
    let next = date
        .succ_opt()
        .ok_or_else(|| ApiError::invalid(format!("day '{day}' is out of range")))?;
    Ok((start(date)?, start(next)?))
}

fn checkin_list(
    notebook: &mut Notebook,
    today: bool,
    day: Option<String>,
    event: Option<String>,
    retracted: bool,
    limit: u32,
) -> Result<Output, ApiError> {
    let day = if today { Some(local_today()) } else { day };
    let (since, until) = match day.as_deref().map(local_day).transpose()? {
        Some((since, until)) => (Some(since), Some(until)),
        None => (None, None),
    };
    let event_id = event
        .as_deref()
        .map(|e| event_id(notebook, e))
        .transpose()?;
    Ok(Output::Checkins(notebook.checkin_list(CheckinQuery {
        since,
        until,
        event_id,
        include_retracted: retracted,
        limit: Some(limit),
    })?))
}

fn follow_up(notebook: &mut Notebook, command: FollowUpCommand) -> Result<Output, ApiError> {
    Ok(match command {
        FollowUpCommand::Add {
            contact,
            due,
            action,
            note,
        } => {
            let contact_id = contact_id(notebook, &contact)?;
            Output::FollowUpAdded(notebook.follow_up_create(FollowUpCreate {
                contact_id,
                action: Some(action),
                due,
                note,
            })?)
        }
        FollowUpCommand::List { due, done } => {
            Output::FollowUps(notebook.follow_up_list(FollowUpQuery {
                due,
                today: local_today(),
                include_done: done,
            })?)
        }
        FollowUpCommand::Done { id } => {
            Output::FollowUpUpdated(notebook.follow_up_complete(IdRequest { id })?)
        }
        FollowUpCommand::Reopen { id } => {
            Output::FollowUpUpdated(notebook.follow_up_reopen(IdRequest { id })?)
        }
        FollowUpCommand::Snooze { id, to } => {
            Output::FollowUpUpdated(notebook.follow_up_snooze(FollowUpSnooze { id, due: to })?)
        }
        FollowUpCommand::Export { lang } => {
            Output::Calendar(notebook.follow_up_calendar(FollowUpCalendar {
                language: Some(lang),
            })?)
        }
    })
}

fn cadence(notebook: &mut Notebook, command: CadenceCommand) -> Result<Output, ApiError> {
    Ok(match command {
        CadenceCommand::Set {
            contact,
            tag,
            in_person,
            any,
        } => {
            let (kind, days) = match (in_person, any) {
                (Some(days), _) => (CadenceKind::InPerson, days),
                (None, Some(days)) => (CadenceKind::Any, days),
                (None, None) => unreachable!("clap requires --in-person or --any"),
            };
            let contact_id = contact.map(|c| contact_id(notebook, &c)).transpose()?;
            Output::Cadences(vec![notebook.cadence_set(CadenceSet {
                contact_id,
                tag,
                kind,
                days,
            })?])
        }
        CadenceCommand::Clear { contact, tag } => {
            let contact_id = contact.map(|c| contact_id(notebook, &c)).transpose()?;
            notebook.cadence_clear(CadenceClear { contact_id, tag })?;
            Output::Cadences(notebook.cadence_list(Empty {})?)
        }
        CadenceCommand::List => Output::Cadences(notebook.cadence_list(Empty {})?),
    })
}

fn deal(notebook: &mut Notebook, command: DealCommand) -> Result<Output, ApiError> {
    Ok(match command {
        DealCommand::Add {
            contact,
            title,
            amount,
            currency,
            status,
            date,
            channel,
            event,
        } => {
            let contact_id = contact_id(notebook, &contact)?;
            let event_id = event
                .as_deref()
                .map(|e| event_id(notebook, e))
                .transpose()?;
            Output::DealAdded(notebook.deal_create(DealCreate {
                contact_id,
                title,
                amount_cents: amount,
                currency,
                status: Some(status),
                date: Some(date.unwrap_or_else(local_today)),
                channel,
                event_id,
            })?)
        }
        DealCommand::Edit {
            deal,
            title,
            amount,
            currency,
            status,
            date,
            contact,
            channel,
            event,
            derived,
        } => {
            let contact_id = contact
                .as_deref()
                .map(|c| contact_id(notebook, c))
                .transpose()?;
            let event_id = event
                .as_deref()
                .map(|e| event_id(notebook, e))
                .transpose()?;
            let attribution = (derived || channel.is_some() || event_id.is_some())
                .then_some(AttributionOverride { channel, event_id });
            Output::DealUpdated(notebook.deal_update(DealUpdate {
                id: deal,
                title,
                amount_cents: amount,
                currency,
                status,
                date,
                contact_id,
                attribution,
            })?)
        }
        DealCommand::Delete { deal } => {
            notebook.deal_delete(IdRequest { id: deal.clone() })?;
            Output::DealDeleted(deal)
        }
        DealCommand::List { contact } => {
            let contact_id = contact
                .as_deref()
                .map(|c| contact_id(notebook, c))
                .transpose()?;
            Output::Deals(notebook.deal_list(DealQuery { contact_id })?)
        }
    })
}

/// Runs one sync step's future on a small runtime (the CLI does one thing at a time).
/// A bar on the terminal while a sync runs, redrawn from the notebook's `RunningSync` ten times
/// a second by a thread of its own (the sync runs on this one).
struct SyncBar {
    finished: std::sync::mpsc::Sender<bool>,
    drawing: std::thread::JoinHandle<()>,
}

impl SyncBar {
    fn show(running: std::sync::Arc<handschlag_core::RunningSync>) -> SyncBar {
        let (finished, finish) = std::sync::mpsc::channel::<bool>();
        let drawing = std::thread::spawn(move || {
            let draw = |now: &SyncProgress| {
                let what = format!("Syncing with {}", now.hub);
                eprint!(
                    "{}",
                    render::progress(&what, now.done as usize, now.all as usize)
                );
            };
            let mut drawn: Option<SyncProgress> = None;
            let complete = loop {
                match finish.recv_timeout(std::time::Duration::from_millis(100)) {
                    Ok(complete) => break complete,
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break false,
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                }
                if let Some(now) = running.get().filter(|now| drawn.as_ref() != Some(now)) {
                    draw(&now);
                    drawn = Some(now);
                }
            };
            if let Some(last) = drawn {
                if complete {
                    draw(&SyncProgress {
                        done: last.all,
                        ..last
                    });
                }
                eprintln!();
            }
        });
        SyncBar { finished, drawing }
    }

    /// Ends the bar: drawn full when the sync went through, left where it stopped otherwise.
    fn finish(self, complete: bool) {
        let _ = self.finished.send(complete);
        let _ = self.drawing.join();
    }
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> Result<T, ApiError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ApiError::invalid(format!("cannot start networking: {e}")))?;
    Ok(runtime.block_on(future))
}

fn pair(notebook: &mut Notebook, command: PairCommand) -> Result<Output, ApiError> {
    Ok(match command {
        PairCommand::Invite { qr } => Output::Invite(device::invite(notebook)?.to_string(), qr),
        PairCommand::Join { .. } => unreachable!("joined by `run`"),
        PairCommand::Cancel => Output::InvitesCancelled(notebook.cancel_pairing_invites()?),
    })
}

fn join(notebook: &Mutex<Notebook>, link: &str, name: &str) -> Result<Output, ApiError> {
    let link: PairingLink = link.trim().parse().map_err(ApiError::from)?;
    let (hub, code) = block_on(session::join(notebook, &link, name))??;
    Ok(Output::Joined { hub, code })
}

/// The device commands as the CLI answers them: a hub on this notebook, if any, is `serve`.
fn this_device(notebook: &Mutex<Notebook>) -> ThisDevice<'_> {
    ThisDevice {
        notebook,
        hub: Hub::Elsewhere,
    }
}

fn devices(notebook: &Mutex<Notebook>) -> Result<Output, ApiError> {
    let overview = block_on(this_device(notebook).device_overview(Empty {}))??;
    Ok(Output::Devices(overview.peers))
}

/// One sync round through the device commands, as the apps run it; a hub that failed is in
/// the report, and `main` exits with its kind.
fn sync(notebook: &Mutex<Notebook>, hub: Option<String>) -> Result<Output, ApiError> {
    let running = notebook.blocking_lock().running_sync();
    let bar = std::io::stderr()
        .is_terminal()
        .then(|| SyncBar::show(running));
    let report = block_on(this_device(notebook).sync_now(SyncNow { hub }));
    if let Some(bar) = bar {
        let complete =
            matches!(&report, Ok(Ok(report)) if report.peers.iter().all(|p| p.error.is_none()));
        bar.finish(complete);
    }
    let report = report??;
    if report.peers.is_empty() {
        return Err(ApiError::new(
            ErrorCode::NotPaired,
            "this device is not paired with a hub; pair it with `handschlag pair join LINK`",
        ));
    }
    Ok(Output::Synced(report))
}
