import { resolve } from "node:path";
import { defineConfig, externalizeDepsPlugin } from "electron-vite";
import { rendererConfig } from "./vite.renderer.config";

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: "out/main",
      // The worker entry points and every chunk land in one folder: src/main/workerFile.ts looks for a worker
      // beside the chunk that starts it.
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, "src/main/electron/main.ts"),
          writerWorker: resolve(import.meta.dirname, "src/main/store/writerWorker.ts"),
          sandboxHost: resolve(import.meta.dirname, "src/main/sandbox/sandboxHost.ts"),
          sandboxWorker: resolve(import.meta.dirname, "src/main/sandbox/sandboxWorker.ts"),
        },
        output: { entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: "out/preload",
      rollupOptions: { input: { index: resolve(import.meta.dirname, "src/preload/index.ts") }, output: { format: "cjs", entryFileNames: "[name].cjs" } },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { ...rendererConfig.build, rollupOptions: { input: resolve(import.meta.dirname, "src/renderer/index.html") } },
  },
});
