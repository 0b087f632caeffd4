/** A session's events counted per minute, from the first to the last (empty minutes count 0): x in seconds for the chart. */
export function eventsPerMinute(ats: readonly string[]): { x: number[]; counts: number[] } {
  const minutes = ats.map((a) => Math.floor(Date.parse(a) / 60_000)).filter((m) => Number.isFinite(m));
  if (!minutes.length) return { x: [], counts: [] };
  const first = Math.min(...minutes);
  const last = Math.max(...minutes);
  // A session is hours at most; a day of minutes bounds the chart whatever the data.
  const span = Math.min(last - first, 24 * 60);
  const counts = Array.from({ length: span + 1 }, () => 0);
  for (const m of minutes) if (m - first <= span) counts[m - first]! += 1;
  return { x: counts.map((_, i) => (first + i) * 60), counts };
}
