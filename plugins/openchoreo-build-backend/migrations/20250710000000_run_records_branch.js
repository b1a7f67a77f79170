// @ts-check

/*
 * The `branch` filter of `GET /runs` (src/runRecords/RunRecordStore.ts listDeleted): the branch a
 * run builds (`RunSummary.repository.branch`) as its own column, so the database can narrow the
 * deleted runs by it. New records get it with every write (runRecordRows.ts); this migration fills
 * it in for the records already there, from their summary. A released migration is never edited.
 */

const TABLE = 'openchoreo_build_runs';
/** Records read per round while filling in the column (each round is one keyset query). */
const BATCH = 500;

/**
 * `repository.branch` of a stored summary; null when there is none or the JSON is unreadable (the
 * store reports an unreadable row when it is read, as before).
 *
 * @param {string} summaryJson
 * @returns {string | null}
 */
function branchOf(summaryJson) {
  try {
    const branch = JSON.parse(summaryJson)?.repository?.branch;
    return typeof branch === 'string' && branch !== '' ? branch : null;
  } catch {
    return null;
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable(TABLE, table => {
    // text: a branch name the cluster holds has no length the portal enforces.
    table
      .text('branch')
      .nullable()
      .comment('repository.branch of the summary: the branch filter');
  });
  /** @type {[string, string, string] | undefined} */
  let after;
  for (;;) {
    const query = knex(TABLE)
      .select('namespace', 'name', 'uid', 'summary_json')
      .orderBy(['namespace', 'name', 'uid'])
      .limit(BATCH);
    if (after) query.whereRaw('(namespace, name, uid) > (?, ?, ?)', after);
    /** @type {Array<{ namespace: string; name: string; uid: string; summary_json: string }>} */
    const rows = await query;
    if (rows.length === 0) return;
    /** @type {Map<string, string[][]>} the keys of the rows on each branch */
    const byBranch = new Map();
    for (const row of rows) {
      const branch = branchOf(row.summary_json);
      if (branch === null) continue;
      const keys = byBranch.get(branch) ?? [];
      keys.push([row.namespace, row.name, row.uid]);
      byBranch.set(branch, keys);
    }
    for (const [branch, keys] of byBranch) {
      await knex(TABLE)
        .whereIn(['namespace', 'name', 'uid'], keys)
        .update({ branch });
    }
    const last = rows[rows.length - 1];
    after = [last.namespace, last.name, last.uid];
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable(TABLE, table => {
    table.dropColumn('branch');
  });
};
