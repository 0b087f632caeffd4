export * from './tenancy';
export * from './sessions';
export * from './associates';
export * from './customers';
export * from './routing';
export * from './realtime';
export * from './live';
export * from './limits';
