export * from './bot-engine.js';
export * from './presence.js';
export * from './rate-limits.js';
export * from './routing.js';
export * from './two-way.js';
