import { realRedisUrl } from '../../helpers/lanes.js';
import { startTestApp } from '../../helpers/test-app.js';
import { describeRateLimitContract } from './rate-limit.contract.js';

// On the lane's cache; test/e2e/redis-topologies runs the same suite on a Redis Cluster.
describeRateLimitContract(startTestApp, { sharedCache: Boolean(realRedisUrl) });
