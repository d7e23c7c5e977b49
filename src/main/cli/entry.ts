/**
 * The CLI as a program: runs `main` with the process's arguments and sets the exit code. The CLI build's
 * out/cli/main.js is this module (so `node out/cli/main.js --help` works); bin/cascade.mjs imports it, or this
 * file through tsx when the build is not current.
 */
import { main } from "./main";

process.exitCode = await main(process.argv.slice(2));
