import type { IsoDate } from '../calendar/fortnights.js';
import { formatDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { GettingInTheWayItem, HuddlePerson } from '../db/schema.js';
import type { Route } from '../http/routes.js';
import { loadSite } from '../sites/load.js';
import { ACTION_STATUS_NAMES, findActionRow, type ActionRow } from '../actions/list.js';
import { removeAction } from '../actions/queries.js';
import { OUTCOME_NAMES, WAY_NAMES } from '../contacts/form.js';
import { findRecord, removeContact, type ContactRecord } from '../contacts/queries.js';
import { CATEGORY_NAMES, STATUS_NAMES } from '../getting-in-the-way/form.js';
import { findItem, removeItem } from '../getting-in-the-way/queries.js';
import { boardUrl } from '../huddles/board-view.js';
import { loadHuddleDay } from '../huddles/load.js';
import { findPerson, removePerson } from '../huddles/queries.js';
import { removalRoutes, type Place } from './routes.js';

const FLAG_NAMES = { none: 'Neither', risk: 'Risk', safeguarding: 'Safeguarding' } as const;

function contactRows(record: ContactRecord): { key: string; value: string }[] {
  return [
    { key: 'Person reference', value: record.personRef },
    { key: 'Contact date', value: formatDate(record.contactDate) },
    { key: 'Way of working', value: WAY_NAMES[record.wayOfWorking] },
    { key: 'Outcome', value: record.outcome ? OUTCOME_NAMES[record.outcome] : 'Not yet known' },
    {
      key: 'Added',
      value: record.huddleDate
        ? `At the huddle on ${formatDate(record.huddleDate)}`
        : record.importId
          ? 'By an import'
          : `By ${record.createdByName ?? 'a former team member'}`,
    },
  ];
}

/** The routes that remove a record added by mistake: a person to talk about, a contact, an action, a log item. */
export function removalRouteTable(db: Db, today: () => IsoDate): Route[] {
  /** A huddle's record is removed through its own huddle's address, as it is changed. */
  async function huddlePlace(
    db: Db,
    req: Parameters<typeof loadSite>[1],
    res: Parameters<typeof loadSite>[2],
    section: string,
  ): Promise<Place & { huddleId?: number }> {
    const day = await loadHuddleDay(db, req, res, today(), { team: false });
    const board = boardUrl(day.site, day.date);
    return {
      site: day.site,
      caption: `${day.site.name}, huddle on ${formatDate(day.date)}`,
      back: `${board}#section-${section}`,
      done: `${board}#section-${section}`,
      details: { date: day.date },
      huddleId: day.huddle?.id,
    };
  }
  async function sitePlace(
    db: Db,
    req: Parameters<typeof loadSite>[1],
    res: Parameters<typeof loadSite>[2],
    list: string,
    id: string,
  ): Promise<Place> {
    const site = await loadSite(db, req, res);
    return { site, caption: site.name, back: `/sites/${site.id}/${list}/${id}`, done: `/sites/${site.id}/${list}` };
  }

  return [
    ...removalRoutes<HuddlePerson>(db, {
      path: '/sites/:siteId/huddles/:date/people/:personId',
      param: 'personId',
      noun: 'this person from the huddle',
      recordType: 'huddle-person',
      action: 'huddle.person-removed',
      flash: 'person-removed',
      allow: 'records.remove',
      place: (db, req, res) => huddlePlace(db, req, res, 'people'),
      find: async (db, place, id) => {
        const huddleId = (place as Place & { huddleId?: number }).huddleId;
        return huddleId ? findPerson(db, place.site.id, huddleId, id) : undefined;
      },
      describe: (person) => [
        { key: 'Person reference', value: person.personRef },
        { key: 'Conversation', value: `Conversation ${person.conversation}` },
        { key: 'Risk or safeguarding', value: FLAG_NAMES[person.flag] },
        { key: 'Note', value: person.note || 'No note' },
      ],
      remove: (tx, place, person, version) => removePerson(tx, place.site.id, person.huddleId, person.id, version),
    }),
    ...removalRoutes<ContactRecord>(db, {
      path: '/sites/:siteId/huddles/:date/contacts/:contactId',
      param: 'contactId',
      noun: 'this contact',
      recordType: 'contact',
      action: 'contact.removed',
      flash: 'contact-removed',
      allow: 'records.remove',
      place: (db, req, res) => huddlePlace(db, req, res, 'contacts'),
      find: async (db, place, id) => {
        const huddleId = (place as Place & { huddleId?: number }).huddleId;
        const record = huddleId ? await findRecord(db, place.site.id, id) : undefined;
        return record?.huddleId === huddleId ? record : undefined;
      },
      describe: contactRows,
      remove: (tx, place, record, version) => removeContact(tx, place.site.id, record.id, version),
    }),
    ...removalRoutes<ContactRecord>(db, {
      path: '/sites/:siteId/contacts/:contactId',
      param: 'contactId',
      noun: 'this contact record',
      recordType: 'contact',
      action: 'contact.removed',
      flash: 'contact-removed',
      allow: 'records.remove',
      place: (db, req, res) => sitePlace(db, req, res, 'contacts', String(req.params.contactId)),
      find: (db, place, id) => findRecord(db, place.site.id, id),
      describe: contactRows,
      remove: (tx, place, record, version) => removeContact(tx, place.site.id, record.id, version),
    }),
    ...removalRoutes<ActionRow>(db, {
      path: '/sites/:siteId/actions/:actionId',
      param: 'actionId',
      noun: 'this action',
      recordType: 'action',
      action: 'action.removed',
      flash: 'action-removed',
      allow: 'records.remove',
      place: (db, req, res) => sitePlace(db, req, res, 'actions', String(req.params.actionId)),
      find: (db, place, id) => findActionRow(db, place.site.id, id),
      describe: (action) => [
        { key: 'Action', value: action.description },
        { key: 'Owner', value: action.ownerName },
        { key: 'Due', value: formatDate(action.dueDate) },
        { key: 'Status', value: ACTION_STATUS_NAMES[action.status] },
      ],
      remove: (tx, place, action, version) => removeAction(tx, place.site.id, action.id, version),
    }),
    ...removalRoutes<GettingInTheWayItem>(db, {
      path: '/sites/:siteId/getting-in-the-way/:itemId',
      param: 'itemId',
      noun: 'this log item',
      recordType: 'getting-in-the-way',
      action: 'getting-in-the-way.removed',
      flash: 'item-removed',
      allow: 'records.remove',
      place: (db, req, res) => sitePlace(db, req, res, 'getting-in-the-way', String(req.params.itemId)),
      find: (db, place, id) => findItem(db, place.site.id, id),
      describe: (item) => [
        { key: 'What is getting in the way', value: item.title },
        { key: 'Category', value: CATEGORY_NAMES[item.category] },
        { key: 'Status', value: STATUS_NAMES[item.status] },
        { key: 'Raised', value: formatDate(item.raisedOn) },
      ],
      remove: (tx, place, item, version) => removeItem(tx, place.site.id, item.id, version),
    }),
  ];
}
