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
let failing = false;
const run = () => {
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    // Under sustained writes a PASSIVE checkpoint never catches up with the last frame, so the WAL is never
    // started over and keeps growing: past the limit, a RESTART checkpoint briefly holds writers back (the
    // inbox retries asynchronously) so that the next commit starts the WAL from its beginning.
    if (r && r.log > workerData.restartPages) db.pragma("wal_checkpoint(RESTART)");
    // Recovered once a checkpoint after a failure copied frames into the database file (one with nothing to
    // copy wrote nothing and proves nothing).
    if (failing && r && r.checkpointed > 0) {
      failing = false;
      parentPort.postMessage({ recovered: true });
    }
  } catch (e) {
    failing = true;
    // Name, SQLite's code and message: the main thread throttles and reports them (never a stack or an object).
    parentPort.postMessage({ error: { name: String(e && e.name || "Error"), code: e && typeof e.code === "string" ? e.code : undefined, message: String(e && e.message || e).slice(0, 200) } });
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

/** A failed checkpoint as the worker reports it. */
export interface CheckpointError {
  name: string;
  code?: string;
  message: string;
}

/**
 * Starts the checkpoint worker for the SQLite file at `path`. `onError` hears every failed checkpoint (one every
 * `everyMs` while the disk refuses writes: throttle before logging), `onRecovered` the first success after failures.
 */
export function startCheckpointer(
  path: string,
  opts: { everyMs?: number; restartPages?: number; onError?: (error: CheckpointError) => void; onRecovered?: () => void } = {},
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { path, driver, everyMs: opts.everyMs ?? 250, restartPages: opts.restartPages ?? 16_384 },
    // It runs one pragma on a timer: a small heap keeps the extra isolate's memory small.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
  });
  worker.unref();
  worker.on("message", (m: { error?: CheckpointError; recovered?: boolean }) => {
    if (m?.error) opts.onError?.(m.error);
    else if (m?.recovered) opts.onRecovered?.();
  });
  worker.on("error", (e) => opts.onError?.({ name: e.name, code: (e as { code?: string }).code, message: e.message.slice(0, 200) }));
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
