/**
 * A small pool of sandbox workers: each a worker thread with the node's heap limits inside a child process of
 * its own (./sandboxHost.ts says why), with no environment and no stdin/stdout. Workers are keyed by their heap
 * limit (fixed when a worker starts) and reused between jobs: every job runs in a fresh vm context, so
 * nothing carries over. A worker that was stopped (time limit, memory limit, crash) is killed and a new one
 * started on demand. Idle workers are unref'd (they never keep the process alive) and end after `idleMs`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { availableParallelism } from "node:os";
import { workerProcessArgs } from "../workerFile";
import { isSandboxReply, isWorkerError, type PoolOutcome, type SandboxJob, type SandboxLimits, type WorkerHeapLimits } from "./types";

export interface SandboxPoolOptions {
  /** Workers alive at once (default: cores, at most 4). */
  maxWorkers?: number;
  /** An idle worker ends after this long (default 30 s). */
  idleMs?: number;
  /** Young-generation heap of a worker, MB (default 8, at most half the heap limit). */
  youngGenerationMb?: number;
  stackSizeMb?: number;
}

interface PooledWorker {
  worker: ChildProcess;
  /** The end of the worker's stderr: V8 writes "heap out of memory" there before it aborts. */
  stderrTail: string;
  memoryMb: number;
  busy: boolean;
  dead: boolean;
  idleTimer?: NodeJS.Timeout;
}

export class SandboxPool {
  private readonly workers = new Set<PooledWorker>();
  private waiting: (() => void)[] = [];
  private closed = false;
  private readonly maxWorkers: number;
  private readonly idleMs: number;

  constructor(private readonly options: SandboxPoolOptions = {}) {
    this.maxWorkers = Math.max(1, options.maxWorkers ?? Math.min(4, availableParallelism()));
    this.idleMs = options.idleMs ?? 30_000;
  }

  /** Workers alive now (busy or idle). */
  get size(): number {
    return this.workers.size;
  }

  async run(job: SandboxJob, limits: SandboxLimits): Promise<PoolOutcome> {
    const pooled = await this.acquire(limits.memoryMb);
    return this.execute(pooled, job, limits);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.workers];
    for (const w of all) this.discard(w);
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(all.map((w) => exited(w.worker)));
  }

  private async acquire(memoryMb: number): Promise<PooledWorker> {
    for (;;) {
      if (this.closed) throw new Error("the code sandbox is closed");
      const idle = [...this.workers].filter((w) => !w.busy && !w.dead);
      const same = idle.find((w) => w.memoryMb === memoryMb);
      if (same) {
        this.take(same);
        return same;
      }
      if (this.workers.size >= this.maxWorkers && idle.length > 0) this.discard(idle[0]);
      if (this.workers.size < this.maxWorkers) return this.spawn(memoryMb);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private take(w: PooledWorker): void {
    w.busy = true;
    clearTimeout(w.idleTimer);
    w.worker.ref();
    w.worker.channel?.ref();
    (w.worker.stderr as Socket | null)?.ref();
  }

  private async spawn(memoryMb: number): Promise<PooledWorker> {
    const young = Math.max(1, Math.min(this.options.youngGenerationMb ?? 8, Math.floor(memoryMb / 2)));
    const limits: WorkerHeapLimits = { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: young, stackSizeMb: this.options.stackSizeMb ?? 4 };
    // In Electron, process.execPath is the app: ELECTRON_RUN_AS_NODE makes it a plain Node.
    const env: NodeJS.ProcessEnv = process.versions.electron ? { ELECTRON_RUN_AS_NODE: "1" } : {};
    const worker = spawn(process.execPath, [...workerProcessArgs(import.meta.url, "sandboxHost"), JSON.stringify(limits)], { env, stdio: ["ignore", "ignore", "pipe", "ipc"], serialization: "json" });
    const pooled: PooledWorker = { worker, stderrTail: "", memoryMb, busy: true, dead: false };
    this.workers.add(pooled);
    worker.stderr?.setEncoding("utf8");
    worker.stderr?.on("data", (chunk: string) => (pooled.stderrTail = (pooled.stderrTail + chunk).slice(-4096)));
    // Keep an 'error' listener at all times: an idle worker that fails must not crash the process.
    worker.on("error", () => this.discard(pooled));
    worker.on("exit", () => this.discard(pooled));
    try {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (m: unknown) => {
          if ((m as { type?: string })?.type === "ready") resolve();
          else reject(new Error("the sandbox worker sent an unexpected first message"));
        };
        worker.once("message", onMessage);
        worker.once("error", reject);
        worker.once("exit", (code, signal) => reject(new Error(`the sandbox worker exited while starting (${signal ?? `code ${code}`})`)));
      });
    } catch (e) {
      this.discard(pooled);
      throw e;
    }
    worker.removeAllListeners("message");
    return pooled;
  }

  private execute(pooled: PooledWorker, job: SandboxJob, limits: SandboxLimits): Promise<PoolOutcome> {
    const { worker } = pooled;
    return new Promise<PoolOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: PoolOutcome, keep: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("close", onExit);
        if (keep) this.release(pooled);
        else this.discard(pooled);
        resolve(outcome);
      };
      const onMessage = (m: unknown) => {
        if (isWorkerError(m)) finish(m.code === "ERR_WORKER_OUT_OF_MEMORY" ? { type: "memory" } : { type: "crashed", message: m.message }, false);
        else if (isSandboxReply(m)) finish({ type: "reply", reply: m }, m.ok || m.kind !== "internal");
        else finish({ type: "crashed", message: "the sandbox worker sent a malformed reply" }, false);
      };
      const onError = (e: Error) => finish({ type: "crashed", message: e.message }, false);
      // One allocation far past the limit: V8 prints its "heap out of memory" report and aborts the host
      // process; 'close' comes after all of its stderr.
      const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
        finish(
          OUT_OF_MEMORY.test(pooled.stderrTail) ? { type: "memory" } : { type: "crashed", message: `the sandbox worker exited (${signal ?? `code ${code}`})` },
          false,
        );
      const timer = setTimeout(() => finish({ type: "timeout" }, false), limits.timeoutMs);
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("close", onExit);
      worker.send(job);
    });
  }

  private release(w: PooledWorker): void {
    if (w.dead) return;
    w.busy = false;
    w.worker.unref();
    w.worker.channel?.unref();
    (w.worker.stderr as Socket | null)?.unref();
    w.idleTimer = setTimeout(() => this.discard(w), this.idleMs);
    w.idleTimer.unref();
    this.wakeOne();
  }

  private discard(w: PooledWorker): void {
    if (w.dead) return;
    w.dead = true;
    clearTimeout(w.idleTimer);
    this.workers.delete(w);
    if (w.worker.exitCode === null && w.worker.signalCode === null) w.worker.kill("SIGKILL");
    this.wakeOne();
  }

  private wakeOne(): void {
    this.waiting.shift()?.();
  }
}

const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|allocation failed/i;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}
