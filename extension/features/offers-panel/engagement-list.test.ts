import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createComponent, render } from 'solid-js/web';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeEngagement } from '../../lib/testing/fake-backend';
import { EngagementList } from './EngagementList';

let container: HTMLDivElement;
let dispose: () => void;

beforeEach(() => {
  fakeBrowser.reset();
  container = document.createElement('div');
  document.body.append(container); // Solid delegates clicks to the document
  dispose = render(
    () =>
      createComponent(EngagementList, {
        engagements: [fakeEngagement('e-accepted', 'o1', 'accepted'), fakeEngagement('e-invited', 'o2', 'invited')],
        now: Date.now(),
      }),
    container,
  );
});
afterEach(() => {
  dispose();
  container.remove();
});

describe('EngagementList', () => {
  it('offers the live console for an accepted engagement only, and opens it in a tab', async () => {
    const buttons = [...container.querySelectorAll<HTMLButtonElement>('[data-testid="open-live"]')];
    expect(buttons.map((b) => b.closest('[data-engagement-id]')?.getAttribute('data-engagement-id'))).toEqual(['e-accepted']);
    buttons[0]!.click();
    await vi.waitFor(async () => {
      const tabs = await fakeBrowser.tabs.query({});
      expect(tabs.map((t) => t.url)).toContain('chrome-extension://test-extension-id/live.html?engagement=e-accepted');
    });
  });
});
