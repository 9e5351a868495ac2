/**
 * The headline measures (DOMAIN.md, "The records and the measures"), each computed per ISO week
 * or calendar month of the contact date, separately for each way of working.
 */

export const PERIODS = ['week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

export type Direction = 'higher' | 'lower';

export interface MeasureDefinition {
  name: string;
  title: string;
  /** What a value is, in a table header. */
  unit: string;
  direction: Direction;
  /** A short plain-English definition, shown beside the chart. */
  definition: string;
  /** Clamp for drawn process limits: a percentage cannot go below 0 or above 100. */
  floor: number;
  ceiling?: number;
  /** Words for the plain-English sentence, e.g. "People waited a median of 3 days for a first conversation". */
  describe: (value: string) => string;
  format: (value: number) => string;
}

const days = (value: number) => `${round(value, 1)} ${round(value, 1) === '1' ? 'day' : 'days'}`;
const percent = (value: number) => `${round(value, 1)}%`;
const plain = (value: number) => round(value, 1);
const pounds = (value: number) => `£${value.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function round(value: number, places: number): string {
  const factor = 10 ** places;
  return String(Math.round(value * factor) / factor);
}

export const MEASURES: readonly MeasureDefinition[] = [
  {
    name: 'days-waited',
    title: 'Days waited for a first conversation',
    unit: 'median days',
    direction: 'lower',
    definition:
      'The median number of days from contact to the first conversation, for contacts that have had one. The 90th percentile is shown beside it.',
    floor: 0,
    describe: (value) => `People waited a median of ${value} for a first conversation`,
    format: days,
  },
  {
    name: 'waiting',
    title: 'People waiting',
    unit: 'people',
    direction: 'lower',
    definition: 'Contacts with no first conversation at the end of the period, however long ago they came in.',
    floor: 0,
    describe: (value) => `${value} people were waiting for a first conversation at the end of the period`,
    format: plain,
  },
  {
    name: 'resolved-c1',
    title: 'Resolved in conversation 1 or connected to community',
    unit: '% of contacts with an outcome',
    direction: 'higher',
    definition: 'The share of contacts with an outcome whose outcome was resolved in conversation 1 or connected to community.',
    floor: 0,
    ceiling: 100,
    describe: (value) => `${value} of contacts were resolved in conversation 1 or connected to community`,
    format: percent,
  },
  {
    name: 'long-term',
    title: 'Ending in long-term support',
    unit: '% of contacts with an outcome',
    direction: 'lower',
    definition: 'The share of contacts with an outcome that ended in a long-term support package.',
    floor: 0,
    ceiling: 100,
    describe: (value) => `${value} of contacts ended in long-term support`,
    format: percent,
  },
  {
    name: 'new-long-term-per-week',
    title: 'New people into long-term support each week',
    unit: 'people a week',
    direction: 'lower',
    definition: 'Contacts that ended in a long-term support package, per week of contact date (a month’s count divided by its weeks).',
    floor: 0,
    describe: (value) => `${value} new ${value === '1' ? 'person' : 'people'} a week went into long-term support`,
    format: plain,
  },
  {
    name: 'handoffs',
    title: 'Hand-offs per person',
    unit: 'mean hand-offs',
    direction: 'lower',
    definition: 'The mean number of times a contact was passed to another team or worker.',
    floor: 0,
    describe: (value) => `People were passed on ${value} times on average`,
    format: plain,
  },
  {
    name: 'funding-panel',
    title: 'Decided by a funding panel',
    unit: '% of contacts',
    direction: 'lower',
    definition: 'The share of contacts where a funding panel made the decision.',
    floor: 0,
    ceiling: 100,
    describe: (value) => `${value} of contacts went to a funding panel`,
    format: percent,
  },
  {
    name: 'weekly-cost',
    title: 'Weekly cost of long-term support',
    unit: '£ a week, mean',
    direction: 'lower',
    definition: 'The mean weekly cost of the long-term support packages that contacts ended in, where a cost is recorded.',
    floor: 0,
    describe: (value) => `Long-term support cost ${value} a week on average`,
    format: pounds,
  },
  {
    name: 'repeat-contact',
    title: 'People who came back within 90 days',
    unit: '% of contacts',
    direction: 'lower',
    definition:
      'The share of contacts whose person came back with another contact within 90 days. Only contacts at least 90 days old count, since newer ones cannot know yet.',
    floor: 0,
    ceiling: 100,
    describe: (value) => `${value} of people came back within 90 days`,
    format: percent,
  },
];

export function measureNamed(name: string): MeasureDefinition | undefined {
  return MEASURES.find((measure) => measure.name === name);
}
