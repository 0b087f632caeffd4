/**
 * The registration site of the backend the extension talks to (served at /join/): where a
 * person who is not an associate yet applies to join the marketplace. Null when the backend's
 * address is not an http(s) one (the link would go nowhere).
 */
export function joinUrl(backendUrl: string | null | undefined): string | null {
  if (!backendUrl) return null;
  try {
    const url = new URL(backendUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return new URL('/join/', url.origin).href;
  } catch {
    return null;
  }
}
