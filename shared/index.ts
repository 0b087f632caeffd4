export * from './api';
export * from './events';
export * from './page';
export * from './session';
export * from './sites';
