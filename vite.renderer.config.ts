// The renderer build, shared by electron-vite (desktop) and browser mode (`npm run build:renderer`).
import react from "@vitejs/plugin-react";
import { resolve } from "node:path";
import { defineConfig, type UserConfig } from "vite";

export const rendererConfig: UserConfig = {
  root: resolve(import.meta.dirname, "src/renderer"),
  base: "./",
  plugins: [react()],
  resolve: { alias: { "@shared": resolve(import.meta.dirname, "src/shared") } },
  build: {
    outDir: resolve(import.meta.dirname, "out/renderer"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
};

export default defineConfig(rendererConfig);
