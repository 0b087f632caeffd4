export { detect, detectInSteps } from './detect';
export type { Steps } from './steps';
export { addToCartButton, chosenQuantity, isAddToCartForm } from './add-to-cart';
export type { Detection } from './types';
export { submittedSearchTerms } from './sources/search-box';
