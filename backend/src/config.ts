import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PGLITE_DIR: z.string().min(1).default('.data/pglite'),
  /** Days a session (and its events) is kept after its last event. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
});
export type Config = z.infer<typeof Env>;

/** Reads the environment, or throws one readable message naming every bad variable. */
export function readConfig(env: Record<string, string | undefined>): Config {
  const result = Env.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  ${i.path.join('.')}=${JSON.stringify(env[String(i.path[0])])}: ${i.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
