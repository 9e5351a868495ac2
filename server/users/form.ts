import type { SignedInUser } from '../accounts/sessions.js';
import { emailProblem, nameProblem } from '../accounts/form.js';
import { ROLES, type Role } from '../db/schema.js';
import { HttpError } from '../http/errors.js';
import { FormErrorsBuilder, list, text, type Body, type FormErrors } from '../http/forms.js';
import { can, inSite } from '../permissions.js';

export const ROLE_NAMES: Record<Role, string> = {
  administrator: 'Administrator',
  programme_lead: 'Programme lead',
  practitioner: 'Practitioner',
  expert_by_experience: 'Expert by experience',
};

const ROLE_HINTS: Record<Role, string> = {
  administrator: 'Manages accounts, sites, retention and the audit log. Sees every site.',
  programme_lead: 'Everything in their sites, including show-and-tells and baseline data.',
  practitioner: 'Runs huddles and reflections, records contacts and drafts stories.',
  expert_by_experience: 'Sees only material approved for their co-production group, and gives feedback.',
};

/** The roles a person may give others: leads bring in their teams and co-production groups, nobody else. */
export function rolesGivenBy(actor: SignedInUser): Role[] {
  return can(actor, 'people.give-any-role') ? [...ROLES] : ['practitioner', 'expert_by_experience'];
}

export function roleItems(roles: readonly Role[]) {
  return roles.map((role) => ({ value: role, text: ROLE_NAMES[role], hint: ROLE_HINTS[role] }));
}

/** Role and sites: what an invitation sets and what an administrator may change later. */
export interface AccessAnswers {
  role: string;
  siteIds: string[];
}

export interface InviteAnswers extends AccessAnswers {
  name: string;
  email: string;
}

export interface AccessFields {
  role: Role;
  siteIds: number[];
}

export interface InviteFields extends AccessFields {
  name: string;
  email: string;
}

export function blankInviteAnswers(): InviteAnswers {
  return { name: '', email: '', role: '', siteIds: [] };
}

export function readAccessAnswers(body: Body | undefined): AccessAnswers {
  return { role: text(body, 'role'), siteIds: list(body, 'siteIds') };
}

export function readInviteAnswers(body: Body | undefined): InviteAnswers {
  return { name: text(body, 'name'), email: text(body, 'email'), ...readAccessAnswers(body) };
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Refuses (403) a role or site the person could not have been offered: only a hand-made
 * request asks a lead's form for an administrator, or for a site the lead does not lead.
 */
export function refuseWhatIsNotOffered(actor: SignedInUser, answers: AccessAnswers): void {
  if (isRole(answers.role) && !rolesGivenBy(actor).includes(answers.role)) throw new HttpError(403, 'role');
  if (answers.siteIds.some((id) => !inSite(actor, Number(id)))) throw new HttpError(403, 'site');
}

/** `offeredSiteIds`: the sites shown as checkboxes. Administrators see every site, so they belong to none. */
function validateAccessInto(errors: FormErrorsBuilder, answers: AccessAnswers, offeredSiteIds: number[]): AccessFields | undefined {
  if (!answers.role) errors.add('role', 'Select a role');
  else if (!isRole(answers.role)) errors.add('role', 'Select a role from the list');
  const siteIds = answers.siteIds.map(Number).sort((a, b) => a - b);
  const needsSites = answers.role !== 'administrator';
  if (siteIds.some((id) => !offeredSiteIds.includes(id))) errors.add('siteIds', 'Select sites from the list');
  else if (new Set(siteIds).size !== siteIds.length) errors.add('siteIds', 'Select each site once');
  else if (needsSites && isRole(answers.role) && siteIds.length === 0) errors.add('siteIds', 'Select at least one site');
  if (!isRole(answers.role) || errors.any) return undefined;
  return { role: answers.role, siteIds: needsSites ? siteIds : [] };
}

export function validateAccess(answers: AccessAnswers, offeredSiteIds: number[]): { fields?: AccessFields; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const fields = validateAccessInto(errors, answers, offeredSiteIds);
  return fields ? { fields } : { errors: errors.result() };
}

export function validateInvite(answers: InviteAnswers, offeredSiteIds: number[]): { fields?: InviteFields; errors?: FormErrors } {
  const errors = new FormErrorsBuilder();
  const nameError = nameProblem(answers.name, 'Enter their full name');
  if (nameError) errors.add('name', nameError);
  const emailError = emailProblem(answers.email);
  if (emailError) errors.add('email', emailError);
  const access = validateAccessInto(errors, answers, offeredSiteIds);
  if (!access || errors.any) return { errors: errors.result() };
  return { fields: { name: answers.name, email: answers.email, ...access } };
}

export function emailTaken(email: string): FormErrors {
  const message = `There is already an account for ${email}. Each email address can have one account, whatever its capital letters`;
  return { summary: [{ text: message, href: '#email' }], fields: { email: message } };
}
