import { admission } from './admission';
import { basics, signIn } from './basics';
import { live } from './live';
import { rules } from './rules';
import { marketplace } from './marketplace';
import { matching } from './matching';
import { sales } from './sales';
import type { Scene } from './scene';
import { settings } from './settings';
import { telephony } from './telephony';
import { tests } from './tests';
import { vetting } from './vetting';

/** Every scene, in the order they run; a new area of the console adds its file here. */
export const SCENES: Scene[] = [signIn, basics, sales, live, rules, matching, settings, telephony, marketplace, tests, admission, vetting];
