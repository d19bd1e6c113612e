// WAL checkpoints off the event loop (Node). SQLite's automatic checkpoint runs inside whichever commit
// crosses 1 000 WAL pages, on the committing thread: it copies the WAL into the database file and, with
// synchronous=NORMAL, fsyncs both, stalling the event loop for tens of milliseconds (and doubling the cost of
// an inbox write under load; see BENCHMARKS.md). Here the connections in the main thread turn automatic
// checkpoints off, and a worker thread with its own connection runs PASSIVE checkpoints on a timer (they never
// block writers), with a RESTART checkpoint when the WAL passes a size, so that it is started over.
// Durability is unchanged: a commit is durable once it is in the WAL, whenever the checkpoint runs.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 1000 });
db.pragma("journal_mode = WAL");
db.pragma("wal_autocheckpoint = 0");
const run = () => {
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    // Under sustained writes a PASSIVE checkpoint never catches up with the last frame, so the WAL is never
    // started over and keeps growing: past the limit, a RESTART checkpoint briefly holds writers back (the
    // inbox retries asynchronously) so that the next commit starts the WAL from its beginning.
    if (r && r.log > workerData.restartPages) db.pragma("wal_checkpoint(RESTART)");
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
};
const timer = setInterval(run, workerData.everyMs);
parentPort.on("message", (m) => {
  if (m === "stop") {
    clearInterval(timer);
    run();
    db.close();
    parentPort.postMessage({ stopped: true });
  }
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Starts the checkpoint worker for the SQLite file at `path`. */
export function startCheckpointer(path: string, opts: { everyMs?: number; restartPages?: number; onError?: (message: string) => void } = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { path, driver, everyMs: opts.everyMs ?? 250, restartPages: opts.restartPages ?? 16_384 },
    // It runs one pragma on a timer: a small heap keeps the extra isolate's memory small.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
  });
  worker.unref();
  worker.on("message", (m: { error?: string }) => {
    if (m?.error) opts.onError?.(m.error);
  });
  worker.on("error", (e) => opts.onError?.(e.message));
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const done = () => void worker.terminate().then(() => resolve(), () => resolve());
        const t = setTimeout(done, 2_000);
        worker.once("message", (m: { stopped?: boolean }) => {
          if (m?.stopped) {
            clearTimeout(t);
            done();
          }
        });
        worker.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
        worker.postMessage("stop");
      });
      return stopped;
    },
  };
}
