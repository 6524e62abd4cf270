//! How a page of changes is laid out for the wire: column by column, not change by change.
//!
//! A page is mostly contacts written together, so the same field of neighbouring rows is alike
//! (towns, organizations, "Kontakt Nummer 41", "… 42") and their clocks are nearly equal. Laid
//! out field by field, with each clock as its distance to the row's newest and each row's
//! newest clock as its distance to the previous row's, a compact binary format (postcard in
//! `handschlag_sync::wire`) and deflate find that repetition; change by change they find far
//! less. Ids keep their 8 random bytes raw (nothing shrinks them); their leading time-ordered
//! half travels as the distance to the previous id's.
//!
//! [`Changes`] serializes through [`Columns`] in every serde format, and a page read back is
//! checked whole (lengths agree, every index points at something) before it becomes a
//! [`Changes`]: a damaged page is refused, never half read.

use serde::{Deserialize, Serialize};

use super::{Changes, Key, RecordChange, RowChange, WireValue};

/// A page, column by column. Rows keep their order; records keep theirs (`record_kinds`).
#[derive(Serialize, Deserialize)]
pub(super) struct Columns {
    protocol: u32,
    schema: i64,
    device: Key,
    instance: Key,
    devices: Vec<Key>,
    next_cursor: i64,
    more: bool,
    /// The tables the rows belong to, and how many fields each has.
    tables: Vec<(String, u16)>,
    /// Per row, its table's index in `tables`.
    row_tables: Vec<u8>,
    row_ids: Ids,
    /// Per table: its rows' values, all of the first field, then all of the second …
    values: Vec<Vec<WireValue>>,
    /// Per row: its newest field clock, as the distance to the previous row's.
    row_clocks: Distances,
    /// Per row and field (row by row): how far the field's clock lies behind the row's newest.
    clock_lags: Vec<u64>,
    /// Per row and field: the index into `devices` of the device that wrote it.
    clock_devices: Vec<u16>,
    /// Per record: 0 a check-in, 1 an element, 2 a tombstone.
    record_kinds: Vec<u8>,
    checkins: Checkins,
    elements: Elements,
    tombstones: Tombstones,
}

#[derive(Serialize, Deserialize, Default)]
struct Checkins {
    ids: Ids,
    contacts: Ids,
    events: Vec<Option<Key>>,
    kinds: Vec<String>,
    /// Each as the distance to the previous check-in's.
    at: Distances,
    places: Vec<String>,
    notes: Vec<String>,
    clocks: Clocks,
}

#[derive(Serialize, Deserialize, Default)]
struct Elements {
    ids: Ids,
    owners: Ids,
    kinds: Vec<String>,
    values: Vec<String>,
    clocks: Clocks,
}

#[derive(Serialize, Deserialize, Default)]
struct Tombstones {
    targets: Ids,
    clocks: Clocks,
}

/// 16-byte ids: the leading, time-ordered half as the distance to the previous id's, the
/// random half raw.
#[derive(Serialize, Deserialize, Default)]
struct Ids {
    leading: Distances,
    random: Vec<[u8; 8]>,
}

/// Record clocks: each hlc as the distance to the previous one's, and its device's index.
#[derive(Serialize, Deserialize, Default)]
struct Clocks {
    hlcs: Distances,
    devices: Vec<u16>,
}

/// Numbers that travel as the distances between neighbours (the first from 0): times and
/// clocks written moments apart take a byte or two. On the wire, just the distances.
#[derive(Serialize, Deserialize, Default)]
#[serde(transparent)]
struct Distances {
    distances: Vec<i64>,
    /// The last number pushed, while the page is laid out.
    #[serde(skip)]
    last: i64,
}

impl Distances {
    fn push(&mut self, value: i64) {
        self.distances.push(value.wrapping_sub(self.last));
        self.last = value;
    }

    fn len(&self) -> usize {
        self.distances.len()
    }

    /// The numbers back: running sums of the distances.
    fn into_values(self) -> Vec<i64> {
        let mut value = 0i64;
        self.distances
            .into_iter()
            .map(|distance| {
                value = value.wrapping_add(distance);
                value
            })
            .collect()
    }
}

const CHECKIN: u8 = 0;
const ELEMENT: u8 = 1;
const TOMBSTONE: u8 = 2;

/// Why a page could not be read back.
fn damaged(what: &str) -> String {
    format!("the page is damaged ({what}); update Handschlag on both devices")
}

impl Ids {
    fn push(&mut self, id: &Key) {
        let (leading, random) = id.split_at(8);
        self.leading
            .push(i64::from_be_bytes(leading.try_into().expect("8 bytes")));
        self.random.push(random.try_into().expect("8 bytes"));
    }

    fn into_keys(self) -> Result<Vec<Key>, String> {
        if self.leading.len() != self.random.len() {
            return Err(damaged("ids cut short"));
        }
        Ok(self
            .leading
            .into_values()
            .into_iter()
            .zip(self.random)
            .map(|(leading, random)| {
                let mut key = [0; 16];
                key[..8].copy_from_slice(&leading.to_be_bytes());
                key[8..].copy_from_slice(&random);
                key
            })
            .collect())
    }
}

impl Clocks {
    fn push(&mut self, hlc: u64, device: u16) {
        self.hlcs.push(hlc as i64);
        self.devices.push(device);
    }

    fn into_pairs(self) -> Result<Vec<(u64, u16)>, String> {
        if self.hlcs.len() != self.devices.len() {
            return Err(damaged("clocks cut short"));
        }
        Ok(self
            .hlcs
            .into_values()
            .into_iter()
            .map(|hlc| hlc as u64)
            .zip(self.devices)
            .collect())
    }
}

impl From<Changes> for Columns {
    fn from(page: Changes) -> Self {
        let mut columns = Columns {
            protocol: page.protocol,
            schema: page.schema,
            device: page.device,
            instance: page.instance,
            devices: page.devices,
            next_cursor: page.next_cursor,
            more: page.more,
            tables: Vec::new(),
            row_tables: Vec::with_capacity(page.rows.len()),
            row_ids: Ids::default(),
            values: Vec::new(),
            row_clocks: Distances::default(),
            clock_lags: Vec::new(),
            clock_devices: Vec::new(),
            record_kinds: Vec::with_capacity(page.records.len()),
            checkins: Checkins::default(),
            elements: Elements::default(),
            tombstones: Tombstones::default(),
        };
        columns.add_rows(page.rows);
        columns.add_records(page.records);
        columns
    }
}

impl Columns {
    fn add_rows(&mut self, rows: Vec<RowChange>) {
        let mut by_table: Vec<Vec<Vec<WireValue>>> = Vec::new();
        for row in rows {
            let table = self.table_index(&row.table, row.values.len());
            self.row_tables.push(table as u8);
            self.row_ids.push(&row.id);
            let row_newest = row.clocks.iter().map(|(hlc, _)| *hlc).max().unwrap_or(0);
            self.row_clocks.push(row_newest as i64);
            for (hlc, device) in row.clocks {
                self.clock_lags.push(row_newest - hlc);
                self.clock_devices.push(device);
            }
            by_table.resize_with(self.tables.len(), Vec::new);
            by_table[table].push(row.values);
        }
        self.values = by_table
            .into_iter()
            .zip(&self.tables)
            .map(|(rows, (_, fields))| field_major(rows, usize::from(*fields)))
            .collect();
    }

    /// The index of `table` in `tables`, added with its field count when new. A table whose
    /// rows disagree on their field count cannot come from one schema.
    fn table_index(&mut self, table: &str, fields: usize) -> usize {
        let fields = u16::try_from(fields).expect("a table has fewer than 65,536 fields");
        match self.tables.iter().position(|(name, _)| name == table) {
            Some(index) => {
                assert_eq!(
                    self.tables[index].1, fields,
                    "rows of {table} differ in shape"
                );
                index
            }
            None => {
                self.tables.push((table.to_owned(), fields));
                assert!(self.tables.len() <= 256, "a page holds at most 256 tables");
                self.tables.len() - 1
            }
        }
    }

    fn add_records(&mut self, records: Vec<RecordChange>) {
        for record in records {
            match record {
                RecordChange::Checkin {
                    id,
                    contact,
                    event,
                    kind,
                    at,
                    place,
                    note,
                    hlc,
                    origin,
                } => {
                    self.record_kinds.push(CHECKIN);
                    let checkins = &mut self.checkins;
                    checkins.ids.push(&id);
                    checkins.contacts.push(&contact);
                    checkins.events.push(event);
                    checkins.kinds.push(kind);
                    checkins.at.push(at);
                    checkins.places.push(place);
                    checkins.notes.push(note);
                    checkins.clocks.push(hlc, origin);
                }
                RecordChange::Element {
                    id,
                    owner,
                    kind,
                    value,
                    hlc,
                    origin,
                } => {
                    self.record_kinds.push(ELEMENT);
                    let elements = &mut self.elements;
                    elements.ids.push(&id);
                    elements.owners.push(&owner);
                    elements.kinds.push(kind);
                    elements.values.push(value);
                    elements.clocks.push(hlc, origin);
                }
                RecordChange::Tombstone {
                    target,
                    hlc,
                    origin,
                } => {
                    self.record_kinds.push(TOMBSTONE);
                    self.tombstones.targets.push(&target);
                    self.tombstones.clocks.push(hlc, origin);
                }
            }
        }
    }
}

/// `rows` (each `fields` values) laid out field by field.
fn field_major(rows: Vec<Vec<WireValue>>, fields: usize) -> Vec<WireValue> {
    let mut columns: Vec<Vec<WireValue>> = (0..fields)
        .map(|_| Vec::with_capacity(rows.len()))
        .collect();
    for row in rows {
        for (column, value) in columns.iter_mut().zip(row) {
            column.push(value);
        }
    }
    columns.into_iter().flatten().collect()
}

impl TryFrom<Columns> for Changes {
    type Error = String;

    fn try_from(columns: Columns) -> Result<Self, String> {
        let Columns {
            protocol,
            schema,
            device,
            instance,
            devices,
            next_cursor,
            more,
            tables,
            row_tables,
            row_ids,
            values,
            row_clocks,
            clock_lags,
            clock_devices,
            record_kinds,
            checkins,
            elements,
            tombstones,
        } = columns;
        let clocks = RowClocks {
            newest: row_clocks.into_values(),
            lags: clock_lags,
            devices: clock_devices,
        };
        let rows = rows(&tables, row_tables, row_ids.into_keys()?, values, clocks)?;
        let records = records(record_kinds, checkins, elements, tombstones)?;
        Ok(Changes {
            protocol,
            schema,
            device,
            instance,
            devices,
            rows,
            records,
            next_cursor,
            more,
        })
    }
}

/// The rows' clocks as they travel: each row's newest, and per field its lag and device.
struct RowClocks {
    newest: Vec<i64>,
    lags: Vec<u64>,
    devices: Vec<u16>,
}

/// The rows back in their order, each with its table's fields.
fn rows(
    tables: &[(String, u16)],
    row_tables: Vec<u8>,
    ids: Vec<Key>,
    values: Vec<Vec<WireValue>>,
    clocks: RowClocks,
) -> Result<Vec<RowChange>, String> {
    let count = row_tables.len();
    if ids.len() != count || clocks.newest.len() != count || values.len() != tables.len() {
        return Err(damaged("its rows' columns differ in length"));
    }
    let mut per_table = vec![0usize; tables.len()];
    for table in &row_tables {
        *per_table
            .get_mut(usize::from(*table))
            .ok_or_else(|| damaged("a row names no table"))? += 1;
    }
    let mut fields_in_all = 0usize;
    for (((_, fields), rows), values) in tables.iter().zip(&per_table).zip(&values) {
        if values.len() != usize::from(*fields) * rows {
            return Err(damaged("a table's values do not fill its rows"));
        }
        fields_in_all += usize::from(*fields) * rows;
    }
    if clocks.lags.len() != fields_in_all || clocks.devices.len() != fields_in_all {
        return Err(damaged("the clocks do not fill the rows"));
    }
    let mut values: Vec<Vec<Option<WireValue>>> = values
        .into_iter()
        .map(|table| table.into_iter().map(Some).collect())
        .collect();
    let mut taken = vec![0usize; tables.len()];
    let mut lags = clocks.lags.into_iter().zip(clocks.devices);
    let mut out = Vec::with_capacity(count);
    for ((table, id), newest) in row_tables.into_iter().zip(ids).zip(clocks.newest) {
        let t = usize::from(table);
        let (name, fields) = &tables[t];
        let row = taken[t];
        taken[t] += 1;
        let values = (0..usize::from(*fields))
            .map(|field| {
                values[t][field * per_table[t] + row]
                    .take()
                    .expect("each value once")
            })
            .collect();
        let clocks = (0..*fields)
            .map(|_| {
                let (lag, device) = lags.next().expect("counted above");
                ((newest as u64).wrapping_sub(lag), device)
            })
            .collect();
        out.push(RowChange {
            table: name.clone(),
            id,
            values,
            clocks,
        });
    }
    Ok(out)
}

/// The records back in their order.
fn records(
    kinds: Vec<u8>,
    checkins: Checkins,
    elements: Elements,
    tombstones: Tombstones,
) -> Result<Vec<RecordChange>, String> {
    let mut checkins = checkin_records(checkins)?.into_iter();
    let mut elements = element_records(elements)?.into_iter();
    let mut tombstones = tombstone_records(tombstones)?.into_iter();
    let records = kinds
        .iter()
        .map(|kind| match *kind {
            CHECKIN => checkins.next(),
            ELEMENT => elements.next(),
            TOMBSTONE => tombstones.next(),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| damaged("a record of no kind, or one too few"))?;
    if checkins.next().is_some() || elements.next().is_some() || tombstones.next().is_some() {
        return Err(damaged("a record too many"));
    }
    Ok(records)
}

fn checkin_records(columns: Checkins) -> Result<Vec<RecordChange>, String> {
    let ids = columns.ids.into_keys()?;
    let contacts = columns.contacts.into_keys()?;
    let clocks = columns.clocks.into_pairs()?;
    let count = ids.len();
    let lengths = [
        contacts.len(),
        columns.events.len(),
        columns.kinds.len(),
        columns.at.len(),
        columns.places.len(),
        columns.notes.len(),
        clocks.len(),
    ];
    if lengths.iter().any(|length| *length != count) {
        return Err(damaged("its check-ins' columns differ in length"));
    }
    let mut at = columns.at.into_values().into_iter();
    let mut events = columns.events.into_iter();
    let mut kinds = columns.kinds.into_iter();
    let mut places = columns.places.into_iter();
    let mut notes = columns.notes.into_iter();
    Ok(ids
        .into_iter()
        .zip(contacts)
        .zip(clocks)
        .map(|((id, contact), (hlc, origin))| RecordChange::Checkin {
            id,
            contact,
            event: events.next().expect("lengths checked"),
            kind: kinds.next().expect("lengths checked"),
            at: at.next().expect("lengths checked"),
            place: places.next().expect("lengths checked"),
            note: notes.next().expect("lengths checked"),
            hlc,
            origin,
        })
        .collect())
}

fn element_records(columns: Elements) -> Result<Vec<RecordChange>, String> {
    let ids = columns.ids.into_keys()?;
    let owners = columns.owners.into_keys()?;
    let clocks = columns.clocks.into_pairs()?;
    let count = ids.len();
    let lengths = [
        owners.len(),
        columns.kinds.len(),
        columns.values.len(),
        clocks.len(),
    ];
    if lengths.iter().any(|length| *length != count) {
        return Err(damaged("its elements' columns differ in length"));
    }
    Ok(ids
        .into_iter()
        .zip(owners)
        .zip(columns.kinds)
        .zip(columns.values)
        .zip(clocks)
        .map(
            |((((id, owner), kind), value), (hlc, origin))| RecordChange::Element {
                id,
                owner,
                kind,
                value,
                hlc,
                origin,
            },
        )
        .collect())
}

fn tombstone_records(columns: Tombstones) -> Result<Vec<RecordChange>, String> {
    let targets = columns.targets.into_keys()?;
    let clocks = columns.clocks.into_pairs()?;
    if targets.len() != clocks.len() {
        return Err(damaged("its tombstones' columns differ in length"));
    }
    Ok(targets
        .into_iter()
        .zip(clocks)
        .map(|(target, (hlc, origin))| RecordChange::Tombstone {
            target,
            hlc,
            origin,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use handschlag_api::{CheckinCreate, ContactCreate, Handler, IdRequest, TagChange};

    use super::*;
    use crate::Notebook;
    use crate::db::tests::{CountingEntropy, FixedClock};

    /// A page with every kind of change: contacts (rows), a check-in, a tag (an element) and a
    /// removed tag (a tombstone), an event (a row of another table), interleaved.
    fn page() -> Changes {
        let mut phone = Notebook::open_in_memory(
            Box::new(FixedClock(1_783_166_400_000)),
            Box::new(CountingEntropy(0)),
        )
        .unwrap();
        for name in ["Anna Bauer", "Jürgen Müller", "Eva Weiß"] {
            let contact = phone
                .contact_create(ContactCreate {
                    name: name.into(),
                    town: "Musterstadt".into(),
                    ..Default::default()
                })
                .unwrap();
            let tag = |tag: &str| TagChange {
                contact_id: contact.id.clone(),
                tag: tag.into(),
            };
            phone.contact_tag_add(tag("kunde")).unwrap();
            let checkin = phone
                .checkin_create(CheckinCreate {
                    contact_id: contact.id.clone(),
                    note: format!("met {name}"),
                    ..Default::default()
                })
                .unwrap();
            phone.contact_tag_remove(tag("kunde")).unwrap();
            if name == "Eva Weiß" {
                phone.checkin_retract(IdRequest { id: checkin.id }).unwrap();
            }
        }
        phone.changes_since(0, 100).unwrap()
    }

    #[test]
    fn a_page_reads_back_exactly_as_it_was_sent() {
        let page = page();
        let kinds = |page: &Changes| {
            page.records
                .iter()
                .map(|record| match record {
                    RecordChange::Checkin { .. } => CHECKIN,
                    RecordChange::Element { .. } => ELEMENT,
                    RecordChange::Tombstone { .. } => TOMBSTONE,
                })
                .collect::<std::collections::BTreeSet<_>>()
        };
        assert_eq!(kinds(&page).len(), 3, "every kind of record is in the page");
        let sent = serde_json::to_value(&page).unwrap();
        let read: Changes = serde_json::from_value(sent).unwrap();
        assert_eq!(read, page);
    }

    #[test]
    fn a_damaged_page_is_refused_whole() {
        let columns = |damage: fn(&mut Columns)| {
            let mut columns = Columns::from(page());
            damage(&mut columns);
            Changes::try_from(columns).unwrap_err()
        };
        let cut = columns(|c| {
            c.row_ids.random.pop();
        });
        assert!(cut.contains("ids cut short"), "{cut}");
        let no_table = columns(|c| c.row_tables[0] = 9);
        assert!(no_table.contains("a row names no table"), "{no_table}");
        let short = columns(|c| {
            c.values[0].pop();
        });
        assert!(short.contains("values do not fill its rows"), "{short}");
        let clocks = columns(|c| {
            c.clock_lags.pop();
        });
        assert!(clocks.contains("clocks do not fill the rows"), "{clocks}");
        let kind = columns(|c| c.record_kinds[0] = 7);
        assert!(kind.contains("a record of no kind"), "{kind}");
        let extra = columns(|c| {
            c.record_kinds.pop();
        });
        assert!(extra.contains("a record too many"), "{extra}");
        let checkins = columns(|c| {
            c.checkins.notes.pop();
        });
        assert!(checkins.contains("check-ins' columns differ"), "{checkins}");
        assert!(checkins.ends_with("update Handschlag on both devices"));
    }
}
