import { describe, expect, it } from 'vitest';
import { readConfig } from './config';

describe('readConfig', () => {
  it('defaults to port 8787, PGlite in .data/pglite, a pool of 20 Postgres connections, 90 days of retention and detection on', () => {
    expect(readConfig({})).toEqual({ PORT: 8787, HOST: '127.0.0.1', DATABASE_POOL: 20, PGLITE_DIR: '.data/pglite', RETENTION_DAYS: 90, DETECTION: 'on', ICE_SERVERS: [], TRUSTED_PROXY_HOPS: 0, MAIL_FROM: 'Floorwalker <no-reply@floorwalker.invalid>', CHECKR_ADVERSE_WAITING_DAYS: 7, TWILIO_API_URL: 'https://api.twilio.com' });
  });
  it('takes mail settings and a public address, refusing a mail URL of another scheme', () => {
    expect(readConfig({ SMTP_URL: 'smtp://u:p@mail.example:587', PUBLIC_URL: 'https://fw.example/' })).toMatchObject({ SMTP_URL: 'smtp://u:p@mail.example:587', PUBLIC_URL: 'https://fw.example' });
    expect(() => readConfig({ SMTP_URL: 'http://mail.example' })).toThrowError(/SMTP_URL=/);
  });
  it('takes the adverse-action waiting period in whole days, 1 to 60', () => {
    expect(readConfig({ CHECKR_ADVERSE_WAITING_DAYS: '5' }).CHECKR_ADVERSE_WAITING_DAYS).toBe(5);
    for (const days of ['0', '61', '2.5', 'a week']) expect(() => readConfig({ CHECKR_ADVERSE_WAITING_DAYS: days })).toThrowError(/CHECKR_ADVERSE_WAITING_DAYS/);
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
  it('takes the Postgres pool size as a whole number of connections, 1 to 200', () => {
    expect(readConfig({ DATABASE_POOL: '40' }).DATABASE_POOL).toBe(40);
    for (const size of ['0', '201', '2.5', 'many']) expect(() => readConfig({ DATABASE_POOL: size })).toThrowError(/DATABASE_POOL=/);
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

describe('the outbound guard’s configuration', () => {
  it('takes the hosts the operator allows, comma-separated', () => {
    expect(readConfig({ OUTBOUND_ALLOW_HOSTS: ' 127.0.0.1:4105, lookup.internal ,' }).OUTBOUND_ALLOW_HOSTS).toEqual(['127.0.0.1:4105', 'lookup.internal']);
    expect(readConfig({}).OUTBOUND_ALLOW_HOSTS).toBeUndefined();
  });
  it.each(['http://127.0.0.1:4105', '127.0.0.1/lookup', 'user@host', 'host:99999'])('refuses OUTBOUND_ALLOW_HOSTS=%s, naming it', (value) => {
    expect(() => readConfig({ OUTBOUND_ALLOW_HOSTS: value })).toThrowError(/OUTBOUND_ALLOW_HOSTS[.\d]*=.*host or host:port/);
  });
  const segment = { SEGMENT_SPACE_ID: 'spa_1', SEGMENT_ACCESS_TOKEN: 'tok', SEGMENT_ENTERPRISE_IDS: '0b7c6a52-3f1e-4c2a-9d7e-5a1b2c3d4e5f' };
  it('refuses at start a Segment endpoint the guard would refuse at every call', () => {
    expect(() => readConfig({ ...segment, SEGMENT_PROFILES_URL: 'http://127.0.0.1:4300' })).toThrowError(/SEGMENT_PROFILES_URL=.*the backend would not call it: the backend calls https URLs only/);
    expect(() => readConfig({ ...segment, SEGMENT_PROFILES_URL: 'https://169.254.169.254' })).toThrowError(/SEGMENT_PROFILES_URL=.*169\.254\.169\.254 is not a public address \(linkLocal\)/);
  });
  it('takes a local Segment endpoint the operator allows', () => {
    expect(readConfig({ ...segment, SEGMENT_PROFILES_URL: 'http://127.0.0.1:4300', OUTBOUND_ALLOW_HOSTS: '127.0.0.1:4300' }).SEGMENT_PROFILES_URL).toBe('http://127.0.0.1:4300');
    expect(readConfig({ ...segment, SEGMENT_PROFILES_URL: 'https://eu1.profiles.segment.com' }).SEGMENT_PROFILES_URL).toBe('https://eu1.profiles.segment.com');
  });
  it('calls Twilio at https://api.twilio.com unless told another address, held to the outbound rule at start', () => {
    expect(readConfig({}).TWILIO_API_URL).toBe('https://api.twilio.com');
    expect(readConfig({ TWILIO_API_URL: 'http://127.0.0.1:4180/', OUTBOUND_ALLOW_HOSTS: '127.0.0.1:4180' }).TWILIO_API_URL).toBe('http://127.0.0.1:4180');
    expect(() => readConfig({ TWILIO_API_URL: 'http://127.0.0.1:4180' })).toThrowError(/TWILIO_API_URL=.*the backend would not call it: the backend calls https URLs only/);
    expect(() => readConfig({ TWILIO_API_URL: 'https://10.0.0.5' })).toThrowError(/TWILIO_API_URL=.*10\.0\.0\.5 is not a public address/);
    expect(() => readConfig({ TWILIO_API_URL: 'ftp://api.twilio.com' })).toThrowError(/TWILIO_API_URL=/);
  });
});
