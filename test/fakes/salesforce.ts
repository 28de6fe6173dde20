import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { AddressInfo } from 'node:net';

/**
 * A small Salesforce on 127.0.0.1 speaking the wire protocol jsforce uses: the SOAP login
 * (`/services/Soap/u/<version>`, faults as Salesforce words them), the OAuth2 token endpoint
 * (password and client-credentials grants), the identity URL, SOQL query with queryMore paging,
 * describe, and the sObject Collections writes with per-record errors. Sessions can be expired
 * on demand, to exercise jsforce's renewal.
 */
export interface FakeSalesforceUser {
  username: string;
  password: string;
  token: string;
  /** Logins from this network need the token (as from outside the org's trusted IP ranges). */
  untrustedNetwork?: boolean;
  apiDisabled?: boolean;
}

export interface FakeSalesforce {
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /** Every session issued so far stops working, as when Salesforce times them out or an admin revokes them. */
  expireSessions(): void;
  /** How many logins (SOAP or OAuth2) succeeded. */
  logins(): number;
  /** Bulk API 2.0 ingest jobs created so far. */
  bulkJobs(): number;
  /** Records per object, by Id. */
  records: Map<string, Map<string, Record<string, unknown>>>;
  stop(): Promise<void>;
}

const organizationId = '00D5g000004XyZaEAK';
const userId = '0055g00000AbCdEAAZ';
const pageSize = 3;

const idPrefix: Record<string, string> = { Account: '001', Contact: '003' };

const accountFields = [
  { name: 'Id', label: 'Account ID', type: 'id', nillable: false, createable: false, updateable: false, externalId: false },
  { name: 'Name', label: 'Account Name', type: 'string', nillable: false, createable: true, updateable: true, externalId: false },
  { name: 'ERP_Id__c', label: 'ERP Id', type: 'string', nillable: true, createable: true, updateable: true, externalId: true },
];

function soapFault(code: string, text: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.partner.soap.sforce.com">',
    `<soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${code}: ${text}</faultstring></soapenv:Fault></soapenv:Body>`,
    '</soapenv:Envelope>',
  ].join('');
}

const tag = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
const unescapeXml = (text: string): string =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export async function startFakeSalesforce(users: FakeSalesforceUser[]): Promise<FakeSalesforce> {
  const clientId = `3MVG9${randomBytes(8).toString('hex')}`;
  const clientSecret = randomBytes(16).toString('hex');
  const sessions = new Set<string>();
  const records = new Map<string, Map<string, Record<string, unknown>>>();
  const cursors = new Map<string, Array<Record<string, unknown>>>();
  let loginCount = 0;
  let jobCount = 0;
  interface IngestJob {
    id: string;
    object: string;
    operation: string;
    externalIdFieldName?: string;
    state: string;
    checks: number;
    csv: string;
    successful: Array<Record<string, string>>;
    failed: Array<Record<string, string>>;
  }
  const jobs = new Map<string, IngestJob>();
  let base = '';

  const newSession = (): string => {
    const session = `${organizationId}!${randomBytes(24).toString('base64url')}`;
    sessions.add(session);
    loginCount++;
    return session;
  };

  const table = (object: string) => {
    let rows = records.get(object);
    if (rows === undefined) records.set(object, (rows = new Map()));
    return rows;
  };
  const newId = (object: string) => `${idPrefix[object] ?? 'a0B'}${randomBytes(6).toString('hex').slice(0, 12).toUpperCase()}AAA`;

  function soapLogin(body: string, reply: (status: number, type: string, text: string) => void): void {
    const username = unescapeXml(tag(body, 'username') ?? '');
    const password = unescapeXml(tag(body, 'password') ?? '');
    const user = users.find((candidate) => candidate.username === username);
    const invalid = () => reply(500, 'text/xml', soapFault('INVALID_LOGIN', 'Invalid username, password, security token; or user locked out.'));
    if (user === undefined) return invalid();
    if (password === user.password && user.untrustedNetwork === true) {
      return reply(500, 'text/xml', soapFault('LOGIN_MUST_USE_SECURITY_TOKEN', 'Invalid username, password, security token; or user locked out. Are you at a new location? When accessing Salesforce--either via a desktop client or the API--from outside of your company’s trusted networks, you must add a security token to your password to log in.'));
    }
    if (password !== user.password && password !== user.password + user.token) return invalid();
    if (user.apiDisabled === true) return reply(500, 'text/xml', soapFault('API_DISABLED_FOR_ORG', 'API is not enabled for this Organization or Partner'));
    const session = newSession();
    reply(200, 'text/xml', [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com">',
      '<soapenv:Body><loginResponse><result>',
      `<metadataServerUrl>${base}/services/Soap/m/62.0/${organizationId}</metadataServerUrl>`,
      '<passwordExpired>false</passwordExpired><sandbox>false</sandbox>',
      `<serverUrl>${base}/services/Soap/u/62.0/${organizationId}</serverUrl>`,
      `<sessionId>${session}</sessionId><userId>${userId}</userId>`,
      `<userInfo><organizationId>${organizationId}</organizationId><userName>${username}</userName></userInfo>`,
      `<organizationId>${organizationId}</organizationId>`,
      '</result></loginResponse></soapenv:Body></soapenv:Envelope>',
    ].join(''));
  }

  function oauthToken(form: URLSearchParams): [number, unknown] {
    if (form.get('client_id') !== clientId) return [400, { error: 'invalid_client_id', error_description: 'client identifier invalid' }];
    if (form.get('client_secret') !== clientSecret) return [400, { error: 'invalid_client', error_description: 'invalid client credentials' }];
    const grant = form.get('grant_type');
    if (grant === 'password') {
      const user = users.find((candidate) => candidate.username === form.get('username'));
      const password = form.get('password');
      if (user === undefined || (password !== user.password + user.token && !(password === user.password && user.untrustedNetwork !== true))) {
        return [400, { error: 'invalid_grant', error_description: 'authentication failure' }];
      }
    } else if (grant !== 'client_credentials') {
      return [400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' }];
    }
    return [200, { access_token: newSession(), instance_url: base, id: `${base}/id/${organizationId}/${userId}`, token_type: 'Bearer', issued_at: String(Date.now()), signature: 'x' }];
  }

  function query(soql: string): [number, unknown] {
    const from = /\bFROM\s+(\w+)/i.exec(soql)?.[1];
    if (from === undefined) return [400, [{ message: `unexpected token: '${soql.slice(0, 20)}'`, errorCode: 'MALFORMED_QUERY' }]];
    if (!['Account', 'Contact'].includes(from)) return [400, [{ message: `sObject type '${from}' is not supported.`, errorCode: 'INVALID_TYPE' }]];
    const rows = [...table(from).values()].map((row) => ({ attributes: { type: from, url: `/services/data/v62.0/sobjects/${from}/${String(row.Id)}` }, ...row }));
    return [200, pageOf(rows, 0)];
  }

  function pageOf(rows: Array<Record<string, unknown>>, start: number): unknown {
    const end = start + pageSize;
    const done = end >= rows.length;
    const page: Record<string, unknown> = { totalSize: rows.length, done, records: rows.slice(start, end) };
    if (!done) {
      const cursor = `01g5g00000${randomBytes(4).toString('hex')}`;
      cursors.set(cursor, rows);
      page.nextRecordsUrl = `/services/data/v62.0/query/${cursor}-${end}`;
    }
    return page;
  }

  type SaveOutcome = { id?: string; success: boolean; created?: boolean; errors: Array<{ statusCode: string; message: string; fields: string[] }> };
  const missingName = (): SaveOutcome => ({
    success: false,
    errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }],
  });

  function collections(method: string, path: string[], url: URL, body: unknown): [number, unknown] {
    const input = (body ?? {}) as { records?: Array<Record<string, unknown>> };
    const list = input.records ?? [];
    if (list.length > 200) return [400, [{ message: 'TOO_MANY_RECORDS', errorCode: 'INVALID_FIELD' }]];
    if (method === 'POST') {
      return [200, list.map((entry): SaveOutcome => {
        const object = String((entry.attributes as { type?: string } | undefined)?.type);
        if (typeof entry.Name !== 'string' || entry.Name === '') return missingName();
        const { attributes: _attributes, ...fields } = entry;
        const id = newId(object);
        table(object).set(id, { Id: id, ...fields });
        return { id, success: true, errors: [] };
      })];
    }
    if (method === 'PATCH' && path.length === 2) {
      const [object, field] = path as [string, string];
      return [200, list.map((entry): SaveOutcome => {
        const { attributes: _attributes, ...fields } = entry;
        const existing = [...table(object).values()].find((row) => row[field] === entry[field]);
        if (existing !== undefined) {
          Object.assign(existing, fields);
          return { id: String(existing.Id), success: true, created: false, errors: [] };
        }
        if (typeof entry.Name !== 'string') return { ...missingName(), created: false };
        const id = newId(object);
        table(object).set(id, { Id: id, ...fields });
        return { id, success: true, created: true, errors: [] };
      })];
    }
    if (method === 'PATCH') {
      return [200, list.map((entry): SaveOutcome => {
        const object = String((entry.attributes as { type?: string } | undefined)?.type);
        const row = table(object).get(String(entry.Id));
        if (row === undefined) return { id: String(entry.Id), success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
        const { attributes: _attributes, ...fields } = entry;
        Object.assign(row, fields);
        return { id: String(entry.Id), success: true, errors: [] };
      })];
    }
    if (method === 'DELETE') {
      const ids = (url.searchParams.get('ids') ?? '').split(',').filter((id) => id !== '');
      return [200, ids.map((id): SaveOutcome => {
        const holder = [...records.values()].find((rows) => rows.has(id));
        if (holder === undefined) return { id, success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] };
        holder.delete(id);
        return { id, success: true, errors: [] };
      })];
    }
    return [405, [{ message: 'method not allowed', errorCode: 'METHOD_NOT_ALLOWED' }]];
  }

  const jobInfo = (job: IngestJob) => ({
    id: job.id,
    object: job.object,
    operation: job.operation,
    state: job.state,
    numberRecordsProcessed: job.successful.length + job.failed.length,
    numberRecordsFailed: job.failed.length,
    contentType: 'CSV',
    apiVersion: 62.0,
  });

  /** Each uploaded row goes through the same rules as the collections API; results keep the row's fields, as Salesforce's CSVs do. */
  function processJob(job: IngestJob): void {
    const rows = parseCsv(job.csv, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    for (const row of rows) {
      const fields: Record<string, unknown> = Object.fromEntries(Object.entries(row).filter(([, value]) => value !== ''));
      const path = job.operation === 'upsert' ? [job.object, job.externalIdFieldName ?? ''] : [];
      const method = job.operation === 'insert' ? 'POST' : job.operation === 'delete' ? 'DELETE' : 'PATCH';
      const record = { attributes: { type: job.object }, ...fields };
      const url = new URL(`${base}/?ids=${encodeURIComponent(String(fields.Id ?? ''))}`);
      const [, outcomes] = collections(method, path, url, { records: [record] });
      const [outcome] = outcomes as Array<{ id?: string; success: boolean; created?: boolean; errors: Array<{ statusCode: string; message: string; fields: string[] }> }>;
      if (outcome?.success === true) job.successful.push({ sf__Id: outcome.id ?? '', sf__Created: String(outcome.created ?? job.operation === 'insert'), ...row });
      else job.failed.push({ sf__Id: outcome?.id ?? '', sf__Error: (outcome?.errors ?? []).map((error) => `${error.statusCode}:${error.message}`).join(';'), ...row });
    }
  }

  function ingest(method: string, path: string[], body: string): [number, unknown, 'json' | 'csv'] {
    const [id, part] = path;
    if (method === 'POST' && id === undefined) {
      const spec = JSON.parse(body) as { object: string; operation: string; externalIdFieldName?: string };
      const job: IngestJob = { id: `7505g00000${randomBytes(4).toString('hex')}`, ...spec, state: 'Open', checks: 0, csv: '', successful: [], failed: [] };
      jobs.set(job.id, job);
      jobCount++;
      return [200, jobInfo(job), 'json'];
    }
    const job = jobs.get(id ?? '');
    if (job === undefined) return [404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }], 'json'];
    if (method === 'PUT' && part === 'batches') {
      job.csv += body;
      return [201, '', 'json'];
    }
    if (method === 'PATCH' && part === undefined) {
      const { state } = JSON.parse(body) as { state: string };
      job.state = state;
      if (state === 'UploadComplete') processJob(job);
      return [200, jobInfo(job), 'json'];
    }
    if (method === 'GET' && part === undefined) {
      // The first check still finds it in progress, so the client polls.
      if (job.state === 'UploadComplete') job.state = job.checks++ === 0 ? 'InProgress' : 'JobComplete';
      else if (job.state === 'InProgress') job.state = 'JobComplete';
      return [200, jobInfo(job), 'json'];
    }
    if (method === 'GET' && (part === 'successfulResults' || part === 'failedResults' || part === 'unprocessedrecords')) {
      const rows = part === 'successfulResults' ? job.successful : part === 'failedResults' ? job.failed : [];
      return [200, rows.length === 0 ? '' : stringifyCsv(rows, { header: true }), 'csv'];
    }
    if (method === 'DELETE') {
      jobs.delete(job.id);
      return [204, '', 'json'];
    }
    return [405, [{ errorCode: 'METHOD_NOT_ALLOWED', message: 'method not allowed' }], 'json'];
  }

  function authorized(request: http.IncomingMessage, url: URL): boolean {
    const bearer = /^(?:Bearer|OAuth) (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const token = bearer ?? url.searchParams.get('oauth_token') ?? undefined;
    return token !== undefined && sessions.has(token);
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', base);
      const reply = (status: number, type: string, payload: string) => {
        response.writeHead(status, { 'content-type': type });
        response.end(payload);
      };
      const json = (status: number, payload: unknown) => reply(status, 'application/json;charset=UTF-8', JSON.stringify(payload));

      if (request.method === 'POST' && /^\/services\/Soap\/u\/\d+\.0$/.test(url.pathname)) return soapLogin(text, reply);
      if (request.method === 'POST' && url.pathname === '/services/oauth2/token') {
        const [status, payload] = oauthToken(new URLSearchParams(text));
        return json(status, payload);
      }
      if (!authorized(request, url)) return json(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      if (request.method === 'GET' && url.pathname === `/id/${organizationId}/${userId}`) {
        const user = users[0];
        return json(200, { id: `${base}/id/${organizationId}/${userId}`, user_id: userId, organization_id: organizationId, username: user?.username, display_name: 'Integration User' });
      }
      const data = /^\/services\/data\/v\d+\.0\/(.*)$/.exec(url.pathname)?.[1];
      if (data === undefined) return json(404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
      if (request.method === 'GET' && (data === 'query' || data === 'queryAll')) {
        const [status, payload] = query(url.searchParams.get('q') ?? '');
        return json(status, payload);
      }
      const more = /^query\/(\w+)-(\d+)$/.exec(data);
      if (request.method === 'GET' && more !== null) {
        const rows = cursors.get(more[1] ?? '');
        if (rows === undefined) return json(400, [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }]);
        return json(200, pageOf(rows, Number(more[2])));
      }
      const described = /^sobjects\/(\w+)\/describe$/.exec(data);
      if (request.method === 'GET' && described !== null) {
        if (described[1] !== 'Account') return json(404, [{ message: `The requested resource does not exist`, errorCode: 'NOT_FOUND' }]);
        return json(200, { name: 'Account', label: 'Account', fields: accountFields });
      }
      const single = /^sobjects\/(\w+)$/.exec(data);
      if (request.method === 'POST' && single !== null) {
        const [status, payload] = collections('POST', [], url, { records: [{ attributes: { type: single[1] }, ...(JSON.parse(text) as object) }] });
        const [outcome] = payload as Array<{ success: boolean; errors: unknown[] }>;
        if (status !== 200 || outcome === undefined) return json(status, payload);
        return outcome.success ? json(201, outcome) : json(400, outcome.errors.map((error) => ({ ...(error as object), errorCode: (error as { statusCode: string }).statusCode })));
      }
      if (data.startsWith('jobs/ingest')) {
        const [status, payload, type] = ingest(request.method ?? 'GET', data.slice('jobs/ingest'.length).split('/').filter((part) => part !== ''), text);
        return type === 'csv' ? reply(status, 'text/csv', String(payload)) : json(status, payload);
      }
      if (data.startsWith('composite/sobjects')) {
        const rest = data.slice('composite/sobjects'.length).split('/').filter((part) => part !== '');
        const [status, payload] = collections(request.method ?? 'GET', rest, url, text === '' ? undefined : JSON.parse(text));
        return json(status, payload);
      }
      return json(404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    port,
    clientId,
    clientSecret,
    records,
    expireSessions: () => sessions.clear(),
    logins: () => loginCount,
    bulkJobs: () => jobCount,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
