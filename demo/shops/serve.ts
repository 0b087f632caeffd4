/**
 * Runs the demo sites by themselves: `tsx demo/shops/serve.ts`.
 * Ports default to 4101 (Voltaire), 4102 (Summit), 4103 (Ledger);
 * override with SHOP_PORTS=5101,5102,5103.
 */
import { startShops } from './server';

function parsePorts(value: string | undefined): [number, number, number] {
  const ports = (value ?? '4101,4102,4103').split(',').map((p) => Number(p.trim()));
  if (ports.length !== 3 || !ports.every((p) => Number.isInteger(p) && p >= 0 && p <= 65535)) {
    throw new Error(`SHOP_PORTS must be three ports separated by commas, e.g. 4101,4102,4103 (got "${value}")`);
  }
  return ports as [number, number, number];
}

async function main(): Promise<void> {
  const [voltaire, summit, ledger] = parsePorts(process.env.SHOP_PORTS);
  const shops = await startShops({ ports: { voltaire, summit, ledger } });
  for (const site of [shops.voltaire, shops.summit, shops.ledger]) {
    const role = site.participating ? `participating, ${site.enterpriseName}` : 'not participating';
    console.log(`${site.name.padEnd(22)} ${site.origin}  (${role})`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the demo sites`);
    shops.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
