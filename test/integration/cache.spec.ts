import { realRedisUrl } from '../helpers/lanes.js';
import { describeCacheContract, memorySubject, redisSubject } from './cache.contract.js';

// The in-memory default must behave like Redis (test/e2e/redis-topologies runs the same
// contract against a Redis Cluster and through Sentinel).
describeCacheContract('memory', async () => memorySubject());
const url = realRedisUrl;
if (url) describeCacheContract('redis', () => redisSubject({ mode: 'single', url }));
