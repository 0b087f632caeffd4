import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, primaryKey, real, text, uuid } from 'drizzle-orm/pg-core';
import { timestamp } from '../time';
import { associates } from './associates';
import { engagements } from './engagements';
import { enterprises } from './tenancy';

/** Raw bytes (a document's file); both drivers hand a Uint8Array (postgres.js a Buffer, which is one). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
  fromDriver: (value) => (typeof value === 'string' ? Buffer.from((value as string).replace(/^\\x/, ''), 'hex') : value),
});

export type MaterialKind = 'document' | 'technique' | 'link';

/** Where a material fits: category path prefixes, opportunity rule ids, channels, languages (empty: any). */
export interface MaterialTags {
  categories: string[][];
  rules: string[];
  channels: ('chat' | 'voice' | 'view' | 'guide')[];
  languages: string[];
}

/** An enterprise's material or technique; its content is in its versions. */
export const materials = pgTable(
  'materials',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['document', 'technique', 'link'] }).$type<MaterialKind>().notNull(),
    title: text('title').notNull(),
    tags: jsonb('tags').$type<MaterialTags>().notNull(),
    /** The enterprise's own order (the static ranking the holdout sees): lower first. */
    position: integer('position').notNull(),
    /** The version shown; 0 for a document whose file has not been uploaded yet. */
    currentVersion: integer('current_version').notNull(),
    fileName: text('file_name'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('materials_enterprise_idx').on(t.enterpriseId, t.position)],
);

/** One version of a material: a technique's Markdown, a link's URL or a document's file. */
export const materialVersions = pgTable(
  'material_versions',
  {
    materialId: uuid('material_id')
      .notNull()
      .references(() => materials.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    markdown: text('markdown'),
    url: text('url'),
    contentType: text('content_type'),
    size: integer('size'),
    sha256: text('sha256'),
    bytes: bytea('bytes'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.materialId, t.version] })],
);

export type UsageAction = 'shown' | 'opened' | 'copied' | 'sent' | 'opened_by_shopper' | 'marked';

/** Every use of a material in an engagement. */
export const materialUsages = pgTable(
  'material_usages',
  {
    id: uuid('id').primaryKey(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    materialId: uuid('material_id')
      .notNull()
      .references(() => materials.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    action: text('action', { enum: ['shown', 'opened', 'copied', 'sent', 'opened_by_shopper', 'marked'] }).$type<UsageAction>().notNull(),
    rankingId: uuid('ranking_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('material_usages_engagement_idx').on(t.engagementId, t.at), index('material_usages_material_idx').on(t.materialId)],
);

/** One item of a logged ranking: the order shown, and its probability of being placed first. */
export interface LoggedItem {
  itemId: string;
  probability: number;
  /** For a holdout decision: the learning policy's probability of placing the item first (for offline evaluation). */
  target?: number;
}

/** A ranking shown to an engagement's associate, logged with each item's probability of being first. */
export const practiceRankings = pgTable(
  'practice_rankings',
  {
    id: uuid('id').primaryKey(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    situationKey: text('situation_key').notNull(),
    /** The situation itself ({category, rule, channel, tier}). */
    situation: jsonb('situation').$type<{ category: string[]; rule: string | null; channel: string; tier: string | null }>().notNull(),
    holdout: boolean('holdout').notNull(),
    items: jsonb('items').$type<LoggedItem[]>().notNull(),
    /** What the ranking was made from (items and tallies): the same basis gives the same ranking, not a new one. */
    basis: text('basis').notNull(),
    seed: integer('seed').notNull(),
    shownAt: timestamp('shown_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('practice_rankings_engagement_idx').on(t.engagementId, t.shownAt), index('practice_rankings_enterprise_idx').on(t.enterpriseId, t.shownAt)],
);

/** Outcomes per situation (every level of it) and item: `sales` of `outcomes`. */
export const practiceTallies = pgTable(
  'practice_tallies',
  {
    situationKey: text('situation_key').notNull(),
    itemId: uuid('item_id').notNull(),
    sales: integer('sales').notNull(),
    outcomes: integer('outcomes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.situationKey, t.itemId] })],
);

/** An engagement's outcome as the tallies count it: a revision replaces it (and moves the tallies), never adds. */
export const practiceOutcomes = pgTable(
  'practice_outcomes',
  {
    engagementId: uuid('engagement_id')
      .primaryKey()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    associateId: uuid('associate_id')
      .notNull()
      .references(() => associates.id, { onDelete: 'cascade' }),
    outcome: text('outcome', { enum: ['sale', 'no_sale'] }).$type<'sale' | 'no_sale'>().notNull(),
    /** The decision rewarded (null when none was shown): its situation and the item it placed first. */
    rankingId: uuid('ranking_id'),
    situationKey: text('situation_key'),
    situation: jsonb('situation').$type<{ category: string[]; rule: string | null; channel: string; tier: string | null }>(),
    itemId: uuid('item_id'),
    holdout: boolean('holdout'),
    /** The probability the logged policy gave the rewarded item. */
    probability: real('probability'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('practice_outcomes_situation_idx').on(t.situationKey).where(sql`${t.situationKey} is not null`), index('practice_outcomes_enterprise_idx').on(t.enterpriseId)],
);

/** The key that signs the shopper's links to materials (one, made on first use, sealed). */
export const materialLinkKeys = pgTable('material_link_keys', {
  id: integer('id').primaryKey(),
  sealedKey: text('sealed_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});
