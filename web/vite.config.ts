/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// Built into dist/, which the orchestrator serves at / (same origin as the API).
// `npm run dev` proxies the API to a mesh on :9000.
const api = ["/practice", "/process", "/artifacts", "/attempts", "/progress", "/voices", "/auth", "/ready"];

export default defineConfig({
  base: "./",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, assetsInlineLimit: 0 },
  server: { proxy: Object.fromEntries(api.map((p) => [p, "http://127.0.0.1:9000"])) },
  test: { environment: "happy-dom", include: ["test/**/*.test.{ts,tsx}"] },
});
