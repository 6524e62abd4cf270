//! Contacts from a table of comma-, semicolon- or tab-separated values: LinkedIn's
//! `Connections.csv` (a notes preamble before its header), Google Contacts (the current and the
//! old layout, several values in a cell joined by ` ::: `), Outlook with English or German
//! headers, or any table whose columns `map` names. The header is searched for, not assumed to
//! be the first line; the delimiter is the one the header line uses most.

use handschlag_api::{Channel, ColumnMap, ImportField, ImportProblem};

use super::Incoming;
use crate::{Error, Result};

/// How many lines before the header a file may have (LinkedIn writes three).
const PREAMBLE_LINES: usize = 20;

/// Header names (lowercase) of the layouts known, each with the field it fills. Where several
/// columns fill one field, the first non-empty one in this order wins: a mobile number before
/// an office one, a business town before a private one.
const ALIASES: &[(&str, ImportField)] = &[
    ("name", ImportField::Name),
    ("full name", ImportField::Name),
    ("display name", ImportField::Name),
    ("anzeigename", ImportField::Name),
    ("first name", ImportField::FirstName),
    ("given name", ImportField::FirstName),
    ("vorname", ImportField::FirstName),
    ("last name", ImportField::LastName),
    ("family name", ImportField::LastName),
    ("nachname", ImportField::LastName),
    ("company", ImportField::Organization),
    ("organization name", ImportField::Organization),
    ("organization 1 - name", ImportField::Organization),
    ("organization", ImportField::Organization),
    ("firma", ImportField::Organization),
    ("position", ImportField::Role),
    ("job title", ImportField::Role),
    ("organization title", ImportField::Role),
    ("organization 1 - title", ImportField::Role),
    ("role", ImportField::Role),
    ("mobile phone", ImportField::Phone),
    ("mobiltelefon", ImportField::Phone),
    ("phone 1 - value", ImportField::Phone),
    ("business phone", ImportField::Phone),
    ("telefon geschäftlich", ImportField::Phone),
    ("primary phone", ImportField::Phone),
    ("home phone", ImportField::Phone),
    ("telefon privat", ImportField::Phone),
    ("phone", ImportField::Phone),
    ("telefon", ImportField::Phone),
    ("email address", ImportField::Email),
    ("e-mail address", ImportField::Email),
    ("e-mail-adresse", ImportField::Email),
    ("e-mail 1 - value", ImportField::Email),
    ("email", ImportField::Email),
    ("e-mail", ImportField::Email),
    ("business city", ImportField::Town),
    ("ort geschäftlich", ImportField::Town),
    ("home city", ImportField::Town),
    ("ort privat", ImportField::Town),
    ("address 1 - city", ImportField::Town),
    ("city", ImportField::Town),
    ("town", ImportField::Town),
    ("ort", ImportField::Town),
    ("notes", ImportField::Notes),
    ("notizen", ImportField::Notes),
    ("note", ImportField::Notes),
    ("labels", ImportField::Tags),
    ("group membership", ImportField::Tags),
    ("categories", ImportField::Tags),
    ("tags", ImportField::Tags),
    ("kategorien", ImportField::Tags),
];

/// Google's labels every contact carries; not tags anyone chose.
const SYSTEM_LABELS: &[&str] = &["myContacts", "My Contacts", "starred", "Starred"];

/// A table as read.
pub(crate) enum Table {
    /// Its contacts, where it came from, and the rows that could not be read.
    Read(Vec<Incoming>, &'static str, Vec<ImportProblem>),
    /// No column is one Handschlag knows (nor one `map` names): the columns of its header, to
    /// be named.
    Unmapped(Vec<String>),
}

/// Reads a table; one whose columns are not known is `Unmapped`, not an error.
pub(crate) fn read(text: &str, map: &[ColumnMap]) -> Result<Table> {
    let Some((header_line, delimiter)) = find_header(text, map) else {
        let first = text
            .lines()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("");
        return Ok(Table::Unmapped(cells(first, delimiter(first))));
    };
    let body: usize = text
        .split_inclusive('\n')
        .take(header_line)
        .map(str::len)
        .sum();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(&text.as_bytes()[body..]);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| unreadable(&e))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let Some(layout) = Layout::new(&header, map)? else {
        return Ok(Table::Unmapped(header));
    };
    let mut contacts = Vec::new();
    let mut problems = Vec::new();
    let mut lines = Lines::new(&text[body..], header_line);
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = lines.at(e.position().map_or(0, |p| p.byte() as usize));
                problems.push(ImportProblem {
                    at: format!("line {line}"),
                    reason: format!("not a readable row: {e}"),
                });
                continue;
            }
        };
        let line = lines.at(record.position().map_or(0, |p| p.byte() as usize));
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        contacts.push(layout.contact(&record, format!("line {line}")));
    }
    Ok(Table::Read(contacts, layout.source, problems))
}

/// The line (counting from 1) a byte of the table's text is on, for rows read in order.
struct Lines<'t> {
    text: &'t str,
    byte: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    /// `text` begins on the line after `skipped` lines.
    fn new(text: &'t str, skipped: usize) -> Self {
        Lines {
            text,
            byte: 0,
            line: skipped + 1,
        }
    }

    /// The line of the row starting at `byte` (after a CRLF the reader's row may start at the
    /// LF ending the line before).
    fn at(&mut self, byte: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut byte = byte.min(bytes.len());
        while bytes.get(byte).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            byte += 1;
        }
        if byte > self.byte {
            self.line += bytes[self.byte..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            self.byte = byte;
        }
        self.line
    }
}

/// The header's line number (counting from 0) and the delimiter: the first of the first lines
/// that names a known column (or one `map` names).
fn find_header(text: &str, map: &[ColumnMap]) -> Option<(usize, u8)> {
    text.lines()
        .take(PREAMBLE_LINES)
        .enumerate()
        .find_map(|(number, line)| {
            let delimiter = delimiter(line);
            let known = cells(line, delimiter).iter().any(|cell| {
                field_of(cell).is_some() || map.iter().any(|m| m.column.trim() == cell.as_str())
            });
            known.then_some((number, delimiter))
        })
}

/// Why a table of unknown columns cannot be imported as it is, and how to name them.
pub(crate) fn unmapped(columns: &[String]) -> Error {
    Error::invalid(format!(
        "no column of this table holds a name, an email or a phone number that Handschlag \
         recognizes; its columns are: {}. Name what each holds, e.g. --map \"{}=name\"",
        columns.join(" | "),
        columns.first().map_or("Kunde", String::as_str)
    ))
}

/// The delimiter a header line uses most: `;` (German Excel and Outlook), `,` or a tab.
fn delimiter(line: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

fn cells(line: &str, delimiter: u8) -> Vec<String> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .from_reader(line.as_bytes())
        .records()
        .next()
        .and_then(|record| record.ok())
        .map(|record| record.iter().map(|c| c.trim().to_owned()).collect())
        .unwrap_or_default()
}

fn field_of(header: &str) -> Option<ImportField> {
    let header = header.trim().to_lowercase();
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == header)
        .map(|(_, field)| *field)
}

fn unreadable(e: &csv::Error) -> Error {
    Error::invalid(format!(
        "the file is not a table Handschlag can read ({e}); export it again as CSV"
    ))
}

/// Which column fills which field, and what the header says the file is.
struct Layout {
    /// Per field, its columns in the order of `ALIASES` (or of `map`).
    columns: Vec<(ImportField, Vec<usize>)>,
    source: &'static str,
    how_met: Option<Channel>,
    /// LinkedIn: the profile address and the date of connecting, kept in the notes.
    profile: Option<usize>,
    connected: Option<usize>,
    /// A Handschlag table's `Id` column: the contact it came from.
    id: Option<usize>,
}

impl Layout {
    /// The layout of a header; None when no column holds a name, email or phone.
    fn new(header: &[String], map: &[ColumnMap]) -> Result<Option<Layout>> {
        let lower: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
        let has = |name: &str| lower.iter().position(|h| h == name);
        let mut columns: Vec<(ImportField, Vec<usize>)> = Vec::new();
        let mut add =
            |field: ImportField, column: usize| match columns.iter_mut().find(|(f, _)| *f == field)
            {
                Some((_, list)) => list.push(column),
                None => columns.push((field, vec![column])),
            };
        if map.is_empty() {
            for (alias, field) in ALIASES {
                if let Some(column) = has(alias) {
                    add(*field, column);
                }
            }
        } else {
            for entry in map {
                let column = header
                    .iter()
                    .position(|h| h == entry.column.trim())
                    .ok_or_else(|| {
                        Error::invalid(format!(
                            "the table has no column '{}'; its columns are: {}",
                            entry.column,
                            header.join(" | ")
                        ))
                    })?;
                add(entry.field, column);
            }
        }
        let names = columns.iter().any(|(f, _)| {
            matches!(
                f,
                ImportField::Name | ImportField::FirstName | ImportField::LastName
            )
        });
        let reaches = columns
            .iter()
            .any(|(f, _)| matches!(f, ImportField::Email | ImportField::Phone));
        if !names && !reaches {
            return Ok(None);
        }
        let linkedin = has("connected on").is_some() && has("url").is_some();
        let (source, how_met) = if linkedin {
            ("LinkedIn", Some(Channel::Online))
        } else if has("labels").is_some() || has("group membership").is_some() {
            ("Google Contacts", None)
        } else if has("e-mail-adresse").is_some() || has("ort geschäftlich").is_some() {
            ("Outlook (Deutsch)", None)
        } else if has("e-mail address").is_some() || has("business city").is_some() {
            ("Outlook", None)
        } else {
            ("CSV", None)
        };
        Ok(Some(Layout {
            columns,
            source,
            how_met,
            profile: linkedin.then(|| has("url")).flatten(),
            connected: has("connected on"),
            id: has("id"),
        }))
    }

    /// The first non-empty value of a field's columns; of a Google cell holding several
    /// values (` ::: `), the first.
    fn value(&self, record: &csv::StringRecord, field: ImportField) -> String {
        self.cells(record, field)
            .into_iter()
            .find_map(|cell| cell.split(" ::: ").map(str::trim).find(|v| !v.is_empty()))
            .unwrap_or_default()
            .to_owned()
    }

    fn cells<'r>(&self, record: &'r csv::StringRecord, field: ImportField) -> Vec<&'r str> {
        self.columns
            .iter()
            .filter(|(f, _)| *f == field)
            .flat_map(|(_, columns)| columns.iter().filter_map(|c| record.get(*c)))
            .collect()
    }

    fn contact(&self, record: &csv::StringRecord, at: String) -> Incoming {
        let given = self.value(record, ImportField::FirstName);
        let family = self.value(record, ImportField::LastName);
        let mut name = self.value(record, ImportField::Name);
        if name.is_empty() {
            name = [given.as_str(), family.as_str()]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
        }
        let mut notes = self.value(record, ImportField::Notes);
        let profile = self
            .profile
            .and_then(|c| record.get(c))
            .unwrap_or("")
            .trim();
        if !profile.is_empty() {
            let connected = self
                .connected
                .and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(|d| format!(" (connected {d})"))
                .unwrap_or_default();
            let line = format!("LinkedIn: {profile}{connected}");
            notes = if notes.is_empty() {
                line
            } else {
                format!("{notes}\n{line}")
            };
        }
        let mut tags: Vec<String> = self
            .cells(record, ImportField::Tags)
            .into_iter()
            .flat_map(|cell| cell.split([':', ',', ';']))
            .map(|label| label.trim().trim_start_matches('*').trim().to_owned())
            .filter(|label| !label.is_empty() && !SYSTEM_LABELS.contains(&label.as_str()))
            .collect();
        if self.source == "LinkedIn" {
            tags.push("LinkedIn".into());
        }
        let id = self.id.and_then(|c| record.get(c)).unwrap_or("").trim();
        let uid = [profile, id].into_iter().find(|uid| !uid.is_empty());
        Incoming {
            at,
            uid: uid.map(str::to_owned),
            name,
            organization: self.value(record, ImportField::Organization),
            role: self.value(record, ImportField::Role),
            phone: self.value(record, ImportField::Phone),
            email: self.value(record, ImportField::Email),
            town: self.value(record, ImportField::Town),
            notes,
            tags,
            how_met: self.how_met,
        }
    }
}
