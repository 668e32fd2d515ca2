export * from './client-frames.js';
export * from './custom-attributes.js';
export * from './error-codes.js';
export * from './rest-api.js';
export * from './server-frames.js';
export * from './structured-message.js';
