import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('readConfig', () => {
  it('defaults to port 8787 and PGlite in .data/pglite', () => {
    expect(readConfig({})).toEqual({ PORT: 8787, HOST: '127.0.0.1', PGLITE_DIR: '.data/pglite' });
  });
  it('takes a Postgres URL and a port', () => {
    expect(readConfig({ PORT: '9000', DATABASE_URL: 'postgres://u@h:5432/db' })).toMatchObject({ PORT: 9000, DATABASE_URL: 'postgres://u@h:5432/db' });
  });
  it('treats an empty DATABASE_URL as unset', () => {
    expect(readConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
  it('names every bad variable in one message', () => {
    expect(() => readConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrowError(/PORT="eighty"[\s\S]*DATABASE_URL="mysql:\/\/x".*postgres:\/\//);
  });
});
