const seen = new Set<string>();
const MAX_REMEMBERED = 200;

/** Message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Logs a failure once per feature and message, so a loop that keeps failing the same
 * way (a backend that is down, a page that breaks a selector) does not flood the console.
 */
export function logOnce(feature: string, error: unknown): void {
  const key = `${feature}: ${errorMessage(error)}`;
  if (seen.has(key)) return;
  if (seen.size >= MAX_REMEMBERED) seen.clear();
  seen.add(key);
  console.warn(`[floorwalker] ${key}`, error);
}
