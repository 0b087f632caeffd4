import { readConfig } from './config';
import { FolderInUse } from './db/folder-lock';
import { startBackend } from './server';

/** Entry point: `tsx backend/src/main.ts`. Configuration comes from the environment (see README). */
async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const backend = await startBackend(config);
  console.log(`Floorwalker backend ${backend.url} (database: ${backend.database.kind}${backend.database.kind === 'pglite' ? ` in ${config.PGLITE_DIR}` : ''})`);
  const stop = (signal: string) => {
    console.log(`${signal}: shutting down`);
    backend.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  // A folder in use is the user's to resolve: say so plainly; anything else gets its stack.
  console.error('Floorwalker backend failed to start:', err instanceof FolderInUse ? err.message : err);
  process.exit(1);
});
