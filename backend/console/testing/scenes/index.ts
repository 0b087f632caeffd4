import { basics, signIn } from './basics';
import { matching } from './matching';
import { sales } from './sales';
import type { Scene } from './scene';

/** Every scene, in the order they run; a new area of the console adds its file here. */
export const SCENES: Scene[] = [signIn, basics, sales, matching];
