import { guarded, HttpError, methodNotAllowed, type RequestHandler, requestUrl, sendHtml, sendSvg } from '../http';
import { placeholderSvg } from '../render/placeholder';
import { findArticle, searchArticles } from './articles';
import { ledgerArticle, ledgerError, ledgerHome, ledgerSearch } from './pages';

/** The Daily Ledger's routes: `/`, `/article/<slug>`, `/search?q=`, `/img/<slug>.svg`. */
export function createLedgerHandler(origin: () => string): RequestHandler {
  return guarded(
    async (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed('GET, HEAD');
      const url = requestUrl(req);
      const path = url.pathname;
      if (path === '/') return sendHtml(res, 200, ledgerHome());
      if (path === '/search') {
        const terms = (url.searchParams.get('q') ?? '').trim();
        return sendHtml(res, 200, ledgerSearch(terms, searchArticles(terms)));
      }
      const articleSlug = /^\/article\/([a-z0-9-]{1,100})$/.exec(path)?.[1];
      const article = articleSlug ? findArticle(articleSlug) : undefined;
      if (article) return sendHtml(res, 200, ledgerArticle(article, origin()));
      const imageSlug = /^\/img\/([a-z0-9-]{1,100})\.svg$/.exec(path)?.[1];
      const pictured = imageSlug ? findArticle(imageSlug) : undefined;
      if (pictured) return sendSvg(res, placeholderSvg(pictured.slug, pictured.section, pictured.title));
      throw new HttpError(404, 'Not found');
    },
    (_req, status, message) => ledgerError(status, message),
  );
}
