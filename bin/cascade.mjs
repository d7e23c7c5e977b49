#!/usr/bin/env node
// The headless CLI. Runs the TypeScript sources through tsx, so `npx cascade` needs no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
