import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPlan } from '@hro/domain';
import { CatalogError, loadCatalog, urlHostPort, type ExecutionPolicy } from '../src/catalog';

const RUNBOOKS_DIR = join(__dirname, '..', '..', 'runbooks');
const DEMO_POLICY: ExecutionPolicy = { commandAllowlist: ['hro-demo-ctl'], httpAllowlist: ['127.0.0.1:3999'] };

function runbookYaml(id: string, version: number, extraStep = ''): string {
  return `id: ${id}
version: ${version}
title: ${id} v${version}
risk: low
appliesTo: { alertnames: [A] }
steps:
  - name: poke
    action: { kind: http, url: 'http://127.0.0.1:3999/poke' }
${extraStep}`;
}

describe('loadCatalog', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hro-catalog-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function problems(policy: ExecutionPolicy = DEMO_POLICY): string[] {
    try {
      loadCatalog(dir, policy);
    } catch (e) {
      expect(e).toBeInstanceOf(CatalogError);
      return (e as CatalogError).problems;
    }
    throw new Error('expected a CatalogError');
  }

  it('loads every shipped runbook, and each renders a plan for the demo outage', () => {
    const catalog = loadCatalog(RUNBOOKS_DIR, DEMO_POLICY);
    const ids = catalog.list().map((r) => r.id);
    expect(ids).toEqual([
      'drain-connection-pool',
      'failover-database',
      'restart-service',
      'rollback-deployment',
      'scale-out',
    ]);
    const risks = new Set(catalog.list().map((r) => r.risk));
    expect(risks).toEqual(new Set(['low', 'medium', 'high']));
    for (const rb of catalog.list()) {
      const service = rb.appliesTo.services?.[0] ?? 'api';
      const plan = renderPlan(rb, {}, { service, environment: 'prod', labels: { cluster: 'orders-db' } });
      expect(plan.steps.length).toBe(rb.steps.length);
      expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(plan.steps)).not.toContain('{{');
    }
    expect(catalog.get('failover-database')!.risk).toBe('high');
  });

  it('rejects the shipped catalog when the policy does not allow its hosts and executables', () => {
    dir = RUNBOOKS_DIR;
    const found = problems({ commandAllowlist: [], httpAllowlist: ['127.0.0.1:4000'] });
    expect(found).toContain(
      'runbooks/failover-database.yaml: steps.1.action.argv.0: executable "hro-demo-ctl" is not on the command allow-list (HRO_COMMAND_ALLOWLIST)',
    );
    expect(found).toContain(
      'runbooks/scale-out.yaml: steps.0.compensate.url: host 127.0.0.1:3999 is not on the HTTP allow-list (HRO_HTTP_ALLOWLIST)',
    );
    dir = mkdtempSync(join(tmpdir(), 'hro-catalog-')); // afterEach removes this one, not runbooks/
  });

  it('lists every problem of every file in one error, each naming file and field', () => {
    writeFileSync(join(dir, 'a.yaml'), runbookYaml('a', 1).replace('risk: low', 'risk: wild'));
    writeFileSync(
      join(dir, 'b.yml'),
      runbookYaml('b', 1, "  - name: run\n    action: { kind: command, argv: [rm, '-rf', '/'] }\n"),
    );
    writeFileSync(join(dir, 'c.yaml'), runbookYaml('c', 1).replace('127.0.0.1:3999', 'evil.example.com'));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    mkdirSync(join(dir, 'team'));
    writeFileSync(join(dir, 'team', 'd.yaml'), runbookYaml('d', 1).replace('version: 1', 'version: 0'));
    const found = problems().map((p) => p.replace(/^.*\/(\w\.ya?ml)/, '$1'));
    expect(found).toEqual([
      expect.stringMatching(/^a\.yaml: risk: /),
      'b.yml: steps.1.action.argv.0: executable "rm" is not on the command allow-list (HRO_COMMAND_ALLOWLIST)',
      'c.yaml: steps.0.action.url: host evil.example.com:80 is not on the HTTP allow-list (HRO_HTTP_ALLOWLIST)',
      expect.stringMatching(/^d\.yaml: version: /),
    ]);
  });

  it('refuses a host that comes from a parameter', () => {
    writeFileSync(
      join(dir, 'p.yaml'),
      runbookYaml('p', 1)
        .replace('steps:', 'parameters: { host: { type: string } }\nsteps:')
        .replace('127.0.0.1:3999', '{{params.host}}'),
    );
    expect(problems()).toEqual([
      expect.stringMatching(/p\.yaml: steps\.0\.action\.url: the scheme, host and port must be literal/),
    ]);
  });

  it('refuses duplicate id+version and keeps the newest version of an id current', () => {
    writeFileSync(join(dir, 'a1.yaml'), runbookYaml('a', 1));
    writeFileSync(join(dir, 'a2.yaml'), runbookYaml('a', 2));
    const catalog = loadCatalog(dir, DEMO_POLICY);
    expect(catalog.list().map((r) => `${r.id}@${r.version}`)).toEqual(['a@2']);
    expect(catalog.get('a')!.version).toBe(2);
    expect(catalog.get('a', 1)!.title).toBe('a v1');
    expect(catalog.get('missing')).toBeUndefined();
    writeFileSync(join(dir, 'a2-copy.yaml'), runbookYaml('a', 2));
    expect(problems()).toEqual([expect.stringMatching(/a2\.yaml: id: a@2 is already defined in .*a2-copy\.yaml$/)]);
  });

  it('reports an unreadable directory as a CatalogError', () => {
    expect(() => loadCatalog(join(dir, 'nope'), DEMO_POLICY)).toThrow(CatalogError);
  });

  it('normalises default ports and rejects credentials and odd schemes', () => {
    expect(urlHostPort('https://ops.internal/x')).toEqual({ hostPort: 'ops.internal:443' });
    expect(urlHostPort('http://127.0.0.1:3999/a/{{params.x}}')).toEqual({ hostPort: '127.0.0.1:3999' });
    expect(urlHostPort('http://u:p@h:1/')).toEqual({ problem: 'credentials in URLs are not allowed' });
    expect(urlHostPort('file:///etc/passwd')).toMatchObject({ problem: expect.stringMatching(/scheme file:/) });
    expect(urlHostPort('/relative')).toEqual({ problem: 'is not a valid absolute URL' });
  });
});
