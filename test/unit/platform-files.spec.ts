import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { Metrics } from '../../src/common/metrics/metrics.js';
import { envSchema, productionRules } from '../../src/config/env.schema.js';

// No Docker engine or platform CLI runs here, so deployment files are checked by parsing them
// and comparing what they name with what the app really reads and exports.
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const knownVariables = Object.keys(envSchema.shape);
const productionRequired = [...new Set(productionRules(envSchema.parse({ NODE_ENV: 'production' })).map((p) => p.variable))];
// Every metric family the app exports, read from the code that registers them.
const exportedMetricSource = read('src/common/metrics/metrics.ts');

interface Service {
  image?: string;
  build?: unknown;
  profiles?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  secrets?: string[];
  healthcheck?: { test: string[] };
}

/** Whether a service believes X-Forwarded-For (TRUST_PROXY set to anything but false). */
const trustsForwardedFor = (service: Service) => {
  const value = service.environment?.TRUST_PROXY;
  return value !== undefined && value !== 'false' && value !== '0';
};
/** The Dockerfile's CMD as one command line (`node dist/main.js`). */
const dockerCommand = () => (JSON.parse(/^CMD (\[.*\])$/m.exec(read('Dockerfile'))![1]!) as string[]).join(' ');

describe('docker-compose.yml', () => {
  const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service>; secrets: Record<string, { environment?: string }> };
  const { services } = compose;

  it('has the minimal base behind Nginx and the monitoring, mail and lb profiles', () => {
    const byProfile = (profile: string) => Object.entries(services).filter(([, s]) => s.profiles?.includes(profile)).map(([n]) => n).sort();
    expect(Object.entries(services).filter(([, s]) => !s.profiles).map(([n]) => n).sort()).toEqual(['app', 'nginx', 'postgres', 'redis']);
    expect(byProfile('monitoring')).toEqual(['grafana', 'prometheus']);
    expect(byProfile('mail')).toEqual(['mailhog']);
    expect(byProfile('lb')).toEqual(['app2']);
    expect(services.postgres!.image).toBe('postgres:15-alpine');
    expect(services.redis!.image).toBe('redis:7-alpine');
  });

  it('passes every variable production requires', () => {
    for (const name of productionRequired) expect(services.app!.environment![name], name).toBeDefined();
  });

  it('gives both app replicas the same, known variables', () => {
    expect(services.app2!.environment).toEqual(services.app!.environment);
    for (const name of Object.keys(services.app!.environment!)) expect(knownVariables, name).toContain(name);
    expect(services.app!.environment!.DATABASE_URL).toContain('@postgres:5432/');
  });

  it('mounts the Prometheus, Grafana and Nginx configuration that exists in the repository', () => {
    const mounted = [...services.prometheus!.volumes!, ...services.grafana!.volumes!, ...services.nginx!.volumes!]
      .map((volume) => volume.split(':')[0]!)
      .filter((source) => source.startsWith('./'));
    expect(mounted.length).toBe(4);
    for (const source of mounted) expect(existsSync(new URL(`../../${source.slice(2)}`, import.meta.url)), source).toBe(true);
    expect(services.nginx!.healthcheck!.test.join(' ')).toMatch(/\/health\/live/);
  });

  it('requires METRICS_TOKEN for the apps and hands the same value to Prometheus as a secret file', () => {
    expect(services.app!.environment!.METRICS_TOKEN).toMatch(/^\$\{METRICS_TOKEN:\?/);
    expect(compose.secrets.metrics_token).toEqual({ environment: 'METRICS_TOKEN' });
    expect(services.prometheus!.secrets).toEqual(['metrics_token']);
  });
});

describe('who may set the client address (X-Forwarded-For)', () => {
  for (const file of ['docker-compose.yml', 'docker-compose.minimal.yml']) {
    it(`${file}: a service that trusts X-Forwarded-For publishes no port, and an app that publishes one trusts none`, () => {
      const { services } = parseYaml(read(file), { merge: true }) as { services: Record<string, Service> };
      const apps = Object.entries(services).filter(([, s]) => s.build !== undefined);
      expect(apps.length).toBeGreaterThan(0);
      for (const [name, service] of Object.entries(services)) {
        if (trustsForwardedFor(service)) expect(service.ports ?? [], `${name} trusts X-Forwarded-For, so nothing but its proxy may reach it`).toEqual([]);
      }
      for (const [name, app] of apps) {
        // Every app says what it trusts; none is left to a default or the caller's environment.
        expect(app.environment!.TRUST_PROXY, name).toMatch(/^(false|1)$/);
        if (app.ports?.length) expect(trustsForwardedFor(app), `${name} is published directly`).toBe(false);
      }
    });
  }

  it('docker-compose.yml publishes only Nginx, which proxies to exactly the apps that trust one hop', () => {
    const { services } = parseYaml(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
    const trusting = Object.entries(services).filter(([, s]) => trustsForwardedFor(s)).map(([n]) => n).sort();
    expect(trusting).toEqual(['app', 'app2']);
    for (const name of trusting) expect(services[name]!.environment!.TRUST_PROXY, name).toBe('1');
    const conf = read('deploy/nginx/nginx.conf');
    const upstreams = [...conf.matchAll(/^\s*server (\w+):3000\b[^;]*;/gm)].map((m) => m[1]!).sort();
    expect(upstreams).toEqual(trusting);
    // Nginx publishes the entry point; of the services Nginx proxies to, none publishes anything.
    expect(services.nginx!.ports).toEqual(['${PORT:-3000}:80']);
    // `resolve` (app2 may be absent) needs Nginx 1.27.3 or later.
    expect(conf).toMatch(/server app2:3000 [^;]*\bresolve;/);
    const [major, minor] = /^nginx:(\d+)\.(\d+)/.exec(services.nginx!.image!)!.slice(1).map(Number);
    expect(major! * 100 + minor!).toBeGreaterThanOrEqual(128);
  });

  it('every platform has exactly one edge proxy in front, so each platform file sets TRUST_PROXY=1', () => {
    const fly = parseToml(read('fly.toml')) as { env: Record<string, string> };
    expect(fly.env.TRUST_PROXY).toBe('1');
    const render = parseYaml(read('render.yaml')) as { services: { type: string; envVars?: { key: string; value?: string }[] }[] };
    const web = render.services.find((s) => s.type === 'web')!;
    expect(web.envVars!.find((v) => v.key === 'TRUST_PROXY')?.value).toBe('1');
    // railway.json cannot carry variables: its start command sets it, then runs the Dockerfile's command.
    const railway = JSON.parse(read('railway.json')) as { deploy: { startCommand?: string } };
    expect(railway.deploy.startCommand).toBe(`env TRUST_PROXY=1 ${dockerCommand()}`);
    expect(dockerCommand()).toBe('node dist/main.js');
  });
});

describe('Prometheus', () => {
  const config = parseYaml(read('deploy/prometheus/prometheus.yml')) as {
    scrape_configs: { metrics_path: string; authorization?: Record<string, string>; static_configs: { targets: string[] }[] }[];
  };

  it('scrapes /metrics on every app instance of the compose file, with the METRICS_TOKEN secret as bearer token', () => {
    const [job] = config.scrape_configs;
    expect(job!.metrics_path).toBe('/metrics');
    expect(job!.authorization).toEqual({ type: 'Bearer', credentials_file: '/run/secrets/metrics_token' });
    expect(job!.static_configs.flatMap((c) => c.targets).sort()).toEqual(['app2:3000', 'app:3000']);
  });
});

describe('Grafana', () => {
  const dashboard = JSON.parse(read('deploy/grafana/dashboards/ihosi-overview.json')) as { panels: { title: string; targets: { expr: string }[]; datasource: { uid: string } }[] };
  const datasource = parseYaml(read('deploy/grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string; url: string }[] };
  const provider = parseYaml(read('deploy/grafana/provisioning/dashboards/ihosi.yml')) as { providers: { options: { path: string } }[] };

  it('provisions the Prometheus datasource the dashboard uses and loads the dashboard folder', () => {
    expect(datasource.datasources[0]).toMatchObject({ uid: 'prometheus', url: 'http://prometheus:9090' });
    for (const panel of dashboard.panels) expect(panel.datasource.uid).toBe('prometheus');
    expect(provider.providers[0]!.options.path).toBe('/var/lib/grafana/dashboards');
  });

  it('shows request rate, error rate, latency percentiles, booking outcomes, database pool, event-loop delay, notifications and waitlist offers', () => {
    expect(dashboard.panels.map((p) => p.title)).toEqual([
      'Request rate by route',
      'Error rate (5xx share)',
      'Latency percentiles',
      'Booking outcomes',
      'Database pool',
      'Event-loop delay p99',
      'Notification deliveries by channel and outcome',
      'Notification decisions (sent, held, skipped, retried)',
      'Notifications dead-lettered and failed (per hour)',
      'Waitlist offers by outcome',
      'Periodic task runs (outbox worker, purges)',
    ]);
  });

  it('queries only metrics the app really exports', () => {
    // Metric names in PromQL: identifiers directly followed by a selector, a range or a closing parenthesis.
    const metricNames: string[] = [
      ...new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.replace(/by \([^)]*\)/g, '').matchAll(/([a-z][a-z0-9_]*)(?=\{|\[|\))/g)].map((m) => m[1]!.replace(/_bucket$/, ''))))),
    ];
    expect(metricNames.sort()).toEqual([
      'bookings_total',
      'db_pool_connections',
      'db_pool_idle_connections',
      'db_pool_waiting_requests',
      'http_request_duration_seconds',
      'http_requests_total',
      'nodejs_eventloop_lag_p99_seconds',
      'notification_deliveries_total',
      'notifications_total',
      'periodic_task_runs_total',
      'waitlist_offers_total',
    ]);
    for (const name of metricNames) {
      const fromDefaults = name.startsWith('nodejs_') || name.startsWith('process_');
      expect(fromDefaults || exportedMetricSource.includes(`'${name}'`), `${name} is not exported by the app`).toBe(true);
    }
  });

  it('queries only metric families the app’s registry really holds, so a renamed metric fails here', async () => {
    // The registry GET /metrics serves: the app's own families and prom-client's defaults.
    const registered = new Set((await new Metrics().registry.getMetricsAsJSON()).map((m) => m.name));
    const queried = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.replace(/by \([^)]*\)/g, '').matchAll(/([a-z][a-z0-9_]*)(?=\{|\[|\))/g)].map((m) => m[1]!.replace(/_bucket$/, ''))));
    expect(queried.length).toBeGreaterThan(0);
    expect(queried.filter((name) => !registered.has(name))).toEqual([]);
  });
});

describe('Nginx', () => {
  const conf = read('deploy/nginx/nginx.conf');
  it('balances over both replicas with health checks and forwards the client address', () => {
    expect(conf).toMatch(/server app:3000 max_fails=\d+ fail_timeout=\d+s resolve;/);
    expect(conf).toMatch(/server app2:3000 max_fails=\d+ fail_timeout=\d+s resolve;/);
    // `resolve` needs a shared-memory zone and a resolver (Docker's embedded DNS).
    expect(conf).toMatch(/^\s*zone ihosi \d+k;/m);
    expect(conf).toMatch(/^\s*resolver 127\.0\.0\.11\b/m);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    // Set by Nginx, so a client's X-Forwarded-Host never reaches the app that trusts this hop.
    expect(conf).toMatch(/proxy_set_header X-Forwarded-Host \$host;/);
    expect(conf).toMatch(/proxy_next_upstream [^;]*http_503/);
  });
});

describe('platform files', () => {
  it('every platform builds the Dockerfile, so each runs its Node 24 LTS rather than a platform default', () => {
    expect(read('Dockerfile')).toMatch(/^FROM node:24-/m);
    const fly = parseToml(read('fly.toml')) as { build: { dockerfile: string } };
    expect(fly.build.dockerfile).toBe('Dockerfile');
    const render = parseYaml(read('render.yaml')) as { services: { type: string; runtime?: string; dockerfilePath?: string }[] };
    expect(render.services.find((s) => s.type === 'web')).toMatchObject({ runtime: 'docker', dockerfilePath: './Dockerfile' });
    const railway = JSON.parse(read('railway.json')) as { build: { builder: string; dockerfilePath: string } };
    expect(railway.build).toEqual({ builder: 'DOCKERFILE', dockerfilePath: 'Dockerfile' });
    for (const file of ['docker-compose.yml', 'docker-compose.minimal.yml']) {
      const { services } = parseYaml(read(file), { merge: true }) as { services: Record<string, Service> };
      expect(services.app!.build, file).toBe('.');
    }
  });

  it('railway.json builds the Dockerfile and health-checks readiness', () => {
    const railway = JSON.parse(read('railway.json')) as { build: { builder: string; dockerfilePath: string }; deploy: { healthcheckPath: string } };
    expect(railway.build).toEqual({ builder: 'DOCKERFILE', dockerfilePath: 'Dockerfile' });
    expect(railway.deploy.healthcheckPath).toBe('/health/ready');
  });

  it('render.yaml wires managed PostgreSQL 15 and Redis into known variables', () => {
    const render = parseYaml(read('render.yaml')) as {
      services: { type: string; name: string; healthCheckPath?: string; envVars?: { key: string; value?: string; fromDatabase?: { name: string }; fromService?: { name: string; type: string }; generateValue?: boolean }[] }[];
      databases: { name: string; postgresMajorVersion: string }[];
    };
    const web = render.services.find((s) => s.type === 'web')!;
    expect(web.healthCheckPath).toBe('/health/ready');
    for (const v of web.envVars!) expect(knownVariables, v.key).toContain(v.key);
    const env = Object.fromEntries(web.envVars!.map((v) => [v.key, v]));
    expect(env.NODE_ENV!.value).toBe('production');
    expect(env.DATABASE_URL!.fromDatabase!.name).toBe(render.databases[0]!.name);
    expect(render.databases[0]!.postgresMajorVersion).toBe('15');
    expect(render.services.some((s) => s.type === 'keyvalue' && s.name === env.REDIS_URL!.fromService!.name)).toBe(true);
    expect(env.JWT_SECRET!.generateValue && env.JWT_REFRESH_SECRET!.generateValue).toBe(true);
    expect(Object.keys(env)).toEqual(expect.arrayContaining([...productionRequired, 'REDIS_URL']));
    // A generated token, so /metrics is scrapable by whoever is given it, and by nobody else.
    expect(env.METRICS_TOKEN!.generateValue).toBe(true);
  });

  it('fly.toml serves port 3000 behind TLS only, checks readiness, gives SIGTERM time to drain, and has no token-less metrics scraping', () => {
    const fly = parseToml(read('fly.toml')) as {
      kill_signal: string;
      kill_timeout: string;
      env: Record<string, string>;
      http_service: { internal_port: number; force_https: boolean; checks: { path: string }[] };
      metrics?: unknown;
    };
    expect(fly.kill_signal).toBe('SIGTERM');
    // HIPAA 164.312(e): plain HTTP is redirected to TLS before it reaches the app (docs/SECURITY.md).
    expect(fly.http_service.force_https).toBe(true);
    expect(Number.parseInt(fly.kill_timeout)).toBeGreaterThan(10);
    expect(fly.http_service.internal_port).toBe(3000);
    expect(fly.http_service.checks[0]!.path).toBe('/health/ready');
    // Fly's managed scraper sends no bearer token; production's /metrics would refuse it.
    expect(fly.metrics).toBeUndefined();
    for (const key of Object.keys(fly.env)) expect(knownVariables, key).toContain(key);
  });
});

describe('docs/OPERATIONS.md', () => {
  const operations = read('docs/OPERATIONS.md');
  it('documents every environment variable the service reads', () => {
    for (const name of knownVariables) expect(operations, `${name} is not in docs/OPERATIONS.md`).toContain(`\`${name}\``);
  });
  it('says why Elasticsearch, Kibana and Kafka are not needed now, and what MinIO is for', () => {
    for (const service of ['Elasticsearch', 'Kibana', 'Kafka']) expect(operations).toMatch(new RegExp(`\\| ${service}[^|]*\\| \\*\\*not needed\\*\\*`));
    // Issue 16 gave MinIO its job: doctor photos and verification documents.
    expect(operations).toMatch(/\| MinIO \| `storage` profile: doctor photos and verification documents/);
  });
});
