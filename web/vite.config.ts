import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
/** The UI imports pure, browser-safe TypeScript from the project: the core (roles, the config parser) and the block code reader. */
const coreDir = fileURLToPath(new URL('../src/core', import.meta.url));
const codeReferences = fileURLToPath(new URL('../src/runtime/code-references.ts', import.meta.url));

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  resolve: { alias: { '@core': coreDir } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    fs: { allow: [webRoot, coreDir, codeReferences] },
    // `npx vite web` while working on the UI: the API comes from `ziggy serve` on its default port.
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
