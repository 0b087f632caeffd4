import { z } from 'zod';
import { text } from './text';

/** An enterprise API key as listed: never the key itself, which is shown once, when made. */
export const ApiKeyView = z.object({
  id: z.uuid(),
  label: z.string(),
  /** The key's first characters, to tell keys apart. */
  prefix: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  /** Last accepted use, to the minute; null if never used. */
  lastUsedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Set on a rotated key: refused from then on. */
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

export const ApiKeyList = z.object({ apiKeys: z.array(ApiKeyView) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;

export const CreateApiKey = z.object({ label: text().trim().min(1).max(100) }).strict();
export type CreateApiKey = z.infer<typeof CreateApiKey>;

/** A new key: the only answer that holds the key itself. */
export const ApiKeyCreated = ApiKeyView.extend({ key: z.string() });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

/** A rotation: the new key, and until when the old one keeps working. */
export const ApiKeyRotated = ApiKeyCreated.extend({ replaces: z.object({ id: z.uuid(), expiresAt: z.iso.datetime({ offset: true }) }) });
export type ApiKeyRotated = z.infer<typeof ApiKeyRotated>;
