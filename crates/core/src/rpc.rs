//! The command bodies: [`Handler`] for [`Notebook`]. A command that changes anything runs in one
//! write transaction that also reads back the record it answers with (from
//! [`Write::settled`](crate::write::Write::settled), so derived state is in step), and a command
//! either succeeds whole or leaves the database as it was.

use handschlag_api::*;

use crate::{
    Id, Notebook, backup, cadence, calendar, card, checkin, contact, contact_csv, deal, duplicate,
    event, export, follow_up, import, insights, merge, vcard,
};

type Answer<T> = Result<T, ApiError>;

impl Handler for Notebook {
    fn contact_create(&mut self, request: ContactCreate) -> Answer<Contact> {
        Ok(self.write(|w| {
            let id = contact::create(w, request)?;
            contact::get(w.settled()?, id)
        })?)
    }

    fn contact_update(&mut self, request: ContactUpdate) -> Answer<Contact> {
        Ok(self.write(|w| {
            let id = contact::update(w, request)?;
            contact::get(w.settled()?, id)
        })?)
    }

    fn contact_delete(&mut self, request: IdRequest) -> Answer<Empty> {
        let id = Id::parse(&request.id, "contact")?;
        self.write(|w| contact::delete(w, id))?;
        Ok(Empty {})
    }

    fn contact_restore(&mut self, request: Reference) -> Answer<Contact> {
        Ok(self.write(|w| {
            let id = contact::restore(w, &request.reference)?;
            contact::get(w.settled()?, id)
        })?)
    }

    fn contact_get(&mut self, request: IdRequest) -> Answer<ContactDetail> {
        let id = Id::parse(&request.id, "contact")?;
        self.searchable()?;
        let (revenue, last_met_in_person) = insights::for_contact(&self.conn, id)?;
        Ok(ContactDetail {
            revenue,
            last_met_in_person,
            keep_in_touch: cadence::for_contact(&self.conn, id, self.clock.now_ms())?,
            likely_duplicates: duplicate::of_contact(&self.conn, id)?,
            is_me: card::me(&self.conn)? == Some(id),
            contact: contact::get(&self.conn, id)?,
            checkins: checkin::list_for_contact(&self.conn, id)?,
            follow_ups: follow_up::list_for_contact(&self.conn, id)?,
            history: export::history(&self.conn, id)?,
            deals: deal::list(
                &self.conn,
                &DealQuery {
                    contact_id: Some(request.id),
                },
            )?,
        })
    }

    fn contact_list(&mut self, request: ContactQuery) -> Answer<ContactPage> {
        let indexing = if request.query.trim().is_empty() {
            0
        } else {
            self.searchable()?
        };
        Ok(ContactPage {
            indexing: indexing as u32,
            ..contact::list(&self.conn, &request)?
        })
    }

    fn contact_resolve(&mut self, request: Reference) -> Answer<Contact> {
        self.searchable()?;
        Ok(contact::resolve(&self.conn, &request.reference)?)
    }

    fn contact_duplicate_list(&mut self, _: Empty) -> Answer<Vec<DuplicatePair>> {
        self.searchable()?;
        Ok(duplicate::list(&self.conn)?)
    }

    fn contact_duplicate_dismiss(&mut self, request: ContactPair) -> Answer<Empty> {
        let first = Id::parse(&request.first_id, "contact")?;
        let second = Id::parse(&request.second_id, "contact")?;
        self.write(|w| duplicate::dismiss(w, first, second))?;
        Ok(Empty {})
    }

    fn contact_merge(&mut self, request: ContactMerge) -> Answer<ContactMerged> {
        Ok(self.write(|w| merge::merge(w, &request))?)
    }

    fn contact_merge_undo(&mut self, request: MergeUndo) -> Answer<MergeUndone> {
        let merge = request
            .merge_id
            .as_deref()
            .map(|id| Id::parse(id, "merge"))
            .transpose()?;
        Ok(self.write(|w| {
            let (kept, restored) = merge::undo(w, merge)?;
            let settled = w.settled()?;
            Ok(MergeUndone {
                kept: contact::get(settled, kept)?,
                restored: contact::get(settled, restored)?,
            })
        })?)
    }

    fn me_set(&mut self, request: MeSet) -> Answer<MyCard> {
        let contact = request
            .contact_id
            .as_deref()
            .map(|id| Id::parse(id, "contact"))
            .transpose()?;
        Ok(self.write(|w| {
            card::set_me(w, contact)?;
            card::mine(w.settled()?)
        })?)
    }

    fn my_card_get(&mut self, _: Empty) -> Answer<MyCard> {
        Ok(card::mine(&self.conn)?)
    }

    fn card_scan(&mut self, request: CardScan) -> Answer<CardScanned> {
        Ok(self.write(|w| card::scan(w, &request))?)
    }

    fn contact_import(&mut self, request: ContactImport) -> Answer<ImportReport> {
        let progress = self.running_import.clone();
        let set = |done: usize, all: usize| {
            progress.set(Some(ImportProgress {
                done: done as u32,
                all: all as u32,
            }))
        };
        set(0, 0);
        let report = self.import_contacts(request, &mut |done, all| set(done, all));
        progress.set(None);
        report
    }

    fn contact_facet_list(&mut self, _: Empty) -> Answer<ContactFacets> {
        Ok(contact::facets(&self.conn)?)
    }

    fn contact_tag_add(&mut self, request: TagChange) -> Answer<Contact> {
        let id = Id::parse(&request.contact_id, "contact")?;
        Ok(self.write(|w| {
            contact::tag_add(w, id, &request.tag)?;
            contact::get(w.settled()?, id)
        })?)
    }

    fn contact_tag_remove(&mut self, request: TagChange) -> Answer<Contact> {
        let id = Id::parse(&request.contact_id, "contact")?;
        Ok(self.write(|w| {
            contact::tag_remove(w, id, &request.tag)?;
            contact::get(w.settled()?, id)
        })?)
    }

    fn event_create(&mut self, request: EventCreate) -> Answer<Event> {
        Ok(self.write(|w| {
            let id = event::create(w, request)?;
            event::get(w.settled()?, id)
        })?)
    }

    fn event_update(&mut self, request: EventUpdate) -> Answer<Event> {
        Ok(self.write(|w| {
            let id = event::update(w, request)?;
            event::get(w.settled()?, id)
        })?)
    }

    fn event_delete(&mut self, request: IdRequest) -> Answer<Empty> {
        let id = Id::parse(&request.id, "event")?;
        self.write(|w| event::delete(w, id))?;
        Ok(Empty {})
    }

    fn event_get(&mut self, request: IdRequest) -> Answer<EventDetail> {
        Ok(event::detail(&self.conn, Id::parse(&request.id, "event")?)?)
    }

    fn event_list(&mut self, request: EventQuery) -> Answer<Vec<Event>> {
        Ok(event::list(
            &self.conn,
            &request.query,
            self.clock.now_ms(),
        )?)
    }

    fn event_resolve(&mut self, request: Reference) -> Answer<Event> {
        Ok(event::resolve(
            &self.conn,
            &request.reference,
            self.clock.now_ms(),
        )?)
    }

    fn checkin_create(&mut self, request: CheckinCreate) -> Answer<Checkin> {
        Ok(self.write(|w| {
            let id = checkin::create(w, request)?;
            checkin::get(w.settled()?, id)
        })?)
    }

    fn checkin_update(&mut self, request: CheckinUpdate) -> Answer<Checkin> {
        Ok(self.write(|w| {
            let id = checkin::update(w, request)?;
            checkin::get(w.settled()?, id)
        })?)
    }

    fn checkin_retract(&mut self, request: IdRequest) -> Answer<Checkin> {
        let id = Id::parse(&request.id, "check-in")?;
        Ok(self.write(|w| {
            checkin::retract(w, id)?;
            checkin::get(w.settled()?, id)
        })?)
    }

    fn checkin_list(&mut self, request: CheckinQuery) -> Answer<Vec<Checkin>> {
        Ok(checkin::list(&self.conn, &request)?)
    }

    fn follow_up_create(&mut self, request: FollowUpCreate) -> Answer<FollowUp> {
        Ok(self.write(|w| {
            let id = follow_up::create(w, request)?;
            follow_up::get(w.settled()?, id)
        })?)
    }

    fn follow_up_list(&mut self, request: FollowUpQuery) -> Answer<Vec<FollowUp>> {
        Ok(follow_up::list(&self.conn, &request)?)
    }

    fn follow_up_complete(&mut self, request: IdRequest) -> Answer<FollowUp> {
        let id = Id::parse(&request.id, "follow-up")?;
        Ok(self.write(|w| {
            follow_up::complete(w, id)?;
            follow_up::get(w.settled()?, id)
        })?)
    }

    fn follow_up_reopen(&mut self, request: IdRequest) -> Answer<FollowUp> {
        let id = Id::parse(&request.id, "follow-up")?;
        Ok(self.write(|w| {
            follow_up::reopen(w, id)?;
            follow_up::get(w.settled()?, id)
        })?)
    }

    fn follow_up_snooze(&mut self, request: FollowUpSnooze) -> Answer<FollowUp> {
        let id = Id::parse(&request.id, "follow-up")?;
        Ok(self.write(|w| {
            follow_up::snooze(w, id, &request.due)?;
            follow_up::get(w.settled()?, id)
        })?)
    }

    fn follow_up_calendar(&mut self, request: FollowUpCalendar) -> Answer<Calendar> {
        let language = request.language.unwrap_or(Language::En);
        Ok(Calendar {
            ics: calendar::follow_ups(&self.conn, self.clock.now_ms(), language)?,
        })
    }

    fn deal_create(&mut self, request: DealCreate) -> Answer<Deal> {
        Ok(self.write(|w| {
            let id = deal::create(w, request)?;
            deal::get(w.settled()?, id)
        })?)
    }

    fn deal_update(&mut self, request: DealUpdate) -> Answer<Deal> {
        Ok(self.write(|w| {
            let id = deal::update(w, request)?;
            deal::get(w.settled()?, id)
        })?)
    }

    fn deal_delete(&mut self, request: IdRequest) -> Answer<Empty> {
        let id = Id::parse(&request.id, "deal")?;
        self.write(|w| deal::delete(w, id))?;
        Ok(Empty {})
    }

    fn deal_list(&mut self, request: DealQuery) -> Answer<Vec<Deal>> {
        Ok(deal::list(&self.conn, &request)?)
    }

    fn cadence_set(&mut self, request: CadenceSet) -> Answer<Cadence> {
        Ok(self.write(|w| {
            let id = cadence::set(w, &request)?;
            cadence::get(w.settled()?, id)?
                .ok_or_else(|| crate::Error::NotFound("the cadence".into()))
        })?)
    }

    fn cadence_clear(&mut self, request: CadenceClear) -> Answer<Empty> {
        self.write(|w| cadence::clear(w, &request))?;
        Ok(Empty {})
    }

    fn cadence_list(&mut self, _: Empty) -> Answer<Vec<Cadence>> {
        Ok(cadence::list(&self.conn)?)
    }

    fn keep_in_touch_list(&mut self, _: Empty) -> Answer<Vec<KeepInTouch>> {
        Ok(cadence::due(
            &self.conn,
            self.clock.now_ms(),
            insights::KEEP_IN_TOUCH_SOON_DAYS,
            None,
        )?)
    }

    fn insights_get(&mut self, request: InsightsQuery) -> Answer<Insights> {
        Ok(insights::insights(
            &self.conn,
            &request,
            self.clock.now_ms(),
        )?)
    }

    fn notebook_export(&mut self, _: Empty) -> Answer<Export> {
        Ok(export::export(&self.conn)?)
    }

    fn contact_vcard_export(&mut self, _: Empty) -> Answer<VCards> {
        Ok(VCards {
            vcf: vcard::cards(&export::export(&self.conn)?.contacts),
        })
    }

    fn contact_csv_export(&mut self, _: Empty) -> Answer<ContactTable> {
        Ok(ContactTable {
            csv: contact_csv::table(&export::export(&self.conn)?.contacts)?,
        })
    }

    fn calendar_export(&mut self, request: CalendarExport) -> Answer<Calendar> {
        let language = request.language.unwrap_or(Language::En);
        Ok(Calendar {
            ics: calendar::everything(&self.conn, self.clock.now_ms(), language)?,
        })
    }

    fn backup_list(&mut self, _: Empty) -> Answer<Vec<BackupInfo>> {
        Ok(self.backups()?.iter().map(BackupInfo::from).collect())
    }

    fn backup_create(&mut self, _: Empty) -> Answer<BackupInfo> {
        Ok((&self.backup(backup::Reason::Manual)?).into())
    }

    fn backup_restore(&mut self, request: BackupRestore) -> Answer<BackupRestored> {
        let file = self.backup_named(&request.name)?;
        let restored = self.restore(&file)?;
        Ok(BackupRestored {
            kept: (&restored.kept).into(),
        })
    }
}

impl Notebook {
    /// Where a host reads how far the import under way has come, without the notebook's lock.
    pub fn running_import(&self) -> std::sync::Arc<crate::RunningImport> {
        self.running_import.clone()
    }

    /// Where a host tells and reads how far the sync under way has come: a sync holds the
    /// notebook only page by page, so the window asks for it with the device overview.
    pub fn running_sync(&self) -> std::sync::Arc<crate::RunningSync> {
        self.running_sync.clone()
    }

    /// `contact_import`, telling `progress` how many of the file's cards or rows are carried
    /// out (done, of all) as the one transaction goes on, for a progress bar.
    pub fn import_contacts(
        &mut self,
        request: ContactImport,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Answer<ImportReport> {
        let file = import::read(&request)?;
        if request.dry_run {
            return Ok(import::plan(&self.conn, file, true)?.report(false));
        }
        Ok(self.write(|w| {
            let plan = import::plan(&w.tx, file, false)?;
            import::apply(w, &plan, progress)?;
            Ok(plan.report(true))
        })?)
    }
}
