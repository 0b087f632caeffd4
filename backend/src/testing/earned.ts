import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open';
import { earnedAccreditations, questionBanks, testAttempts } from '../db/schema';

/*
 * Accreditations earned by passing a test, written directly (the tests module writes them in
 * the product): a published bank, a graded attempt that passed, and what it earned.
 */

export interface BankSeed {
  /** The owner; null: a marketplace test. */
  enterpriseId: string | null;
  category: string[];
  level: number;
  title?: string;
  published?: boolean;
}

/** A question bank (no questions: nothing here draws from it). */
export async function insertBank(db: Db, seed: BankSeed, now: Date): Promise<string> {
  const id = randomUUID();
  await db.insert(questionBanks).values({
    id,
    enterpriseId: seed.enterpriseId,
    title: seed.title ?? `${seed.category.join(' > ')} level ${seed.level}`,
    category: seed.category,
    level: seed.level,
    questionsPerTest: 10,
    timeLimitSeconds: 600,
    passPercent: 80,
    retakeWaitHours: 24,
    validityDays: 365,
    published: seed.published ?? true,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

/** The associate passed the bank's test at `now`; it lasts until `expiresAt` (a year by default). */
export async function insertEarned(db: Db, associateId: string, bankId: string, now: Date, expiresAt = new Date(now.getTime() + 365 * 86_400_000)): Promise<void> {
  const [bank] = await db.select().from(questionBanks).where(eq(questionBanks.id, bankId));
  if (!bank) throw new Error(`no bank ${bankId}`);
  const attemptId = randomUUID();
  await db.insert(testAttempts).values({
    id: attemptId,
    bankId,
    associateId,
    status: 'graded',
    questionIds: [],
    startedAt: now,
    deadlineAt: new Date(now.getTime() + bank.timeLimitSeconds * 1000),
    submittedAt: now,
    scorePercent: 100,
    passed: true,
  });
  await db
    .insert(earnedAccreditations)
    .values({ associateId, bankId, enterpriseId: bank.enterpriseId, category: bank.category, level: bank.level, attemptId, earnedAt: now, expiresAt })
    .onConflictDoUpdate({ target: [earnedAccreditations.associateId, earnedAccreditations.bankId], set: { attemptId, level: bank.level, earnedAt: now, expiresAt } });
}
