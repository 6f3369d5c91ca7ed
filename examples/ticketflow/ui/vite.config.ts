import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type PluginOption } from 'vite';

// In dev the SPA runs on Vite's server and the API stays on the TicketFlow web process.
const apiTarget = process.env.TICKETFLOW_API_URL ?? 'http://localhost:21000';

// The plugins' type declarations resolve the workspace root's newer Vite (pulled in by vitest), so their
// Plugin type differs from this Vite's by name only; at run time they work with this Vite.
const plugins: unknown[] = [react(), tailwindcss()];

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: plugins as PluginOption[],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    port: 21100,
    proxy: { '/api': { target: apiTarget, changeOrigin: true } },
  },
});
