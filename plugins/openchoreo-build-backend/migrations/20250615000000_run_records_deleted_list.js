// @ts-check

/*
 * `GET /runs` merges the deleted runs of the run record into every page (src/runRecords/
 * RunRecordStore.ts listDeleted). With the organization index alone the database walks every
 * record of the organizations — 100,000 rows for a big one, on every page — to find the few that
 * were deleted. A partial index over the deleted records only, in list order, answers it from
 * those rows (PostgreSQL and SQLite both support `CREATE INDEX … WHERE`).
 */

const INDEX = 'openchoreo_build_runs_deleted_list_idx';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // In list order (newest first, then name, then namespace), so a page is read straight off it.
  await knex.raw(
    `CREATE INDEX ${INDEX} ON openchoreo_build_runs (created_at_ms DESC, name, namespace) WHERE deleted_at_ms IS NOT NULL`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(`DROP INDEX ${INDEX}`);
};
