// huibao as `npm start` runs it (src/runtimes/node/main.ts startNode: real SQLite file, migrations, the node-sdk client, the
// webhook on a free port), in a child process a test can kill -9. Settings come from the environment (the
// harness's, test/helpers/harness.ts harnessEnv). One point in the composition is marked for the test: with
// HUIBAO_TEST_HOLD=after_decide, the approvals store, once it has stored a decision, prints "decided <id>" and
// holds the request there (never returns), so the parent can SIGKILL the process at exactly that point.
// Prints "ready <port>" once listening.
// Usage: node --import tsx test/helpers/crash-child.ts
import { startNode } from "../../src/runtimes/node/main.js";
import { wrapApprovals } from "./faults.js";

const hold = process.env.HUIBAO_TEST_HOLD;
const server = await startNode(process.env, {
  quiet: true,
  sweepMs: 3_600_000,
  reminderMs: 0,
  approvals:
    hold === "after_decide"
      ? (store) =>
          wrapApprovals(store, (real) => ({
            async decide(d) {
              const r = await real.decide(d);
              if (r === "recorded") {
                process.stdout.write(`decided ${d.id}\n`);
                await new Promise(() => {}); // held until the parent kills the process
              }
              return r;
            },
          }))
      : undefined,
});
process.stdout.write(`ready ${server.port}\n`);
