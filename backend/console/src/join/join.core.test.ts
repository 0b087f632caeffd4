import { describe, expect, it } from 'vitest';
import { CHECKS_DISCLOSURE, MAX_DOCUMENT_BYTES, Registration } from '../../../../shared/registration';
import { base64Of, categoriesOf, countryOptions, documentBody, documentRefusal, emptyForm, formProblems, type JoinForm, languagesOf, missingDocuments, reapplyText, registrationBody, stagesOf, timeZoneOptions, tokenFromFragment, verifyOutcome } from './join.core';

const filled: JoinForm = {
  email: ' Ada@Example.com ',
  password: 'correct horse battery',
  displayName: 'Ada',
  givenName: 'Ada',
  familyName: 'Lovelace',
  country: 'GB',
  timezone: 'Europe/London',
  languages: 'en, FR',
  birthDate: '1990-12-10',
  categories: 'Audio > Headphones\n\n  Home >  Kitchen > \n',
  experience: 'Ten years in a hi-fi shop.',
  weeklyHours: '20',
};

describe('the application form', () => {
  it('makes the body the contract takes, with the current disclosure’s consent', () => {
    const body = registrationBody(filled);
    expect(body.languages).toEqual(['en', 'fr']);
    expect(body.categories).toEqual([['Audio', 'Headphones'], ['Home', 'Kitchen']]);
    expect(body.weeklyHours).toBe(20);
    expect(body.consent).toEqual({ authorized: true, version: CHECKS_DISCLOSURE.version });
    const parsed = Registration.parse(body);
    expect(parsed.email).toBe('ada@example.com');
    expect(formProblems(filled)).toEqual({});
  });

  it('names each field at fault in plain words, and only those the person has been to', () => {
    const problems = formProblems(emptyForm('Europe/Paris'));
    expect(Object.keys(problems).sort()).toEqual(['birthDate', 'categories', 'country', 'displayName', 'email', 'experience', 'familyName', 'givenName', 'languages', 'password', 'weeklyHours'].sort());
    expect(problems.languages).toContain('"en"');
    expect(problems.categories).toContain('Audio > Headphones');
    expect(formProblems(emptyForm('Europe/Paris'), new Set(['email']))).toEqual({ email: expect.any(String) });
  });

  it('refuses what the contract refuses: a short password, odd hours, a date that does not exist, an unknown zone', () => {
    const problems = formProblems({ ...filled, password: 'short', weeklyHours: '2.5', birthDate: '1990-02-30', timezone: 'Mars/Olympus', languages: 'english' });
    expect(problems.password).toBe('at least 10 characters');
    expect(problems.weeklyHours).toBe('a whole number of hours from 1 to 80');
    expect(problems.birthDate).toBe('a date that exists');
    expect(problems.timezone).toContain('IANA');
    expect(problems.languages).toContain('language subtag');
    expect(formProblems({ ...filled, weeklyHours: '81' }).weeklyHours).toBeDefined();
  });

  it('reads languages and categories as typed', () => {
    expect(languagesOf(' en  fr;en,PT ')).toEqual(['en', 'fr', 'pt']);
    expect(categoriesOf('>\nA>B>C')).toEqual([['A', 'B', 'C']]);
  });

  it('lists every country once, by name, and the browser’s zone even when its list lacks it', () => {
    const options = countryOptions((c) => (c === 'FR' ? 'France' : c === 'DE' ? 'Germany' : undefined));
    expect(options.length).toBe(249);
    expect(new Set(options.map(([c]) => c)).size).toBe(249);
    expect(options).toContainEqual(['FR', 'France (FR)']);
    expect(timeZoneOptions(['Europe/Paris'], 'Etc/Unknown')).toEqual(['Etc/Unknown', 'Europe/Paris']);
    expect(timeZoneOptions([], 'UTC')).toEqual(['UTC']);
  });
});

describe('the verification link', () => {
  it('takes the token from the fragment only when it is one', () => {
    expect(tokenFromFragment('#token=fwv_abcdefghijk123')).toBe('fwv_abcdefghijk123');
    expect(tokenFromFragment('#token=fwr_abcdefghijk123')).toBeNull();
    expect(tokenFromFragment('')).toBeNull();
    expect(tokenFromFragment('#token=fwv_short')).toBeNull();
  });

  it('tells a used, an expired and an invalid link apart', () => {
    const p = (code: string) => ({ status: 410, code, message: `m ${code}`, fields: {} });
    expect(verifyOutcome(null)).toEqual({ kind: 'verified' });
    expect(verifyOutcome(p('link_used'))).toEqual({ kind: 'used', message: 'm link_used' });
    expect(verifyOutcome(p('link_expired')).kind).toBe('expired');
    expect(verifyOutcome(p('link_invalid')).kind).toBe('invalid');
    expect(verifyOutcome(p('network')).kind).toBe('failed');
  });
});

describe('documents', () => {
  it('refuses a file of another type, an empty one or a larger one before reading it', () => {
    expect(documentRefusal({ size: 10, type: 'application/pdf' })).toBeNull();
    expect(documentRefusal({ size: 10, type: 'image/gif' })).toContain('PDF');
    expect(documentRefusal({ size: MAX_DOCUMENT_BYTES + 1, type: 'image/png' })).toContain('5 MB');
    expect(documentRefusal({ size: 0, type: 'image/jpeg' })).toContain('empty');
  });

  it('sends the bytes in standard base64', () => {
    const bytes = new Uint8Array([0, 255, 1, 2, 3, 250]);
    expect(base64Of(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(base64Of(big)).toBe(Buffer.from(big).toString('base64'));
    expect(documentBody('identity', { name: 'id.pdf', type: 'application/pdf' }, bytes)).toEqual({ kind: 'identity', fileName: 'id.pdf', contentType: 'application/pdf', content: 'AP8BAgP6' });
  });

  it('knows which required documents are still missing', () => {
    const uploaded = [{ id: '0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f', kind: 'identity' as const, fileName: 'a', contentType: 'application/pdf' as const, size: 1, uploadedAt: '' }];
    expect(missingDocuments({ documents: { required: ['identity', 'address'], uploaded } })).toEqual(['address']);
  });
});

describe('the stages of an application', () => {
  it('marks the stages before the current one done, and all done at the end', () => {
    expect(stagesOf({ step: 'check', status: 'checking' }).map((s) => s.state)).toEqual(['done', 'done', 'current', 'ahead', 'ahead']);
    expect(stagesOf({ step: 'verify_email', status: 'unverified' })[0]!.state).toBe('current');
    expect(stagesOf({ step: 'answer_question', status: 'more_info' })[3]!.state).toBe('current');
    expect(stagesOf({ step: 'done', status: 'approved' }).every((s) => s.state === 'done')).toBe(true);
    expect(stagesOf({ step: 'done', status: 'withdrawn' })).toEqual([]);
  });
});

describe('applying again', () => {
  const now = new Date('2026-09-01T12:00:00Z');
  const day = (iso: string) => iso.slice(0, 10);

  it('says nothing while the application is open or approved', () => {
    expect(reapplyText({ reapplyFrom: null }, now, day)).toBeNull();
  });

  it('says from when after a rejection, and "now" once that is past (at once after a withdrawal)', () => {
    expect(reapplyText({ reapplyFrom: '2027-02-28T09:30:00.000Z' }, now, day)).toEqual({ now: false, text: 'You can apply again from 2027-02-28.' });
    expect(reapplyText({ reapplyFrom: '2026-09-01T12:00:00.000Z' }, now, day)).toEqual({ now: true, text: 'You can apply again now: a new application, with the same e-mail address.' });
    expect(reapplyText({ reapplyFrom: '2026-03-01T12:00:00.000Z' }, now, day)?.now).toBe(true);
  });
});
