// Placeholder Electron entry; replaced by the shell in the editor issue.
import { app } from "electron";
app.whenReady().then(() => app.quit());
