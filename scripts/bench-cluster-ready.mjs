// Preloaded into `node dist/cluster.js` by scripts/bench.mjs (`node --import …`): the primary
// reports each worker that starts listening, so the load starts only once all N accept
// connections (node:cluster hands out connections, not requests, and autocannon keeps its
// connections open). Does nothing in the workers.
import cluster from 'node:cluster';

if (cluster.isPrimary) {
  cluster.on('listening', (worker) => process.stdout.write(`bench: worker ${worker.process.pid} listening\n`));
}
