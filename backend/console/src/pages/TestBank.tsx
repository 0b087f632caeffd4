import type { JSX } from 'solid-js';
import { BankPage } from '../banks/BankPage';
import { ENTERPRISE_BANKS } from '../banks/banks.core';

/** One of the enterprise's tests: its questions, settings, publishing and item analysis. */
export default function TestBank(): JSX.Element {
  return <BankPage place={ENTERPRISE_BANKS} />;
}
