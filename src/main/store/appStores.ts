/**
 * The app's stores from its environment: its own SQLite file, and the lab's PostgreSQL store it can list and
 * pull runs from (#19). CASCADE_DB is the file when it is a path; when it is a PostgreSQL URL (the CLI's `runs`
 * and `show` read the lab's store there) the app keeps its file in the user-data folder and takes the URL as
 * the lab's store. CASCADE_LAB_STORE names the lab's store whatever CASCADE_DB is.
 */
import { isPostgresUrl } from "./openRunStore";
import { defaultDbPath } from "./paths";

export const LAB_STORE_ENV = "CASCADE_LAB_STORE";

/** The app's SQLite file. */
export function appDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CASCADE_DB && isPostgresUrl(env.CASCADE_DB) ? defaultDbPath({ ...env, CASCADE_DB: undefined }) : defaultDbPath(env);
}

/** The lab's PostgreSQL store, when the environment names one. */
export function labStoreUrl(env: Record<string, string | undefined>): string | undefined {
  const lab = env[LAB_STORE_ENV]?.trim();
  if (lab) return lab;
  return env.CASCADE_DB && isPostgresUrl(env.CASCADE_DB) ? env.CASCADE_DB.trim() : undefined;
}
