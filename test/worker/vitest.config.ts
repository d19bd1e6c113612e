// The Workers-runtime tests (src/runtimes/worker/main.ts under workerd via `wrangler dev --local`): `npm run test:worker`, and
// the second half of `npm test`. Kept out of the main run (their files end in .worker.ts, not .test.ts) so the
// workerd process does not compete for CPU with the timing-sensitive tests there.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/worker/**/*.worker.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
