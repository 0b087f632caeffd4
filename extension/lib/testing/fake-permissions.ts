import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * `browser.permissions`' host access in memory, put in place of fakeBrowser's (which has
 * none). Patterns match exactly, which is enough for the patterns the extension asks for.
 * A request is answered by `answer` (the shopper's click; default: yes).
 */
export function installFakePermissions() {
  const granted = new Set<string>();
  const requests: string[][] = [];
  let answer: (origins: string[]) => boolean = () => true;
  Object.assign(fakeBrowser.permissions, {
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => granted.has(o)),
    getAll: async () => ({ origins: [...granted], permissions: [] }),
    request: async ({ origins = [] }: { origins?: string[] }) => {
      requests.push(origins);
      if (!answer(origins)) return false;
      for (const o of origins) granted.add(o);
      return true;
    },
    remove: async ({ origins = [] }: { origins?: string[] }) => {
      for (const o of origins) granted.delete(o);
      return true;
    },
  });
  return {
    granted,
    /** Every request's origins, in order. */
    requests,
    /** How the shopper answers the next requests. */
    answerWith: (decide: (origins: string[]) => boolean) => {
      answer = decide;
    },
  };
}
