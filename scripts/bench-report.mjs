// Renders docs/BENCHMARKS.md from scripts/bench-template.md and the results of one
// `npm run bench` run (scripts/bench.mjs). Each `{{name}}` in the template is replaced by the
// section of the same name below; the prose around them lives in the template.
import { readFileSync } from 'node:fs';

const template = readFileSync(new URL('./bench-template.md', import.meta.url), 'utf8');

const num = (x, digits = 0) => (x === undefined || x === null || Number.isNaN(x) ? '—' : Number(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const ms = (x) => num(x, 1);
const pct = (p) => `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)}`;
const verdict = (met) => (met ? '**met**' : '**not met**');
const missing = (step) => `_Not measured in this run: ${step?.reason ?? 'not run'}._`;

function sections({ info, steps, limits }) {
  const auth = steps.auth?.ok ? steps.auth.data : null;
  const doctors = steps.doctors?.ok ? steps.doctors.data : null;
  const scheduling = steps.scheduling?.ok ? steps.scheduling.data : null;
  const scale = steps.scaling?.data?.rows?.length ? steps.scaling.data : null;
  const row = (mode, endpoint) => doctors?.rows.find((r) => r.mode === mode && r.endpoint === endpoint);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const out = {};

  out.date = `${info.date.slice(0, 10)} ${info.date.slice(11, 16)} UTC`;
  out.commit = `\`${info.commit}\`${info.dirty ? ' (the working tree also had uncommitted changes)' : ''}`;
  out.duration = `${num(info.seconds)} s (${(info.seconds / 60).toFixed(1)} min) for \`node scripts/bench.mjs\`, after the build`;
  out.machine = [
    '| | |',
    '|---|---|',
    `| CPU | ${info.cores} × ${info.cpu} |`,
    `| memory | ${info.memoryGiB} GiB |`,
    `| OS | ${info.os} |`,
    `| load average (1 / 5 / 15 min) at start / end | ${info.loadStart.map((x) => x.toFixed(1)).join(' / ')} — ${info.loadEnd.map((x) => x.toFixed(1)).join(' / ')} |`,
    `| Node | ${info.node} |`,
    `| PostgreSQL | ${info.postgres} (same host) |`,
    `| Redis | ${info.redis} (same host) |`,
    `| packages | ${Object.entries(info.packages).map(([p, v]) => `${p} ${v}`).join(', ')} |`,
    `| commit | ${out.commit} |`,
    `| date | ${out.date} |`,
    `| limits set for the run | ${Object.entries(limits).map(([k, v]) => `\`${k}=${v}\``).join(', ')} |`,
  ].join('\n');
  out.cores = String(info.cores);
  const busy = Math.max(info.loadStart[0], info.loadStart[1]);
  out.noise =
    busy > info.cores * 0.5
      ? `**This run was on a busy, shared machine** (load average ${busy.toFixed(1)} on ${info.cores} cores before the benchmark started, i.e. other work): its figures are noisy, wall-clock rates above all. Re-run \`npm run bench\` on a quiet machine before quoting them.`
      : `The machine was quiet when the run started (load average ${busy.toFixed(1)} on ${info.cores} cores).`;
  out.steps = ['| step | seconds | outcome |', '|---|---:|---|', ...['seed', 'doctors', 'scaling', 'scheduling', 'auth'].map((name) => `| ${name} | ${num(steps[name]?.seconds)} | ${steps[name]?.ok ? 'ok' : (steps[name]?.reason ?? 'not run')} |`)].join('\n');
  out.seed = steps.seed?.ok ? steps.seed.data.summary : missing(steps.seed);

  // ---- summary: every figure next to its baseline and the goal of its issue
  const summary = ['| scenario (issue) | figure: req/s · p50 / p95 / p99 ms | baseline in the same run: req/s · p50 / p95 / p99 ms | ratio | goal (issue) | result |', '|---|---|---|---:|---|---|'];
  for (const [endpoint, title] of [['search', 'search `GET /doctors?q=…&specialty=…` (4)'], ['profile', 'profile `GET /doctors/:id` (4)']]) {
    const bare = row('bare', endpoint);
    for (const [mode, label] of [['app', 'app as deployed (Redis cache)'], ['app-nocache', 'app, cache bypassed']]) {
      const r = row(mode, endpoint);
      if (!r || !bare) {
        summary.push(`| ${title}, ${label} | — | — | — | — | ${missing(steps.doctors)} |`);
        continue;
      }
      const ratio = r.rps / bare.rps;
      const goal = endpoint === 'search' ? 'p95 < 15 ms; ≥ 0.5 × bare' : '≥ 0.5 × bare';
      const met = ratio >= 0.5 && (endpoint !== 'search' || r.p95 < 15);
      summary.push(`| ${title}, ${label} | ${num(r.rps)} · ${pct(r)} | bare Fastify + pg, same SQL: ${num(bare.rps)} · ${pct(bare)} | ${ratio.toFixed(2)} | ${goal} | ${verdict(met)}${endpoint === 'search' && ratio >= 0.5 && r.p95 >= 15 ? ' (p95)' : ''} |`);
    }
  }
  if (scheduling) {
    const s = scheduling.slots;
    summary.push(`| 31-day slots, doctor with ${num(scheduling.history)} appointments over a year (5) | ${num(s.perSecond)} (1 client, sequential) · ${pct(s)} | — | — | p95 < 20 ms | ${verdict(s.p95 < 20)} |`);
    const b = scheduling.booking;
    const raw = scheduling.raw;
    const ratio = b.perSecond / raw.perSecond;
    summary.push(`| booking, distinct slots, ${scheduling.clients} clients (5) | ${num(b.perSecond)} · ${pct(b)} | raw \`INSERT\` through pg: ${num(raw.perSecond)} · ${pct(raw)} | ${ratio.toFixed(2)} | ≥ 0.3 × raw | ${verdict(ratio >= 0.3)} |`);
    const race = scheduling.race.byStatus;
    const ok = race['201'] === 1 && scheduling.race.stored === 1 && Object.keys(race).every((k) => k === '201' || k.startsWith('409'));
    summary.push(`| ${scheduling.raceSize} bookings of one slot, two instances (5) | ${Object.entries(race).map(([k, v]) => `${v} × ${k}`).join(', ')}; ${scheduling.race.stored} row stored | — | — | exactly one 201, the rest 409, no 5xx | ${verdict(ok)} |`);
  } else {
    summary.push(`| scheduling (5) | — | — | — | — | ${missing(steps.scheduling)} |`);
  }
  if (auth) {
    const logins = mean(auth.loginsPerSecond);
    const raw = mean(auth.rawPerSecond);
    summary.push(`| login at bcrypt cost ${auth.bcryptCost} (default), ${auth.concurrency} clients (3) | ${num(logins, 2)} · ${ms(auth.loginP50)} / ${ms(auth.loginP95)} / ${ms(auth.loginP99)} | raw \`bcrypt.compare\`: ${num(raw, 2)}/s | wall clock ${auth.medianRatio.toFixed(2)} (median of phases); CPU time ${auth.cpuRatio.toFixed(3)} | ≥ 0.9 × raw | wall clock ${verdict(auth.medianRatio >= 0.9)}; CPU time ${verdict(auth.cpuRatio >= 0.9)} |`);
    summary.push(`| event-loop delay during the login storm (3) | p50 ${ms(auth.loopP50)} / **p99 ${ms(auth.loopP99)}** / max ${ms(auth.loopMax)} ms | — | — | p99 < 50 ms | ${verdict(auth.loopP99 < 50)} |`);
  } else {
    summary.push(`| login (3) | — | — | — | — | ${missing(steps.auth)} |`);
  }
  const overhead = steps.overhead?.ok ? steps.overhead.data : null;
  if (overhead) {
    for (const [endpoint, title] of [['live', '`GET /health/live` (17)'], ['me', 'authenticated read `GET /api/v1/auth/me` (17)']]) {
      const [app, bare] = ['app', 'bare'].map((mode) => overhead.rows.find((r) => r.mode === mode && r.endpoint === endpoint));
      const ratio = overhead.ratios[endpoint];
      if (!app || !bare || !ratio) continue;
      summary.push(`| ${title} | ${num(app.rps)} · ${ms(app.p50)} / ${ms(app.p95)} / ${ms(app.p99)}; ${num(app.cpuMicrosPerRequest)} µs CPU/request | bare Fastify${endpoint === 'me' ? ' + jose + pg' : ''}: ${num(bare.rps)} · ${ms(bare.p50)} / ${ms(bare.p95)} / ${ms(bare.p99)}; ${num(bare.cpuMicrosPerRequest)} µs | ${ratio.throughput.toFixed(2)} by req/s; ${ratio.cpu.toFixed(2)} by CPU | ≥ 0.5 × bare | req/s ${verdict(ratio.throughput >= 0.5)}; CPU ${verdict(ratio.cpu >= 0.5)} |`);
    }
  } else {
    summary.push(`| per-request overhead (17) | — | — | — | — | ${missing(steps.overhead)} |`);
  }
  out.overhead = overhead
    ? [
        `${overhead.connections} connections; ${overhead.rounds} rounds of ${overhead.seconds} s per row after a 2 s warm-up, bare and app alternating; each figure is its best round.`,
        '',
        '| endpoint | server | req/s | p50 ms | p95 ms | p99 ms | server CPU µs/request | non-200 |',
        '|---|---|---:|---:|---:|---:|---:|---:|',
        ...overhead.rows.map((r) => `| ${r.endpoint === 'live' ? 'GET /health/live' : 'GET /api/v1/auth/me'} | ${r.mode} | ${num(r.rps)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${num(r.cpuMicrosPerRequest)} | ${r.errors} |`),
      ].join('\n')
    : missing(steps.overhead);
  if (scale) {
    const one = scale.rows.find((r) => r.workers === 1);
    summary.push(`| profile with 1 / 2 / 4 instances (7) | ${scale.rows.map((r) => num(r.rps)).join(' / ')} | 1 instance: ${num(one?.rps)} | ${scale.rows.map((r) => (one ? (r.rps / one.rps).toFixed(2) : '—')).join(' / ')} | show how it scales | see Scaling |`);
  } else {
    summary.push(`| scaling (7) | — | — | — | — | ${missing(steps.scaling)} |`);
  }
  out.summary = summary.join('\n');

  // ---- Auth
  out.auth = auth
    ? [
        '| | |',
        '|---|---|',
        `| bcrypt cost | ${auth.bcryptCost} (default) |`,
        `| database / cache | ${auth.database} / ${auth.cache} |`,
        `| phases | ${auth.rounds} login phases of ${auth.phaseSeconds} s between ${auth.rounds + 1} raw phases; ${auth.concurrency} concurrent clients (one account each); UV_THREADPOOL_SIZE ${auth.threadPool} |`,
        `| raw bcrypt compares/s, per phase | ${auth.rawPerSecond.map((x) => num(x, 2)).join(' / ')} |`,
        `| logins/s (HTTP 200), per phase | ${auth.loginsPerSecond.map((x) => num(x, 2)).join(' / ')} (non-200: ${auth.failures}) |`,
        `| login ÷ raw bcrypt, wall clock, per phase | ${auth.ratios.map((x) => x.toFixed(2)).join(' / ')} (**median ${auth.medianRatio.toFixed(2)}**; goal ≥ 0.9: ${verdict(auth.medianRatio >= 0.9)}) |`,
        `| CPU time per operation, raw compare / login (login includes the in-process load generator) | ${num(auth.cpuMsPerRaw)} ms / ${num(auth.cpuMsPerLogin)} ms |`,
        `| **login ÷ raw bcrypt by CPU time** | **${auth.cpuRatio.toFixed(3)}** (goal ≥ 0.9: ${verdict(auth.cpuRatio >= 0.9)}) |`,
        `| login latency p50 / p95 / p99 (worst phase) | ${num(auth.loginP50)} / ${num(auth.loginP95)} / ${num(auth.loginP99)} ms |`,
        `| **event-loop delay** p50 / **p99** / max (worst phase) | ${ms(auth.loopP50)} / **${ms(auth.loopP99)}** / ${ms(auth.loopMax)} ms (goal p99 < 50 ms: ${verdict(auth.loopP99 < 50)}) |`,
        `| \`GET /health/live\` during the storm p50 / p99 (worst phase) | ${ms(auth.healthP50)} / ${ms(auth.healthP99)} ms |`,
        ...(auth.enumeration
          ? [`| sign-in p50, wrong password / unknown e-mail (${auth.enumeration.samples} each, alternating) | ${ms(auth.enumeration.wrongP50)} / ${ms(auth.enumeration.unknownP50)} ms; **unknown ÷ wrong ${auth.enumeration.ratio.toFixed(2)}** (goal ≈ 1: the same bcrypt work, so timing does not tell which e-mails have accounts) |`]
          : []),
      ].join('\n')
    : missing(steps.auth);

  // ---- Doctors
  if (doctors) {
    const label = { bare: 'bare Fastify + pg (same SQL)', 'app-nocache': 'app, cache bypassed', app: 'app, cache on (Redis)' };
    const lines = [`${num(doctors.doctors)} doctors; ${doctors.connections} concurrent connections; ${doctors.seconds} s per row after a 2 s warm-up.`, '', '| endpoint | server | req/s | p50 ms | p95 ms | p99 ms | non-200 | ÷ bare |', '|---|---|---:|---:|---:|---:|---:|---:|'];
    for (const r of doctors.rows) {
      const bare = row('bare', r.endpoint);
      lines.push(`| ${{ search: 'GET /doctors?q=…&specialty=…', near: 'GET /doctors?near=…&radiusKm=10[&specialty=…]', profile: 'GET /doctors/:id' }[r.endpoint]} | ${label[r.mode]} | ${num(r.rps)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} | ${r.mode === 'bare' ? '—' : (r.rps / bare.rps).toFixed(2)} |`);
    }
    out.doctors = lines.join('\n');
  } else {
    out.doctors = missing(steps.doctors);
  }

  // ---- Scheduling
  if (scheduling) {
    const s = scheduling;
    out.scheduling = [
      '| measure | req/s | p50 ms | p95 ms | p99 ms | detail |',
      '|---|---:|---:|---:|---:|---|',
      `| 31-day slots, ${num(s.history)} appointments over a year, cache off, ${s.slots.n} sequential requests | ${num(s.slots.perSecond)} | ${ms(s.slots.p50)} | **${ms(s.slots.p95)}** | ${ms(s.slots.p99)} | ${s.busyInWindow} confirmed appointments in the window; ${s.slots.slotCount} slots per response |`,
      `| bookings on distinct slots, ${s.clients} concurrent clients over HTTP | **${num(s.booking.perSecond)}** | ${ms(s.booking.p50)} | ${ms(s.booking.p95)} | ${ms(s.booking.p99)} | ${s.booking.n} in ${num(s.booking.seconds, 1)} s; statuses ${Object.entries(s.booking.outcomes).map(([k, v]) => `${v} × ${k}`).join(', ')} |`,
      `| raw \`INSERT\`s into appointments through pg, ${s.clients} concurrent, pool ${s.pool} | ${num(s.raw.perSecond)} | ${ms(s.raw.p50)} | ${ms(s.raw.p95)} | ${ms(s.raw.p99)} | ${s.raw.n} in ${num(s.raw.seconds, 1)} s; errors ${s.raw.errors} |`,
      `| for scale: \`GET /health/live\` (no database), ${s.clients} clients, same process | ${num(s.live.perSecond)} | | | | |`,
      `| **booking ÷ raw** | **${(s.booking.perSecond / s.raw.perSecond).toFixed(2)}** | | | | goal ≥ 0.3: ${verdict(s.booking.perSecond / s.raw.perSecond >= 0.3)} |`,
      `| ${s.raceSize} concurrent bookings of one slot, alternating between two instances | | | | | ${Object.entries(s.race.byStatus).map(([k, v]) => `${v} × ${k}`).join(', ')}; confirmed rows for the slot: ${s.race.stored} |`,
      '',
      'Busy-range query plan for the 31-day window, from this run:',
      '',
      '```',
      ...s.plan,
      '```',
    ].join('\n');
  } else {
    out.scheduling = missing(steps.scheduling);
  }

  // ---- Scaling
  if (scale) {
    const one = scale.rows.find((r) => r.workers === 1);
    out.scaling = [
      `\`${scale.endpoint}\`, rotating over 500 verified doctors, cache on (Redis); ${scale.connections} connections; ${scale.seconds} s per row after a 3 s warm-up.`,
      '',
      '| instances | req/s | p50 ms | p95 ms | p99 ms | non-200 | ÷ 1 instance |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      ...scale.rows.map((r) => `| ${r.workers} | ${num(r.rps)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.errors} | ${one ? (r.rps / one.rps).toFixed(2) : '—'} |`),
      ...(steps.scaling.ok ? [] : ['', missing(steps.scaling)]),
    ].join('\n');
  } else {
    out.scaling = missing(steps.scaling);
  }
  return out;
}

export function render(results) {
  const values = sections(results);
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name) => (name in values ? values[name] : whole));
}
