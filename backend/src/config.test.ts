import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('readConfig', () => {
  it('defaults to port 8787, PGlite in .data/pglite, 90 days of retention and detection on', () => {
    expect(readConfig({})).toEqual({ PORT: 8787, HOST: '127.0.0.1', PGLITE_DIR: '.data/pglite', RETENTION_DAYS: 90, DETECTION: 'on', ICE_SERVERS: [], TRUSTED_PROXY_HOPS: 0 });
  });
  it('takes a retention period in whole days', () => {
    expect(readConfig({ RETENTION_DAYS: '30' }).RETENTION_DAYS).toBe(30);
  });
  it('reads TRUSTED_PROXY_HOPS and refuses what is not a small count', () => {
    expect(readConfig({ TRUSTED_PROXY_HOPS: '2' }).TRUSTED_PROXY_HOPS).toBe(2);
    for (const hops of ['-1', '1.5', 'all', '99']) expect(() => readConfig({ TRUSTED_PROXY_HOPS: hops })).toThrowError(/TRUSTED_PROXY_HOPS=/);
  });

  it.each(['0', '-5', '1.5', 'ninety', '99999'])('refuses RETENTION_DAYS=%s, naming it', (days) => {
    expect(() => readConfig({ RETENTION_DAYS: days })).toThrowError(/RETENTION_DAYS=/);
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
  it('takes STUN/TURN servers as a JSON array', () => {
    const servers = [{ urls: 'stun:stun.example:3478' }, { urls: ['turn:turn.example:3478'], username: 'u', credential: 'p' }];
    expect(readConfig({ ICE_SERVERS: JSON.stringify(servers) }).ICE_SERVERS).toEqual(servers);
  });
  it.each(['not json', '{"urls":"stun:x"}', '[{"url":"stun:x"}]', '[{"urls":3}]'])('refuses ICE_SERVERS=%s, naming it', (value) => {
    expect(() => readConfig({ ICE_SERVERS: value })).toThrowError(/ICE_SERVERS[.\w]*=/);
  });
});
