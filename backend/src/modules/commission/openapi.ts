import { z } from 'zod';
import { CommissionPlanBody, CommissionPlanView, LedgerPage, LedgerQuery, Month, MyCommission, MyCommissionQuery, PayableList, PayableQuery } from '../../../../shared/commission';
import type { RouteDoc } from '../openapi/document.core';

const NO_MONEY_MOVES = 'No money moves: the ledger and its statements say what the enterprise owes its associates, for it to pay by its own means.';

/** The routes of the commission module, for the OpenAPI document (openapi/catalogue.ts). */
export const commissionRouteDocs: RouteDoc[] = [
  {
    method: 'PUT',
    path: '/api/v1/commission/plan',
    tag: 'commission',
    summary: 'Sets the enterprise’s commission plan: ordered first-match rules (category, SKU, employed or independent, customer tier) paying a rate or a fixed amount, monthly tiers, and a hold.',
    description: [
      'Written as the next version, in force from now: a credit attributed before keeps the plan of its time, and every ledger entry names the version that paid it.',
      'Rates are basis points of the credited amount (1 % = 100); fixed amounts and tier thresholds are integer minor units of the plan’s currency; credits in another currency earn nothing.',
      'An entry locks (becomes payable) `holdDays` after its attribution; a refund before the lock adjusts it, after the lock writes a reversal in the refund’s month.',
      'The marketplace fee (basis points of the commission, withheld from the associate) is the operator’s, copied into each version.',
      'A plan the rules of commission refuse (a rule id twice, tier thresholds not ascending, a tier rate below the one before) is refused whole with `invalid_plan`, each problem an issue.',
    ].join(' '),
    auth: ['enterprise'],
    body: { id: 'CommissionPlanBody', schema: CommissionPlanBody },
    answer: { status: 200, description: 'The new version, in force.', body: { id: 'CommissionPlanView', schema: CommissionPlanView } },
    errors: ['invalid_plan'],
  },
  {
    method: 'GET',
    path: '/api/v1/commission/plan',
    tag: 'commission',
    summary: 'The commission plan in force, with its version and the marketplace fee.',
    auth: ['enterprise'],
    answer: { status: 200, description: 'The plan.', body: { id: 'CommissionPlanView', schema: CommissionPlanView } },
    errors: ['not_found'],
  },
  {
    method: 'GET',
    path: '/api/v1/commission/ledger',
    tag: 'commission',
    summary: 'The commission ledger, a page at a time: append-only entries (commission, adjustment, reversal, fee) in order of their time, then id.',
    description: `Entries are dated by what caused them (the attribution, the refund, the tier settlement), so a later settlement can add entries dated before the last page; read a month again to see all of it. ${NO_MONEY_MOVES}`,
    auth: ['enterprise'],
    query: LedgerQuery,
    answer: { status: 200, description: 'A page of entries.', body: { id: 'LedgerPage', schema: LedgerPage } },
  },
  {
    method: 'GET',
    path: '/api/v1/commission/payable',
    tag: 'commission',
    summary: 'What is owed per associate, month and currency: the sum of the ledger’s entries, split into locked (payable now) and pending (in its hold).',
    description: `A month is negative only when refunds after the lock of earlier months' sales were deducted in it; carry it forward. ${NO_MONEY_MOVES}`,
    auth: ['enterprise'],
    query: PayableQuery,
    answer: { status: 200, description: 'The months.', body: { id: 'PayableList', schema: PayableList } },
  },
  {
    method: 'GET',
    path: '/api/v1/commission/statements/:associateId/:month',
    params: { associateId: z.uuid(), month: Month },
    tag: 'commission',
    summary: 'The payout statement of an associate for a month, as CSV (`text/csv`, an attachment).',
    description: `One row per entry (id, date, kind, cause, order, line, SKU, rule, refund, amount as a decimal in the currency's digits, currency, lock, locked, plan version), then a total and a locked row per currency: the month's payable to the minor unit. A cell a spreadsheet would take for a formula starts with an apostrophe. For an associate the enterprise employs or admitted, or who has entries with it. ${NO_MONEY_MOVES}`,
    auth: ['enterprise'],
    answer: { status: 200, description: 'The statement (text/csv).' },
    errors: ['invalid_path', 'not_found'],
  },
  {
    method: 'GET',
    path: '/api/v1/associates/me/commission',
    tag: 'commission',
    summary: 'The signed-in associate’s own commission: what each enterprise owes them per month (locked and pending), and their entries a page at a time.',
    description: `An independent sees every enterprise they earned from. ${NO_MONEY_MOVES}`,
    auth: ['associate'],
    query: MyCommissionQuery,
    answer: { status: 200, description: 'Payable per enterprise and month, and a page of entries.', body: { id: 'MyCommission', schema: MyCommission } },
  },
];
