import { hashKey, sourceKey, stableJson } from '../../src/ingest/normalize/fingerprint';
import { conventionalFields } from '../../src/ingest/normalize/labels';
import {
  AZURE_SEVERITY,
  GENERIC_SEVERITY,
  lookupSeverity,
  PAGERDUTY_SEVERITY,
  requireSeverity,
} from '../../src/ingest/normalize/severity';
import { parseTime } from '../../src/ingest/normalize/time';
import {
  finalizeAlert,
  parseTags,
  storable,
  storableDeep,
  storablePrefix,
  stringRecord,
  truncate,
} from '../../src/ingest/normalize/values';
import { validationError } from './context';

describe('parseTime', () => {
  it.each([
    ['2021-10-12T09:51:03.157076+02:00', '2021-10-12T07:51:03.157Z'],
    ['2019-06-19T22:17:02.543+0000', '2019-06-19T22:17:02.543Z'],
    ['2026-12-03T10:00:00.123456789Z', '2026-12-03T10:00:00.123Z'],
    ['2019-03-22T13:58:24.3713213Z', '2019-03-22T13:58:24.371Z'],
    ['2026-12-03 10:00:00-0530', '2026-12-03T15:30:00.000Z'],
    ['2026-12-03T10:00Z', '2026-12-03T10:00:00.000Z'],
    ['2026-12-03T10:00:00+01', '2026-12-03T09:00:00.000Z'],
    ['2026-12-03T10:00:00', '2026-12-03T10:00:00.000Z'],
    [1764756000, '2025-12-03T10:00:00.000Z'],
    ['1764756000', '2025-12-03T10:00:00.000Z'],
    ['1764756000.5', '2025-12-03T10:00:00.500Z'],
    [1764756000123, '2025-12-03T10:00:00.123Z'],
    ['1764756000123', '2025-12-03T10:00:00.123Z'],
    [1764756000123456, '2025-12-03T10:00:00.123Z'],
    ['1764756000123456789', '2025-12-03T10:00:00.123Z'],
  ])('parses %p', (input, expected) => {
    expect(parseTime(input, 'f')).toBe(expected);
  });

  // Year 0000 like Go's zero time (year 0001): "not set", not an error and never a 5xx.
  it.each([undefined, null, '', '   ', 0, '0', '0001-01-01T00:00:00Z', '0000-01-01T00:00:00Z'])(
    'treats %p as absent',
    (input) => {
      expect(parseTime(input, 'f')).toBeUndefined();
    },
  );

  it.each(['yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-12-03T25:00:00Z', -5, {}, true])(
    'refuses %p naming the field',
    async (input) => {
      const err = await validationError(() => parseTime(input, 'alerts[0].startsAt'));
      expect(err.errors[0]?.field).toBe('alerts[0].startsAt');
      expect(err.status).toBe(400);
    },
  );
});

describe('severity tables', () => {
  it('maps vendor words case-insensitively onto the four canonical severities', () => {
    expect(lookupSeverity(GENERIC_SEVERITY, 'CRITICAL')).toBe('critical');
    expect(lookupSeverity(GENERIC_SEVERITY, ' P2 ')).toBe('high');
    expect(lookupSeverity(GENERIC_SEVERITY, 'warn')).toBe('warning');
    expect(lookupSeverity(GENERIC_SEVERITY, 'low')).toBe('info');
    expect(lookupSeverity(GENERIC_SEVERITY, 'toString')).toBeUndefined();
    expect(lookupSeverity(AZURE_SEVERITY, 'Sev0')).toBe('critical');
    expect(lookupSeverity(AZURE_SEVERITY, 'Sev4')).toBe('info');
    expect(lookupSeverity(PAGERDUTY_SEVERITY, 'error')).toBe('high');
  });

  it('names the field for an unknown value', async () => {
    const err = await validationError(() => requireSeverity(PAGERDUTY_SEVERITY, 'urgent', 'payload.severity'));
    expect(err.errors).toEqual([{ field: 'payload.severity', message: expect.stringContaining('urgent') as string }]);
  });
});

describe('fingerprints', () => {
  it('namespaces the source key and hashes what does not fit', () => {
    expect(sourceKey('grafana', '1', 'c6eadffa33fcdf37')).toBe('grafana:1:c6eadffa33fcdf37');
    const long = sourceKey('x', 'y'.repeat(600));
    expect(long).toMatch(/^x:sha256:[0-9a-f]{64}$/);
  });

  it('hashes identity independently of key order', () => {
    expect(stableJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    expect(hashKey('s', { a: 1, b: 2 })).toBe(hashKey('s', { b: 2, a: 1 }));
    expect(hashKey('s', { a: 1 })).not.toBe(hashKey('t', { a: 1 }));
  });
});

describe('labels and limits', () => {
  it('parses tag lists in every shape', () => {
    expect(parseTags('env:prod, service:checkout,flag , url:http://x:80')).toEqual({
      env: 'prod',
      service: 'checkout',
      flag: 'true',
      url: 'http://x:80',
    });
    expect(parseTags(['env:prod', 3])).toEqual({ env: 'prod' });
    expect(parseTags({ n: 1, b: false, skip: null })).toEqual({ n: '1', b: 'false' });
  });

  it('finds service, environment and resource under conventional names', () => {
    expect(conventionalFields({ app: 'web', env: 'staging', host: 'h1' })).toEqual({
      service: 'web',
      environment: 'staging',
      resource: 'h1',
    });
  });

  it('cuts long vendor text instead of refusing it, and validates the result', async () => {
    const alert = finalizeAlert({
      source: 's',
      fingerprint: 'f',
      status: 'firing',
      name: 'n'.repeat(600),
      summary: '',
      labels: {},
      annotations: {},
    });
    expect(alert.name).toHaveLength(512);
    expect(alert).not.toHaveProperty('summary');
    expect(truncate('abcdef', 4)).toBe('abc…');
    const err = await validationError(() =>
      finalizeAlert(
        { source: '', fingerprint: 'f', status: 'firing', name: 'n', labels: {}, annotations: {} },
        'alerts[3]',
      ),
    );
    expect(err.errors[0]?.field).toBe('alerts[3].source');
  });
});

describe('bidi controls', () => {
  it('are removed from the identity text shown in titles (name, service, environment, resource)', () => {
    const rlo = String.fromCharCode(0x202e);
    const isolate = String.fromCharCode(0x2066);
    const alert = finalizeAlert({
      source: 's',
      fingerprint: 'f',
      status: 'firing',
      name: `Disk full${rlo} on prod`,
      service: `db${isolate}`,
      environment: `${rlo}prod`,
      resource: `h${rlo}1`,
      summary: `kept ${rlo}as sent`,
      labels: {},
      annotations: {},
    });
    expect(alert).toMatchObject({ name: 'Disk full on prod', service: 'db', environment: 'prod', resource: 'h1' });
    expect(alert.summary).toBe(`kept ${rlo}as sent`);
  });
});

describe('storable text', () => {
  it('drops NUL characters PostgreSQL cannot store, everywhere in the alert', () => {
    const nul = String.fromCharCode(0);
    const alert = finalizeAlert({
      source: 's',
      fingerprint: `f${nul}1`,
      status: 'firing',
      name: `n${nul}`,
      summary: `s${nul}`,
      labels: { [`k${nul}`]: `v${nul}` },
      annotations: { a: nul },
    });
    expect(JSON.stringify(alert)).not.toContain('\\u0000');
    expect(alert).toMatchObject({
      fingerprint: 'f1',
      name: 'n',
      summary: 's',
      labels: { k: 'v' },
      annotations: { a: '' },
    });
  });
});

describe('lone surrogates', () => {
  const HIGH = String.fromCharCode(0xd800);
  const LOW = String.fromCharCode(0xdc00);

  it('become U+FFFD (PostgreSQL refuses them in jsonb); surrogate pairs are kept', () => {
    expect(storable(`a${HIGH}b${LOW}c`)).toBe('a\uFFFDb\uFFFDc');
    expect(storable(`${LOW}${HIGH}`)).toBe('\uFFFD\uFFFD');
    expect(storable('ok 😀')).toBe('ok 😀');
    expect(storableDeep({ [`k${HIGH}`]: [`v${LOW}`] })).toEqual({ 'k\uFFFD': ['v\uFFFD'] });
    const alert = finalizeAlert({
      source: 's',
      fingerprint: `f${HIGH}`,
      status: 'firing',
      name: `n${LOW}`,
      labels: { [`k${HIGH}`]: `v${LOW}` },
      annotations: {},
    });
    expect(alert).toMatchObject({ fingerprint: 'f\uFFFD', name: 'n\uFFFD', labels: { 'k\uFFFD': 'v\uFFFD' } });
  });

  it('are never created by cutting text in the middle of a pair', () => {
    expect(storablePrefix('ab😀', 3)).toBe('ab');
    expect(storablePrefix('ab😀', 4)).toBe('ab😀');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });
});

describe('a __proto__ key', () => {
  it('is kept as an own key by stringRecord and parseTags, never reaching the prototype', () => {
    const input = JSON.parse('{"__proto__":"x","__proto__x":{"polluted":"yes"}}') as unknown;
    const labels = stringRecord(input);
    expect(Object.keys(labels)).toEqual(['__proto__', '__proto__x']);
    expect(Object.getOwnPropertyDescriptor(labels, '__proto__')?.value).toBe('x');
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    const nested = stringRecord(JSON.parse('{"__proto__":{"polluted":"yes"}}'));
    expect(Object.getOwnPropertyDescriptor(nested, '__proto__')?.value).toBe('{"polluted":"yes"}');
    expect(Object.getOwnPropertyDescriptor(parseTags('__proto__:y,a:b'), '__proto__')?.value).toBe('y');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
