import type { ObservationUnit } from './page-state';
import { cartAddUnit } from './units/cart-add';
import { dwellUnit } from './units/dwell';
import { inPageSearchUnit } from './units/in-page-search';
import { pageViewUnit } from './units/page-view';

/** Everything observed on a participating page, one unit each, started in this order. */
export const OBSERVATION_UNITS: readonly ObservationUnit[] = [pageViewUnit, dwellUnit, cartAddUnit, inPageSearchUnit];
