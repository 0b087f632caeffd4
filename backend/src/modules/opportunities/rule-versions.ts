import type { z } from 'zod';
import type { RulesDiff, RulesDiffView } from '../../../../shared/rules-diff';
import type { RuleDocuments, StoredVersion } from '../../db/rule-documents';
import { NotFound } from '../../errors';

/*
 * What both kinds of rule documents (opportunity rules, matching rule sets) do with their
 * history alike: a version as the API shows it, a rollback, and the diff of two versions.
 */

export interface VersionView<T> {
  version: number;
  document: T;
  createdAt: string;
}

export function versionView<T>(v: StoredVersion<T>): VersionView<T> {
  return { version: v.version, document: v.document, createdAt: v.createdAt.toISOString() };
}

/** Writes an old version's document again as the next version (history is kept as it was); 404 for a version the enterprise never had. */
export async function restoreVersion<S extends z.ZodType>(docs: RuleDocuments<S>, enterpriseId: string, version: number, what: string): Promise<VersionView<z.infer<S>>> {
  const restored = await docs.restore(enterpriseId, version);
  if (!restored) throw new NotFound(`Version ${version} of ${what}`);
  return versionView(restored);
}

/** What changed from one version to another (either may be the older); 404 naming a version the enterprise never had. */
export async function diffVersions<S extends z.ZodType>(
  docs: RuleDocuments<S>,
  enterpriseId: string,
  versions: { from: number; to: number },
  what: string,
  diff: (from: z.infer<S>, to: z.infer<S>) => RulesDiff,
): Promise<RulesDiffView> {
  const from = await docs.at(enterpriseId, versions.from);
  if (!from) throw new NotFound(`Version ${versions.from} of ${what}`);
  const to = versions.to === versions.from ? from : await docs.at(enterpriseId, versions.to);
  if (!to) throw new NotFound(`Version ${versions.to} of ${what}`);
  return { from: from.version, to: to.version, diff: diff(from.document, to.document) };
}
