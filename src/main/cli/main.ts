import type { CliIO, Command } from "./command";
import { UsageError } from "./command";
import { schemaCommand } from "./commands/schema";
import { serveCommand } from "./commands/serve";
import { validateCommand } from "./commands/validate";
import { runCommand } from "./commands/run";
import { runsCommand } from "./commands/runs";
import { showCommand } from "./commands/show";
import { compareCommand } from "./commands/compare";
import { modelsCommand } from "./commands/models";
import { exportCommand } from "./commands/export";
import { reviewCommand } from "./commands/review";

export const COMMANDS: Command[] = [validateCommand, schemaCommand, runCommand, runsCommand, showCommand, compareCommand, modelsCommand, exportCommand, reviewCommand, serveCommand];

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

const defaultIO: CliIO = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : t + "\n"),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : t + "\n"),
  isTTY: Boolean(process.stdout.isTTY),
};

export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`cascade: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
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
