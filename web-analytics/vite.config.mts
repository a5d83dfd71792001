import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API at /analytics (HRO_STATIC_DIR_ANALYTICS points at dist/). In dev
// (`npm run dev -w web-analytics`, port 4700) API calls and the socket go to the API on :3000.
export default defineConfig({
  base: '/analytics/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1200 },
  server: {
    port: 4700,
    strictPort: true,
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
