//! What the CLI prints: the record as JSON with `--json`, else a short human summary.

use chrono::{DateTime, Local};
use handschlag_api::{
    ApiError, Cadence, CadenceKind, Calendar, Checkin, Contact, ContactDetail, ContactMerged,
    ContactPage, ContactTable, Deal, DuplicatePair, Event, EventDetail, EventFigures, Export,
    FollowUp, ImportFormat, ImportReport, Insights, KeepInTouch, MergeUndone, Money, MyCard,
    PeerSummary, PeerSync, SyncReport, VCards,
};
use std::path::PathBuf;

use handschlag_api::BackupInfo;
use handschlag_core::backup::{Backup, Restored};
use handschlag_core::peer::{Peer, hex};

use serde::Serialize;

/// The result of one CLI command.
pub enum Output {
    ContactAdded(Contact),
    ContactUpdated(Contact),
    ContactDeleted(Contact),
    Contacts(ContactPage),
    /// A contact, and whether to show its field history.
    ContactDetail(ContactDetail, bool),
    EventAdded(Event),
    EventUpdated(Event),
    EventDeleted(Event),
    Events(Vec<Event>),
    EventDetail(EventDetail),
    CheckinAdded(Checkin),
    CheckinRetracted(Checkin),
    CheckinUpdated(Checkin),
    Checkins(Vec<Checkin>),
    FollowUpAdded(FollowUp),
    FollowUpUpdated(FollowUp),
    FollowUps(Vec<FollowUp>),
    /// An iCalendar file; printed as is (it has its own CRLF line endings).
    Calendar(Calendar),
    /// A vCard file; printed as is, like a calendar.
    VCards(VCards),
    Imported(ImportReport),
    Duplicates(Vec<DuplicatePair>),
    Merged(ContactMerged),
    Unmerged(MergeUndone),
    /// Two contacts said to be two people.
    Distinct(Contact, Contact),
    MyCard(MyCard),
    /// A CSV table; printed as is.
    Table(ContactTable),
    /// An export written to this file.
    Saved(PathBuf),
    DealAdded(Deal),
    DealUpdated(Deal),
    /// The id of a deleted deal.
    DealDeleted(String),
    Deals(Vec<Deal>),
    Insights(Insights),
    Cadences(Vec<Cadence>),
    Export(Export),
    /// A pairing link, and whether to draw it as a QR code.
    Invite(String, bool),
    Joined {
        hub: String,
        code: String,
    },
    Synced(SyncReport),
    Devices(Vec<PeerSummary>),
    Revoked(Peer),
    Allowed(Peer),
    Refused(Peer),
    InvitesCancelled(usize),
    Backups(Vec<Backup>),
    BackedUp(PathBuf),
    Restored(Restored),
    /// Commands that print as they go (`serve`).
    Nothing,
}

/// A device just revoked, allowed or refused, as `--json` shows it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeviceView<'a> {
    id: String,
    name: &'a str,
    address: Option<&'a str>,
    fingerprint: Option<String>,
    paired_at: Option<i64>,
    revoked_at: Option<i64>,
    last_sync_at: Option<i64>,
    pending: bool,
}

impl<'a> From<&'a Peer> for DeviceView<'a> {
    fn from(peer: &'a Peer) -> Self {
        DeviceView {
            id: hex(&peer.device),
            name: &peer.name,
            address: peer.address.as_deref(),
            fingerprint: peer.fingerprint.map(|f| hex(&f)),
            paired_at: peer.paired_at,
            revoked_at: peer.revoked_at,
            last_sync_at: peer.last_sync_at,
            pending: peer.pending,
        }
    }
}

impl Output {
    /// What failed in an output that is printed all the same: the first hub a sync round could
    /// not sync with.
    pub fn failure(&self) -> Option<&ApiError> {
        match self {
            Output::Synced(report) => report.peers.iter().find_map(|peer| peer.error.as_ref()),
            _ => None,
        }
    }

    /// Prints to stdout; a closed pipe (`| head`) is not an error.
    pub fn print(&self, json: bool) {
        use std::io::Write;
        let text = if json {
            self.json() + "\n"
        } else {
            self.text()
        };
        let _ = std::io::stdout().write_all(text.as_bytes());
    }

    /// What an export writes to a file: the file itself (the JSON dump is JSON either way).
    pub fn file_text(&self) -> String {
        self.text()
    }

    fn json(&self) -> String {
        fn pretty(value: &impl Serialize) -> String {
            serde_json::to_string_pretty(value).expect("records serialize")
        }
        match self {
            Output::ContactAdded(c) | Output::ContactUpdated(c) | Output::ContactDeleted(c) => {
                pretty(c)
            }
            Output::Contacts(page) => pretty(page),
            Output::ContactDetail(detail, _) => pretty(detail),
            Output::EventAdded(e) | Output::EventUpdated(e) | Output::EventDeleted(e) => pretty(e),
            Output::Events(events) => pretty(events),
            Output::EventDetail(detail) => pretty(detail),
            Output::CheckinAdded(c) | Output::CheckinRetracted(c) | Output::CheckinUpdated(c) => {
                pretty(c)
            }
            Output::Checkins(list) => pretty(list),
            Output::FollowUpAdded(f) | Output::FollowUpUpdated(f) => pretty(f),
            Output::FollowUps(list) => pretty(list),
            Output::Calendar(calendar) => pretty(calendar),
            Output::VCards(cards) => pretty(cards),
            Output::Imported(report) => pretty(report),
            Output::Duplicates(pairs) => pretty(pairs),
            Output::Merged(merged) => pretty(merged),
            Output::Unmerged(undone) => pretty(undone),
            Output::Distinct(first, second) => pretty(&[first, second]),
            Output::MyCard(card) => pretty(card),
            Output::Table(table) => pretty(table),
            Output::Saved(path) => pretty(&serde_json::json!({ "saved": path })),
            Output::DealAdded(d) | Output::DealUpdated(d) => pretty(d),
            Output::DealDeleted(id) => pretty(&serde_json::json!({ "deleted": id })),
            Output::Deals(deals) => pretty(deals),
            Output::Insights(insights) => pretty(insights),
            Output::Cadences(cadences) => pretty(cadences),
            Output::Export(export) => pretty(export),
            Output::Invite(link, _) => pretty(&serde_json::json!({ "link": link })),
            Output::Joined { hub, code } => {
                pretty(&serde_json::json!({ "hub": hub, "code": code }))
            }
            Output::Synced(report) => pretty(report),
            Output::Devices(peers) => pretty(peers),
            Output::Revoked(peer) | Output::Allowed(peer) | Output::Refused(peer) => {
                pretty(&DeviceView::from(peer))
            }
            Output::InvitesCancelled(count) => pretty(&serde_json::json!({ "cancelled": count })),
            Output::Backups(backups) => {
                pretty(&backups.iter().map(BackupInfo::from).collect::<Vec<_>>())
            }
            Output::BackedUp(path) => pretty(&serde_json::json!({ "path": path })),
            Output::Restored(restored) => pretty(&serde_json::json!({
                "kept": BackupInfo::from(&restored.kept),
                "instance": restored.instance,
            })),
            Output::Nothing => "null".into(),
        }
    }

    fn text(&self) -> String {
        match self {
            Output::ContactAdded(c) => format!("Added {}  {}\n", c.name, c.id),
            Output::ContactUpdated(c) => format!("Updated {}\n{}", c.name, contact_card(c)),
            Output::ContactDeleted(c) => format!("Deleted {}  {}\n", c.name, c.id),
            Output::Contacts(page) => contact_table(page),
            Output::Duplicates(pairs) => duplicate_list(pairs),
            Output::Merged(m) => format!(
                "Merged into {}: {} check-ins, {} follow-ups, {} deals and {} tags moved.\nUndo on this device: handschlag contact unmerge {}\n{}",
                m.contact.name,
                m.checkins,
                m.follow_ups,
                m.deals,
                m.tags,
                m.merge_id,
                contact_card(&m.contact)
            ),
            Output::Unmerged(u) => format!(
                "Undone: {} and {} are two contacts again.\n{}{}",
                u.kept.name,
                u.restored.name,
                contact_card(&u.kept),
                contact_card(&u.restored)
            ),
            Output::Distinct(first, second) => format!(
                "{} and {} are two people; they are not listed as duplicates again.\n",
                first.name, second.name
            ),
            Output::MyCard(card) => my_card(card),
            Output::ContactDetail(detail, history) => contact_detail(detail, *history),
            Output::EventAdded(e) => format!(
                "Planned {} on {}  {}\n",
                e.title,
                e.starts_local.replace('T', " "),
                e.id
            ),
            Output::EventUpdated(e) => format!("Updated {}\n{}", e.title, event_card(e)),
            Output::EventDeleted(e) => format!("Deleted {}  {}\n", e.title, e.id),
            Output::Events(events) => events.iter().map(event_line).collect(),
            Output::EventDetail(detail) => event_detail(detail),
            Output::CheckinAdded(c) => {
                format!("Met {}{}  {}\n", c.contact_name, checkin_where(c), c.id)
            }
            Output::CheckinUpdated(c) => {
                format!(
                    "Corrected the check-in with {}{}\n",
                    c.contact_name,
                    checkin_where(c)
                )
            }
            Output::CheckinRetracted(c) => format!(
                "Retracted the check-in with {} of {}\n",
                c.contact_name,
                when(c.at)
            ),
            Output::Checkins(list) if list.is_empty() => "No check-ins.\n".into(),
            Output::Checkins(list) => list.iter().map(checkin_line).collect(),
            Output::FollowUpAdded(f) => format!(
                "Follow-up: {} {} on {}  {}\n",
                f.action, f.contact_name, f.due, f.id
            ),
            Output::FollowUpUpdated(f) => follow_up_line(f),
            Output::FollowUps(list) if list.is_empty() => "No follow-ups due.\n".into(),
            Output::FollowUps(list) => list.iter().map(follow_up_line).collect(),
            Output::Calendar(calendar) => calendar.ics.clone(),
            Output::VCards(cards) => cards.vcf.clone(),
            Output::Imported(report) => imported(report),
            Output::Table(table) => table.csv.clone(),
            Output::Saved(path) => format!("Saved {}\n", path.display()),
            Output::DealAdded(d) => format!("Recorded {}\n", deal_line(d).trim_end()),
            Output::DealUpdated(d) => format!("Updated {}\n", deal_line(d).trim_end()),
            Output::DealDeleted(id) => format!("Deleted the deal {id}\n"),
            Output::Deals(deals) if deals.is_empty() => "No deals yet.\n".into(),
            Output::Deals(deals) => deals.iter().map(deal_line).collect(),
            Output::Insights(insights) => insights_text(insights),
            Output::Cadences(cadences) if cadences.is_empty() => "No cadences set.\n".into(),
            Output::Cadences(cadences) => cadences.iter().map(cadence_line).collect(),
            // Export is for machines; text and JSON are the same.
            Output::Export(_) => self.json() + "\n",
            Output::Invite(link, qr) => invite(link, *qr),
            Output::Joined { hub, code } => format!(
                "Asked {hub} to pair. Check that the hub shows the same code: {code}\nOnce the hub allows this device, `handschlag sync` works.\n"
            ),
            Output::Synced(report) => report.peers.iter().map(synced_line).collect(),
            Output::Devices(peers) if peers.is_empty() => "No paired devices.\n".into(),
            Output::Devices(peers) => peers.iter().map(device_line).collect(),
            Output::Revoked(peer) => format!(
                "Revoked {}: it can no longer sync with this device\n",
                peer.name
            ),
            Output::Allowed(peer) => format!("Allowed {}: it syncs with this device\n", peer.name),
            Output::Refused(peer) => format!("Refused {}: it is forgotten\n", peer.name),
            Output::InvitesCancelled(0) => "No pairing link was open.\n".into(),
            Output::InvitesCancelled(count) => {
                format!("Cancelled {count} open pairing link(s).\n")
            }
            Output::Backups(backups) if backups.is_empty() => {
                "No backups yet; `handschlag backup` makes one.\n".into()
            }
            Output::Backups(backups) => backups.iter().map(backup_line).collect(),
            Output::BackedUp(path) => format!("Backed up to {}\n", path.display()),
            Output::Restored(restored) => format!(
                "Restored. The notebook as it was is kept in {}\nPaired devices read it again from the start at their next sync.\n",
                restored.kept.path.display()
            ),
            Output::Nothing => String::new(),
        }
    }
}

fn when(millis: i64) -> String {
    DateTime::from_timestamp_millis(millis)
        .map(|t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// A progress bar for a terminal, drawn over itself (`\r`): `Importing ████░░░░ 2000 of 5000`.
pub fn progress(what: &str, done: usize, all: usize) -> String {
    const WIDTH: usize = 30;
    let filled = (done * WIDTH).checked_div(all).unwrap_or(WIDTH).min(WIDTH);
    format!(
        "\r{what} {}{} {done} of {all}",
        "█".repeat(filled),
        "░".repeat(WIDTH - filled)
    )
}

pub fn money(cents: i64, currency: &str) -> String {
    format!("{}.{:02} {currency}", cents / 100, cents % 100)
}

fn met(contact: &Contact) -> &'static str {
    if contact.met_in_person {
        "met"
    } else {
        "never met"
    }
}

fn contact_table(page: &ContactPage) -> String {
    let mut out = String::new();
    for c in &page.contacts {
        out.push_str(&format!(
            "{:<22} {:<20} {:<14} {:<9} {:<18} {}\n",
            clip(&c.name, 22),
            clip(&c.organization, 20),
            clip(&c.town, 14),
            met(c),
            clip(&c.tags.join(","), 18),
            c.id
        ));
    }
    out.push_str(&format!(
        "{} of {} contacts\n",
        page.contacts.len(),
        page.total
    ));
    out
}

fn duplicate_list(pairs: &[DuplicatePair]) -> String {
    if pairs.is_empty() {
        return "No likely duplicates.\n".into();
    }
    let mut out = String::new();
    for pair in pairs {
        let reasons: Vec<&str> = pair.reasons.iter().map(|r| r.as_str()).collect();
        out.push_str(&format!("same {}:\n", reasons.join(", ")));
        for c in [&pair.first, &pair.second] {
            out.push_str(&format!(
                "  {:<22} {:<20} {:<22} {:<16} {}\n",
                clip(&c.name, 22),
                clip(&c.organization, 20),
                clip(&c.email, 22),
                clip(&c.phone, 16),
                c.id
            ));
        }
    }
    out.push_str(&format!(
        "{} pairs. Merge one: handschlag contact merge KEEP OTHER; or: handschlag contact distinct A B\n",
        pairs.len()
    ));
    out
}

fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        text.chars().take(width - 1).chain(['…']).collect()
    }
}

fn contact_card(c: &Contact) -> String {
    let mut out = format!("{}  {}\n", c.name, c.id);
    for (label, value) in [
        ("organization", c.organization.as_str()),
        ("role", &c.role),
        ("phone", &c.phone),
        ("email", &c.email),
        ("town", &c.town),
        ("referred by", &c.referred_by),
        ("notes", &c.notes),
    ] {
        if !value.is_empty() {
            out.push_str(&format!("  {label:<13} {value}\n"));
        }
    }
    out.push_str(&format!(
        "  {:<13} {} ({})\n",
        "how we met",
        c.how_met,
        met(c)
    ));
    if !c.tags.is_empty() {
        out.push_str(&format!("  {:<13} {}\n", "tags", c.tags.join(", ")));
    }
    out
}

fn contact_detail(detail: &ContactDetail, history: bool) -> String {
    let mut out = contact_card(&detail.contact);
    let last_met = detail.last_met_in_person.map_or("never".into(), when);
    out.push_str(&format!(
        "Earned: {}; last met in person: {last_met}\n",
        sums(&detail.revenue)
    ));
    if let Some(k) = &detail.keep_in_touch {
        out.push_str(&format!("Keep in touch: {}\n", keep_in_touch_line(k)));
    }
    if !detail.checkins.is_empty() {
        out.push_str("Check-ins\n");
        for c in &detail.checkins {
            let retracted = if c.retracted { "  (retracted)" } else { "" };
            let note = if c.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", c.note)
            };
            out.push_str(&format!(
                "  {} {}{}{note}{retracted}\n",
                when(c.at),
                c.kind,
                checkin_where(c)
            ));
        }
    }
    if !detail.follow_ups.is_empty() {
        out.push_str("Follow-ups\n");
        for f in &detail.follow_ups {
            out.push_str(&format!("  {}", follow_up_line(f)));
        }
    }
    if !detail.deals.is_empty() {
        out.push_str("Deals\n");
        for d in &detail.deals {
            out.push_str(&format!("  {}", deal_line(d)));
        }
    }
    if history {
        out.push_str("History\n");
        if detail.history.is_empty() {
            out.push_str("  no value was replaced by another device\n");
        }
        for change in &detail.history {
            out.push_str(&format!(
                "  {}: changed on {} at {} — was {:?} (from {} at {})\n",
                change.field,
                change.replaced_by,
                when(change.replaced_at),
                change.value,
                change.device,
                when(change.written_at)
            ));
        }
    }
    out
}

fn checkin_where(c: &Checkin) -> String {
    match (&c.event_title, c.place.as_str()) {
        (Some(title), _) => format!(" at {title}"),
        (None, "") => String::new(),
        (None, place) => format!(" at {place}"),
    }
}

fn checkin_line(c: &Checkin) -> String {
    let note = if c.note.is_empty() {
        String::new()
    } else {
        format!(" — {}", c.note)
    };
    let retracted = if c.retracted { "  (retracted)" } else { "" };
    format!(
        "{} {:<9} {}{}{note}{retracted}  {}\n",
        when(c.at),
        c.kind,
        c.contact_name,
        checkin_where(c),
        c.id
    )
}

fn event_line(e: &Event) -> String {
    format!(
        "{}  {:<28} {:<12} {:<9} {}\n",
        e.starts_local.replace('T', " "),
        clip(&e.title, 28),
        e.kind,
        e.status,
        e.id
    )
}

fn event_card(e: &Event) -> String {
    let mut out = format!("{}  {}\n", e.title, e.id);
    out.push_str(&format!(
        "  {:<13} {} ({})\n",
        "starts",
        e.starts_local.replace('T', " "),
        e.time_zone
    ));
    out.push_str(&format!(
        "  {:<13} {}, {}\n",
        "kind, status", e.kind, e.status
    ));
    for (label, value) in [
        ("place", e.place.as_str()),
        ("organizer", &e.organizer),
        ("goal", &e.goal),
        ("contribution", &e.contribution),
    ] {
        if !value.is_empty() {
            out.push_str(&format!("  {label:<13} {value}\n"));
        }
    }
    if e.cost_cents > 0 {
        out.push_str(&format!(
            "  {:<13} {}\n",
            "cost",
            money(e.cost_cents, &e.currency)
        ));
    }
    for item in &e.checklist {
        out.push_str(&format!(
            "  [{}] {}\n",
            if item.done { "x" } else { " " },
            item.text
        ));
    }
    out
}

fn event_detail(detail: &EventDetail) -> String {
    let mut out = event_card(&detail.event);
    out.push_str(&format!("Figures: {}\n", figures(&detail.figures)));
    out.push_str(&format!(
        "Met there ({})\n",
        detail.checkins.iter().filter(|c| !c.retracted).count()
    ));
    for c in detail.checkins.iter().filter(|c| !c.retracted) {
        let note = if c.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", c.note)
        };
        out.push_str(&format!("  {}{note}\n", c.contact_name));
    }
    if !detail.missed.is_empty() {
        out.push_str("Wanted to meet, not met\n");
        for c in &detail.missed {
            out.push_str(&format!("  {}  {}\n", c.name, c.id));
        }
    }
    out
}

fn follow_up_line(f: &FollowUp) -> String {
    let state = if f.done { "done" } else { "open" };
    let note = if f.note.is_empty() {
        String::new()
    } else {
        format!(" — {}", f.note)
    };
    let context = f
        .last_checkin
        .as_ref()
        .map(|c| format!(" (last met {}{})", when(c.at), checkin_where(c)))
        .unwrap_or_default();
    format!(
        "{} {state}  {} {}{note}{context}  {}\n",
        f.due, f.action, f.contact_name, f.id
    )
}

fn deal_line(d: &Deal) -> String {
    let source = match &d.attribution.event_title {
        Some(title) => format!("{} via {title}", d.attribution.channel),
        None => d.attribution.channel.to_string(),
    };
    format!(
        "{} {:<5} {} for {}: {} ({source})  {}\n",
        d.date,
        d.status,
        money(d.amount_cents, &d.currency),
        d.contact_name,
        d.title,
        d.id
    )
}

/// `text` drawn as a QR code in the terminal (two modules per character), with a newline.
fn qr_drawing(text: &str) -> String {
    match qrcode::QrCode::new(text.as_bytes()) {
        Ok(code) => {
            let drawing = code
                .render::<qrcode::render::unicode::Dense1x2>()
                .quiet_zone(true)
                .build();
            format!("{drawing}\n")
        }
        Err(_) => String::new(),
    }
}

fn my_card(card: &MyCard) -> String {
    match &card.contact {
        Some(me) => format!(
            "{}My card: {}. Any phone camera reads this code as a contact.\n",
            qr_drawing(&card.vcard),
            me.name
        ),
        None => {
            "No contact is marked as you. Mark yours: handschlag contact me \"Your Name\"\n".into()
        }
    }
}

fn invite(link: &str, qr: bool) -> String {
    let mut out = String::new();
    // A link is a few hundred bytes: always within a QR code's capacity.
    if qr {
        out.push_str(&qr_drawing(link));
    }
    out.push_str(link);
    out.push_str("\nValid for 5 minutes, once. On the other device: handschlag pair join LINK\n");
    out
}

fn synced_line(synced: &PeerSync) -> String {
    if let Some(error) = &synced.error {
        return format!("Not synced with {}: {}\n", synced.name, error.message);
    }
    let skew = if synced.future_clocks > 0 {
        format!(
            " ({} changes were stamped hours in the future: check the clocks)",
            synced.future_clocks
        )
    } else {
        String::new()
    };
    format!(
        "Synced with {}: received {}, sent {}{skew}\n",
        synced.name, synced.received, synced.sent
    )
}

fn backup_line(backup: &Backup) -> String {
    format!(
        "{}  {:>8} KB  {}\n",
        when(backup.taken_at),
        backup.size.div_ceil(1024),
        backup.path.display()
    )
}

fn device_line(peer: &PeerSummary) -> String {
    let state = match peer.last_sync_at {
        _ if peer.revoked => "revoked".into(),
        _ if peer.pending => "waiting to be allowed".into(),
        Some(at) => format!("last sync {}", when(at)),
        None => "never synced".into(),
    };
    let role = if peer.dialed { "hub" } else { "syncs here" };
    format!(
        "{:<20} {:<28} {:<10} {:>6} waiting  {}\n",
        clip(&peer.name, 20),
        state,
        role,
        peer.waiting,
        peer.id
    )
}

/// The insights as a terminal report: each figure per currency, never summed across them.
fn insights_text(i: &Insights) -> String {
    let period = match (&i.from, &i.to) {
        (None, None) => "all time".to_string(),
        (from, to) => format!(
            "{} to {}",
            from.as_deref().unwrap_or("the beginning"),
            to.as_deref().unwrap_or("today")
        ),
    };
    let mut out = format!("Insights, {period}\n\nRevenue won, by how the relationship began\n");
    if i.channels.is_empty() {
        out += "  no deals won\n";
    }
    for c in &i.channels {
        out += &format!(
            "  {:<10} {:>14}  {} deal(s), {} contact(s), average {}\n",
            c.channel.to_string(),
            money(c.revenue_cents, &c.currency),
            c.deals,
            c.contacts,
            money(c.average_cents, &c.currency)
        );
    }
    out += "\nEvents\n";
    if i.events.is_empty() {
        out += "  no events\n";
    }
    for e in &i.events {
        out += &format!("  {}: {}\n", e.title, figures(e));
    }
    let f = &i.funnel;
    out += &format!(
        "\nFunnel: met in person {} → followed up within 7 days {} → won {}",
        f.met, f.followed_up, f.won
    );
    if let Some(days) = f.median_days_to_win {
        out += &format!("; median {days:.0} days from first meeting to first deal");
    }
    out += "\n";
    let lists = [
        (
            "Met in person, not followed up within 7 days",
            &i.no_follow_up,
        ),
        (
            "Met only online, in towns where you meet people: invite them",
            &i.invite_next,
        ),
    ];
    for (title, list) in lists {
        if !list.is_empty() {
            out += &format!("\n{title}\n");
            out += &list
                .iter()
                .map(|c| format!("  {}  {}\n", c.name, c.town))
                .collect::<String>();
        }
    }
    if !i.keep_in_touch.is_empty() {
        out += "\nKeep in touch\n";
        out += &i
            .keep_in_touch
            .iter()
            .map(|k| format!("  {}\n", keep_in_touch_line(k)))
            .collect::<String>();
    }
    if !i.missed.is_empty() {
        out += "\nWanted to meet, but missed\n";
        out += &i
            .missed
            .iter()
            .map(|m| format!("  {}  at {}\n", m.name, m.event_title))
            .collect::<String>();
    }
    out
}

/// "€1,200.00 + CHF 300.00", or "none".
fn sums(list: &[Money]) -> String {
    if list.is_empty() {
        return "none".into();
    }
    list.iter()
        .map(|m| money(m.cents, &m.currency))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// One event's figures in a line; cost and net only when it cost something.
fn figures(e: &EventFigures) -> String {
    let mut line = format!(
        "met {}, new {}, follow-ups {} ({} done), deals won {}, revenue {}",
        e.met,
        e.new_contacts,
        e.follow_ups,
        e.follow_ups_done,
        e.deals_won,
        sums(&e.revenue)
    );
    if let (Some(cost), Some(net)) = (&e.cost, &e.net) {
        line += &format!(
            ", cost {}, net {}",
            money(cost.cents, &cost.currency),
            money(net.cents, &net.currency)
        );
    }
    line
}

/// "in person every 90 days" / "any contact every 30 days".
fn cadence_words(kind: CadenceKind, days: u32) -> String {
    match kind {
        CadenceKind::InPerson => format!("in person every {days} days"),
        CadenceKind::Any => format!("any contact every {days} days"),
    }
}

fn cadence_line(c: &Cadence) -> String {
    let whose = c
        .tag
        .as_ref()
        .map(|tag| format!("tag {tag}"))
        .or_else(|| c.contact_name.clone())
        .unwrap_or_default();
    format!("{whose}: {}\n", cadence_words(c.kind, c.days))
}

/// "Anna Bauer: in person every 90 days (tag kunde), due 2026-12-10 09:00, 3 days overdue".
fn keep_in_touch_line(k: &KeepInTouch) -> String {
    let tag = k
        .tag
        .as_ref()
        .map(|t| format!(" (tag {t})"))
        .unwrap_or_default();
    let state = match k.overdue_days {
        0 => "due today".to_string(),
        d if d > 0 => format!("{d} days overdue"),
        d => format!("due in {} days", -d),
    };
    format!(
        "{}: {}{tag}, due {}, {state}",
        k.name,
        cadence_words(k.kind, k.days),
        when(k.due_at)
    )
}

/// What an import did (or would do): the counts, the first rows, what was skipped and why.
fn imported(report: &ImportReport) -> String {
    if !report.columns.is_empty() {
        return format!(
            "No column of this table holds a name, an email or a phone number that Handschlag \
             recognizes. Its columns: {}\nName what each holds, e.g. --map \"{}=name\" (fields: \
             name, first-name, last-name, organization, role, phone, email, town, notes, tags).\n",
            report.columns.join(" | "),
            report.columns[0]
        );
    }
    let things = if report.format == ImportFormat::Vcard {
        "cards"
    } else {
        "rows"
    };
    let mut out = format!(
        "Read {} {things}: {}, {}.\n{} new, {} updated, {} unchanged",
        report.read, report.source, report.encoding, report.new, report.updated, report.unchanged
    );
    if report.likely_duplicates > 0 {
        out += &format!(
            "; {} with the name of a contact already here",
            report.likely_duplicates
        );
    }
    out += "\n";
    for row in &report.preview {
        let details: Vec<&str> = [&row.organization, &row.email, &row.phone, &row.town]
            .into_iter()
            .map(String::as_str)
            .filter(|v| !v.is_empty())
            .collect();
        let name = if row.name.is_empty() {
            "–"
        } else {
            &row.name
        };
        out += &format!("  {:<9} {:<9} {name}", row.at, row.action);
        if !details.is_empty() {
            out += &format!(" · {}", details.join(" · "));
        }
        if let Some(other) = &row.likely_duplicate_of {
            out += &format!("  (like {other})");
        }
        out += "\n";
    }
    if !report.problems.is_empty() {
        out += &format!("Skipped {}:\n", report.problems.len());
        for problem in &report.problems {
            out += &format!("  {}: {}\n", problem.at, problem.reason);
        }
    }
    if !report.written {
        out += "Nothing was written (a dry run); run it again without --dry-run to import.\n";
    }
    out
}
