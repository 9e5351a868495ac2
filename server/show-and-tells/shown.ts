/**
 * A pack as it is shown: each section with its charts and stories. Until the pack is presented
 * the charts come from the records and the stories are asked for again on the day of showing;
 * once presented, everything comes from the snapshot taken then, and only the stories are asked
 * for again, so one withdrawn or expired since is hidden, and the pack says so.
 */
import { addDays, type Fortnight, type IsoDate } from '../calendar/fortnights.js';
import type { Db } from '../db/connection.js';
import type { GoalMet, MeasureChange, SectionKind, ShowAndTellSection, Site, WayOfWorking } from '../db/schema.js';
import { measureChartsOf } from '../measures/chart.js';
import { periodStartOf } from '../measures/series.js';
import { measureNamed, type MeasureDefinition } from '../measures/definitions.js';
import type { SpcChart } from '../measures/spc.js';
import { offeredStories, type OfferedStory } from '../stories/offered.js';
import { chartSentence } from './chart-words.js';

/** Weekly charts over the half year to the fortnight's end: long enough to see a change, short enough to read. */
export const CHART_WEEKS = 26;

export interface PackChart {
  measure: string;
  title: string;
  unit: string;
  wayOfWorking: WayOfWorking;
  chart: SpcChart;
  /** The chart in plain English. */
  sentence: string;
}

export interface ShownSection {
  id: number;
  kind: SectionKind;
  title: string;
  body: string;
  vision: string;
  goalMet: GoalMet | null;
  charts: PackChart[];
  stories: OfferedStory[];
  /** Chosen stories that may not be shown on the day: withdrawn, expired or out of scope. */
  storiesHidden: number;
}

export interface ShownPack {
  /** The day the stories were checked for. */
  day: IsoDate;
  frozen: boolean;
  chartRange: { from: IsoDate; to: IsoDate };
  sections: ShownSection[];
  storiesHidden: number;
  /**
   * What the charts were drawn from: the measures' cached figures, the same object for as long
   * as nothing they count has changed (see measures/cache.ts), so a page can be kept as long.
   */
  figures?: object;
}

/** What a presented pack keeps: everything shown, as it was shown. */
export interface PackSnapshot {
  presentedOn: IsoDate;
  chartRange: { from: IsoDate; to: IsoDate };
  sections: Omit<ShownSection, 'storiesHidden'>[];
}

export function chartRangeFor(period: Fortnight, today: IsoDate): { from: IsoDate; to: IsoDate } {
  const to = period.end < today ? period.end : today;
  // From a Monday, so the first point is a whole week.
  return { from: periodStartOf(addDays(to, -(CHART_WEEKS * 7 - 1)), 'week'), to };
}

function storiesOn(db: Db, siteId: number, ids: number[], day: IsoDate): Promise<OfferedStory[]> {
  return ids.length ? offeredStories(db, siteId, { audience: 'show-and-tell', on: day, ids }) : Promise.resolve([]);
}

/** The chosen stories still allowed, in the order chosen: as they were shown (`asShown`) or as offered now. */
function chosenStories(
  chosen: number[],
  allowed: Map<number, OfferedStory>,
  asShown?: OfferedStory[],
): { stories: OfferedStory[]; storiesHidden: number } {
  const stories = chosen.flatMap((id) => {
    const offered = allowed.get(id);
    if (!offered) return [];
    return [asShown?.find((story) => story.id === id) ?? offered];
  });
  return { stories, storiesHidden: chosen.length - stories.length };
}

/** A pack being prepared (or a ready one): charts from the records, stories as offered on `today`. */
export async function showLive(
  db: Db,
  site: Site,
  period: Fortnight,
  sections: ShowAndTellSection[],
  today: IsoDate,
  measuresState?: { changes: MeasureChange[]; revisions: string },
): Promise<ShownPack> {
  const chartRange = chartRangeFor(period, today);
  const names = [...new Set(sections.flatMap((section) => section.measures))];
  const measures = names.map(measureNamed).filter((measure): measure is MeasureDefinition => Boolean(measure));
  const storyIds = [...new Set(sections.flatMap((section) => section.storyIds))];
  const [charts, stories] = await Promise.all([
    measures.length
      ? measureChartsOf(db, site, measures, { period: 'week', kind: 'xmr', range: chartRange, today }, measuresState)
      : Promise.resolve([]),
    storiesOn(db, site.id, storyIds, today),
  ]);
  const chartsOf = new Map(measures.map((measure, index) => [measure.name, charts[index]]));
  const allowed = new Map(stories.map((story) => [story.id, story]));
  const shown = sections.map((section) => ({
    id: section.id,
    kind: section.kind,
    title: section.title,
    body: section.body,
    vision: section.vision,
    goalMet: section.goalMet,
    charts: section.measures.flatMap((name) => {
      const measure = measureNamed(name);
      const found = chartsOf.get(name);
      if (!measure || !found) return [];
      return found.charts.map(({ wayOfWorking, chart }) => ({
        measure: name,
        title: measure.title,
        unit: measure.unit,
        wayOfWorking,
        chart,
        sentence: chartSentence(measure, chart),
      }));
    }),
    ...chosenStories(section.storyIds, allowed),
  }));
  return {
    day: today,
    frozen: false,
    chartRange,
    sections: shown,
    storiesHidden: shown.reduce((sum, section) => sum + section.storiesHidden, 0),
    figures: charts,
  };
}

/** A presented pack, as it was shown, less any story that may no longer be shown on `today`. */
export async function showFrozen(db: Db, siteId: number, snapshot: PackSnapshot, today: IsoDate): Promise<ShownPack> {
  const storyIds = [...new Set(snapshot.sections.flatMap((section) => section.stories.map((story) => story.id)))];
  const allowed = new Map((await storiesOn(db, siteId, storyIds, today)).map((story) => [story.id, story]));
  const sections = snapshot.sections.map((section) => ({
    ...section,
    ...chosenStories(
      section.stories.map((story) => story.id),
      allowed,
      section.stories,
    ),
  }));
  return {
    day: today,
    frozen: true,
    chartRange: snapshot.chartRange,
    sections,
    storiesHidden: sections.reduce((sum, section) => sum + section.storiesHidden, 0),
  };
}

/** What to keep when the pack is presented: the stories offered that day and the charts as drawn. */
export function snapshotOf(shown: ShownPack): PackSnapshot {
  return { presentedOn: shown.day, chartRange: shown.chartRange, sections: shown.sections.map(({ storiesHidden, ...section }) => section) };
}
