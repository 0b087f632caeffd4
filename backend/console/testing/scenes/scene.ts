import type { Page } from 'puppeteer-core';
import type { AccountName, Harness } from '../harness';

/** What a scene gets: the page signed in as someone, and the means to move, type and take screenshots. */
export interface Shots {
  /** The page of the last sign-in (each sign-in opens its own browser context). */
  readonly page: Page;
  readonly harness: Harness;
  /** Signs in through the sign-in form (with the owner's second factor), acting in Voltaire unless told. */
  signIn(who: AccountName, enterprise?: 'volt' | 'summit'): Promise<Page>;
  /** Opens a console path (after /console) and waits for `wait` (the page's heading by default). */
  go(path: string, wait?: string): Promise<void>;
  /** Replaces a field's text. */
  type(selector: string, text: string): Promise<void>;
  /** Waits for the network and the loading states to settle. */
  settle(): Promise<void>;
  /** A screenshot light and dark (`<name>.png`, `<name>-dark.png`), axe-core run on each. */
  shoot(name: string): Promise<void>;
}

/** A group of screenshots: one area of the console, run by name with --only. */
export interface Scene {
  area: string;
  run(shots: Shots): Promise<void>;
}
