import type { AvailableTest } from '../../../shared/accreditation-tests';

/** Seconds as the test's countdown shows them: "9:05", never below "0:00". */
export function formatRemaining(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The seconds left of an attempt: what the server said, less the time since it said it. */
export function secondsLeftOf(remainingAtRead: number, readAtMs: number, nowMs: number): number {
  // A clock that ticked behind the read (the panel's once-a-second tick) takes nothing off.
  return Math.max(0, remainingAtRead - Math.max(0, Math.floor((nowMs - readAtMs) / 1000)));
}

/** Where the associate stands with a test, in a line: in progress, passed (until when), or when a retake may start. */
export function standingText(test: AvailableTest, locale?: string): string {
  const day = (iso: string) => new Date(iso).toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' });
  const time = (iso: string) => new Date(iso).toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  if (test.openAttemptId) return 'In progress';
  if (!test.canStart && test.waitUntil) return `Next try from ${time(test.waitUntil)}`;
  if (test.passed) return `Passed; valid until ${day(test.passed.validUntil)}`;
  return 'Not taken yet';
}

/** Who a test is from, in words. */
export function sourceText(test: AvailableTest): string {
  return test.source.kind === 'marketplace' ? 'Marketplace test' : `${test.source.enterpriseName}’s test`;
}
