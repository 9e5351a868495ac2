import type { WayOfWorking } from '../db/schema.js';
import { MEASURES, round, type MeasureDefinition } from './definitions.js';
import type { MeasureRow } from './queries.js';

/** Fewer contacts than this behind a figure, and the page says to read it with care. */
export const FEW_CONTACTS = 30;

export interface Side {
  value: number | null;
  /** The contacts behind the value. */
  n: number;
  text: string;
  few: boolean;
}

export interface Headline {
  measure: MeasureDefinition;
  old: Side;
  new: Side;
  /** New minus old, in the measure's unit; null when either side has no value. */
  difference: number | null;
  /** The difference as shown: "+5.2 percentage points", "-£12.00", "-3 days". */
  differenceText: string;
  change: 'better' | 'worse' | 'same' | 'unknown';
  sentence: string;
}

/** A measure's value and the contacts behind it, from a row of measures. */
export function valueOf(
  measure: MeasureDefinition,
  row: MeasureRow | undefined,
  extra: { waiting?: number; days?: number },
): { value: number | null; n: number } {
  // People waiting is counted at a period's end, not read from the period's row of contacts.
  if (measure.name === 'waiting') return { value: extra.waiting ?? null, n: extra.waiting ?? 0 };
  if (!row) return { value: null, n: 0 };
  switch (measure.name) {
    case 'days-waited':
      return { value: row.daysWaited, n: row.withFirstConversation };
    case 'resolved-c1':
      return { value: row.resolvedC1, n: row.withOutcome };
    case 'long-term':
      return { value: row.longTerm, n: row.withOutcome };
    case 'new-long-term-per-week':
      return { value: extra.days ? (row.longTermCount * 7) / extra.days : null, n: row.contacts };
    case 'handoffs':
      return { value: row.handoffs, n: row.contacts - row.unknownOutcomes };
    case 'funding-panel':
      return { value: row.fundingPanel, n: row.contacts - row.unknownOutcomes };
    case 'weekly-cost':
      return { value: row.weeklyCost, n: row.withCost };
    case 'repeat-contact':
      return { value: row.repeatContact, n: row.oldEnough };
    default:
      return { value: null, n: 0 };
  }
}

function side(measure: MeasureDefinition, found: { value: number | null; n: number }): Side {
  return {
    ...found,
    text: found.value === null ? 'No data' : measure.format(found.value),
    few: found.value !== null && found.n < FEW_CONTACTS && measure.name !== 'waiting',
  };
}

/** The plain-English sentence: "People waited a median of 3 days for a first conversation, down from 24 days." */
export function sentence(measure: MeasureDefinition, old: Side, fresh: Side): string {
  if (fresh.value === null && old.value === null) return `There are no contacts to measure ${measure.title.toLowerCase()} in these dates.`;
  if (fresh.value === null) return `No contacts were worked the new way in these dates; the old way: ${old.text}.`;
  const lead = measure.describe(fresh.text);
  if (old.value === null) return `${lead} working the new way. There are no old-way contacts in these dates to compare with.`;
  const same = round(fresh.value, 1) === round(old.value, 1);
  if (same) return `${lead}, the same as the old way.`;
  return `${lead}, ${fresh.value < old.value ? 'down' : 'up'} from ${old.text}.`;
}

export function headlines(totals: MeasureRow[], extra: Record<WayOfWorking, { waiting?: number; days?: number }>): Headline[] {
  const row = (way: WayOfWorking) => totals.find((candidate) => candidate.wayOfWorking === way);
  return MEASURES.map((measure) => {
    const old = side(measure, valueOf(measure, row('old'), extra.old));
    const fresh = side(measure, valueOf(measure, row('new'), extra.new));
    const difference = old.value === null || fresh.value === null ? null : fresh.value - old.value;
    const change =
      difference === null
        ? 'unknown'
        : round(difference, 1) === '0'
          ? 'same'
          : difference < 0 === (measure.direction === 'lower')
            ? 'better'
            : 'worse';
    return {
      measure,
      old,
      new: fresh,
      difference,
      differenceText: differenceText(measure, difference),
      change,
      sentence: sentence(measure, old, fresh),
    };
  });
}

/** A difference in the measure's unit; between two percentages, in percentage points. */
export function differenceText(measure: MeasureDefinition, difference: number | null): string {
  if (difference === null) return 'Not known';
  const sign = difference > 0 ? '+' : difference < 0 ? '-' : '';
  const size = Math.abs(difference);
  if (measure.ceiling === 100) {
    const points = round(size, 1);
    return `${sign}${points} percentage ${points === '1' ? 'point' : 'points'}`;
  }
  return `${sign}${measure.format(size)}`;
}
