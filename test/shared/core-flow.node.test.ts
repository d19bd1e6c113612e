// The shared core flow (test/shared/core-flow.ts) on Node + SQLite: src/runtimes/node/main.ts as `npm start` runs it.
// Its twin on Workers + D1 is test/worker/core-flow.worker.ts (npm run test:worker; npm test runs both).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe } from "vitest";
import { startHarness, type Harness } from "../helpers/harness.js";
import { coreFlow, coreFlowEnv, coreFlowHolidayOverride, type FlowTarget } from "./core-flow.js";

let h: Harness;
let dir = "";
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "huibao-core-"));
  const override = join(dir, "holidays.json");
  writeFileSync(override, coreFlowHolidayOverride());
  h = await startHarness({ env: { ...coreFlowEnv(), HOLIDAY_OVERRIDE_FILE: override } });
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const target = (): FlowTarget => ({
  lark: h.lark,
  post: (body, headers) => fetch(`${h.base}/lark/webhook`, { method: "POST", body, headers }),
  get: (path) => fetch(`${h.base}${path}`),
  settle: () => h.settle(),
  async remind(at) {
    await h.server.huibao.runReminders(at);
  },
  async inboxRow(eventId) {
    return h.server.huibao.reports.db.inboxEvent.findUnique({ where: { eventId }, select: { eventType: true, status: true } });
  },
});

describe("core flow on Node + SQLite", () => coreFlow(target));
