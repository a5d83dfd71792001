import { parseRunbook, RunbookParseError } from '../src';

const valid = `
id: restart-service
version: 2
title: Restart
risk: low
appliesTo:
  alertnames: [ApiHighLatency]
parameters:
  service: { type: string, pattern: '[a-z]+', from: service }
steps:
  - name: restart
    action: { kind: http, url: 'http://127.0.0.1:3999/services/{{params.service}}/restart' }
  - name: check
    action: { kind: check, url: 'http://127.0.0.1:3999/health/{{ params.service }}' }
`;

function issuesOf(yaml: string): string[] {
  try {
    parseRunbook(yaml, 'runbooks/x.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(RunbookParseError);
    return (e as Error).message.split('\n');
  }
  throw new Error('expected a RunbookParseError');
}

describe('parseRunbook', () => {
  it('parses a valid runbook and applies schema defaults', () => {
    const rb = parseRunbook(valid, 'runbooks/x.yaml');
    expect(rb.id).toBe('restart-service');
    expect(rb.steps[0]!.retry).toBe('standard');
    expect(rb.steps[0]!.action).toMatchObject({ kind: 'http', method: 'POST' });
  });

  it('names the file and the field path of a missing field', () => {
    const bad = valid.replace("url: 'http://127.0.0.1:3999/services/{{params.service}}/restart'", 'method: POST');
    expect(issuesOf(bad)).toEqual(['runbooks/x.yaml: steps.0.action.url: Required']);
  });

  it('reports every problem at once, including wrong types and bad enums', () => {
    const bad = valid.replace('version: 2', 'version: two').replace('risk: low', 'risk: extreme');
    const issues = issuesOf(bad);
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^runbooks\/x\.yaml: version: /);
    expect(issues[1]).toMatch(/^runbooks\/x\.yaml: risk: /);
  });

  it('rejects unknown fields (typos must not be silently ignored)', () => {
    expect(issuesOf(valid.replace('  - name: check', '  - name: check\n    retyr: none'))).toEqual([
      'runbooks/x.yaml: steps.1.retyr: unknown field',
    ]);
  });

  it('rejects unknown parameters, non-params placeholders and duplicate step names', () => {
    const bad = valid
      .replace('{{ params.service }}', '{{ params.svc }}')
      .replace('/restart', '/{{ env.HOME }}')
      .replace('name: check', 'name: restart');
    expect(issuesOf(bad)).toEqual([
      'runbooks/x.yaml: steps.1.name: duplicate step name (also steps.0)',
      'runbooks/x.yaml: steps.0.action.url: unknown placeholder {{ env.HOME }} (only {{params.<name>}})',
      'runbooks/x.yaml: steps.1.action.url: unknown parameter in {{ params.svc }}',
    ]);
  });

  it('rejects a placeholder that is only part of an argv element, and a parameterised executable', () => {
    const bad = valid.replace(
      "action: { kind: check, url: 'http://127.0.0.1:3999/health/{{ params.service }}' }",
      "action: { kind: command, argv: ['{{params.service}}', '--name={{params.service}}', '{{params.service}}'] }",
    );
    expect(issuesOf(bad)).toEqual([
      'runbooks/x.yaml: steps.1.action.argv.1: {{params.service}} must be a whole argv element, not part of one',
      'runbooks/x.yaml: steps.1.action.argv.0: the executable must be literal, not a parameter',
    ]);
  });

  it('rejects invalid YAML, duplicate keys and invalid parameter patterns', () => {
    expect(issuesOf('id: [')[0]).toMatch(/^runbooks\/x\.yaml: invalid YAML: /);
    expect(issuesOf(valid.replace('version: 2', 'version: 2\nversion: 3'))[0]).toMatch(/invalid YAML: .*unique/i);
    expect(issuesOf(valid.replace("pattern: '[a-z]+'", "pattern: '[a-z'"))).toEqual([
      'runbooks/x.yaml: parameters.service.pattern: is not a valid regular expression',
    ]);
  });
});
