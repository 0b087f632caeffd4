import type { Browser } from '#imports';
import { MESSAGE_SENDERS, type Message, type SenderCheck } from '../messaging';

/** fakeBrowser's own id and origin. */
export const TEST_EXTENSION_ID = 'test-extension-id';
export const TEST_EXTENSION_ORIGIN = `chrome-extension://${TEST_EXTENSION_ID}/`;
/** The shop the test senders' tabs are on. */
export const TEST_SHOP = 'http://localhost:4101';

/** The background's check, with `participating` as given (by default: the hosts of TEST_SHOP). */
export function testSenderCheck(participating: (url: string) => boolean = (url) => url.startsWith(`${TEST_SHOP}/`)): SenderCheck {
  return { extensionId: TEST_EXTENSION_ID, extensionOrigin: TEST_EXTENSION_ORIGIN, participating: async (url) => participating(url) };
}

/** An extension page (popup, options, side panel...). */
export const fromExtensionPage = (page = 'popup.html'): Browser.runtime.MessageSender => ({ id: TEST_EXTENSION_ID, url: `${TEST_EXTENSION_ORIGIN}${page}` });

/** The content script in the top frame of tab `tabId`, on `url`. */
export const fromContentScript = (tabId = 1, url = `${TEST_SHOP}/p/sony`): Browser.runtime.MessageSender =>
  ({ id: TEST_EXTENSION_ID, url, frameId: 0, tab: { id: tabId, url } }) as Browser.runtime.MessageSender;

/** The sender a message of this kind normally comes from. */
export function usualSender(message: Message): Browser.runtime.MessageSender {
  return (MESSAGE_SENDERS[message.type] as readonly string[]).includes('extension-page') ? fromExtensionPage() : fromContentScript();
}
