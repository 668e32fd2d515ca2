import { createMemoryStores, storeTestSuite } from '@byosd/gateway';

storeTestSuite({ describe, test }, 'memory', async () => createMemoryStores());
