/** Where the database lives: $CASCADE_DB, else the OS user-data folder. */
import { homedir } from "node:os";
import { join } from "node:path";

export const APP_DIR_NAME = "Cascade Studio";
export const DB_FILE_NAME = "cascade.db";

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === "darwin") return join(home, "Library", "Application Support", APP_DIR_NAME);
  if (platform === "win32") return join(env.APPDATA || join(home, "AppData", "Roaming"), APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, ".config"), "cascade-studio");
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.CASCADE_DB) return env.CASCADE_DB;
  return join(userDataDir(env, platform, home), DB_FILE_NAME);
}
