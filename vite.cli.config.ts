/**
 * `npm run build:cli`: the headless CLI as JavaScript, so `cascade` starts without compiling TypeScript.
 * An SSR (Node) build into one flat folder, out/cli/: main.js (src/main/cli/entry.ts, which runs the CLI), the
 * three worker entry points beside it (src/main/workerFile.ts looks for `<name>.js` beside the chunk that starts
 * a worker), and one chunk per lazily imported command and per shared part. Packages stay external (Node's built-ins and
 * dependencies are imported from node_modules at run time, as from the sources), except BUNDLED ones (zod). Last it
 * writes out/cli/build-stamp.json: every source file of the build with its mtime and size, which
 * bin/cascade.mjs compares to decide whether the build is current (else it runs the sources through tsx).
 * CASCADE_CLI_DIR builds into another folder (the tests build into one under .cache/: inside the project, so
 * the build's imports of packages still find node_modules).
 */
import { statSync, writeFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

const root = import.meta.dirname;
const outDir = resolve(root, process.env.CASCADE_CLI_DIR || "out/cli");

/**
 * Packages bundled into the build instead of imported at run time: zod is about 40 ES modules, and Node 20's ESM
 * loader resolves, reads and compiles each on every start (no compile cache before Node 22): as one bundled
 * chunk it costs a third of the CPU time at start-up (measured: `import "zod"` 110 ms over `node -e ''`, bundled
 * 30 ms), and every command validates with it.
 */
const BUNDLED = ["zod"];

/** A bare specifier (`node:fs`, `hyparquet-compressors`) is a package: imported at run time, unless BUNDLED. */
function isPackage(id: string): boolean {
  if (id.startsWith(".") || isAbsolute(id) || id.startsWith("\0")) return false;
  return !BUNDLED.some((name) => id === name || id.startsWith(`${name}/`));
}

/** Writes build-stamp.json: `{ files: { "<root-relative path>": [mtimeMs, size] } }` over the build's inputs. */
function buildStamp(): Plugin {
  return {
    name: "cascade-cli-build-stamp",
    writeBundle() {
      const files: Record<string, [number, number]> = {};
      const inputs = [...this.getModuleIds()].filter((id) => isAbsolute(id)); // packages are bare ids
      // package-lock.json: a BUNDLED package's version is part of the build.
      for (const file of [...inputs, resolve(root, "vite.cli.config.ts"), resolve(root, "package-lock.json")].sort()) {
        const path = relative(root, file).split("\\").join("/");
        if (path.startsWith("..") || path.startsWith("node_modules/")) continue;
        const s = statSync(file);
        files[path] = [s.mtimeMs, s.size];
      }
      writeFileSync(resolve(outDir, "build-stamp.json"), JSON.stringify({ files }) + "\n");
    },
  };
}

export default defineConfig({
  root,
  // No public/ copying, no .env loading into the bundle: this is Node code.
  publicDir: false,
  envDir: false,
  logLevel: "warn",
  plugins: [buildStamp()],
  // Vite's SSR build leaves every dependency external on its own; BUNDLED ones must be named here as well.
  ssr: { noExternal: BUNDLED },
  build: {
    ssr: true,
    outDir,
    emptyOutDir: true,
    target: "node20.19",
    minify: false,
    sourcemap: true,
    // Node code: no copy of the renderer's modulepreload helper, no CSS.
    modulePreload: false,
    rolldownOptions: {
      input: {
        main: resolve(root, "src/main/cli/entry.ts"),
        writerWorker: resolve(root, "src/main/store/writerWorker.ts"),
        sandboxHost: resolve(root, "src/main/sandbox/sandboxHost.ts"),
        sandboxWorker: resolve(root, "src/main/sandbox/sandboxWorker.ts"),
      },
      external: isPackage,
      output: { format: "esm", entryFileNames: "[name].js", chunkFileNames: "[name]-[hash].js" },
    },
  },
});
