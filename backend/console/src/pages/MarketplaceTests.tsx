import type { JSX } from 'solid-js';
import { BankList } from '../banks/BankList';
import { MARKETPLACE_BANKS } from '../banks/banks.core';

/** Marketplace → Tests: the marketplace's accreditation tests, whose passes every enterprise sees. */
export default function MarketplaceTests(): JSX.Element {
  return <BankList place={MARKETPLACE_BANKS} lead="The marketplace’s accreditation tests: every enterprise sees the accreditations they grant. A bank of questions per category and level, drawn at random, timed and graded by the server." />;
}
