import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import { parseDuration } from '../../src/domain/duration.js';
import { parsePayload } from '../../src/sources/parse-payload.js';
import type { SourceType } from '../../src/sources/normalized-alert.js';
import { startTestGong, type TestGong } from '../helpers/gong.js';
import { type RawReply, type RawRequest, rawRequest } from '../helpers/raw-http.js';

/**
 * Every public endpoint against malformed, truncated, oversized, wrongly typed and wrongly
 * labelled input. Each property asserts the exact status (and for 400 the field named), and each
 * test ends by checking that the alerts, the timeline, the dedupe results and the short-id
 * sequence are byte-for-byte what they were: no generated request can be valid, by construction
 * (a valid base with one broken field) or by a local check with the source's own parser.
 */

const SOURCES = [
  { name: 'am', type: 'alertmanager', token: 'fuzz-am-token-000000' },
  { name: 'graf', type: 'grafana', token: 'fuzz-grafana-token-00' },
  { name: 'gen', type: 'generic', token: 'fuzz-generic-token-00' },
] as const satisfies readonly { name: string; type: SourceType; token: string }[];
type Source = (typeof SOURCES)[number];

const MiB = 1024 * 1024;
const JSON_TYPE = { 'content-type': 'application/json' };
const RUNS = Number(process.env.GONG_FUZZ_RUNS ?? 1);

let gong: TestGong;
/** Log lines at error level or above: a rejected request must never get there. */
const errorLogs: string[] = [];
let seededIds: number[] = [];
let baseline = '';

const send = (req: RawRequest): Promise<RawReply> => rawRequest(gong.url, req);
const admin = () => ({ authorization: `Bearer ${gong.adminToken}` });
const bearer = (source: Source) => ({ authorization: `Bearer ${source.token}` });
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * RUNS)) });

async function storedState(): Promise<string> {
  const db = gong.gong.parts.database.db;
  const [alerts, events, results, sequence] = await Promise.all([
    queryRows(db, sql`SELECT * FROM alerts ORDER BY id`),
    queryRows(db, sql`SELECT * FROM alert_events ORDER BY id`),
    queryRows(db, sql`SELECT dedupe_key, alert_id, result FROM action_results ORDER BY dedupe_key`),
    queryRows(db, sql`SELECT last_value, is_called FROM alerts_id_seq`),
  ]);
  return JSON.stringify({ alerts, events, results, sequence });
}

async function expectNothingStoredAndNoCrash(): Promise<void> {
  expect(await storedState()).toBe(baseline);
  expect(errorLogs).toEqual([]);
  expect((await send({ method: 'GET', path: '/healthz' })).status).toBe(200);
}

beforeAll(async () => {
  const logger = pino(
    { level: 'error' },
    { write: (line: string) => void errorLogs.push(line) },
  );
  gong = await startTestGong({ sources: SOURCES.map((s) => ({ ...s })), logger });
  // Something to protect: alerts from every source, one acknowledged with a dedupe key.
  const seeds: [Source, unknown][] = [
    [SOURCES[0], { version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'Seed', n: '1' } }, { status: 'firing', labels: { alertname: 'Seed', n: '2' } }] }],
    [SOURCES[1], { title: 'seed', alerts: [{ status: 'firing', labels: { alertname: 'GrafanaSeed' } }] }],
    [SOURCES[2], [{ title: 'generic seed 1' }, { title: 'generic seed 2', labels: { team: 'db' } }]],
  ];
  for (const [source, body] of seeds) {
    const reply = await send({ path: `/hooks/${source.name}`, headers: { ...JSON_TYPE, ...bearer(source) }, body: JSON.stringify(body) });
    expect(reply.status, reply.text).toBe(200);
    seededIds.push(...(JSON.parse(reply.text) as { opened: number[] }).opened);
  }
  seededIds = seededIds.sort((a, b) => a - b);
  expect(seededIds).toHaveLength(5);
  await gong.api(`/api/v1/alerts/${seededIds[0]}/actions`, { body: { action: 'ack', actor: 'seed', dedupeKey: 'seed-1' } });
  baseline = await storedState();
}, 60_000);

afterAll(async () => {
  await gong?.close();
});

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Printable text without NUL; graphemes keep surrogates paired. */
const text = (maxLength = 30) => fc.string({ unit: 'grapheme', maxLength }).map((s) => s.replaceAll('\u0000', ''));
const labelKey = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).filter((k) => k !== '__proto__');
const labelMap = fc.dictionary(labelKey, text(), { maxKeys: 4 });
const isoDate = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const longText = (min: number) => fc.integer({ min, max: min + 300 }).map((n) => 'x'.repeat(n));

const notString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text(5), { maxLength: 2 }),
  fc.dictionary(labelKey, text(5), { maxKeys: 2 }),
);
const notObject = fc.oneof(fc.integer(), fc.boolean(), text(10), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }));
const notArray = fc.oneof(fc.integer(), fc.boolean(), text(10), fc.constant(null), fc.dictionary(labelKey, text(5), { maxKeys: 2 }));
const notStatus = fc.oneof(notString, text(12).filter((s) => s !== 'firing' && s !== 'resolved'));
/** Strings Postgres cannot store: NUL, or half of a surrogate pair. */
const unstorable = fc
  .tuple(text(8), fc.constantFrom('\u0000', '\ud800', '\udfff', '\udc00x', 'x\ud83d'), text(8))
  .map(([a, bad, b]) => `${a}${bad}${b}`);

const prometheusAlert = fc.record(
  {
    status: fc.constantFrom('firing', 'resolved'),
    labels: labelMap,
    annotations: labelMap,
    startsAt: isoDate,
    endsAt: isoDate,
    generatorURL: fc.webUrl(),
    fingerprint: fc.stringMatching(/^[0-9a-f]{16}$/),
  },
  { requiredKeys: ['status', 'labels'] },
);

const validPayload: Record<SourceType, fc.Arbitrary<unknown>> = {
  alertmanager: fc.record(
    {
      version: fc.constant('4'),
      groupKey: text(),
      status: fc.constantFrom('firing', 'resolved'),
      receiver: text(),
      groupLabels: labelMap,
      commonLabels: labelMap,
      commonAnnotations: labelMap,
      externalURL: fc.webUrl(),
      alerts: fc.array(prometheusAlert, { minLength: 1, maxLength: 4 }),
    },
    { requiredKeys: ['alerts'] },
  ),
  grafana: fc.record(
    {
      title: text(),
      message: text(),
      state: fc.constantFrom('alerting', 'ok'),
      alerts: fc.array(
        fc.tuple(prometheusAlert, fc.record({ valueString: text(), dashboardURL: fc.webUrl(), panelURL: fc.webUrl() }, { requiredKeys: [] })).map(
          ([a, b]) => ({ ...a, ...b }),
        ),
        { minLength: 1, maxLength: 4 },
      ),
    },
    { requiredKeys: ['alerts'] },
  ),
  generic: fc.oneof(
    fc.record(
      {
        title: text().filter((t) => t.length > 0),
        severity: fc.constantFrom('critical', 'warning', 'info', 'P1'),
        status: fc.constantFrom('firing', 'resolved'),
        labels: fc.dictionary(labelKey, fc.oneof(text(), fc.integer(), fc.boolean()), { maxKeys: 3 }),
        annotations: labelMap,
        description: text(),
        url: fc.webUrl(),
        fingerprint: fc.stringMatching(/^[a-z0-9]{1,20}$/),
        startsAt: isoDate,
      },
      { requiredKeys: ['title'] },
    ),
  ).chain((single) => fc.oneof(fc.constant(single as unknown), fc.constant([single] as unknown), fc.constant([single, single] as unknown))),
};

/** One broken field: where, the value put there (DELETE removes it), and what the 400 must start with. */
const DELETE = Symbol('delete');
type Path = (string | number)[];
interface Mutation {
  path: Path;
  value: unknown;
  /** The message prefix, when it is not simply `<path>:` */
  expect?: string;
}

const m = (path: Path, value: fc.Arbitrary<unknown>, expectPrefix?: (path: Path) => string): fc.Arbitrary<Mutation> =>
  value.map((v) => ({ path, value: v, ...(expectPrefix ? { expect: expectPrefix(path) } : {}) }));

/** Mutations of `alerts[i]` shared by Alertmanager and Grafana. */
function prometheusAlertMutations(i: number, extraStringFields: string[] = []): fc.Arbitrary<Mutation>[] {
  const at = (...rest: Path): Path => ['alerts', i, ...rest];
  return [
    m(at('status'), fc.oneof(notStatus, fc.constant(DELETE))),
    m(at('labels'), fc.oneof(notObject, fc.constant(DELETE))),
    labelKey.chain((k) => m(at('labels', k), notString)),
    labelKey.chain((k) => m(at('annotations', k), notString)),
    m(at('annotations'), notObject),
    m(at('startsAt'), fc.oneof(notString, longText(65))),
    m(at('endsAt'), fc.oneof(notString, longText(65))),
    m(at('generatorURL'), fc.oneof(notString, longText(16_385))),
    m(at('fingerprint'), fc.oneof(notString, longText(257))),
    labelKey.chain((k) => m(at('labels', k), unstorable)),
    labelKey.chain((k) => m(at('annotations', k), unstorable)),
    unstorable.chain((k) => m(at('labels', k), text(), (p) => `${formatPath(p.slice(0, -1))} (a key)`)),
    ...extraStringFields.map((field) => m(at(field), notString)),
  ];
}

function mutationsFor(type: SourceType, payload: unknown): fc.Arbitrary<Mutation> {
  if (type === 'generic') {
    const list = Array.isArray(payload);
    const count = list ? payload.length : 1;
    return fc.nat({ max: count - 1 }).chain((i) => {
      const at = (...rest: Path): Path => (list ? [i, ...rest] : rest);
      return fc.oneof(
        m(at('title'), fc.oneof(notString, fc.constant(''), longText(1025), fc.constant(DELETE), unstorable)),
        m(at('severity'), fc.oneof(notString, longText(65))),
        m(at('status'), notStatus),
        m(at('labels'), notObject),
        labelKey.chain((k) => m(at('labels', k), fc.oneof(fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.dictionary(labelKey, text(3), { maxKeys: 1 })))),
        labelKey.chain((k) => m(at('annotations', k), fc.oneof(notString, unstorable))),
        m(at('annotations'), notObject),
        m(at('description'), fc.oneof(notString, unstorable)),
        m(at('url'), notString),
        m(at('fingerprint'), fc.oneof(notString, fc.constant(''), longText(257))),
        m(at('startsAt'), fc.oneof(notString, longText(65))),
        m([], fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), text(10), fc.constant([]))),
      );
    });
  }
  const alerts = (payload as { alerts: unknown[] }).alerts;
  return fc.nat({ max: alerts.length - 1 }).chain((i) => {
    const common = [
      ...prometheusAlertMutations(i, type === 'grafana' ? ['valueString', 'dashboardURL', 'panelURL', 'silenceURL'] : []),
      m(['alerts'], fc.oneof(notArray, fc.constant([]), fc.constant(DELETE))),
      m([], fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), text(10), fc.array(fc.integer(), { maxLength: 3 }))),
    ];
    const top =
      type === 'alertmanager'
        ? [
            m(['status'], notStatus),
            m(['version'], fc.oneof(notString, longText(17))),
            m(['groupLabels'], notObject),
            m(['commonAnnotations'], notObject),
            labelKey.chain((k) => m(['commonLabels', k], notString)),
            m(['receiver'], notString),
            m(['groupKey'], notString),
            m(['externalURL'], notString),
          ]
        : [m(['title'], notString), m(['message'], fc.oneof(notString, longText(65_537))), m(['state'], notString)];
    return fc.oneof(...common, ...top);
  });
}

/** `alerts[0].labels.env`, as the server's describeIssue writes a zod path; '(body)' for the root. */
function formatPath(path: Path): string {
  if (path.length === 0) return '(body)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${part}`)).join('');
}

function applyMutation(payload: unknown, mutation: Mutation): unknown {
  if (mutation.path.length === 0) return mutation.value;
  // Through JSON, not structuredClone: generated payloads may share objects between alerts.
  const copy = JSON.parse(JSON.stringify(payload)) as Record<string | number, unknown>;
  let node = copy;
  for (const part of mutation.path.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string | number, unknown>;
  }
  const last = mutation.path.at(-1)!;
  if (mutation.value === DELETE) delete node[last];
  else Object.defineProperty(node, last, { value: mutation.value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const sourceArb = fc.constantFrom(...SOURCES);
const sourceWithPayload = sourceArb.chain((source) => validPayload[source.type].map((payload) => ({ source, payload })));

// ---------------------------------------------------------------------------------------------
// POST /hooks/:source

describe('POST /hooks/:source', () => {
  it('answers 404 for an unknown source, whatever the token and body', async () => {
    const known = new Set<string>(SOURCES.map((s) => s.name));
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z0-9_.~-]{1,30}$/).filter((name) => !known.has(name) && name !== '.' && name !== '..'),
        sourceWithPayload,
        async (name, { source, payload }) => {
          const reply = await send({ path: `/hooks/${name}`, headers: { ...JSON_TYPE, ...bearer(source) }, body: JSON.stringify(payload) });
          expect(reply.status).toBe(404);
          expect(reply.error).toBe(`no source named "${name}"`);
        },
      ),
      runs(200),
    );
    await expectNothingStoredAndNoCrash();
  });

  it('answers 401 to a missing or wrong token, even with a valid payload', async () => {
    const tokens = [...SOURCES.map((s) => s.token), 'ADMIN'];
    const wrongAuth = (source: Source) =>
      fc.oneof(
        fc.constant({ headers: {}, query: '' }),
        fc
          .string({ unit: 'grapheme-ascii', maxLength: 40 })
          .filter((t) => t.trim() !== source.token)
          .map((t) => ({ headers: { authorization: `Bearer ${t}` }, query: '' })),
        fc.constantFrom(...tokens.filter((t) => t !== source.token)).map((t) => ({
          headers: { authorization: `Bearer ${t === 'ADMIN' ? gong.adminToken : t}` },
          query: '',
        })),
        fc.constant({ headers: { authorization: `Basic ${Buffer.from(`x:${source.token}`).toString('base64')}` }, query: '' }),
        fc.constant({ headers: { authorization: `Bearer ${source.token.toUpperCase()}` }, query: '' }),
        fc.constant({ headers: { authorization: `Bearer ${source.token.slice(0, -1)}` }, query: '' }),
        fc.constant({ headers: { authorization: source.token }, query: '' }),
        // A wrong header wins over a right query token.
        fc.constant({ headers: { authorization: 'Bearer nope' }, query: `?token=${source.token}` }),
        fc.string({ unit: 'grapheme-ascii', maxLength: 30 }).filter((t) => t !== source.token).map((t) => ({ headers: {}, query: `?token=${encodeURIComponent(t)}` })),
      );
    await fc.assert(
      fc.asyncProperty(
        sourceWithPayload.chain(({ source, payload }) => wrongAuth(source).map((auth) => ({ source, payload, auth }))),
        async ({ source, payload, auth }) => {
          const reply = await send({ path: `/hooks/${source.name}${auth.query}`, headers: { ...JSON_TYPE, ...auth.headers }, body: JSON.stringify(payload) });
          expect(reply.status).toBe(401);
          expect(reply.headers['www-authenticate']).toBe('Bearer');
        },
      ),
      runs(450),
    );
    await expectNothingStoredAndNoCrash();
  });

  it('answers 415 to a body that is not declared JSON, even a valid payload', async () => {
    const notJson = fc.constantFrom(
      undefined,
      'text/plain',
      'text/plain; charset=utf-8',
      'text/html',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/xml',
      'application/octet-stream',
      'application/jsonp',
      'application/x-json',
      'json',
      'application',
      'text/json-ish',
    );
    await fc.assert(
      fc.asyncProperty(sourceWithPayload, notJson, fc.boolean(), async ({ source, payload }, contentType, withQueryToken) => {
        const auth = withQueryToken ? {} : bearer(source);
        const query = withQueryToken ? `?token=${source.token}` : '';
        const reply = await send({
          path: `/hooks/${source.name}${query}`,
          headers: { ...auth, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
          body: JSON.stringify(payload),
        });
        expect(reply.status).toBe(415);
        expect(reply.error).toMatch(/expected a JSON body/);
      }),
      runs(300),
    );
    await expectNothingStoredAndNoCrash();
  });

  it('answers 400 to truncated JSON', async () => {
    await fc.assert(
      fc.asyncProperty(sourceWithPayload, fc.double({ min: 0, max: 1, noNaN: true }), async ({ source, payload }, cut) => {
        const whole = JSON.stringify(payload);
        // A proper, non-empty prefix of an object or array text never parses.
        const body = whole.slice(0, 1 + Math.floor(cut * (whole.length - 2)));
        const reply = await send({ path: `/hooks/${source.name}`, headers: { ...JSON_TYPE, ...bearer(source) }, body });
        expect(reply.status).toBe(400);
        expect(reply.error).toMatch(/^the body is not valid JSON/);
      }),
      runs(300),
    );
    await expectNothingStoredAndNoCrash();
  });

  it('answers 400 to bytes and JSON values that are not a payload of the source', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      fc.string({ unit: 'binary', maxLength: 100 }).map((s) => Buffer.from(s)),
      fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
      fc.integer({ min: 1, max: 5000 }).map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
      fc.integer({ min: 1, max: 5000 }).map((depth) => Buffer.from(`{"alerts":${'['.repeat(depth)}${']'.repeat(depth)}}`)),
      fc.constantFrom('', ' ', '\n\t', '\ufeff{}', 'null', 'true', '"alerts"', '{}', '[]', '[{}]', '{"alerts":null}').map((s) => Buffer.from(s)),
    );
    await fc.assert(
      fc.asyncProperty(sourceArb, body, async (source, bytes) => {
        let parsed: unknown;
        let parses = true;
        try {
          // As the server reads it: UTF-8 without a byte-order mark.
          parsed = JSON.parse(new TextDecoder().decode(bytes));
        } catch {
          parses = false;
        }
        // Whatever happens to be a valid payload is not bad input; it is left out.
        fc.pre(!parses || !parsePayload(source.type, parsed).ok);
        const reply = await send({ path: `/hooks/${source.name}`, headers: { ...JSON_TYPE, ...bearer(source) }, body: bytes });
        expect(reply.status).toBe(400);
        if (!parses) expect(reply.error).toMatch(/^(the body is not valid JSON|the request body is empty)/);
        else expect(reply.error).toMatch(/^(\(body\)|alerts|title|status|labels|annotations|\[\d+\]|[\w.[\]]+ ?(\(a key\))?): /);
      }),
      runs(600),
    );
    await expectNothingStoredAndNoCrash();
  });

  it('answers 400 naming the one broken field of an otherwise valid payload', async () => {
    const cases = sourceWithPayload.chain(({ source, payload }) =>
      mutationsFor(source.type, payload).map((mutation) => ({ source, payload, mutation })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ source, payload, mutation }) => {
        // The unbroken payload is valid, so the field we broke is what the server must refuse.
        expect(parsePayload(source.type, payload).ok).toBe(true);
        const broken = applyMutation(payload, mutation);
        const reply = await send({ path: `/hooks/${source.name}`, headers: { ...JSON_TYPE, ...bearer(source) }, body: JSON.stringify(broken) });
        expect(reply.status, reply.text).toBe(400);
        expect(reply.error.startsWith(`${mutation.expect ?? formatPath(mutation.path)}: `), `${reply.error} ≠ ${formatPath(mutation.path)}`).toBe(true);
      }),
      runs(1500),
    );
    await expectNothingStoredAndNoCrash();
  });

  it('names the field: alerts[0].status, labels, a bad key, NUL and lone surrogates', async () => {
    const am = SOURCES[0];
    const post = (body: unknown, source: Source = am) =>
      send({ path: `/hooks/${source.name}`, headers: { ...JSON_TYPE, ...bearer(source) }, body: JSON.stringify(body) });
    const expectations: [unknown, string, Source?][] = [
      [{ alerts: [{ status: 'burning', labels: {} }] }, 'alerts[0].status: Invalid option: expected one of "firing"|"resolved"'],
      [{ alerts: [{ status: 'firing', labels: { a: 'b' } }, { status: 'firing', labels: { a: 1 } }] }, 'alerts[1].labels.a: Invalid input: expected string, received number'],
      [{ alerts: [{ status: 'firing', labels: { '': 'x' } }] }, 'alerts[0].labels.: Invalid key in record'],
      [{ alerts: [] }, 'alerts: Too small: expected array to have >=1 items'],
      [{ alerts: [{ status: 'firing', labels: { env: 'a\u0000b' } }] }, 'alerts[0].labels.env: contains a NUL character or an unpaired UTF-16 surrogate'],
      [{ alerts: [{ status: 'firing', labels: {}, annotations: { s: '\ud800' } }] }, 'alerts[0].annotations.s: contains a NUL character or an unpaired UTF-16 surrogate'],
      [[{ title: 'ok' }, { title: 42 }], '[1].title: Invalid input: expected string, received number', SOURCES[2]],
      [{ title: '' }, 'title: Too small: expected string to have >=1 characters', SOURCES[2]],
      [{ alerts: [{ status: 'firing', labels: {}, panelURL: 5 }] }, 'alerts[0].panelURL: Invalid input: expected string, received number', SOURCES[1]],
    ];
    for (const [body, message, source] of expectations) {
      const reply = await post(body, source);
      expect({ status: reply.status, error: reply.error }).toEqual({ status: 400, error: message });
    }
    await expectNothingStoredAndNoCrash();
  });
});

// ---------------------------------------------------------------------------------------------
// Size limit

describe('bodies over 1 MiB', () => {
  /** A schema-valid Alertmanager payload of about `bytes`: only the size can refuse it. */
  function bigPayload(bytes: number): Buffer {
    const perAlert = 16_000;
    const alerts = Array.from({ length: Math.ceil(bytes / (perAlert + 80)) }, (_, i) => ({
      status: 'firing',
      labels: { alertname: 'Big', i: String(i) },
      annotations: { description: 'd'.repeat(perAlert) },
    }));
    const text = JSON.stringify({ alerts });
    const pad = Math.max(0, bytes - text.length);
    return Buffer.from(pad > 0 ? JSON.stringify({ alerts, receiver: 'r'.repeat(Math.min(pad, 16_000)) }) : text);
  }

  it('answers 413 with or without Content-Length, on hooks and actions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: MiB + 1, max: 3 * MiB }),
        fc.boolean(),
        fc.constantFrom('hook', 'action'),
        async (size, chunked, endpoint) => {
          const body = bigPayload(size);
          expect(body.length).toBeGreaterThan(MiB);
          const path = endpoint === 'hook' ? `/hooks/${SOURCES[0].name}` : `/api/v1/alerts/${seededIds[1]}/actions`;
          const auth = endpoint === 'hook' ? bearer(SOURCES[0]) : admin();
          const chunks = chunked ? Array.from({ length: Math.ceil(body.length / 65_536) }, (_, i) => body.subarray(i * 65_536, (i + 1) * 65_536)) : undefined;
          const reply = await send({ path, headers: { ...JSON_TYPE, ...auth }, ...(chunks ? { chunks } : { body }) });
          expect(reply.status).toBe(413);
          expect(reply.error).toBe('request entity too large');
        },
      ),
      runs(16),
    );
    await expectNothingStoredAndNoCrash();
  });

  it('reads exactly 1 MiB and refuses one byte more', async () => {
    // Invalid on purpose (a receiver too long), so "read" shows as a 400 naming it, and nothing is stored.
    const exact = (size: number) => {
      const head = '{"alerts":[{"status":"firing","labels":{}}],"receiver":"';
      return Buffer.from(`${head}${'r'.repeat(size - head.length - 2)}"}`);
    };
    const atLimit = await send({ path: `/hooks/${SOURCES[0].name}`, headers: { ...JSON_TYPE, ...bearer(SOURCES[0]) }, body: exact(MiB) });
    expect(exact(MiB).length).toBe(MiB);
    expect(atLimit.status).toBe(400);
    expect(atLimit.error).toBe('receiver: Too big: expected string to have <=16384 characters');
    const over = await send({ path: `/hooks/${SOURCES[0].name}`, headers: { ...JSON_TYPE, ...bearer(SOURCES[0]) }, body: exact(MiB + 1) });
    expect(over.status).toBe(413);
    await expectNothingStoredAndNoCrash();
  });
});

// ---------------------------------------------------------------------------------------------
// REST API

const actionNames = ['ack', 'unack', 'resolve', 'reopen', 'assign', 'snooze', 'unsnooze', 'escalate', 'comment'];

describe('/api/v1', () => {
  it('answers 401 on every endpoint without the admin token, even for a valid action', async () => {
    const endpoint = fc.constantFrom(
      { method: 'GET', path: () => '/api/v1/alerts' },
      { method: 'GET', path: () => `/api/v1/alerts/${seededIds[1]}` },
      { method: 'POST', path: () => `/api/v1/alerts/${seededIds[1]}/actions` },
      { method: 'POST', path: () => `/api/v1/alerts/${seededIds[2]}/actions` },
    );
    const wrong = fc.oneof(
      fc.constant({}),
      fc.constantFrom(...SOURCES.map((s) => s.token)).map((t) => ({ authorization: `Bearer ${t}` })),
      fc.string({ unit: 'grapheme-ascii', maxLength: 40 }).map((t) => ({ authorization: `Bearer ${t}` })),
      fc.constant({ authorization: 'Basic YWRtaW46YWRtaW4=' }),
    );
    await fc.assert(
      fc.asyncProperty(endpoint, wrong, fc.constantFrom('ack', 'resolve', 'comment'), async (target, headers, action) => {
        fc.pre(!('authorization' in headers) || headers.authorization.slice(7).trim() !== gong.adminToken);
        const reply = await send({
          method: target.method,
          path: target.path(),
          headers: { ...JSON_TYPE, ...headers },
          body: target.method === 'POST' ? JSON.stringify({ action, args: { text: 'hi' } }) : undefined,
        });
        expect(reply.status).toBe(401);
        expect(reply.error).toBe('missing or wrong token');
      }),
      runs(300),
    );
    await expectNothingStoredAndNoCrash();
  });

  it('GET /alerts: any query answers 200 or a 400 naming the parameter', async () => {
    const keys = fc.constantFrom('state', 'source', 'q', 'assignee', 'limit', 'cursor', 'other', 'token');
    const rawValue = fc.oneof(
      text(20).map(encodeURIComponent),
      fc.integer({ min: -5, max: 3_000_000_000 }).map(String),
      fc.constantFrom('open', 'triggered', 'resolved', 'bogus', '', '%', '%zz', '%00', 'a%00b', '%ED%A0%80', '%C0%AF', '1e3', '1.5', '-0', 'NaN', 'Infinity', '99999999999', '0x10'),
    );
    const query = fc.array(fc.tuple(keys, rawValue), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const reply = await send({ method: 'GET', path: `/api/v1/alerts?${q}`, headers: admin() });
        expect([200, 400], reply.text).toContain(reply.status);
        if (reply.status === 400) expect(reply.error).toMatch(/^(state|source|q|assignee|limit|cursor): /);
        else expect(Array.isArray((JSON.parse(reply.text) as { alerts: unknown }).alerts)).toBe(true);
      }),
      runs(500),
    );
    for (const [q, prefix] of [
      ['state=bogus', 'state: '],
      ['limit=0', 'limit: '],
      ['limit=501', 'limit: '],
      ['cursor=-1', 'cursor: '],
      ['cursor=99999999999', 'cursor: '],
      ['q=a%00b', 'q: contains a NUL'],
      ['source=x&source=y', 'source: '],
    ] as const) {
      const reply = await send({ method: 'GET', path: `/api/v1/alerts?${q}`, headers: admin() });
      expect({ q, status: reply.status, starts: reply.error.startsWith(prefix) }).toEqual({ q, status: 400, starts: true });
    }
    await expectNothingStoredAndNoCrash();
  });

  /** Path segments that are not a positive 32-bit alert number, as the server coerces them. */
  const badId = fc
    .oneof(
      text(12).map(encodeURIComponent),
      fc.constantFrom('0', '-1', '1.5', '2147483648', '99999999999', 'NaN', 'abc', '%zz', '%E0%A4%A', '%00', '..', '%23', '%231', '1e99', 'null', '%20'),
    )
    .filter((segment) => {
      if (segment === '' || segment === '.') return false;
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // the server keeps a malformed escape as it is
      }
      const n = Number(decoded.replace(/^#/, ''));
      return !(Number.isInteger(n) && n > 0 && n <= 2_147_483_647);
    });

  it('GET /alerts/:id: 400 for what is not an alert number, 404 for a number with no alert', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(badId.map((segment) => ({ segment, exists: false as const })), fc.integer({ min: 1_000_000, max: 2_147_483_647 }).map((n) => ({ segment: String(n), exists: true as const }))),
        async ({ segment, exists: isNumber }) => {
        const reply = await send({ method: 'GET', path: `/api/v1/alerts/${segment}`, headers: admin() });
        if (isNumber) {
          expect(reply.status).toBe(404);
          expect(reply.error).toBe(`there is no alert #${segment}`);
        } else {
          expect(reply.status, `${segment}: ${reply.text}`).toBe(400);
          expect(reply.error).toBe('id: expected a positive alert number');
        }
      },
      ),
      runs(300),
    );
    await expectNothingStoredAndNoCrash();
  });

  it('POST /alerts/:id/actions: a bad id is refused before a valid action could run', async () => {
    await fc.assert(
      fc.asyncProperty(badId, fc.constantFrom('ack', 'resolve', 'comment'), async (segment, action) => {
        const reply = await send({
          path: `/api/v1/alerts/${segment}/actions`,
          headers: { ...JSON_TYPE, ...admin() },
          body: JSON.stringify({ action, args: { text: 'x' } }),
        });
        expect(reply.status, `${segment}: ${reply.text}`).toBe(400);
        expect(reply.error).toBe('id: expected a positive alert number');
      }),
      runs(200),
    );
    await expectNothingStoredAndNoCrash();
  });

  it('POST /alerts/:id/actions: 400 naming what is wrong with the body', async () => {
    const base = fc.record(
      {
        action: fc.constantFrom('ack', 'unack', 'resolve', 'reopen', 'unsnooze', 'escalate'),
        actor: text(20).filter((a) => a.length > 0),
        args: fc.constant({}),
        dedupeKey: text(20).filter((k) => k.length > 0),
      },
      { requiredKeys: ['action'] },
    );
    const mutation: fc.Arbitrary<Mutation> = fc.oneof(
      m(['action'], fc.oneof(notString, longText(33), fc.constant(DELETE))),
      m(['actor'], fc.oneof(notString.filter((v) => v !== undefined), fc.constant(''), longText(201))),
      m(['args'], fc.oneof(fc.integer(), fc.boolean(), text(5), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }))),
      m(['dedupeKey'], fc.oneof(notString, fc.constant(''), longText(201))),
      m(['actor'], unstorable),
      m(['dedupeKey'], unstorable),
      labelKey.chain((k) => m(['args', k], unstorable)),
      m([], fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), text(10), fc.array(fc.integer(), { maxLength: 2 }))),
      text(32)
        .filter((name) => !actionNames.includes(name))
        .map((name) => ({ path: ['action'], value: name, expect: `unknown action "${name}"; expected` })),
      fc
        .oneof(fc.constant({}), fc.record({ user: fc.oneof(notString, fc.constantFrom('', '   ', '\t')) }))
        .map((args) => ({ path: ['__whole'], value: { action: 'assign', args }, expect: 'assign needs args.user' })),
      fc
        .oneof(
          fc.constant({}),
          fc.record({ duration: notString }),
          fc.record({ duration: text(10).filter((d) => parseDuration(d) === undefined) }),
          fc.record({ duration: fc.constantFrom('0m', '0s0h', '5', 'm5', '-5m', '5 m', '1y') }),
        )
        .map((args) => ({ path: ['__whole'], value: { action: 'snooze', args }, expect: 'snooze needs args.duration' })),
      fc
        .oneof(fc.constant({}), fc.record({ text: fc.oneof(notString, fc.constantFrom('', '  ')) }))
        .map((args) => ({ path: ['__whole'], value: { action: 'comment', args }, expect: 'comment needs args.text' })),
    );
    await fc.assert(
      fc.asyncProperty(base, mutation, fc.constantFrom(...seededIds), async (body, change, id) => {
        const broken = change.path[0] === '__whole' ? change.value : applyMutation(body, change);
        const reply = await send({ path: `/api/v1/alerts/${id}/actions`, headers: { ...JSON_TYPE, ...admin() }, body: JSON.stringify(broken) });
        expect(reply.status, reply.text).toBe(400);
        const expected = change.expect ?? formatPath(change.path);
        expect(reply.error.startsWith(change.expect ? expected : `${expected}: `), `${reply.error} ≠ ${expected}`).toBe(true);
      }),
      runs(800),
    );
    await expectNothingStoredAndNoCrash();
  });

  it('POST /alerts/:id/actions: truncated, empty, non-JSON and random bodies', async () => {
    const target = fc.oneof(fc.constantFrom(...seededIds), fc.integer({ min: 1_000_000, max: 2_147_483_647 }));
    const request = fc.oneof(
      // Truncated valid actions: never complete JSON.
      fc.constantFrom('ack', 'resolve', 'comment').chain((action) =>
        fc.double({ min: 0, max: 1, noNaN: true }).map((cut) => {
          const whole = JSON.stringify({ action, actor: 'fuzz', args: { text: 'hello' } });
          return { kind: 'truncated' as const, type: 'application/json', body: whole.slice(0, 1 + Math.floor(cut * (whole.length - 2))) };
        }),
      ),
      fc.constantFrom('', '  ').map((body) => ({ kind: 'empty' as const, type: 'application/json', body })),
      fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded').map((type) => ({
        kind: 'not-json' as const,
        type,
        body: JSON.stringify({ action: 'ack' }),
      })),
      fc.jsonValue({ maxDepth: 3 }).map((value) => ({ kind: 'random' as const, type: 'application/json', body: JSON.stringify(value) ?? 'null' })),
    );
    await fc.assert(
      fc.asyncProperty(target, request, async (id, req) => {
        const existing = seededIds.includes(id);
        if (req.kind === 'random' && existing) {
          // Only bodies that are not a valid action may reach a real alert.
          const value = JSON.parse(req.body) as { action?: unknown };
          fc.pre(!(value && typeof value === 'object' && typeof value.action === 'string' && actionNames.includes(value.action)));
        }
        const reply = await send({
          path: `/api/v1/alerts/${id}/actions`,
          headers: { ...admin(), ...(req.type ? { 'content-type': req.type } : {}) },
          body: req.body,
        });
        const expected = { truncated: [400], empty: [400], 'not-json': [415], random: existing ? [400] : [400, 404] }[req.kind];
        expect(expected, `${req.kind} ${req.body} → ${reply.status} ${reply.text}`).toContain(reply.status);
        if (reply.status === 404) expect(reply.error).toBe(`there is no alert #${id}`);
      }),
      runs(600),
    );
    await expectNothingStoredAndNoCrash();
  });
});
