//! Contacts as a CSV table (RFC 4180, UTF-8, a header row) for a spreadsheet or another app:
//! one row per live contact. Its columns are ones `handschlag import` recognizes, the contact's
//! id among them, so importing the table again updates the contacts instead of adding them.

use handschlag_api::Contact;

use crate::Result;

const HEADER: [&str; 12] = [
    "Name",
    "Organization",
    "Role",
    "Phone",
    "Email",
    "Town",
    "Tags",
    "Notes",
    "How met",
    "Met in person",
    "Last met",
    "Id",
];

/// Every contact in `contacts` as one table.
pub(crate) fn table(contacts: &[Contact]) -> Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed =
        |e: csv::Error| crate::Error::invalid(format!("the table could not be written: {e}"));
    writer.write_record(HEADER).map_err(failed)?;
    for c in contacts {
        let last_met = c.last_met_at.map(crate::time::utc_date).unwrap_or_default();
        writer
            .write_record([
                c.name.as_str(),
                &c.organization,
                &c.role,
                &c.phone,
                &c.email,
                &c.town,
                &c.tags.join(", "),
                &c.notes,
                c.how_met.as_str(),
                if c.met_in_person { "yes" } else { "no" },
                &last_met,
                &c.id,
            ])
            .map_err(failed)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| crate::Error::invalid(format!("the table could not be written: {e}")))?;
    Ok(String::from_utf8(bytes).expect("the fields are UTF-8"))
}
