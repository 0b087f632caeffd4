import type { Page } from 'puppeteer-core';

interface DomNode {
  nodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
}

/**
 * The element `[data-testid=<testId>]` (or, for `.name`, the one with that class) inside the closed shadow root of `hostTag`, as the
 * browser's DevTools see it: a closed root hides it from the page's scripts (and so from
 * puppeteer's selectors), not from the protocol. Undefined while it is not there.
 */
async function findInClosedRoot(page: Page, hostTag: string, testId: string): Promise<{ nodeId: number; cdp: Awaited<ReturnType<Page['createCDPSession']>> } | undefined> {
  const cdp = await page.createCDPSession();
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const attr = (n: DomNode, name: string) => {
    const i = n.attributes?.indexOf(name) ?? -1;
    return i >= 0 ? n.attributes![i + 1] : undefined;
  };
  let found: DomNode | undefined;
  const walk = (n: DomNode, inHost: boolean) => {
    if (found) return;
    const matches = testId.startsWith('.') ? (attr(n, 'class') ?? '').split(/\s+/).includes(testId.slice(1)) : attr(n, 'data-testid') === testId;
    if (inHost && matches) found = n;
    for (const c of n.children ?? []) walk(c, inHost);
    const isHost = n.nodeName.toLowerCase() === hostTag;
    for (const s of n.shadowRoots ?? []) walk(s, inHost || (isHost && s.shadowRootType === 'closed'));
  };
  walk(root, false);
  if (!found) {
    await cdp.detach();
    return undefined;
  }
  return { nodeId: found.nodeId, cdp };
}

/** Whether `[data-testid=<testId>]` is in `hostTag`'s closed shadow root. */
export async function inClosedShadow(page: Page, hostTag: string, testId: string): Promise<boolean> {
  const hit = await findInClosedRoot(page, hostTag, testId);
  await hit?.cdp.detach();
  return Boolean(hit);
}

/** Its text, or undefined while it is not there. */
export async function textInClosedShadow(page: Page, hostTag: string, testId: string): Promise<string | undefined> {
  const hit = await findInClosedRoot(page, hostTag, testId);
  if (!hit) return undefined;
  try {
    const { outerHTML } = (await hit.cdp.send('DOM.getOuterHTML', { nodeId: hit.nodeId })) as { outerHTML: string };
    return outerHTML.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  } finally {
    await hit.cdp.detach();
  }
}

/** Clicks it with the mouse, at its centre, as a shopper would. */
export async function clickInClosedShadow(page: Page, hostTag: string, testId: string): Promise<void> {
  const hit = await findInClosedRoot(page, hostTag, testId);
  if (!hit) throw new Error(`no [data-testid=${testId}] in <${hostTag}>`);
  try {
    const { model } = (await hit.cdp.send('DOM.getBoxModel', { nodeId: hit.nodeId })) as { model: { content: number[] } };
    const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
    await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  } finally {
    await hit.cdp.detach();
  }
}

/** One of its attributes (e.g. `data-state`), or undefined while it is not there. */
export async function attributeInClosedShadow(page: Page, hostTag: string, testId: string, name: string): Promise<string | null | undefined> {
  const hit = await findInClosedRoot(page, hostTag, testId);
  if (!hit) return undefined;
  try {
    const { attributes } = (await hit.cdp.send('DOM.getAttributes', { nodeId: hit.nodeId })) as { attributes: string[] };
    const i = attributes.indexOf(name);
    return i >= 0 ? attributes[i + 1]! : null;
  } finally {
    await hit.cdp.detach();
  }
}

/** Its border box in the page's viewport ({ left, top, right, bottom }), or undefined while it is not there or not rendered. */
export async function boxInClosedShadow(page: Page, hostTag: string, testId: string): Promise<{ left: number; top: number; right: number; bottom: number } | undefined> {
  const hit = await findInClosedRoot(page, hostTag, testId);
  if (!hit) return undefined;
  try {
    const { model } = (await hit.cdp.send('DOM.getBoxModel', { nodeId: hit.nodeId })) as { model: { border: number[] } };
    const [x1, y1, , , x3, y3] = model.border as [number, number, number, number, number, number];
    return { left: x1, top: y1, right: x3, bottom: y3 };
  } catch {
    return undefined;
  } finally {
    await hit.cdp.detach();
  }
}
