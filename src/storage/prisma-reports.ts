import type { Db } from "./db.js";

export class PrismaReportStore {
  constructor(readonly db: Db) {}
}
