import type { MyAdmission } from '../../../shared/associates';

/**
 * What an invitation asks first, in words: the enterprise's own test and whether the associate
 * holds a valid pass of it; null when it requires none. Pure.
 */
export function requiredTestText(a: Pick<MyAdmission, 'enterpriseName' | 'requiredTest'>): string | null {
  const test = a.requiredTest;
  if (!test) return null;
  const what = `“${test.title}” (${test.category.join(' › ')}, level ${test.level})`;
  return test.passed ? `You passed ${what}, which ${a.enterpriseName} requires: you can accept.` : `${a.enterpriseName} asks you to pass its test ${what} before you accept.`;
}

/** A schedule exception's hours in words: "Day off", or "08:00–09:30, 18:00–20:00". */
export function exceptionHoursText(periods: readonly { from: string; to: string }[]): string {
  return periods.length === 0 ? 'Day off' : periods.map((p) => `${p.from}–${p.to}`).join(', ');
}
