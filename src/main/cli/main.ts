import type { CliIO, Command } from "./command";
import { UsageError } from "./command";
import { COMMAND_INFO, type CommandName } from "./commandInfo";

/**
 * Each command's module, imported only when that command runs: `cascade --help` or `cascade validate` does
 * not load the engine, the store, the server and the providers of every other command.
 */
const LOADERS = {
  validate: async () => (await import("./commands/validate")).validateCommand,
  schema: async () => (await import("./commands/schema")).schemaCommand,
  run: async () => (await import("./commands/run")).runCommand,
  runs: async () => (await import("./commands/runs")).runsCommand,
  show: async () => (await import("./commands/show")).showCommand,
  push: async () => (await import("./commands/push")).pushCommand,
  compare: async () => (await import("./commands/compare")).compareCommand,
  models: async () => (await import("./commands/models")).modelsCommand,
  export: async () => (await import("./commands/export")).exportCommand,
  review: async () => (await import("./commands/review")).reviewCommand,
  sweep: async () => (await import("./commands/sweep")).sweepCommand,
  serve: async () => (await import("./commands/serve")).serveCommand,
  bundle: async () => (await import("./commands/bundle")).bundleCommand,
  import: async () => (await import("./commands/import")).importCommand,
  report: async () => (await import("./commands/report")).reportCommand,
  gc: async () => (await import("./commands/gc")).gcCommand,
  db: async () => (await import("./commands/db")).dbCommand,
  worker: async () => (await import("./commands/worker")).workerCommand,
  watch: async () => (await import("./commands/watch")).watchCommand,
} satisfies Record<CommandName, () => Promise<Command>>;

export const COMMANDS = Object.values(COMMAND_INFO);

export function usage(): string {
  return [
    "Cascade Studio — headless CLI",
    "",
    "Usage:",
    ...COMMANDS.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    "",
    "Run `cascade <command> --help` for a command's options.",
  ].join("\n");
}

/** Runs one command line; the process's streams are entry.ts's (processIO.ts), tests pass their own. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command || !Object.hasOwn(LOADERS, name)) {
    io.err(`cascade: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await (await LOADERS[name as CommandName]()).run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`cascade ${name}: ${(e as Error).message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    // What reaches here is said to the user as a message; the stack only on request (bug reports).
    const message = e instanceof Error ? e.message : String(e);
    io.err(`cascade ${name}: ${message}${process.env.CASCADE_DEBUG && e instanceof Error && e.stack ? `\n${e.stack}` : ""}`);
    return 1;
  }
}
