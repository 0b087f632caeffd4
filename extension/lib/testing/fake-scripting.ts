import type { RegisteredScript, ScriptingPort } from '../scripting';

/** `browser.scripting`'s content-script registry in memory, failing where Chrome fails (duplicate or unknown ids). */
export function createFakeScripting() {
  const scripts = new Map<string, RegisteredScript>();
  const calls: string[] = [];
  const port: ScriptingPort = {
    async getRegisteredContentScripts(filter) {
      return [...scripts.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id));
    },
    async registerContentScripts(list) {
      calls.push('register');
      for (const s of list) if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
      for (const s of list) scripts.set(s.id, s);
    },
    async updateContentScripts(list) {
      calls.push('update');
      for (const s of list) if (!scripts.has(s.id)) throw new Error(`Nonexistent script ID '${s.id}'`);
      for (const s of list) scripts.set(s.id, s);
    },
    async unregisterContentScripts(filter) {
      calls.push('unregister');
      for (const id of filter?.ids ?? [...scripts.keys()]) {
        if (!scripts.delete(id)) throw new Error(`Nonexistent script ID '${id}'`);
      }
    },
  };
  return { ...port, scripts, calls, matches: () => [...scripts.values()].flatMap((s) => s.matches) };
}
