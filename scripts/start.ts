/**
 * `npm start`: builds the extension and the console, serves the demo shops, starts the backend on
 * embedded PGlite (or DATABASE_URL), seeds the demo enterprises once, and says where
 * everything is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { newSecretsKey } from '../backend/src/sealing';
import { type Config, readConfig } from '../backend/src/config';
import { seedDemoConsole } from '../demo/console';
import { seedDemoMarketplace } from '../demo/marketplace';
import { CheckrServer } from '../backend/src/testing/checkr-server';
import { seedDemoRouting } from '../demo/routing';
import { DEMO_ASSOCIATE_PHONES, DEMO_TWILIO_NUMBER, seedDemoTelephony, startTwilioStandIn } from '../demo/telephony';
import { demoKeys, seedDemo } from '../demo/seed';
import { startBackend } from '../backend/src/server';
import { printingMailer } from '../backend/src/mail/mailer';
import { startShops } from '../demo/shops/server';

const KEYS_FILE = resolve('.data/demo-keys.json');
const ASSOCIATES_FILE = resolve('.data/demo-associates.json');
const CONSOLE_FILE = resolve('.data/demo-console.json');
const SECRETS_KEY_FILE = resolve('.data/secrets.key');

async function main(): Promise<void> {
  // Without a Checkr key, applicants are checked by the local stand-in of Checkr's API (its state
  // lives as long as this process): the backend calls it as it would Checkr, and only here is
  // its loopback address allowed past the outbound guard.
  const checkr = process.env.CHECKR_API_KEY ? null : await CheckrServer.start({ port: Number(process.env.CHECKR_PORT ?? 0) });
  // Without TWILIO_API_URL, calls and texts go to the local stand-in of Twilio's API, run as a
  // process of its own: the backend calls it as it would Twilio, and it calls back the backend's
  // webhooks (signed) as Twilio would. TWILIO_API_URL=https://api.twilio.com: the real Twilio.
  const twilio = process.env.TWILIO_API_URL ? null : await startTwilioStandIn();
  const allowHosts = [process.env.OUTBOUND_ALLOW_HOSTS, checkr?.host, twilio?.host].filter(Boolean).join(',');
  const standIn = {
    ...(checkr ? { CHECKR_API_KEY: checkr.apiKey, CHECKR_API_URL: checkr.url } : {}),
    ...(twilio ? { TWILIO_API_URL: twilio.url } : {}),
    ...(allowHosts ? { OUTBOUND_ALLOW_HOSTS: allowHosts } : {}),
  };
  const config = readConfig({ ...process.env, ...standIn, SECRETS_KEY: process.env.SECRETS_KEY || demoSecretsKey() });
  // The extension is built for the backend started here, so its first consent reaches it whatever PORT is.
  const backendUrl = `http://localhost:${config.PORT}`;
  if (!process.argv.includes('--no-build')) {
    console.log(`Building the extension (Chrome MV3) for the backend at ${backendUrl}…`);
    const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit', env: { ...process.env, WXT_BACKEND_URL: backendUrl, WXT_RETENTION_DAYS: String(config.RETENTION_DAYS) } });
    if (build.status !== 0) throw new Error('the extension build failed');
    console.log('Building the console (served at /console/)…');
    const consoleBuild = spawnSync('npm', ['run', '--silent', 'build:console'], { stdio: 'inherit' });
    if (consoleBuild.status !== 0) throw new Error('the console build failed');
  }

  const ports = (process.env.SHOP_PORTS ?? '4101,4102,4103').split(',').map(Number);
  const shops = await startShops({ ports: { voltaire: ports[0], summit: ports[1], ledger: ports[2] } });
  // Without SMTP the demo prints invitation and reset links here (the backend never logs them).
  const backend = await startBackend(config, config.SMTP_URL ? {} : { mailer: printingMailer() });
  if (checkr) checkr.webhookUrl = `${backend.url}/api/v1/webhooks/checkr`;
  const seeded = await seedDemo(backend.app, [shops.voltaire, shops.summit], { backendUrl: () => backend.url });

  const keys = await demoKeys(backend.app, seeded, KEYS_FILE, databaseName(config));
  const associates = await seedDemoRouting(backend.app, seeded, ASSOCIATES_FILE, databaseName(config));
  const consoleUsers = await seedDemoConsole(backend.app, seeded, CONSOLE_FILE, databaseName(config));
  const marketplace = await seedDemoMarketplace(backend.app, seeded, consoleUsers.find((u) => u.what === 'marketplace operator')!.userId, backend.url);
  const control = checkr?.url.replace(/\/v1$/, '/_control');
  // Twilio's webhooks reach the backend at its public address, as they would from Twilio.
  const publicUrl = config.PUBLIC_URL ?? backend.url;
  if (twilio) {
    await twilio.postIncomingTo(publicUrl);
    await seedDemoTelephony(backend.app, seeded, twilio);
  }

  const extension = resolve('.output/chrome-mv3');
  console.log(`
Floorwalker is running.

  Console     ${backend.url}/console/
  Backend     ${backend.url}   (database: ${backend.database.kind}${backend.database.kind === 'pglite' ? `, data in ${config.PGLITE_DIR}` : ''})
  Shop A      ${shops.voltaire.origin}   ${shops.voltaire.name} (${shops.voltaire.enterpriseName}), structured data
  Shop B      ${shops.summit.origin}   ${shops.summit.name} (${shops.summit.enterpriseName}), no structured data: site adapter
  Not taking part   ${shops.ledger.origin}   ${shops.ledger.name}: the extension sends nothing from it

  Extension   ${extension}
    Chrome: open chrome://extensions, switch on Developer mode, "Load unpacked", pick that folder.
    Accept the consent page it opens; the extension was built for ${backendUrl}
    (another backend can be set in the extension's options, under "Advanced").

  Enterprise API keys (sessions: GET ${backend.url}/api/v1/sessions with "Authorization: Bearer <key>"):
${keys.map((k) => `    ${k.name.padEnd(20)} ${k.key}${k.issued && k.issued !== 'new enterprise' ? `   (new: ${k.issued})` : ''}`).join('\n')}

  Console sign-ins (POST ${backend.url}/api/v1/console/sign-in; the web console):
${consoleUsers.map((u) => `    ${u.email.padEnd(34)} ${u.password}   ${u.what}`).join('\n')}

  Associates (agent mode: the extension's options, "Agent", backend ${backend.url}):
${associates.map((a) => `    ${a.displayName.padEnd(12)} ${a.email.padEnd(26)} ${a.password}   ${a.worksFor}${a.issued === 'password reset' ? '   (password reset)' : ''}`).join('\n')}
    To watch an offer: in one Chrome profile (shopper) stay 20 s on a product of 300 USD or more
    at ${shops.voltaire.origin}; in another profile switch the extension to agent mode, sign in
    as Ana or Ben, set yourself available and keep the side panel open.

  Joining the marketplace   ${marketplace.joinUrl}
    Register there (the confirmation link is ${config.SMTP_URL ? 'mailed' : 'printed here'}); the operator reviews applications in the console.
    Tests: ${marketplace.tests.map((t) => `"${t.title}" (${t.owner}, level ${t.level})`).join(', ')}.
${
  checkr
    ? `    Checks: the local Checkr stand-in at ${checkr.url} (no CHECKR_API_KEY set); its webhooks come here.
    Play the applicant's and Checkr's parts:
      curl -X POST ${control}/invitations/complete -d '{"email":"<their e-mail>"}'   → the reportId
      curl -X POST ${control}/reports/<reportId>/complete -d '{"result":"clear"}'   (or "consider")
      curl -X POST ${control}/reports/<reportId>/adverse-action/complete   (after the operator's adverse action)
      curl ${control}/state   (what it holds; also …/suspend, …/resume, …/dispute, …/cancel)`
    : `    Checks: Checkr at ${config.CHECKR_API_URL}; its webhooks go to ${backend.url}/api/v1/webhooks/checkr.`
}

  Phone calls and texts (once the shopper gave a number in the engagement: POST …/engagements/:id/calls and …/texts):
${
  twilio
    ? `    Twilio: the local stand-in at ${twilio.url} (no TWILIO_API_URL set), a process of its own that speaks Twilio's API;
    its callbacks come to ${publicUrl}. ${shops.voltaire.enterpriseName}'s number is ${DEMO_TWILIO_NUMBER}; the associates' phones
    are ${Object.values(DEMO_ASSOCIATE_PHONES).join(', ')} (every number answers). Play the shopper's phone:
      curl -X POST ${twilio.url}/_control/messages/incoming -d '{"from":"<the number given>","to":"${DEMO_TWILIO_NUMBER}","body":"Red, please"}'
      curl -X POST ${twilio.url}/_control/scripts/calls -d '{"number":"<a number>","outcome":"busy"}'   (or answer, hold, ring, no-answer, failed)
      curl ${twilio.url}/_control/state   (the calls and texts it holds, the callbacks it made)`
    : `    Twilio at ${config.TWILIO_API_URL}: each enterprise sets its account in the console (Settings, Telephony); its webhooks go to ${publicUrl}/api/v1/webhooks/twilio/….`
}

Ctrl-C stops everything.`);

  const stop = async () => {
    await Promise.allSettled([backend.close(), shops.stop(), checkr?.close(), twilio?.close()]);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** The demo's secrets key, made once into .data/ (readable by this user only) and kept, so what the backend sealed opens after a restart. */
function demoSecretsKey(): string {
  if (!existsSync(SECRETS_KEY_FILE)) {
    mkdirSync(dirname(SECRETS_KEY_FILE), { recursive: true });
    writeFileSync(SECRETS_KEY_FILE, `${newSecretsKey()}\n`, { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(SECRETS_KEY_FILE, 'utf8').trim();
}

/** Which database the demo keys belong to: PGlite's folder, or Postgres' server and database (never its password). */
function databaseName(config: Config): string {
  if (!config.DATABASE_URL) return `pglite ${realpathSync(config.PGLITE_DIR)}`;
  const url = new URL(config.DATABASE_URL);
  return `postgres ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

main().catch((err) => {
  console.error(`npm start failed: ${(err as Error).message}`);
  process.exit(1);
});
