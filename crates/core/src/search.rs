//! Search as a German user expects it: case- and diacritic-insensitive, prefix and substring,
//! transliteration both ways (`mueller`, `muller` and `Müll` all find "Jürgen Müller"; `weiss`
//! finds "Weiß").
//!
//! Both the indexed text and the query are folded in Rust: lowercase, then two spellings — the
//! transliterated one (ä→ae, ö→oe, ü→ue, ß→ss) and the stripped one (ä→a, é→e, ß→ss). The index
//! holds both spellings; each query word matches if either of its spellings occurs as a
//! substring (FTS5 trigram index `contact_search`). Trigrams cannot index words shorter than
//! three letters: a query of only such words (the first keystrokes) matches word prefixes in a
//! second index, `contact_words`. Results list contacts whose name matches first, then the
//! others, each newest first.
//!
//! The indexes are kept lazily: every write and merge only notes the contact in `search_stale`,
//! and the next search indexes what is stale — with the contact's duplicate keys
//! ([`crate::duplicate::index`]). In the app a background indexer does it a slice at a time after
//! a sync, and a search meanwhile indexes one slice and says how many contacts still wait
//! ([`crate::Notebook::searchable`]).

use unicode_normalization::UnicodeNormalization;

use crate::write::Write;
use crate::{Id, Result};

/// The transliterated and the stripped folding of `text`: `("juergen mueller", "jurgen muller")`.
pub fn fold(text: &str) -> (String, String) {
    let lower = text.to_lowercase();
    let mut transliterated = String::with_capacity(lower.len() + 4);
    let mut stripped = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c.is_ascii() {
            transliterated.push(c);
            stripped.push(c);
            continue;
        }
        let (as_transliterated, as_stripped) = match c {
            'ä' => ("ae", "a"),
            'ö' => ("oe", "o"),
            'ü' => ("ue", "u"),
            'ß' => ("ss", "ss"),
            // Letters that no Unicode decomposition takes apart: "lukasz" finds "Łukasz",
            // "yildiz" finds "Yıldız", "soren" and "soeren" find "Søren".
            'ł' => ("l", "l"),
            'ı' => ("i", "i"),
            'ø' => ("oe", "o"),
            'æ' => ("ae", "ae"),
            'œ' => ("oe", "oe"),
            'đ' | 'ð' => ("d", "d"),
            'þ' => ("th", "th"),
            _ => {
                for base in std::iter::once(c).nfd().filter(|c| !is_combining_mark(*c)) {
                    transliterated.push(base);
                    stripped.push(base);
                }
                continue;
            }
        };
        transliterated.push_str(as_transliterated);
        stripped.push_str(as_stripped);
    }
    (transliterated, stripped)
}

/// A name as matching compares it: transliterated and its words single-spaced, so "Jürgen
/// Müller", "juergen  mueller" and "JÜRGEN MÜLLER" are one name.
pub(crate) fn fold_words(text: &str) -> String {
    fold(text)
        .0
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// The folded text stored in the index: both spellings when they differ.
fn indexed(text: &str) -> String {
    let (transliterated, stripped) = fold(text);
    if transliterated == stripped {
        transliterated
    } else {
        format!("{transliterated} {stripped}")
    }
}

/// Notes that a write or a merge changed a contact's searchable text (the write path does, once
/// per contact, when the write settles). Its entry is rewritten by
/// [`catch_up`] before the next search: writes stay cheap (tokenizing into three FTS5 tables
/// cost ~8× a plain INSERT per contact), and a large sync page does not tokenize as it merges.
pub(crate) fn mark_stale(conn: &rusqlite::Connection, contact: Id) -> Result<()> {
    conn.prepare_cached("INSERT INTO search_stale (contact) VALUES (?1) ON CONFLICT DO NOTHING")?
        .execute([contact])?;
    Ok(())
}

/// A stale contact as the catch-up reads it: its search text folded, or `None` when deleted.
struct Stale {
    id: Id,
    seq: i64,
    /// Has search entries (and duplicate keys) to remove first.
    indexed: bool,
    /// Name, organization, town, tags and notes, folded ([`indexed`]).
    text: Option<[String; 5]>,
    keys: crate::duplicate::Keys,
}

/// Rewrites the search entries (and duplicate keys) of up to `slice` contacts changed since they
/// were last indexed, removing those of deleted contacts; returns how many it indexed. Each FTS5
/// table gets its removals, then its entries, in ascending rowid order: FTS5 writes out its
/// pending terms whenever a rowid is not above the last one, which one removal and one entry per
/// contact in turn made it do every time (50,000 imported contacts took 100 s to index).
pub(crate) fn catch_up(write: &mut Write<'_>, slice: usize) -> Result<usize> {
    let (Some(last), mut stale) = read_stale(&write.tx, slice)? else {
        return Ok(0);
    };
    stale.sort_by_key(|contact| contact.seq);
    for table in ["contact_names", "contact_search", "contact_words"] {
        let mut remove = write
            .tx
            .prepare_cached(&format!("DELETE FROM {table} WHERE rowid = ?1"))?;
        for contact in stale.iter().filter(|contact| contact.indexed) {
            remove.execute([contact.seq])?;
        }
    }
    let live = stale
        .iter()
        .filter_map(|contact| Some((contact.seq, contact.text.as_ref()?)));
    let mut names = write
        .tx
        .prepare_cached("INSERT INTO contact_names (rowid, name) VALUES (?1, ?2)")?;
    for (seq, [name, ..]) in live.clone() {
        names.execute((seq, name))?;
    }
    for table in ["contact_search", "contact_words"] {
        let mut insert = write.tx.prepare_cached(&format!(
            "INSERT INTO {table} (rowid, name, organization, town, tags, notes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        ))?;
        for (seq, [name, organization, town, tags, notes]) in live.clone() {
            insert.execute((seq, name, organization, town, tags, notes))?;
        }
    }
    let keys: Vec<_> = stale
        .iter()
        .map(|contact| (contact.id, contact.indexed, &contact.keys))
        .collect();
    crate::duplicate::index(&write.tx, &keys)?;
    // The stale contacts were taken in key order: they are the ones up to the last taken.
    write
        .tx
        .prepare_cached("DELETE FROM search_stale WHERE contact <= ?1")?
        .execute([last])?;
    Ok(stale.len())
}

/// The first `slice` contacts marked stale, in key order, read in one pass: the last mark taken
/// and the contacts (a mark for a contact not here yet — a tag that arrived first — is dropped:
/// the contact's arrival marks it again).
fn read_stale(conn: &rusqlite::Connection, slice: usize) -> Result<(Option<Id>, Vec<Stale>)> {
    let mut statement = conn.prepare_cached(
        "SELECT s.contact, c.seq, c.deleted, c.name, c.organization, c.town,
            (SELECT group_concat(value, ' ') FROM live_element e
             WHERE e.owner = c.id AND e.kind = 'tag'), c.notes, c.email, c.phone,
            EXISTS (SELECT 1 FROM contact_search x WHERE x.rowid = c.seq)
         FROM search_stale s LEFT JOIN contact c ON c.id = s.contact
         ORDER BY s.contact LIMIT ?1",
    )?;
    let mut rows = statement.query([i64::try_from(slice).unwrap_or(i64::MAX)])?;
    let (mut last, mut stale) = (None, Vec::new());
    while let Some(row) = rows.next()? {
        let id: Id = row.get(0)?;
        last = Some(id);
        let Some(seq) = row.get::<_, Option<i64>>(1)? else {
            continue;
        };
        let name: String = row.get(3)?;
        let folded = |i: usize| -> rusqlite::Result<String> {
            Ok(indexed(
                &row.get::<_, Option<String>>(i)?.unwrap_or_default(),
            ))
        };
        let (text, keys) = if row.get::<_, i64>(2)? == 0 {
            let text = [
                indexed(&name),
                folded(4)?,
                folded(5)?,
                folded(6)?,
                folded(7)?,
            ];
            let keys =
                crate::duplicate::keys(&name, &row.get::<_, String>(8)?, &row.get::<_, String>(9)?);
            (Some(text), keys)
        } else {
            (None, Vec::new())
        };
        stale.push(Stale {
            id,
            seq,
            indexed: row.get(10)?,
            text,
            keys,
        });
    }
    Ok((last, stale))
}

/// How many contacts wait to be indexed for search.
pub(crate) fn waiting(conn: &rusqlite::Connection) -> Result<usize> {
    let waiting: i64 = conn
        .prepare_cached("SELECT count(*) FROM search_stale")?
        .query_row([], |row| row.get(0))?;
    Ok(waiting as usize)
}

/// A parsed query. Words of three letters or more match substrings in the trigram indexes
/// (words shorter than that are checked with LIKE on the matched rows only); a query of only
/// short words — the first keystrokes — matches word prefixes in `contact_words`.
pub(crate) struct Query {
    index: Index,
    /// FTS5 expression: every word matches somewhere.
    all: String,
    /// FTS5 expression for the first word, to rank name matches first.
    first: String,
    /// More than one condition: a name match of the first word alone is not yet a match.
    several: bool,
    /// LIKE conditions for short words beside long ones, with `{alias}` for the table alias.
    likes: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Index {
    Words,
    Trigrams,
}

/// The ranking tiers: contacts whose name matches the first word, then the rest.
#[derive(Clone, Copy)]
pub(crate) enum Tier {
    All,
    NameMatches,
    OtherMatches,
}

impl Query {
    pub fn parse(text: &str) -> Option<Query> {
        let words: Vec<(String, String)> = text
            .split(|c: char| !c.is_alphanumeric() && !matches!(c, '@' | '.' | '+' | '-'))
            .filter(|word| !word.is_empty())
            .map(fold)
            .collect();
        let is_long = |(t, s): &&(String, String)| t.chars().count() >= 3 && s.chars().count() >= 3;
        let (long, short): (Vec<_>, Vec<_>) = words.iter().partition(is_long);
        // One phrase when both spellings agree: FTS5 evaluates both sides of an OR even when
        // they are the same, which triples the cost of a two-word trigram query.
        let term = |(transliterated, stripped): &&(String, String), prefix: &str| {
            if transliterated == stripped {
                format!("{}{prefix}", phrase(transliterated))
            } else {
                format!(
                    "({}{prefix} OR {}{prefix})",
                    phrase(transliterated),
                    phrase(stripped)
                )
            }
        };
        let (index, terms, likes) = if long.is_empty() {
            (
                Index::Words,
                short.iter().map(|w| term(w, "*")).collect::<Vec<_>>(),
                Vec::new(),
            )
        } else {
            (
                Index::Trigrams,
                long.iter().map(|w| term(w, "")).collect(),
                short.iter().map(|w| like(w)).collect(),
            )
        };
        let first = terms.first()?.clone();
        let several = terms.len() > 1 || !likes.is_empty();
        Some(Query {
            index,
            all: terms.join(" AND "),
            first,
            several,
            likes,
        })
    }

    /// `FROM … WHERE …` selecting the contacts `c` of one tier from an index aliased `x`, whose
    /// rowid order (newest first) ranks within the tier.
    pub fn tier(&self, tier: Tier) -> String {
        let from =
            |table: &str| format!("FROM {table} x CROSS JOIN contact c ON c.seq = x.rowid WHERE");
        let likes = |alias: &str| -> String {
            self.likes
                .iter()
                .map(|like| format!(" AND {}", like.replace("{alias}", alias)))
                .collect()
        };
        match (self.index, tier) {
            (Index::Words, Tier::All) => format!(
                "{} {}",
                from("contact_words"),
                matches("contact_words", &self.all)
            ),
            (Index::Words, Tier::NameMatches) => {
                let expression = format!("({}) AND name : {}", self.all, self.first);
                format!(
                    "{} {}",
                    from("contact_words"),
                    matches("contact_words", &expression)
                )
            }
            (Index::Words, Tier::OtherMatches) => {
                let expression = format!("({}) NOT name : {}", self.all, self.first);
                format!(
                    "{} {}",
                    from("contact_words"),
                    matches("contact_words", &expression)
                )
            }
            (Index::Trigrams, Tier::All) => {
                format!(
                    "{} {}{}",
                    from("contact_search"),
                    matches("contact_search", &self.all),
                    likes("x")
                )
            }
            // With several conditions the full match is evaluated anyway; a column filter on it
            // ranks names first at little extra cost.
            (Index::Trigrams, Tier::NameMatches) if self.several => {
                let expression = format!("({}) AND name : {}", self.all, self.first);
                format!(
                    "{} {}{}",
                    from("contact_search"),
                    matches("contact_search", &expression),
                    likes("x")
                )
            }
            (Index::Trigrams, Tier::OtherMatches) if self.several => {
                let expression = format!("({}) NOT name : {}", self.all, self.first);
                format!(
                    "{} {}{}",
                    from("contact_search"),
                    matches("contact_search", &expression),
                    likes("x")
                )
            }
            // One word: names have their own small index, which is far cheaper than a column
            // filter that reads the positions of every match in the big one.
            (Index::Trigrams, Tier::NameMatches) => {
                format!(
                    "{} {}",
                    from("contact_names"),
                    matches("contact_names", &self.first)
                )
            }
            (Index::Trigrams, Tier::OtherMatches) => format!(
                "{} {} AND x.rowid NOT IN (SELECT rowid FROM contact_names WHERE {})",
                from("contact_search"),
                matches("contact_search", &self.all),
                matches("contact_names", &self.first)
            ),
        }
    }

    /// A count of all matches from the index alone, when no LIKE condition applies (deleted
    /// contacts are not in the index).
    pub fn count_all(&self) -> Option<String> {
        let table = match self.index {
            Index::Words => "contact_words",
            Index::Trigrams if self.likes.is_empty() => "contact_search",
            Index::Trigrams => return None,
        };
        Some(format!(
            "SELECT count(*) FROM {table} WHERE {}",
            matches(table, &self.all)
        ))
    }
}

/// `table MATCH 'expression'`, the expression as an SQL literal.
fn matches(table: &str, expression: &str) -> String {
    format!("{table} MATCH '{}'", expression.replace('\'', "''"))
}

/// A LIKE condition matching either spelling of a short word anywhere in a contact's text.
fn like((transliterated, stripped): &(String, String)) -> String {
    let alternatives: Vec<String> = [transliterated, stripped]
        .iter()
        .flat_map(|spelling| {
            let pattern = format!("'%{}%'", escape_like(spelling).replace('\'', "''"));
            ["name", "organization", "town", "tags", "notes"]
                .map(move |column| format!("{{alias}}.{column} LIKE {pattern} ESCAPE '\\'"))
        })
        .collect();
    format!("({})", alternatives.join(" OR "))
}

fn phrase(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[cfg(test)]
mod tests {
    use handschlag_api::{ContactCreate, ContactQuery, Handler};

    use super::*;
    use crate::system::{OsEntropy, SystemClock};
    use crate::{Notebook, SEARCH_SLICE};

    #[test]
    fn a_mark_for_a_contact_not_here_yet_is_dropped_and_the_others_are_indexed() {
        let mut notebook =
            Notebook::open_in_memory(Box::new(SystemClock), Box::new(OsEntropy)).unwrap();
        for name in ["Jürgen Müller", "Eva Weiß"] {
            notebook
                .contact_create(ContactCreate {
                    name: name.into(),
                    ..Default::default()
                })
                .unwrap();
        }
        // A tag synced before its contact marks a contact this notebook does not have.
        for id in [[0u8; 16], [0xff; 16]] {
            mark_stale(&notebook.conn, Id(id)).unwrap();
        }
        assert_eq!(notebook.catch_up_search().unwrap(), 2);
        assert_eq!(waiting(&notebook.conn).unwrap(), 0);
        let found = notebook
            .contact_list(ContactQuery {
                query: "weiss".into(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.contacts[0].name, "Eva Weiß");
    }

    #[test]
    fn with_a_background_indexer_a_search_indexes_one_slice_and_says_how_many_wait() {
        let mut notebook =
            Notebook::open_in_memory(Box::new(SystemClock), Box::new(OsEntropy)).unwrap();
        let arrived = SEARCH_SLICE * 2 + 10;
        for i in 0..arrived {
            notebook
                .contact_create(ContactCreate {
                    name: format!("Müller {i}"),
                    ..Default::default()
                })
                .unwrap();
        }
        notebook.index_search_in_background();
        let search = |notebook: &mut Notebook| {
            notebook
                .contact_list(ContactQuery {
                    query: "mueller".into(),
                    ..Default::default()
                })
                .unwrap()
        };
        let first = search(&mut notebook);
        assert_eq!(first.indexing as usize, arrived - SEARCH_SLICE);
        assert_eq!(
            first.total as usize, SEARCH_SLICE,
            "what is indexed is found"
        );

        // The indexer's slices meanwhile, then every contact is found.
        assert_eq!(notebook.catch_up_search_slice().unwrap(), 10);
        assert_eq!(notebook.catch_up_search_slice().unwrap(), 0);
        let done = search(&mut notebook);
        assert_eq!((done.indexing, done.total as usize), (0, arrived));
    }

    #[test]
    fn folding_gives_both_german_spellings() {
        assert_eq!(
            fold("Jürgen Müller"),
            ("juergen mueller".into(), "jurgen muller".into())
        );
        assert_eq!(fold("Weiß"), ("weiss".into(), "weiss".into()));
        assert_eq!(
            fold("Zoë Éluard"),
            ("zoe eluard".into(), "zoe eluard".into())
        );
        assert_eq!(indexed("Bauer"), "bauer");
    }

    #[test]
    fn folding_takes_apart_letters_unicode_does_not_decompose() {
        assert_eq!(fold("Łukasz Wałęsa").1, "lukasz walesa");
        assert_eq!(fold("Yıldız İnce").1, "yildiz ince");
        assert_eq!(
            fold("Søren Kierkegaard"),
            ("soeren kierkegaard".into(), "soren kierkegaard".into())
        );
        assert_eq!(fold("Æsa Đorđević").1, "aesa dordevic");
    }

    #[test]
    fn long_words_use_the_trigram_indexes_and_first_keystrokes_the_word_index() {
        let query = Query::parse("Mü bauer").unwrap();
        let all = query.tier(Tier::All);
        assert!(all.starts_with("FROM contact_search x"), "{all}");
        assert!(all.contains("contact_search MATCH '\"bauer\"'"), "{all}");
        assert!(
            all.contains("x.name LIKE '%mue%'") && all.contains("x.name LIKE '%mu%'"),
            "{all}"
        );
        assert!(
            query
                .tier(Tier::NameMatches)
                .contains("AND name : \"bauer\""),
            "several conditions"
        );
        let one_word = Query::parse("bauer").unwrap();
        assert!(
            one_word
                .tier(Tier::NameMatches)
                .starts_with("FROM contact_names x")
        );
        assert!(query.count_all().is_none(), "LIKE conditions need the rows");
        let typing = Query::parse("Mü").unwrap();
        assert!(
            typing
                .tier(Tier::NameMatches)
                .contains("AND name : (\"mue\"* OR \"mu\"*)")
        );
        assert!(Query::parse("  ,; ").is_none());
    }
}
