//! The command bodies: [`Handler`] for [`Notebook`]. Each command parses ids, runs in one write
//! transaction where it changes anything, and answers with the record as stored.

use handschlag_api::*;

use crate::{Id, Notebook, checkin, contact, deal, event, follow_up};

type Answer<T> = Result<T, ApiError>;

impl Handler for Notebook {
    fn contact_create(&mut self, request: ContactCreate) -> Answer<Contact> {
        let id = self.write(|w| contact::create(w, request))?;
        Ok(contact::get(&self.conn, id)?)
    }

    fn contact_update(&mut self, request: ContactUpdate) -> Answer<Contact> {
        let id = self.write(|w| contact::update(w, request))?;
        Ok(contact::get(&self.conn, id)?)
    }

    fn contact_delete(&mut self, request: IdRequest) -> Answer<Empty> {
        let id = Id::parse(&request.id, "contact")?;
        self.write(|w| contact::delete(w, id))?;
        Ok(Empty {})
    }

    fn contact_get(&mut self, request: IdRequest) -> Answer<ContactDetail> {
        let id = Id::parse(&request.id, "contact")?;
        Ok(ContactDetail {
            contact: contact::get(&self.conn, id)?,
            checkins: checkin::list_for_contact(&self.conn, id)?,
            follow_ups: follow_up::list_for_contact(&self.conn, id)?,
            deals: deal::list(
                &self.conn,
                &DealQuery {
                    contact_id: Some(request.id),
                },
            )?,
        })
    }

    fn contact_list(&mut self, request: ContactQuery) -> Answer<ContactPage> {
        Ok(contact::list(&self.conn, &request)?)
    }

    fn contact_resolve(&mut self, request: Reference) -> Answer<Contact> {
        Ok(contact::resolve(&self.conn, &request.reference)?)
    }

    fn contact_tag_add(&mut self, request: TagChange) -> Answer<Contact> {
        let id = Id::parse(&request.contact_id, "contact")?;
        self.write(|w| contact::tag_add(w, id, &request.tag))?;
        Ok(contact::get(&self.conn, id)?)
    }

    fn contact_tag_remove(&mut self, request: TagChange) -> Answer<Contact> {
        let id = Id::parse(&request.contact_id, "contact")?;
        self.write(|w| contact::tag_remove(w, id, &request.tag))?;
        Ok(contact::get(&self.conn, id)?)
    }

    fn event_create(&mut self, request: EventCreate) -> Answer<Event> {
        let id = self.write(|w| event::create(w, request))?;
        Ok(event::get(&self.conn, id)?)
    }

    fn event_update(&mut self, request: EventUpdate) -> Answer<Event> {
        let id = self.write(|w| event::update(w, request))?;
        Ok(event::get(&self.conn, id)?)
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
        let id = self.write(|w| checkin::create(w, request))?;
        Ok(checkin::get(&self.conn, id)?)
    }

    fn checkin_retract(&mut self, request: IdRequest) -> Answer<Checkin> {
        let id = Id::parse(&request.id, "check-in")?;
        self.write(|w| checkin::retract(w, id))?;
        Ok(checkin::get(&self.conn, id)?)
    }

    fn follow_up_create(&mut self, request: FollowUpCreate) -> Answer<FollowUp> {
        let id = self.write(|w| follow_up::create(w, request))?;
        Ok(follow_up::get(&self.conn, id)?)
    }

    fn follow_up_list(&mut self, request: FollowUpQuery) -> Answer<Vec<FollowUp>> {
        Ok(follow_up::list(&self.conn, &request)?)
    }

    fn follow_up_complete(&mut self, request: IdRequest) -> Answer<FollowUp> {
        let id = Id::parse(&request.id, "follow-up")?;
        self.write(|w| follow_up::complete(w, id))?;
        Ok(follow_up::get(&self.conn, id)?)
    }

    fn follow_up_snooze(&mut self, request: FollowUpSnooze) -> Answer<FollowUp> {
        let id = Id::parse(&request.id, "follow-up")?;
        self.write(|w| follow_up::snooze(w, id, &request.due))?;
        Ok(follow_up::get(&self.conn, id)?)
    }

    fn deal_create(&mut self, request: DealCreate) -> Answer<Deal> {
        let id = self.write(|w| deal::create(w, request))?;
        Ok(deal::get(&self.conn, id)?)
    }

    fn deal_list(&mut self, request: DealQuery) -> Answer<Vec<Deal>> {
        Ok(deal::list(&self.conn, &request)?)
    }
}
