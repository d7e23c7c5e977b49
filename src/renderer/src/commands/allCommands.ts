/** Registers every command once (imported by main.tsx before the app renders). List a new *Commands.ts file here. */
import { canvasCommands } from "./canvasCommands";
import { editCommands } from "./editCommands";
import { experimentCommands } from "./experimentCommands";
import { fileCommands } from "./fileCommands";
import { registerCommands } from "./registry";
import { runCommands } from "./runCommands";
import { viewCommands } from "./viewCommands";

registerCommands([...fileCommands, ...editCommands, ...canvasCommands, ...runCommands, ...experimentCommands, ...viewCommands]);
