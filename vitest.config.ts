import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default leaves one core free (one worker on a 2-core machine). Many files spend their time waiting on
    // child processes, a browser or sockets, so one worker per core keeps both busy.
    maxWorkers: Math.max(2, availableParallelism()),
    // Files share a worker's module cache instead of importing the app again for each file (≈ 2 s of import per file
    // otherwise). Nothing in the app keeps per-test state at module level, and no test mocks modules; that each file
    // and each test still passes alone is checked by `node scripts/check-isolation.mjs`.
    isolate: false,
  },
});
