/**
 * The README's table of routes, made from the OpenAPI catalogue (the same list the backend
 * serves at /api/v1/openapi.json): `npx tsx scripts/api-table.ts` prints it; the README test
 * checks that the README holds exactly this.
 */
import { routes } from '../backend/src/modules/openapi/catalogue';

const AUTH: Record<string, string> = { shopper: 'shopper token', associate: 'associate token', enterprise: 'enterprise API key', shopifySignature: 'Shopify HMAC signature', segmentSignature: 'Segment HMAC signature', checkrSignature: 'Checkr HMAC signature', twilioSignature: 'Twilio request signature', console: 'console session', operator: 'operator’s console session' };

export function apiTable(): string {
  const rows = routes.map((r) => {
    const auth = r.auth.length ? r.auth.map((a) => AUTH[a] ?? a).join(' or ') : 'none';
    return `| \`${r.method} ${r.path}\` | ${auth} | ${r.summary.replace(/\|/g, '\\|')} |`;
  });
  return ['| route | auth | what |', '|---|---|---|', ...rows].join('\n');
}

if (process.argv[1]?.endsWith('api-table.ts')) console.log(apiTable());
