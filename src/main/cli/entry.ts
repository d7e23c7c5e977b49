/**
 * The CLI as a program: runs `main` with the process's arguments and sets the exit code. The CLI build's
 * out/cli/main.js is this module (so `node out/cli/main.js --help` works); bin/cascade.mjs imports it, or this
 * file through tsx when the build is not current. Its output goes through processIO.ts (a stdout closed early,
 * as by `| head -1`, ends the command quietly with exit code 0). The process's V8 heap growth is set first
 * (memoryTuning.ts), before any command loads.
 */
import { applyMemoryTuning } from "../memoryTuning";
import { main } from "./main";
import { processIO } from "./processIO";

applyMemoryTuning();

const { io, stdoutClosed } = processIO();
const code = await main(process.argv.slice(2), io);
// A reader that closed stdout (`| head -1`) ended the command normally (processIO.ts).
process.exitCode = stdoutClosed() ? 0 : code;
