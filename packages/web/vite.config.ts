// Builds the portal into dist/, which the server serves at `/` (packages/server/src/routes/web.ts).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  // `npm run dev -w @portico/web` in front of `portico serve` on :8080.
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '^/apps/[^/]+/definition\\.': 'http://127.0.0.1:8080',
    },
  },
});
