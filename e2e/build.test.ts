import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const manifest = (target: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../.output/${target}/manifest.json`, import.meta.url)), 'utf8'));

const SITE_ORIGINS = ['http://*/*', 'https://*/*'];

describe('the built extension', () => {
  it.each([
    ['chrome-mv3', 3],
    ['firefox-mv2', 2],
  ])('%s declares no content script: it is registered at run time, for participating sites only', (target, version) => {
    const m = manifest(target);
    expect(m.manifest_version).toBe(version);
    expect(m.content_scripts ?? []).toEqual([]);
    expect(m.permissions).toEqual(expect.arrayContaining(['storage', 'alarms', 'scripting']));
  });

  it.each(['chrome-mv3', 'firefox-mv2'])('%s asks for access to no site at install', (target) => {
    const m = manifest(target);
    expect(m.host_permissions ?? []).toEqual([]);
    // MV2 lists host access among its permissions: only API permissions may be there.
    expect((m.permissions as string[]).filter((p) => p.includes('/') || p === '<all_urls>')).toEqual([]);
  });

  it('Chrome MV3 may ask for any http(s) host at run time, as optional host permissions; notifications only for agent mode', () => {
    const m = manifest('chrome-mv3');
    expect(m.optional_host_permissions).toEqual(SITE_ORIGINS);
    expect(m.optional_permissions).toEqual(['notifications']);
    expect(m.permissions).not.toContain('notifications');
  });

  it('Firefox MV2 may ask for the same hosts at run time, among its optional permissions (and notifications, for agent mode)', () => {
    const m = manifest('firefox-mv2');
    expect(m.optional_permissions).toEqual([...SITE_ORIGINS, 'notifications']);
    expect(m.optional_host_permissions).toBeUndefined();
  });

  it('agent mode’s offers panel: Chrome’s side panel, Firefox’s sidebar (closed at install), no offscreen document', () => {
    const chrome = manifest('chrome-mv3');
    expect(chrome.side_panel).toEqual({ default_path: 'sidepanel.html' });
    expect(chrome.permissions).toContain('sidePanel');
    const firefox = manifest('firefox-mv2');
    expect(firefox.sidebar_action).toMatchObject({ default_panel: 'sidepanel.html', open_at_install: false });
    expect(firefox.permissions).not.toContain('sidePanel');
    expect(firefox.permissions).not.toContain('offscreen');
    expect(firefox.side_panel).toBeUndefined();
  });

  it('pins its Chrome id with a key, and its Firefox id with a gecko id', () => {
    expect(manifest('chrome-mv3').key).toMatch(/^MIIB/);
    expect(manifest('firefox-mv2').browser_specific_settings.gecko.id).toBe('floorwalker@floorwalker.dev');
    // What Firefox tells the shopper at install about the data that leaves the browser.
    expect(manifest('firefox-mv2').browser_specific_settings.gecko.data_collection_permissions.required).toEqual(
      expect.arrayContaining(['browsingActivity', 'searchTerms']),
    );
  });
});
