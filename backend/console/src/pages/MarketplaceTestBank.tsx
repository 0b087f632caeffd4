import type { JSX } from 'solid-js';
import { BankPage } from '../banks/BankPage';
import { MARKETPLACE_BANKS } from '../banks/banks.core';

/** One of the marketplace's tests: its questions, settings, publishing and item analysis. */
export default function MarketplaceTestBank(): JSX.Element {
  return <BankPage place={MARKETPLACE_BANKS} />;
}
