// Builds the portal into dist/, which the server serves at `/` (packages/server/src/routes/web.ts).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: (id) => {
          if (id.includes('node_modules/@fluentui/react-icons')) return 'icons';
          if (id.includes('node_modules/@fluentui') || id.includes('node_modules/@griffel')) return 'fluent';
          if (id.includes('node_modules/')) return 'vendor';
          return undefined;
        },
      },
    },
  },
  // `npm run dev -w @portico/web` with `portico serve` on :8080 behind it.
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/apps': { target: 'http://127.0.0.1:8080', bypass: (req) => (/\/definition\./.test(req.url ?? '') ? null : req.url) },
    },
  },
});
