import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "vitest/config";

// The desktop shell loads http://localhost:5173 in dev builds, so the port is fixed.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // TAURI_ENV_PLATFORM tells a phone build (src/lib/platform.ts).
  envPrefix: ["VITE_", "TAURI_ENV_"],
  server: {
    port: 5173,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**"] },
  },
  build: {
    // WebKitGTK (Linux), Safari/WKWebView (macOS, iOS): stay within what Safari 15 runs.
    target: "safari15",
    outDir: "dist",
    emptyOutDir: true,
  },
  // Unit tests only; the browser stories in e2e/ run under `npm run e2e` against a real hub.
  test: { include: ["src/**/*.test.ts"] },
});
