// Applies pending migrations to the configured SQLite database (DATABASE_URL). The app does this at start too.
import { migrateSqlite, sqlitePath } from "../src/node-db.js";
import { readDotEnv } from "../src/node.js";

const url = process.env.DATABASE_URL ?? readDotEnv(".env").DATABASE_URL ?? "file:./data/huibao.db";
const applied = migrateSqlite(sqlitePath(url));
console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
