import { createServer } from 'node:http';

/**
 * A small fake of the two Twilio REST endpoints the connector uses, on 127.0.0.1: fetch an
 * account and create a message, with HTTP Basic auth of Account SID and Auth Token, and
 * Twilio's JSON error bodies (401 code 20003, 404 code 20404).
 */
export async function startFakeTwilio() {
  const accountSid = 'AC' + '0123456789abcdef'.repeat(2);
  const authToken = 'fake-twilio-Auth-Token-4242';
  const requests = [];
  const messages = [];

  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      requests.push({ method: request.method, path: url.pathname });
      const send = (status, value) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      const match = /^\/2010-04-01\/Accounts\/([^/]+?)(\/Messages)?\.json$/.exec(url.pathname);
      if (match === null) return send(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      const [user, password] = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString().split(':');
      if (match[1] !== accountSid) return send(404, { code: 20404, message: `The requested resource /2010-04-01/Accounts/${match[1]}.json was not found`, status: 404 });
      if (user !== accountSid || password !== authToken) return send(401, { code: 20003, message: 'Authenticate', status: 401 });
      if (match[2] === undefined && request.method === 'GET') {
        return send(200, { sid: accountSid, friendly_name: 'Fake Account', status: 'active', type: 'Full', date_created: 'Mon, 01 Dec 2025 10:00:00 +0000' });
      }
      if (match[2] !== undefined && request.method === 'POST') {
        const form = new URLSearchParams(body);
        const message = { sid: `SM${String(messages.length + 1).padStart(32, '0')}`, to: form.get('To'), from: form.get('From'), body: form.get('Body'), status: 'queued' };
        messages.push(message);
        return send(201, message);
      }
      send(405, { code: 20004, message: 'Method not allowed', status: 405 });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
