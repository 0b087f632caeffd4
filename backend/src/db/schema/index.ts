export * from './tenancy';
export * from './sessions';
