import { storeTestSuite } from '@byosd/gateway';
import { createTestRedisStores } from './helpers/redis.js';

storeTestSuite({ describe, test }, 'redis', createTestRedisStores);
