/** Where a Cloud ID points, or why it does not decode. */
export type DecodedCloudId = { ok: true; node: string; deployment: string } | { ok: false; reason: string };

const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Decodes an Elastic Cloud ID as the client does: `name:` then base64 of
 * `host[:port]$es_uuid[$kibana_uuid]`, which names the https node `es_uuid.host[:port]`. Decoding
 * here first lets the test blame `cloud.id` with the reason, not a later DNS failure.
 */
export function decodeCloudId(id: string): DecodedCloudId {
  const parts = id.split(':');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    return { ok: false, reason: "it is not of the form 'name:base64'" };
  }
  const [deployment, encoded] = parts as [string, string];
  if (!base64.test(encoded)) return { ok: false, reason: 'the part after the colon is not base64' };
  const [host = '', esId = ''] = Buffer.from(encoded, 'base64').toString('utf8').split('$');
  if (host === '' || esId === '' || !/^[a-z0-9.-]+(:\d+)?$/i.test(host) || !/^[a-z0-9-]+$/i.test(esId)) {
    return { ok: false, reason: "its base64 part does not decode to 'host$elasticsearch_id$kibana_id'" };
  }
  return { ok: true, node: `https://${esId}.${host}`, deployment };
}
