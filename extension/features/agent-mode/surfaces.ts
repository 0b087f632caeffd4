import { browser } from '#imports';
import type { ExtensionMode } from '../../lib/storage';

/**
 * What the toolbar button and the side panel do in each mode, and opening the panel.
 * Chrome: in agent mode the button opens the side panel (no popup: while a popup is set,
 * Chrome opens it and `openPanelOnActionClick` does nothing) and the panel is listed; in
 * shopper mode the popup is back and the panel is not offered. Firefox (sidebar_action, no
 * sidePanel API): the popup stays in both modes; in agent mode it has a button that opens the
 * sidebar.
 */
export interface Surfaces {
  apply(mode: ExtensionMode): Promise<void>;
  /** Opens the offers panel in the current window; needs a user action in most browsers. */
  openPanel(windowId?: number): Promise<void>;
  /** Whether this browser shows the offers in a side panel opened from the toolbar button. */
  readonly panelOnAction: boolean;
}

const POPUP = 'popup.html';
const PANEL = 'sidepanel.html';

interface ChromeSidePanel {
  setPanelBehavior(options: { openPanelOnActionClick: boolean }): Promise<void>;
  setOptions(options: { enabled?: boolean; path?: string }): Promise<void>;
  open(options: { windowId: number }): Promise<void>;
}
interface FirefoxSidebar {
  open(): Promise<void>;
}

export function browserSurfaces(): Surfaces {
  const sidePanel = (browser as unknown as { sidePanel?: ChromeSidePanel }).sidePanel;
  const sidebar = (browser as unknown as { sidebarAction?: FirefoxSidebar }).sidebarAction;
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;

  return {
    panelOnAction: Boolean(sidePanel),
    async apply(mode) {
      if (!sidePanel) return;
      const agent = mode === 'agent';
      await action.setPopup({ popup: agent ? '' : POPUP });
      await sidePanel.setOptions({ enabled: agent, path: PANEL });
      await sidePanel.setPanelBehavior({ openPanelOnActionClick: agent });
    },
    async openPanel(windowId) {
      // Firefox counts a user action only while its handler runs: the sidebar opens before any await.
      if (sidebar) return sidebar.open();
      if (!sidePanel) throw new Error('This browser has no side panel for Floorwalker.');
      const id = windowId ?? (await browser.windows.getCurrent()).id;
      if (id === undefined) throw new Error('There is no browser window to open the panel in.');
      return sidePanel.open({ windowId: id });
    },
  };
}
