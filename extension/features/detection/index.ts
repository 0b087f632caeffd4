export { detect, SOURCES } from './detect';
export { addToCartButton, chosenQuantity, isAddToCartForm } from './add-to-cart';
export type { CartSummary, Detection, DetectionSource } from './types';
