// Regenerates the field table of every docs/connectors/<id>.md from the connector's schema:
//   node src/connectors/write-docs.ts
import { readFile, writeFile } from 'node:fs/promises';
import { fieldTable, withFieldTable } from './docs.ts';
import { connectors } from './index.ts';

for (const connector of connectors) {
  const page = new URL(`../../docs/connectors/${connector.id}.md`, import.meta.url);
  const markdown = await readFile(page, 'utf8');
  const updated = withFieldTable(markdown, fieldTable(connector));
  if (updated !== markdown) {
    await writeFile(page, updated);
    console.log(`updated ${page.pathname}`);
  }
}
