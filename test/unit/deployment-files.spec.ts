import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema, productionRules } from '../../src/config/env.schema.js';

// No Docker engine runs here, so the files are checked by parsing them.
/** The variables production refuses to start without, read from the rules themselves. */
const PRODUCTION_REQUIRED = [...new Set(productionRules(envSchema.parse({ NODE_ENV: 'production' })).map((p) => p.variable))];

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

describe('docker-compose.minimal.yml', () => {
  const compose = parse(read('docker-compose.minimal.yml')) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };

  it('runs exactly the app, postgres:15-alpine and redis:7-alpine', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'postgres', 'redis']);
    expect(compose.services.postgres!.image).toBe('postgres:15-alpine');
    expect(compose.services.redis!.image).toBe('redis:7-alpine');
    expect(compose.services.app!.build).toBe('.');
  });

  it('keeps data in named volumes, uploads included', () => {
    expect(Object.keys(compose.volumes).sort()).toEqual(['app_data', 'postgres_data', 'redis_data']);
    expect(compose.services.app!.volumes).toEqual(['app_data:/app/data']);
    expect(compose.services.app!.environment!.DATA_DIR).toBe('/app/data');
  });

  it('passes the public URLs every link is built from (mail, calendar feeds, FHIR)', () => {
    expect(compose.services.app!.environment!.PUBLIC_APP_URL).toMatch(/^\$\{PUBLIC_APP_URL:-/);
    expect(compose.services.app!.environment!.PUBLIC_API_URL).toMatch(/^\$\{PUBLIC_API_URL:-/);
    expect(compose.services.postgres!.volumes).toEqual(['postgres_data:/var/lib/postgresql/data']);
    expect(compose.services.redis!.volumes).toEqual(['redis_data:/data']);
  });

  it('takes the database password from the environment, with no default', () => {
    expect(compose.services.postgres!.environment!.POSTGRES_PASSWORD).toBe('${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}');
    expect(compose.services.app!.environment!.DATABASE_URL).toContain('${POSTGRES_PASSWORD:?');
    expect(compose.services.app!.environment!.DATABASE_URL).toMatch(/@postgres:5432\/ihosi_healthcare$/);
  });

  it('passes every variable production refuses to start without', () => {
    const env = compose.services.app!.environment!;
    expect(PRODUCTION_REQUIRED).toEqual(expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET', 'DATA_ENCRYPTION_KEYS']));
    for (const name of PRODUCTION_REQUIRED) expect(env[name], name).toMatch(/\$\{[A-Z_]+:\?|postgresql:\/\//);
  });

  it('gives the app only variables the service reads, in production mode, after healthy dependencies', () => {
    const app = compose.services.app!;
    const known = Object.keys(envSchema.shape);
    for (const name of Object.keys(app.environment!)) expect(known, `${name} is not read by the service`).toContain(name);
    expect(app.environment!.NODE_ENV).toBe('production');
    expect(app.environment!.REDIS_HOST).toBe('redis');
    expect(app.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(compose.services.postgres!.healthcheck!.test.join(' ')).toMatch(/pg_isready/);
  });

  it('publishes the app directly, with no proxy in front, so it believes no X-Forwarded-For', () => {
    const app = compose.services.app!;
    expect(app.ports).toEqual(['${PORT:-3000}:3000']);
    expect(app.environment!.TRUST_PROXY).toBe('false');
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split('\n').filter((l) => l.startsWith('FROM '));

  it('builds in stages and runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/\nUSER node\n/);
    expect(runtime).not.toMatch(/npm (ci|install)(?! --omit=dev)/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it('builds and runs on Node 24 LTS, the same image in every stage, while package.json still admits Node 20.19', () => {
    const images = stages.map((line) => /^FROM (\S+)/.exec(line)![1]);
    expect(new Set(images)).toEqual(new Set(['node:24-bookworm-slim']));
    // README's `npm install && npm start` must keep working on a machine that has only Node 20.
    const { engines } = JSON.parse(read('package.json')) as { engines: { node: string } };
    expect(engines.node).toBe('>=20.19.0');
  });

  it('gives the unprivileged user a DATA_DIR to keep uploads in, where a volume can be mounted', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^ENV NODE_ENV=production \\\n(?: +\w+=\S+ \\\n)* +DATA_DIR=\/app\/data$/m);
    const prepare = /\nRUN mkdir -p \/app\/data && chown node:node \/app\/data\n/;
    expect(runtime).toMatch(prepare);
    // Prepared as root, before the switch to the user that runs the app.
    expect(runtime.search(prepare)).toBeLessThan(runtime.indexOf('\nUSER node\n'));
  });

  it('ships the SQL migrations where the app looks for them and checks liveness', () => {
    expect(dockerfile).toMatch(/COPY --from=build .*\/app\/src\/db\/migrations \.\/src\/db\/migrations/);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/health\/live/);
    expect(dockerfile).toMatch(/CMD \["node", "dist\/main\.js"\]/);
  });
});

describe('.env.example', () => {
  it('lists every variable the service reads', () => {
    const example = read('.env.example');
    const listed = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    for (const name of Object.keys(envSchema.shape)) expect(listed, `${name} is missing from .env.example`).toContain(name);
  });
});

describe('docker-compose.yml storage profile', () => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<string, ComposeService & { profiles?: string[]; entrypoint?: string[]; command?: string[] }>;
    volumes: Record<string, unknown>;
    'x-app': { environment: Record<string, string> };
  };

  it('runs MinIO and a one-shot bucket creation only with the storage profile, on a volume, its console on loopback', () => {
    const minio = compose.services.minio!;
    const init = compose.services['minio-init']!;
    expect(minio.profiles).toEqual(['storage']);
    expect(init.profiles).toEqual(['storage']);
    expect(minio.volumes).toEqual(['minio_data:/data']);
    expect(Object.keys(compose.volumes)).toContain('minio_data');
    expect(minio.ports).toEqual(['127.0.0.1:9001:9001']);
    expect(init.depends_on).toEqual({ minio: { condition: 'service_healthy' } });
    expect(init.entrypoint!.join(' ')).toMatch(/mc mb --ignore-existing "local\/\$\$S3_BUCKET"/);
    // MinIO's root credentials are the app's S3 credentials, required, never defaulted.
    expect(minio.environment!.MINIO_ROOT_USER).toMatch(/^\$\{S3_ACCESS_KEY_ID:\?/);
    expect(minio.environment!.MINIO_ROOT_PASSWORD).toMatch(/^\$\{S3_SECRET_ACCESS_KEY:\?/);
  });

  it('passes every S3 variable the app reads, and each is one the environment schema knows', () => {
    const env = compose['x-app'].environment;
    const s3 = Object.keys(env).filter((name) => name.startsWith('S3_'));
    expect(s3.sort()).toEqual(['S3_ACCESS_KEY_ID', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_SECRET_ACCESS_KEY']);
    for (const name of s3) expect(Object.keys(envSchema.shape)).toContain(name);
  });
});
