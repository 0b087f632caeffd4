import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { ScheduleException, ScheduleExceptionBody, ScheduleExceptionList, ScheduleExceptionQuery } from '../../../../shared/associates';
import { associates, scheduleExceptions } from '../../db/schema';
import type { AppDeps } from '../../deps';
import { InvalidInput, NotFound } from '../../errors';
import { exceptionDateProblem, localDate } from './schedule.core';

/**
 * An associate's exceptions to their weekly schedule: a day off, or one-off hours, on a local
 * date in their zone (today up to a year ahead). Matching and the floor read them with the
 * schedule (schedule.core `isWithinSchedule`); `changed` is told after each change, so an
 * associate whose hours now include this minute can be offered what waits.
 */
export class ScheduleExceptionsService {
  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'clock'>,
    private readonly changed: (associateId: string) => void = () => {},
  ) {}

  /**
   * The exceptions from `from` (today in the associate's zone when left out) up to `to` (when
   * given, included), soonest first, with the zone and today's date they are read in. The
   * associate reads their own; an enterprise reads those of an associate who works for it (the
   * route checks that first).
   */
  async list(associateId: string, range: ScheduleExceptionQuery = {}): Promise<ScheduleExceptionList> {
    const { timezone, today } = await this.zoneOf(associateId);
    const rows = await this.deps.db
      .select()
      .from(scheduleExceptions)
      .where(
        and(
          eq(scheduleExceptions.associateId, associateId),
          gte(scheduleExceptions.date, range.from ?? today),
          range.to === undefined ? undefined : lte(scheduleExceptions.date, range.to),
        ),
      )
      .orderBy(asc(scheduleExceptions.date));
    return { timezone, today, exceptions: rows.map(view) };
  }

  /** Sets (or replaces) the exception of one date; 400 naming `date` for a past date or one more than a year ahead. */
  async set(associateId: string, date: string, body: ScheduleExceptionBody): Promise<ScheduleException> {
    const { today } = await this.zoneOf(associateId);
    const problem = exceptionDateProblem(date, today);
    if (problem) throw new InvalidInput(['date'], problem);
    const periods = [...body.periods].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)).map((p) => ({ from: p.from, to: p.to }));
    const values = { associateId, date, periods, note: body.note ?? null, createdAt: this.deps.clock() };
    const [row] = await this.deps.db
      .insert(scheduleExceptions)
      .values(values)
      .onConflictDoUpdate({ target: [scheduleExceptions.associateId, scheduleExceptions.date], set: { periods, note: values.note } })
      .returning();
    this.changed(associateId);
    return view(row!);
  }

  /** Removes the exception of one date (the week's hours apply again); NotFound when there is none. */
  async remove(associateId: string, date: string): Promise<void> {
    const gone = await this.deps.db
      .delete(scheduleExceptions)
      .where(and(eq(scheduleExceptions.associateId, associateId), eq(scheduleExceptions.date, date)))
      .returning({ date: scheduleExceptions.date });
    if (gone.length === 0) throw new NotFound('The schedule exception');
    this.changed(associateId);
  }

  private async zoneOf(associateId: string): Promise<{ timezone: string; today: string }> {
    const [row] = await this.deps.db.select({ timezone: associates.timezone }).from(associates).where(eq(associates.id, associateId));
    if (!row) throw new NotFound('The associate');
    return { timezone: row.timezone, today: localDate(this.deps.clock(), row.timezone) };
  }
}

function view(row: typeof scheduleExceptions.$inferSelect): ScheduleException {
  return { date: row.date, periods: row.periods, note: row.note };
}
