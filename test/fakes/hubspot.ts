import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * A small HubSpot API on 127.0.0.1 for the real @hubspot/api-client: bearer tokens with scopes,
 * /account-info/v3/details, the private-app token introspection, and the v3 CRM object paths
 * (list, get, search, batch read/create/update/upsert), v4 default associations, with HubSpot's error bodies, cursor paging
 * (`paging.next.after`), 207 partial batches and 429 rate limits with Retry-After.
 */

export interface FakeToken {
  portalId: number;
  scopes: string[];
}

export interface FakeRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface RateLimit {
  /** How many of the next requests get a 429. */
  times: number;
  /** Seconds sent in Retry-After; left out, no Retry-After header is sent. */
  retryAfterSeconds?: number;
  /** HubSpot's two burst limits: the ten-secondly app limit and the search API's secondly limit. */
  policy: 'TEN_SECONDLY_ROLLING' | 'SECONDLY';
}

export interface FakeHubSpot {
  url: string;
  /** Records per object type (`contacts`, `companies`, `2-1234` for a custom object…). */
  objects: Map<string, Map<string, FakeRecord>>;
  /** Default associations made, as `contacts:1001->companies:1002`. */
  associations: Set<string>;
  /** Every request, as `METHOD /path` without the query. */
  requests: string[];
  addToken(token: string, fake: FakeToken): void;
  addRecord(objectType: string, properties: Record<string, string>, updatedAt?: string): FakeRecord;
  limitNext(limit: RateLimit): void;
  stop(): Promise<void>;
}

const batchLimit = 100;
const pageLimit = { list: 100, search: 200 };
const standardTypes = ['contacts', 'companies', 'deals', 'tickets'];
/** The singular names HubSpot's messages use for each standard object type. */
const singular: Record<string, string> = { contacts: 'CONTACT', companies: 'COMPANY', deals: 'DEAL', tickets: 'TICKET' };

class HttpError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  constructor(status: number, category: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.body = { status: 'error', message, correlationId: randomUUID(), category, ...extra };
  }
}

export async function startFakeHubSpot(options: { customObjectTypes?: string[] } = {}): Promise<FakeHubSpot> {
  const tokens = new Map<string, FakeToken>();
  const objects = new Map<string, Map<string, FakeRecord>>();
  for (const type of [...standardTypes, ...(options.customObjectTypes ?? [])]) objects.set(type, new Map());
  const requests: string[] = [];
  const associations = new Set<string>();
  const limits: RateLimit[] = [];
  let nextId = 1001;

  const addRecord = (objectType: string, properties: Record<string, string>, updatedAt = new Date().toISOString()): FakeRecord => {
    const store = storeOf(objectType);
    const id = String(nextId++);
    const record: FakeRecord = {
      id,
      properties: { ...properties, hs_object_id: id, createdate: updatedAt, lastmodifieddate: updatedAt },
      createdAt: updatedAt,
      updatedAt,
      archived: false,
    };
    store.set(id, record);
    return record;
  };

  function storeOf(objectType: string): Map<string, FakeRecord> {
    const store = objects.get(objectType);
    if (store === undefined) throw new HttpError(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${objectType}`);
    return store;
  }

  function authenticate(request: http.IncomingMessage): FakeToken {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const known = token === undefined ? undefined : tokens.get(token);
    if (known === undefined) {
      throw new HttpError(
        401,
        'INVALID_AUTHENTICATION',
        token === undefined
          ? 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview'
          : 'Authentication credentials not found or invalid.',
      );
    }
    return known;
  }

  function requireScope(token: FakeToken, objectType: string, access: 'read' | 'write'): void {
    const scope = standardTypes.includes(objectType) ? `crm.objects.${objectType}.${access}` : `crm.objects.custom.${access}`;
    if (!token.scopes.includes(scope)) {
      throw new HttpError(
        403,
        'MISSING_SCOPES',
        "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        {
          errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [scope] } }],
          links: { scopes: 'https://developers.hubspot.com/scopes' },
        },
      );
    }
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      requests.push(`${request.method} ${url.pathname}`);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        response.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
        response.end(body === undefined ? undefined : JSON.stringify(body));
      };
      try {
        const limit = limits[0];
        if (limit !== undefined) {
          limit.times -= 1;
          if (limit.times <= 0) limits.shift();
          const headers: Record<string, string> = limit.retryAfterSeconds === undefined ? {} : { 'retry-after': String(limit.retryAfterSeconds) };
          const secondly = limit.policy === 'SECONDLY';
          send(
            429,
            {
              status: 'error',
              message: secondly ? 'You have reached your secondly limit.' : 'You have reached your ten_secondly_rolling limit.',
              errorType: 'RATE_LIMIT',
              correlationId: randomUUID(),
              policyName: limit.policy,
              groupName: 'publicapi:private-app:fake',
            },
            headers,
          );
          return;
        }
        const body = chunks.length === 0 ? undefined : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        const answer = route(request.method ?? 'GET', url, body, authenticate(request));
        send(answer.status, answer.body);
      } catch (error) {
        if (error instanceof HttpError) send(error.status, error.body);
        else send(500, { status: 'error', message: String(error), correlationId: randomUUID(), category: 'INTERNAL_ERROR' });
      }
    });
  });

  function route(method: string, url: URL, body: Record<string, unknown> | undefined, token: FakeToken): { status: number; body: unknown } {
    const path = url.pathname;
    if (method === 'GET' && path === '/account-info/v3/details') {
      return {
        status: 200,
        body: {
          portalId: token.portalId,
          accountType: 'STANDARD',
          timeZone: 'Europe/Stockholm',
          companyCurrency: 'SEK',
          additionalCurrencies: [],
          utcOffset: '+01:00',
          utcOffsetMilliseconds: 3_600_000,
          uiDomain: 'app-eu1.hubspot.com',
          dataHostingLocation: 'eu1',
        },
      };
    }
    if (method === 'POST' && path === '/oauth/v2/private-apps/get/access-token-info') {
      const info = tokens.get(String(body?.tokenKey));
      if (info === undefined) throw new HttpError(400, 'VALIDATION_ERROR', 'Invalid token key.');
      return { status: 200, body: { userId: 4242, hubId: info.portalId, appId: 777, scopes: info.scopes } };
    }
    const association = /^\/crm\/v4\/associations\/([^/]+)\/([^/]+)\/batch\/associate\/default$/.exec(path);
    if (method === 'POST' && association !== null) {
      const [from, to] = [decodeURIComponent(association[1] ?? ''), decodeURIComponent(association[2] ?? '')];
      requireScope(token, from, 'write');
      const inputs = Array.isArray(body?.inputs) ? (body.inputs as Array<{ from?: { id?: string }; to?: { id?: string } }>) : [];
      for (const input of inputs) {
        for (const [type, id] of [[from, input.from?.id], [to, input.to?.id]] as const) {
          if (!storeOf(type).has(String(id))) throw new HttpError(400, 'VALIDATION_ERROR', `${singular[type] ?? type} ${String(id)} is not valid.`);
        }
      }
      const results = inputs.map((input) => {
        associations.add(`${from}:${input.from?.id}->${to}:${input.to?.id}`);
        return { from: input.from, to: input.to, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 } };
      });
      return { status: 200, body: { status: 'COMPLETE', results, startedAt: new Date().toISOString(), completedAt: new Date().toISOString() } };
    }
    const match = /^\/crm\/v3\/objects\/([^/]+)(?:\/(.+))?$/.exec(path);
    if (match === null) throw new HttpError(404, 'OBJECT_NOT_FOUND', `No route for ${method} ${path}.`);
    const objectType = decodeURIComponent(match[1] ?? '');
    const rest = match[2];
    const store = storeOf(objectType);
    const writes = method !== 'GET' && rest !== 'search' && rest !== 'batch/read';
    requireScope(token, objectType, writes ? 'write' : 'read');

    if (method === 'GET' && rest === undefined) {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 10), pageLimit.list);
      return { status: 200, body: page([...store.values()], limit, url.searchParams.get('after'), queryProperties(url), `${url.origin}${path}`) };
    }
    if (method === 'POST' && rest === undefined) {
      validateProperties(body?.properties);
      return { status: 201, body: view(addRecord(objectType, stringProperties(body?.properties))) };
    }
    if (method === 'PATCH' && rest !== undefined && !rest.includes('/')) {
      const record = store.get(rest);
      if (record === undefined) throw new HttpError(404, 'OBJECT_NOT_FOUND', 'resource not found');
      validateProperties(body?.properties);
      return { status: 200, body: view(touch(record, body?.properties)) };
    }
    if (method === 'GET' && rest !== undefined && !rest.includes('/')) {
      const idProperty = url.searchParams.get('idProperty');
      const record = idProperty === null ? store.get(rest) : [...store.values()].find((candidate) => candidate.properties[idProperty] === rest);
      if (record === undefined) throw new HttpError(404, 'OBJECT_NOT_FOUND', 'resource not found');
      return { status: 200, body: view(record, queryProperties(url)) };
    }
    if (method === 'POST' && rest === 'search') {
      const limit = Number(body?.limit ?? 10);
      if (limit > pageLimit.search) throw new HttpError(400, 'VALIDATION_ERROR', `limit must be at most ${pageLimit.search}.`);
      const found = [...store.values()].filter((record) => matchesFilterGroups(record, body?.filterGroups));
      const sorted = sortRecords(found, body?.sorts);
      const after = body?.after === undefined ? null : String(body.after);
      if (Number(after ?? 0) + limit > 10_000) throw new HttpError(400, 'VALIDATION_ERROR', 'Search results are limited to 10,000 records.');
      const result = page(sorted, limit, after, wanted(body?.properties), undefined, true);
      return { status: 200, body: { total: found.length, ...result } };
    }
    if (method === 'POST' && rest?.startsWith('batch/')) {
      const inputs = Array.isArray(body?.inputs) ? (body.inputs as Array<Record<string, unknown>>) : [];
      if (inputs.length > batchLimit) {
        throw new HttpError(400, 'VALIDATION_ERROR', `Batch input of size ${inputs.length} is larger than the limit of ${batchLimit}.`);
      }
      return batch(objectType, store, rest.slice('batch/'.length), inputs, body);
    }
    throw new HttpError(404, 'OBJECT_NOT_FOUND', `No route for ${method} ${path}.`);
  }

  function batch(objectType: string, store: Map<string, FakeRecord>, action: string, inputs: Array<Record<string, unknown>>, body: Record<string, unknown> | undefined) {
    const started = new Date().toISOString();
    const findBy = (id: string, idProperty: unknown) =>
      typeof idProperty === 'string' && idProperty !== 'hs_object_id'
        ? [...store.values()].find((record) => record.properties[idProperty] === id)
        : store.get(id);
    const complete = (results: unknown[], missing: string[] = []) => {
      const done = { status: 'COMPLETE', results, startedAt: started, completedAt: new Date().toISOString() };
      if (missing.length === 0) return { status: action === 'create' ? 201 : 200, body: done };
      const noun = singular[objectType] ?? objectType.toUpperCase();
      return {
        status: 207,
        body: {
          ...done,
          numErrors: 1,
          errors: [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: `Could not get some ${noun} objects, they may be deleted or not exist. Check that ids are valid.`,
              context: { ids: missing },
            },
          ],
        },
      };
    };
    if (action === 'read') {
      const missing: string[] = [];
      const results: unknown[] = [];
      for (const input of inputs) {
        const record = findBy(String(input.id), body?.idProperty);
        if (record === undefined) missing.push(String(input.id));
        else results.push(view(record, wanted(body?.properties)));
      }
      return complete(results, missing);
    }
    for (const input of inputs) validateProperties(input.properties);
    if (action === 'create') {
      return complete(inputs.map((input) => traced(input, view(addRecord(objectType, stringProperties(input.properties))))));
    }
    if (action === 'update') {
      const missing: string[] = [];
      const results: unknown[] = [];
      for (const input of inputs) {
        const record = findBy(String(input.id), input.idProperty);
        if (record === undefined) missing.push(String(input.id));
        else results.push(traced(input, view(touch(record, input.properties))));
      }
      return complete(results, missing);
    }
    if (action === 'upsert') {
      const results = inputs.map((input) => {
        const existing = findBy(String(input.id), input.idProperty);
        if (existing !== undefined) return traced(input, { ...view(touch(existing, input.properties)), new: false });
        const properties = stringProperties(input.properties);
        if (typeof input.idProperty === 'string') properties[input.idProperty] = String(input.id);
        return traced(input, { ...view(addRecord(objectType, properties)), new: true });
      });
      return complete(results);
    }
    throw new HttpError(404, 'OBJECT_NOT_FOUND', `No batch action ${action}.`);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    associations,
    requests,
    addToken: (token, fake) => tokens.set(token, fake),
    addRecord,
    limitNext: (limit) => limits.push({ ...limit }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** HubSpot echoes a batch input's objectWriteTraceId on its result. */
function traced<T extends object>(input: Record<string, unknown>, result: T): T {
  return typeof input.objectWriteTraceId === 'string' ? { ...result, objectWriteTraceId: input.objectWriteTraceId } : result;
}

function wanted(names: unknown): string[] | undefined {
  return Array.isArray(names) ? names.map(String) : undefined;
}

/** `properties` as the SDK sends it (repeated) or as people write it (comma-separated). */
function queryProperties(url: URL): string[] | undefined {
  const names = url.searchParams.getAll('properties').flatMap((value) => value.split(','));
  return names.length === 0 ? undefined : names;
}

/** HubSpot refuses a whole batch when a property value is invalid; the fake checks emails. */
function validateProperties(properties: unknown): void {
  const email = (properties as Record<string, unknown> | undefined)?.email;
  if (typeof email === 'string' && !/^[^@\s]+@[^@\s]+$/.test(email)) {
    const detail = [{ isValid: false, message: `Email address ${email} is invalid`, error: 'INVALID_EMAIL', name: 'email' }];
    throw new HttpError(400, 'VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(detail)}`);
  }
}

function stringProperties(properties: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((properties as Record<string, unknown> | undefined) ?? {})) out[key] = String(value);
  return out;
}

function touch(record: FakeRecord, properties: unknown): FakeRecord {
  const now = new Date().toISOString();
  Object.assign(record.properties, stringProperties(properties), { lastmodifieddate: now });
  record.updatedAt = now;
  return record;
}

/** As HubSpot: the default properties unless others are asked for, plus hs_object_id, createdate and lastmodifieddate. */
function view(record: FakeRecord, names?: string[]): Omit<FakeRecord, 'properties'> & { properties: Record<string, string | null> } {
  const base = ['hs_object_id', 'createdate', 'lastmodifieddate'];
  const shown = names === undefined ? Object.keys(record.properties) : [...new Set([...base, ...names])];
  const properties: Record<string, string | null> = {};
  for (const name of shown) properties[name] = record.properties[name] ?? null;
  return { id: record.id, properties, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: record.archived };
}

/** A page with HubSpot's cursor: `after` is an opaque offset here, as it is opaque to clients there. */
function page(records: FakeRecord[], limit: number, after: string | null, names: string[] | undefined, link: string | undefined, search = false) {
  const start = after === null ? 0 : Number(after);
  const results = records.slice(start, start + limit).map((record) => view(record, names));
  const next = start + limit < records.length ? String(start + limit) : undefined;
  if (next === undefined) return { results };
  const paging = search || link === undefined ? { next: { after: next } } : { next: { after: next, link: `${link}?after=${next}` } };
  return { results, paging };
}

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
}

function matchesFilterGroups(record: FakeRecord, groups: unknown): boolean {
  if (!Array.isArray(groups) || groups.length === 0) return true;
  return (groups as Array<{ filters?: Filter[] }>).some((group) => (group.filters ?? []).every((filter) => matches(record, filter)));
}

function matches(record: FakeRecord, filter: Filter): boolean {
  const actual = record.properties[filter.propertyName] ?? null;
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return actual !== null && actual !== '';
    case 'NOT_HAS_PROPERTY':
      return actual === null || actual === '';
    case 'IN':
      return actual !== null && (filter.values ?? []).includes(actual);
    case 'NOT_IN':
      return actual === null || !(filter.values ?? []).includes(actual);
  }
  if (actual === null || filter.value === undefined) return false;
  const order = compare(actual, filter.value);
  switch (filter.operator) {
    case 'EQ':
      return order === 0;
    case 'NEQ':
      return order !== 0;
    case 'GT':
      return order > 0;
    case 'GTE':
      return order >= 0;
    case 'LT':
      return order < 0;
    case 'LTE':
      return order <= 0;
    case 'CONTAINS_TOKEN':
      return actual.toLowerCase().includes(filter.value.replaceAll('*', '').toLowerCase());
  }
  throw new HttpError(400, 'VALIDATION_ERROR', `Unknown filter operator ${filter.operator}.`);
}

/** Dates compare as instants (HubSpot takes epoch milliseconds or ISO text), numbers as numbers, the rest as text. */
function compare(actual: string, wanted: string): number {
  const asInstant = (text: string) => (/^\d{10,}$/.test(text) ? Number(text) : Date.parse(text));
  const [left, right] = [asInstant(actual), asInstant(wanted)];
  if (!Number.isNaN(left) && !Number.isNaN(right) && /\d{4}-\d{2}-\d{2}/.test(actual)) return Math.sign(left - right);
  if (actual !== '' && wanted !== '' && !Number.isNaN(Number(actual)) && !Number.isNaN(Number(wanted))) return Math.sign(Number(actual) - Number(wanted));
  return actual.localeCompare(wanted);
}

function sortRecords(records: FakeRecord[], sorts: unknown): FakeRecord[] {
  const sort = Array.isArray(sorts) ? (sorts[0] as { propertyName?: string; direction?: string } | undefined) : undefined;
  if (sort?.propertyName === undefined) return [...records].sort((a, b) => Number(a.id) - Number(b.id));
  const name = sort.propertyName;
  const direction = sort.direction === 'DESCENDING' ? -1 : 1;
  return [...records].sort((a, b) => direction * compare(a.properties[name] ?? '', b.properties[name] ?? ''));
}
