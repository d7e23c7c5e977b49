/**
 * The CLI's output on the process's own streams. A stdout its reader closed (`cascade runs | head -1`: the
 * write fails with EPIPE) is a normal end, as for Unix tools: later output is dropped, a command that stops on
 * Ctrl+C (run, sweep, serve) is asked to stop the same way (a run is cancelled and kept, and resumes from the
 * call cache), and the exit code is 0. Without this, Node reports the EPIPE as an unhandled 'error' event with
 * a stack trace. A closed stderr only drops what would be said there.
 */
import type { CliIO } from "./command";

export interface ProcessIO {
  io: CliIO;
  /** True once stdout's reader has closed it. */
  stdoutClosed(): boolean;
}

const line = (t: string) => (t.endsWith("\n") ? t : t + "\n");
const isClosedPipe = (e: unknown) => (e as { code?: string }).code === "EPIPE";

export function processIO(stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): ProcessIO {
  let outClosed = false;
  let errClosed = false;
  stdout.on("error", (e) => {
    if (!isClosedPipe(e)) throw e;
    if (outClosed) return;
    outClosed = true;
    // Also when the last write fails after the command has returned (entry.ts set its code already).
    process.exitCode = 0;
    // The commands that run until stopped listen for SIGINT; the others finish what they are doing quietly.
    if (process.listenerCount("SIGINT") > 0) process.emit("SIGINT", "SIGINT");
  });
  stderr.on("error", (e) => {
    if (!isClosedPipe(e)) throw e;
    errClosed = true;
  });
  return {
    io: {
      out: (t) => void (outClosed || stdout.write(line(t))),
      err: (t) => void (errClosed || stderr.write(line(t))),
      isTTY: Boolean(stdout.isTTY),
    },
    stdoutClosed: () => outClosed,
  };
}
