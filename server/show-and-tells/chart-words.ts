/**
 * SPC charts in words for a public audience: what the latest figure was and whether it is a
 * real change or the usual ups and downs, with no "special cause" or "process limits". Pure.
 */
import { formatDate } from '../calendar/fortnights.js';
import type { MeasureDefinition } from '../measures/definitions.js';
import type { Signal, SpcChart, Variation } from '../measures/spc.js';

export const PLAIN_VARIATIONS: Record<Variation, string> = {
  'common-cause': 'The usual ups and downs',
  improvement: 'A real improvement, not chance',
  concern: 'A real change for the worse, not chance',
  neither: 'A real change, not chance',
};

export const PLAIN_SIGNALS: Record<Signal, string> = {
  'outside-limits': 'outside the usual range',
  shift: 'a run on one side of the average',
  trend: 'a run going the same way',
  'two-of-three': 'close to the edge of the usual range',
};

const AFTER: Record<Variation, string> = {
  'common-cause': 'This is within the usual ups and downs.',
  improvement: 'This is a real improvement, not chance.',
  concern: 'This is a real change for the worse, not chance. We are looking into why.',
  neither: 'This is a real change, not chance.',
};

/** Said instead of "a real change" when the signal rests on weeks with very few people. */
export const COULD_BE_CHANCE = 'This could be chance: it rests on weeks with very few people in them.';

/** The plain label beside a chart's icon. */
export function plainVariation(chart: SpcChart): string | undefined {
  if (!chart.latest) return undefined;
  if (chart.latest.restsOnFew && chart.latest.variation !== 'common-cause') return 'Could be chance';
  return PLAIN_VARIATIONS[chart.latest.variation];
}

/**
 * "People waited a median of 3 days for a first conversation in the week beginning Monday 2 March 2026. This is a real improvement, not chance."
 * Only a whole week, with its outcomes known and enough people behind it, is read out (the chart's `latest`).
 */
export function chartSentence(measure: MeasureDefinition, chart: SpcChart): string {
  if (!chart.latest) {
    if (!chart.points.some((point) => point.value !== null)) return 'There are no figures for these weeks yet.';
    return 'There are no complete weeks with enough people in them to read yet.';
  }
  const { value, periodStart, variation, restsOnFew } = chart.latest;
  const after = restsOnFew && variation !== 'common-cause' ? COULD_BE_CHANCE : AFTER[variation];
  return `${measure.describe(measure.format(value))} in the week beginning ${formatDate(periodStart)}. ${after}`;
}
