import type { SqlExecutor } from '@pragmatic-messaging/core';

/**
 * Runs a DDL script statement by statement: PostgreSQL's extended protocol (which PGlite always uses) takes one
 * statement per query. Statements are separated by a semicolon at the end of a line.
 */
export async function runScript(sql: SqlExecutor, script: string): Promise<void> {
  for (const statement of script.split(/;\s*$/m)) {
    if (statement.trim()) await sql.query(statement);
  }
}
