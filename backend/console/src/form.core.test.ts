import { describe, expect, it } from 'vitest';
import type { Problem } from './api.core';
import { firstFieldAtFault, formErrors } from './form.core';

const problem = (fields: Record<string, string>, message = 'The request body does not match the schema.'): Problem => ({ status: 400, code: 'invalid_body', message, fields });

describe('formErrors', () => {
  it('puts each of the server’s words on its field', () => {
    expect(formErrors(problem({ email: 'Invalid email address' }), ['email', 'displayName'])).toEqual({ form: null, fields: { email: 'Invalid email address' } });
  });

  it('matches a nested path to the field that holds it, or to an alias', () => {
    expect(formErrors(problem({ 'accreditations.0.level': 'Too big' }), ['accreditations']).fields).toEqual({ accreditations: 'Too big' });
    expect(formErrors(problem({ next: 'At least 10 characters' }), ['newPassword'], { next: 'newPassword' }).fields).toEqual({ newPassword: 'At least 10 characters' });
  });

  it('keeps what no field shows in the form’s message, and the message when nothing is placed', () => {
    expect(formErrors(problem({ schedule: 'Bad' }), ['email'])).toEqual({ form: 'The request body does not match the schema. schedule: Bad', fields: {} });
    expect(formErrors(problem({ email: 'Taken', schedule: 'Bad' }), ['email'])).toEqual({ form: 'schedule: Bad', fields: { email: 'Taken' } });
    expect(formErrors({ status: 403, code: 'role_forbids', message: 'Your role (analyst) does not allow this.', fields: {} }, ['label'])).toEqual({ form: 'Your role (analyst) does not allow this.', fields: {} });
  });

  it('takes the keyboard to the first field at fault in the form’s order', () => {
    const errors = formErrors(problem({ password: 'Wrong', email: 'Invalid' }), ['email', 'password']);
    expect(firstFieldAtFault(errors, ['email', 'password'])).toBe('email');
  });
});
