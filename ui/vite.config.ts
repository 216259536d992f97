import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

// Two builds of one app. The desktop window (default mode) is served by Tauri from ui/dist;
// the dev server is only for `tauri dev`. The portal's page (`vite build --mode portal`) goes
// to ui/dist-portal, which the LAN server embeds and serves as index.html. `$backend` is the
// only thing that differs in the code: Tauri's IPC (tauri.ts) or HTTP (web.ts).
export default defineConfig(({ mode }) => {
  const portal = mode === 'portal';
  const backend = fileURLToPath(new URL(portal ? './src/lib/web.ts' : './src/lib/tauri.ts', import.meta.url));
  return {
    plugins: [svelte(), ...(portal ? [portalIndex()] : [])],
    clearScreen: false,
    resolve: { alias: { $backend: backend } },
    server: { port: 5173, strictPort: true },
    build: {
      target: 'safari15',
      outDir: portal ? 'dist-portal' : 'dist',
      emptyOutDir: true,
      sourcemap: false,
      ...(portal ? { rollupOptions: { input: fileURLToPath(new URL('./portal.html', import.meta.url)) } } : {}),
    },
  };
});

/** The portal's page is portal.html in the source (index.html is the window's) and
 * index.html in dist-portal, where a server looks for it. */
function portalIndex(): Plugin {
  return {
    name: 'dondoc-portal-index',
    enforce: 'post',
    // After Vite's own HTML plugin has written the page into the bundle.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const page = bundle['portal.html'];
        if (page?.type !== 'asset') this.error('the portal build made no portal.html');
        delete bundle['portal.html'];
        this.emitFile({ type: 'asset', fileName: 'index.html', source: page.source });
      },
    },
  };
}
