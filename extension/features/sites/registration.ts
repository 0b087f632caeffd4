import { createLock } from '../../lib/lock';
import type { RegisteredScript, ScriptingPort } from '../../lib/scripting';

export const SHOPPER_SCRIPT_ID = 'floorwalker-shopper';
/** Where WXT writes entrypoints/shopper.content.ts (registration: 'runtime'). */
export const SHOPPER_SCRIPT_FILE = 'content-scripts/shopper.js';

/**
 * Keeps the shopper content script registered for exactly the given match patterns.
 * Calls are serialised: two overlapping registrations of one id would fail.
 */
export function createScriptRegistration(scripting: ScriptingPort) {
  const lock = createLock();
  return {
    /** Registers the script for `patterns`, updates it, or unregisters it when there are none. */
    sync: (patterns: readonly string[]) =>
      lock(async () => {
        const existing = await scripting.getRegisteredContentScripts({ ids: [SHOPPER_SCRIPT_ID] });
        const current = existing.find((s) => s.id === SHOPPER_SCRIPT_ID);
        if (patterns.length === 0) {
          if (current) await scripting.unregisterContentScripts({ ids: [SHOPPER_SCRIPT_ID] });
          return;
        }
        const script: RegisteredScript = {
          id: SHOPPER_SCRIPT_ID,
          matches: [...patterns],
          js: [SHOPPER_SCRIPT_FILE],
          runAt: 'document_idle',
          allFrames: false,
        };
        if (!current) await scripting.registerContentScripts([script]);
        else if (!sameSet(current.matches ?? [], patterns)) await scripting.updateContentScripts([script]);
      }),
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}
