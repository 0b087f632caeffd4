export { detect, detectInSteps, SOURCES } from './detect';
export { runToEnd, type Steps } from './steps';
export { addToCartButton, chosenQuantity, isAddToCartForm } from './add-to-cart';
export type { CartSummary, Detection, DetectionSource } from './types';
export { submittedSearchTerms } from './sources/search-box';
