import type { TeamMember } from '../sites/team.js';
import type { FormErrors } from '../http/forms.js';
import { NOTE_MAX } from '../actions/form.js';
import { boardUrl, type BoardContext } from './board-view.js';

/** Thrown inside a save's transaction when the version is stale, so nothing else in it lands. */
export const CONFLICT = new Error('Someone saved this record since it was opened');

export function editLocals(
  context: BoardContext,
  record: { id: number; version: number },
  team: readonly TeamMember[],
  form: { answers: unknown; version: number; errors?: FormErrors; conflict?: { theirs: unknown } },
) {
  return {
    site: context.site,
    date: context.date,
    base: boardUrl(context.site, context.date),
    record,
    teamItems: team.map((member) => ({ value: member.id, text: member.name })),
    teamNames: new Map(team.map((member) => [String(member.id), member.name])),
    noteMax: NOTE_MAX,
    ...form,
  };
}
