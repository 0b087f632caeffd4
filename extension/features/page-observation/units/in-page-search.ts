import { pageText } from '../../../lib/page-text';
import { submittedSearchTerms } from '../../detection';
import type { ObservationUnit } from '../page-state';

const MAX_TERMS = 500;

/**
 * A search the page handles itself (its own script, or a form posted) leaves no terms in the
 * next address: it is reported as it is submitted. A plain GET form's results page tells its
 * terms itself (the page view unit reports them).
 */
export const inPageSearchUnit: ObservationUnit = {
  name: 'in-page search',
  start({ ctx, page, guard }) {
    ctx.addEventListener(
      page.doc,
      'submit',
      guard((event: SubmitEvent) => {
        const form = event.target;
        const viewed = page.viewed;
        if (!(form instanceof HTMLFormElement) || !viewed) return;
        const terms = pageText(submittedSearchTerms(form, page.site.adapter?.search?.input?.selector) ?? '', MAX_TERMS).trim();
        if (!terms) return;
        const searched = () => page.report([{ ...page.base(viewed), type: 'search', terms }]);
        if ((form.getAttribute('method') ?? 'get').toLowerCase() !== 'get') searched();
        // After the page's own handlers have run: did one of them take the search over?
        else ctx.setTimeout(guard(() => event.defaultPrevented && searched()), 0);
      }),
      { capture: true },
    );
  },
};
