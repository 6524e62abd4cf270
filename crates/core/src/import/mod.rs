//! Taking in contacts from other apps' files: vCards and CSV tables (`vcf`, `table`), read in
//! the encoding they were written in (`decode`). An import is planned first — which card or row
//! becomes a new contact, which updates one already there, which was skipped and why — and the
//! plan is what a dry run reports; a real import carries the plan out in one transaction.
//!
//! A card or row is the contact already there when its `UID` is that contact's id (a
//! Handschlag export) or a `UID` an earlier import stored, else when the names match (folded:
//! Müller = Mueller) and so does the email or the phone number. Updating fills what the contact
//! lacks, adds tags and note lines it does not have, and never overwrites what is stored.
//! Contacts from LinkedIn and XING are marked as met online and tagged with the platform; from
//! an address book (a phone's vCards, Google, Outlook) how we met is `unknown`, to be set by hand.

mod decode;
mod table;
mod vcf;

use std::collections::HashMap;

use base64::Engine;
use handschlag_api::{
    Channel, ContactCreate, ContactImport, ContactUpdate, ImportAction, ImportFormat,
    ImportProblem, ImportReport, ImportRow,
};

use crate::contact::{self, checked_email, checked_tag};
use crate::search::fold_words;
use crate::write::Write;
use crate::{Error, Id, Result};

/// How many cards or rows the report shows.
const PREVIEW_ROWS: usize = 10;
/// The element kind that remembers an imported card's `UID` (or a LinkedIn profile address).
const UID: &str = "uid";

/// One card or row, as read.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Incoming {
    /// Where it is in the file: "card 3", "line 12".
    pub at: String,
    pub uid: Option<String>,
    pub name: String,
    pub organization: String,
    pub role: String,
    pub phone: String,
    pub email: String,
    pub town: String,
    pub notes: String,
    pub tags: Vec<String>,
    pub how_met: Option<Channel>,
}

/// A file as read: its contacts, and what could not be read.
pub(crate) struct File {
    format: ImportFormat,
    source: String,
    encoding: &'static str,
    contacts: Vec<Incoming>,
    problems: Vec<ImportProblem>,
    /// A table whose columns are not known: its columns, to be named.
    unmapped: Vec<String>,
}

/// Reads the file of an import request; a file that is not a vCard or table at all is an error.
pub(crate) fn read(request: &ContactImport) -> Result<File> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(request.data.trim())
        .map_err(|_| {
            Error::invalid("the file's data is not base64; send the file's bytes base64-encoded")
        })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::invalid(format!(
            "{} is empty; nothing to import",
            shown(&request.file_name)
        )));
    }
    if bytes.contains(&0) {
        return Err(Error::invalid(format!(
            "{} is not a text file (a spreadsheet?); export the contacts as CSV or vCard (.vcf)",
            shown(&request.file_name)
        )));
    }
    let format = request
        .format
        .unwrap_or_else(|| guess(&request.file_name, &bytes));
    let file = match format {
        ImportFormat::Vcard => {
            let (text, encoding) = decode::text(&decode::unfold(&bytes));
            let (contacts, source, problems) = vcf::read(&text)?;
            File {
                format,
                source,
                encoding,
                contacts,
                problems,
                unmapped: Vec::new(),
            }
        }
        ImportFormat::Csv => {
            let (text, encoding) = decode::text(&bytes);
            let (contacts, source, problems, unmapped) = match table::read(&text, &request.map)? {
                table::Table::Read(contacts, source, problems) => {
                    (contacts, source, problems, Vec::new())
                }
                table::Table::Unmapped(columns) => (Vec::new(), "CSV", Vec::new(), columns),
            };
            File {
                format,
                source: source.to_owned(),
                encoding,
                contacts,
                problems,
                unmapped,
            }
        }
    };
    Ok(file)
}

fn shown(file_name: &str) -> String {
    if file_name.is_empty() {
        "the file".into()
    } else {
        format!("'{file_name}'")
    }
}

/// vCard by the file's extension, else by its content; else a table.
fn guess(file_name: &str, bytes: &[u8]) -> ImportFormat {
    let name = file_name.to_lowercase();
    if name.ends_with(".vcf") || name.ends_with(".vcard") {
        return ImportFormat::Vcard;
    }
    if name.ends_with(".csv") || name.ends_with(".tsv") || name.ends_with(".txt") {
        return ImportFormat::Csv;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_uppercase();
    if head.contains("BEGIN:VCARD") {
        ImportFormat::Vcard
    } else {
        ImportFormat::Csv
    }
}

/// What becomes of each card or row.
pub(crate) struct Plan {
    file: File,
    steps: Vec<Step>,
}

struct Step {
    incoming: Incoming,
    action: ImportAction,
    /// The contact updated (or left as it is).
    target: Option<Id>,
    change: ContactUpdate,
    new_tags: Vec<String>,
    store_uid: bool,
    likely_duplicate_of: Option<String>,
    reason: String,
}

/// A live contact as the matching sees it.
struct Known {
    id: Id,
    name: String,
    organization: String,
    role: String,
    phone: String,
    email: String,
    town: String,
    notes: String,
    tags: Vec<String>,
    uids: Vec<String>,
}

/// Where a key leads: a contact already there, or an earlier card or row of the same file.
#[derive(Clone, Copy)]
enum Found {
    Known(usize),
    Planned(usize),
}

#[derive(Default)]
struct Index {
    by_key: HashMap<String, Found>,
    by_name: HashMap<String, usize>,
}

impl Index {
    fn insert(&mut self, keys: Vec<String>, found: Found) {
        for key in keys {
            self.by_key.entry(key).or_insert(found);
        }
    }
}

/// The keys a contact is found by: its uids, and its folded name with its email or phone.
fn keys(name: &str, email: &str, phone: &str, uids: &[String]) -> Vec<String> {
    let name = fold_words(name);
    let mut keys: Vec<String> = uids.iter().map(|uid| format!("uid {uid}")).collect();
    if !email.is_empty() {
        keys.push(format!("email {name} {}", email.to_lowercase()));
    }
    let digits = phone_digits(phone);
    if !digits.is_empty() {
        keys.push(format!("phone {name} {digits}"));
    }
    keys
}

/// The last eight digits of a phone number: `0171 1234567`, `+49 (0)171 1234567` and
/// `0049 171 1234567` agree on them, and with the name also matching, they are enough.
fn phone_digits(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 6 {
        return String::new();
    }
    digits[digits.len().saturating_sub(8)..].iter().collect()
}

/// Plans the import of `file` against the live contacts of `conn`. A table of unknown columns
/// can be previewed (the report names its columns) but not imported.
pub(crate) fn plan(conn: &rusqlite::Connection, file: File, dry_run: bool) -> Result<Plan> {
    if !dry_run && !file.unmapped.is_empty() {
        return Err(table::unmapped(&file.unmapped));
    }
    let known = known(conn)?;
    let mut index = Index::default();
    for (i, contact) in known.iter().enumerate() {
        let mut uids = contact.uids.clone();
        uids.push(contact.id.to_string());
        index.insert(
            keys(&contact.name, &contact.email, &contact.phone, &uids),
            Found::Known(i),
        );
        index.by_name.entry(fold_words(&contact.name)).or_insert(i);
    }
    let mut steps: Vec<Step> = Vec::with_capacity(file.contacts.len());
    for incoming in &file.contacts {
        let step = step(incoming.clone(), &known, &index, &steps);
        if step.action == ImportAction::New {
            let uids: Vec<String> = step.incoming.uid.iter().cloned().collect();
            let i = &step.incoming;
            index.insert(
                keys(&i.name, &i.email, &i.phone, &uids),
                Found::Planned(steps.len()),
            );
        }
        steps.push(step);
    }
    Ok(Plan { file, steps })
}

fn step(mut incoming: Incoming, known: &[Known], index: &Index, planned: &[Step]) -> Step {
    let mut step = Step {
        incoming: Incoming::default(),
        action: ImportAction::Skipped,
        target: None,
        change: ContactUpdate::default(),
        new_tags: Vec::new(),
        store_uid: false,
        likely_duplicate_of: None,
        reason: String::new(),
    };
    if let Err(reason) = tidy(&mut incoming) {
        step.reason = reason;
        step.incoming = incoming;
        return step;
    }
    let uids: Vec<String> = incoming.uid.iter().cloned().collect();
    let found = keys(&incoming.name, &incoming.email, &incoming.phone, &uids)
        .iter()
        .find_map(|key| index.by_key.get(key).copied());
    match found {
        Some(Found::Planned(earlier)) => {
            step.reason = format!("the same person as {}", planned[earlier].incoming.at);
        }
        Some(Found::Known(i)) => {
            let contact = &known[i];
            step.target = Some(contact.id);
            step.change = filled(contact, &incoming);
            step.new_tags = incoming
                .tags
                .iter()
                .filter(|tag| !contact.tags.contains(tag))
                .cloned()
                .collect();
            step.store_uid = incoming
                .uid
                .as_ref()
                .is_some_and(|uid| *uid != contact.id.to_string() && !contact.uids.contains(uid));
            let changes = step.change
                != ContactUpdate {
                    id: step.change.id.clone(),
                    ..Default::default()
                };
            step.action = if changes || !step.new_tags.is_empty() || step.store_uid {
                ImportAction::Update
            } else {
                ImportAction::Unchanged
            };
        }
        None => {
            step.action = ImportAction::New;
            // Any uid, a UUID too (another notebook's contact id, another app's uid): the new
            // contact gets an id of its own, so the uid is what finds it at the next import.
            step.store_uid = incoming.uid.is_some();
            step.likely_duplicate_of = index
                .by_name
                .get(&fold_words(&incoming.name))
                .map(|i| known[*i].name.clone());
        }
    }
    step.incoming = incoming;
    step
}

/// Checks and tidies one card or row: a name (else the organization, email or phone stands
/// in), a valid email, tags as stored. Err: why it cannot be taken in.
fn tidy(incoming: &mut Incoming) -> std::result::Result<(), String> {
    if incoming.name.trim().is_empty() {
        incoming.name = [&incoming.organization, &incoming.email, &incoming.phone]
            .into_iter()
            .find(|v| !v.trim().is_empty())
            .cloned()
            .ok_or("no name, email or phone number")?;
    }
    incoming.name = incoming.name.trim().to_owned();
    incoming.email = checked_email(&incoming.email).map_err(|e| e.to_string())?;
    let mut tags = Vec::new();
    for tag in &incoming.tags {
        if let Ok(tag) = checked_tag(tag)
            && !tags.contains(&tag)
        {
            tags.push(tag);
        }
    }
    incoming.tags = tags;
    Ok(())
}

/// The fields `incoming` fills that `contact` lacks, and its note lines the contact's notes do
/// not have yet.
fn filled(contact: &Known, incoming: &Incoming) -> ContactUpdate {
    let fill = |stored: &str, new: &str| {
        (stored.is_empty() && !new.trim().is_empty()).then(|| new.trim().to_owned())
    };
    let new_lines: Vec<&str> = incoming
        .notes
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !contact.notes.contains(line))
        .collect();
    let notes = (!new_lines.is_empty()).then(|| {
        let added = new_lines.join("\n");
        if contact.notes.is_empty() {
            added
        } else {
            format!("{}\n{added}", contact.notes)
        }
    });
    ContactUpdate {
        id: contact.id.to_string(),
        organization: fill(&contact.organization, &incoming.organization),
        role: fill(&contact.role, &incoming.role),
        phone: fill(&contact.phone, &incoming.phone),
        email: fill(&contact.email, &incoming.email),
        town: fill(&contact.town, &incoming.town),
        notes,
        ..Default::default()
    }
}

/// Every live contact with its tags and remembered uids.
fn known(conn: &rusqlite::Connection) -> Result<Vec<Known>> {
    let mut elements: HashMap<Id, (Vec<String>, Vec<String>)> = HashMap::new();
    let mut statement = conn.prepare_cached(
        "SELECT e.owner, e.kind, e.value FROM live_element e JOIN contact c ON c.id = e.owner
         WHERE c.deleted = 0 AND e.kind IN ('tag', 'uid')",
    )?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let (tags, uids) = elements.entry(row.get(0)?).or_default();
        let value: String = row.get(2)?;
        if row.get::<_, String>(1)? == UID {
            uids.push(value)
        } else {
            tags.push(value)
        }
    }
    let mut statement = conn.prepare_cached(
        "SELECT id, name, organization, role, phone, email, town, notes FROM contact WHERE deleted = 0",
    )?;
    let rows = statement.query_map([], |row| {
        let id: Id = row.get(0)?;
        let (tags, uids) = elements.remove(&id).unwrap_or_default();
        Ok(Known {
            id,
            name: row.get(1)?,
            organization: row.get(2)?,
            role: row.get(3)?,
            phone: row.get(4)?,
            email: row.get(5)?,
            town: row.get(6)?,
            notes: row.get(7)?,
            tags,
            uids,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many cards or rows are carried out between two reports of progress.
const PROGRESS_EVERY: usize = 500;

/// Carries out a plan: new contacts made, contacts filled in, uids remembered; `progress` hears
/// how many steps are done (done, of all) every few hundred and at the end.
pub(crate) fn apply(
    write: &mut Write<'_>,
    plan: &Plan,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let all = plan.steps.len();
    for (i, step) in plan.steps.iter().enumerate() {
        carry_out(write, step)?;
        let done = i + 1;
        if done % PROGRESS_EVERY == 0 || done == all {
            progress(done, all);
        }
    }
    Ok(())
}

/// Carries out one step; the contact it made or found, `None` for a skipped card or row.
fn carry_out(write: &mut Write<'_>, step: &Step) -> Result<Option<Id>> {
    let i = &step.incoming;
    let id = match (step.action, step.target) {
        (ImportAction::New, _) => contact::create(
            write,
            ContactCreate {
                name: i.name.clone(),
                organization: i.organization.clone(),
                role: i.role.clone(),
                phone: i.phone.clone(),
                email: i.email.clone(),
                town: i.town.clone(),
                notes: i.notes.clone(),
                // An address book does not say how we met: not known, rather than a guess.
                how_met: Some(i.how_met.unwrap_or(Channel::Unknown)),
                tags: i.tags.clone(),
                ..Default::default()
            },
        )?,
        (ImportAction::Update, Some(id)) => {
            contact::update(write, step.change.clone())?;
            for tag in &step.new_tags {
                contact::tag_add(write, id, tag)?;
            }
            id
        }
        (ImportAction::Unchanged, Some(id)) => id,
        (ImportAction::Skipped, _) | (ImportAction::Update | ImportAction::Unchanged, None) => {
            return Ok(None);
        }
    };
    if step.store_uid
        && let Some(uid) = &i.uid
    {
        write.add_element(id, UID, uid)?;
    }
    Ok(Some(id))
}

/// Takes in one person's vCard read from a QR code, met in person: the contact it is (made, or
/// the one already there filled in as an import fills it) and whether it was made.
pub(crate) fn scanned_card(write: &mut Write<'_>, vcard: &str) -> Result<(Id, bool)> {
    let not_a_card = || {
        Error::invalid(
            "this QR code holds no contact card; scan the code of a vCard (a contact), or type the person in",
        )
    };
    if !vcard.trim_start().to_uppercase().starts_with("BEGIN:VCARD") {
        return Err(not_a_card());
    }
    let (text, encoding) = decode::text(&decode::unfold(vcard.as_bytes()));
    let (mut contacts, source, problems) = vcf::read(&text).map_err(|_| not_a_card())?;
    let Some(card) = contacts.first_mut() else {
        return Err(not_a_card());
    };
    card.at = "the scanned card".into();
    card.how_met = Some(Channel::InPerson);
    contacts.truncate(1);
    let file = File {
        format: ImportFormat::Vcard,
        source,
        encoding,
        contacts,
        problems,
        unmapped: Vec::new(),
    };
    let plan = plan(&write.tx, file, false)?;
    let step = &plan.steps[0];
    let id = carry_out(write, step)?.ok_or_else(|| {
        Error::invalid(format!(
            "the scanned card cannot be taken in: {}",
            step.reason
        ))
    })?;
    Ok((id, step.action == ImportAction::New))
}

impl Plan {
    pub(crate) fn report(&self, written: bool) -> ImportReport {
        let count =
            |action: ImportAction| self.steps.iter().filter(|s| s.action == action).count() as u32;
        let mut problems = self.file.problems.clone();
        problems.extend(
            self.steps
                .iter()
                .filter(|s| s.action == ImportAction::Skipped)
                .map(|s| ImportProblem {
                    at: s.incoming.at.clone(),
                    reason: s.reason.clone(),
                }),
        );
        ImportReport {
            format: self.file.format,
            source: self.file.source.clone(),
            encoding: self.file.encoding.to_owned(),
            read: (self.file.contacts.len() + self.file.problems.len()) as u32,
            new: count(ImportAction::New),
            updated: count(ImportAction::Update),
            unchanged: count(ImportAction::Unchanged),
            likely_duplicates: self
                .steps
                .iter()
                .filter(|s| s.likely_duplicate_of.is_some())
                .count() as u32,
            preview: self
                .steps
                .iter()
                .take(PREVIEW_ROWS)
                .map(Step::row)
                .collect(),
            problems,
            columns: self.file.unmapped.clone(),
            written,
        }
    }
}

impl Step {
    fn row(&self) -> ImportRow {
        let i = &self.incoming;
        ImportRow {
            at: i.at.clone(),
            action: self.action,
            name: i.name.clone(),
            organization: i.organization.clone(),
            email: i.email.clone(),
            phone: i.phone.clone(),
            town: i.town.clone(),
            likely_duplicate_of: self.likely_duplicate_of.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
