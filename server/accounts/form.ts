import { lookAlikeProblem } from './look-alikes.js';
import { characterCount, FormErrorsBuilder, text, type Body, type FormErrors } from '../http/forms.js';
import { passwordProblem } from './passwords.js';

export const NAME_MAX = 100;
export const EMAIL_MAX = 254;

/** Passwords are taken exactly as typed: no trimming, no normalising beyond NFC at hashing. */
export function password(body: Body | undefined, name: string): string {
  let value = body?.[name];
  if (Array.isArray(value)) value = value[0];
  return typeof value === 'string' ? value : '';
}

/** Loose on purpose: one @, something either side, no spaces. Unicode is allowed. */
export function emailProblem(email: string): string | undefined {
  if (!email) return 'Enter an email address';
  if (characterCount(email) > EMAIL_MAX) return `Email address must be ${EMAIL_MAX} characters or fewer`;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email)) return 'Enter an email address in the correct format, like name@example.org';
  return lookAlikeProblem(email, 'Email address');
}

/** The problem with a person's name, or undefined: required, not too long, no hidden characters or borrowed letters. */
export function nameProblem(name: string, missing: string): string | undefined {
  if (!name) return missing;
  if (characterCount(name) > NAME_MAX) return `Name must be ${NAME_MAX} characters or fewer`;
  return lookAlikeProblem(name, 'Name');
}

export interface FirstAdministratorAnswers {
  name: string;
  email: string;
  password: string;
}

export function readFirstAdministrator(body: Body | undefined): FirstAdministratorAnswers {
  return { name: text(body, 'name'), email: text(body, 'email'), password: password(body, 'password') };
}

export function validateNewAccount(answers: { name: string; email: string; password: string }): FormErrors | undefined {
  const errors = new FormErrorsBuilder();
  const nameError = nameProblem(answers.name, 'Enter your full name');
  if (nameError) errors.add('name', nameError);
  const emailError = emailProblem(answers.email);
  if (emailError) errors.add('email', emailError);
  const passwordError = passwordProblem(answers.password);
  if (passwordError) errors.add('password', passwordError);
  return errors.result();
}
