/** The app version, from package.json (bundled by electron-vite, read by tsx in the CLI). */
import packageJson from "../../../package.json";

export const APP_VERSION: string = packageJson.version;
