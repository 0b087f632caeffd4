import type { CartItem, Product } from '../../../../shared/page';
import { addToCartButton, chosenQuantity, detectInSteps, isAddToCartForm } from '../../detection';
import type { StepRun } from '../idle-steps';
import type { ObservationUnit } from '../page-state';

/** A click on an add-to-cart button and the form submit it causes are one cart_add. */
const CART_ADD_DEDUPE_MS = 1000;

/**
 * Cart adds on a product page: a click on its add-to-cart button, or the submit of its
 * add-to-cart form, with the chosen quantity and the product as the page shows it then.
 */
export const cartAddUnit: ObservationUnit = {
  name: 'cart add',
  start({ ctx, page, guard }) {
    const { doc, site } = page;
    let lastAddAt = Number.NEGATIVE_INFINITY;
    /** A cart_add waiting for the page to be read again. */
    let pending: StepRun | null = null;
    // The add is reported before the page is left, so events keep their order.
    page.beforeLeave(() => pending?.finishNow());

    const onProductPage = () => {
      const viewed = page.viewed;
      return viewed && page.settled(viewed)?.kind === 'product' ? viewed : null;
    };

    function addToCart(form: HTMLFormElement | null): void {
      const viewed = onProductPage();
      const opened = viewed?.detection?.product;
      if (!viewed || !opened || page.now() - lastAddAt < CART_ADD_DEDUPE_MS) return;
      lastAddAt = page.now();
      const quantity = chosenQuantity(form);
      // Read the page again: the shopper may have picked a variant with another price since it opened.
      pending?.finishNow();
      pending = page.runSteps(detectInSteps(doc, viewed.url, site.adapter), (again) => {
        page.report([{ ...page.base(viewed), type: 'cart_add', item: cartItem(again.product ?? opened, quantity) }]);
      });
    }

    ctx.addEventListener(
      doc,
      'submit',
      guard((event: SubmitEvent) => {
        const form = event.target;
        if (form instanceof HTMLFormElement && onProductPage() && isAddToCartForm(form, event.submitter, site.adapter)) addToCart(form);
      }),
      { capture: true },
    );
    ctx.addEventListener(
      doc,
      'click',
      guard((event: MouseEvent) => {
        if (!onProductPage()) return;
        const button = addToCartButton(event.target, site.adapter);
        if (button) addToCart(button.closest('form'));
      }),
      { capture: true },
    );
  },
};

function cartItem(product: Product, quantity: number): CartItem {
  return {
    name: product.name,
    quantity,
    url: product.url,
    ...(product.sku ? { sku: product.sku } : {}),
    ...(product.price ? { price: product.price } : {}),
    ...(product.currency ? { currency: product.currency } : {}),
  };
}
