import { createMemoryAdapterStore } from '@byosd/core';

/**
 * The store of an adapter loaded outside a host that gives it one (not on the gateway): what it keeps holds in this
 * process only.
 */
export const processStore = createMemoryAdapterStore();
