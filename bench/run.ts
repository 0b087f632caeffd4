/**
 * `npm run bench -- <name>`: runs bench/<name>.ts, which prints a readable table and,
 * as its last line, one JSON object of figures.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const names = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <name> [options]\nbenchmarks: ${names.join(', ')}`);
  process.exit(2);
}
const mod = (await import(`./${name}.bench.ts`)) as { run(args: string[]): Promise<void> };
await mod.run(args);
