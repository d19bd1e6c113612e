// Applies pending migrations to the configured SQLite database (DATABASE_URL). The app does this at start too.
import { migrateSqlite, sqlitePath } from "../src/runtimes/node/db.js";
import { readDotEnv } from "../src/runtimes/node/main.js";

// An empty DATABASE_URL (as in .env.example) means the default, as it does for the app.
const url = process.env.DATABASE_URL || readDotEnv(".env").DATABASE_URL || "file:./data/huibao.db";
const applied = migrateSqlite(sqlitePath(url));
console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
