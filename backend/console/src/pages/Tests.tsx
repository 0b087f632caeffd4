import type { JSX } from 'solid-js';
import { BankList } from '../banks/BankList';
import { ENTERPRISE_BANKS } from '../banks/banks.core';

/** Sales → Tests: the enterprise's own accreditation tests (its products), which it can require before admitting an independent. */
export default function Tests(): JSX.Element {
  return <BankList place={ENTERPRISE_BANKS} lead="This enterprise’s own accreditation tests: a bank of questions per category and level, drawn at random, timed and graded by the server. A pass grants the level for as long as the test says; you may require one before admitting an independent." />;
}
