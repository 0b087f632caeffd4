import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const manifest = (target: string) =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../.output/${target}/manifest.json`, import.meta.url)), 'utf8'));

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

  it('pins its Chrome id with a key, and its Firefox id with a gecko id', () => {
    expect(manifest('chrome-mv3').key).toMatch(/^MIIB/);
    expect(manifest('firefox-mv2').browser_specific_settings.gecko.id).toBe('floorwalker@floorwalker.dev');
  });
});
