import type { Request, Response } from 'express';
import type { IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { Site } from '../db/schema.js';
import { NotFound } from '../http/errors.js';
import { parseId } from '../http/ids.js';
import { loadSite } from '../sites/load.js';
import { maySeeText } from './access.js';
import { consentStateOf, governingConsent, type ConsentState } from './consent.js';
import { consentsOf, findStory, type ConsentRecordRow, type StoryRecord } from './queries.js';

export interface LoadedStory {
  site: Site;
  story: StoryRecord;
  /** Every consent record, oldest first. */
  consents: ConsentRecordRow[];
  /** The record that governs today, and what it says today. */
  consent: ConsentRecordRow | undefined;
  consentState: ConsentState;
  /** False once consent is withdrawn or expired, for anyone but the author and the site's leads. */
  textShown: boolean;
}

/** Finds the site's story named in the URL, or answers 404; with its consent as it stands today. */
export async function loadStory(db: Db, req: Request, res: Response, today: IsoDate): Promise<LoadedStory> {
  const site = await loadSite(db, req, res);
  const story = await findStory(db, site.id, parseId(String(req.params.storyId), 'story'));
  if (!story) throw new NotFound('story');
  const consents = await consentsOf(db, story.id);
  const consent = governingConsent(consents, today);
  const consentState = consentStateOf(consent, today);
  return { site, story, consents, consent, consentState, textShown: maySeeText(res.locals.user, story, consentState) };
}
