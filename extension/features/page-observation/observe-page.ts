import type { ContentScriptContext } from '#imports';
import { logOnce } from '../../lib/log';
import { createPageState, type ObservationUnit, type PageStateOptions } from './page-state';
import { OBSERVATION_UNITS } from './units';

/**
 * Watches one participating page with every observation unit and reports what the shopper
 * does there. Each unit starts on its own: one that fails is logged, and the others go on.
 * All of it stops when the context is invalidated, and reports nothing once `stopped()`.
 */
export function observePage(
  ctx: ContentScriptContext,
  options: PageStateOptions & { units?: readonly ObservationUnit[] },
): void {
  const page = createPageState(ctx, options);
  for (const unit of options.units ?? OBSERVATION_UNITS) {
    try {
      unit.start({ ctx, page, guard: page.guard(unit.name) });
    } catch (error) {
      logOnce(`observation: ${unit.name}`, error);
    }
  }
}
