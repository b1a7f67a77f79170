// @ts-check

/*
 * The run record: every run the portal has seen, kept after the control plane deleted the object
 * (OpenChoreo's controller deletes a finished WorkflowRun after `ttlAfterCompletion`:
 * internal/controller/workflowrun/controller.go@v1.2.3 checkTTLExpiration). Read and written by
 * src/runRecords/RunRecordStore.ts. Later tables (e.g. webhook deliveries) are new migration files
 * next to this one; a released migration is never edited.
 */

/**
 * Kubernetes names (DNS subdomains, at most 253 characters) of a row key. On PostgreSQL they sort
 * byte-wise (COLLATE "C"), as the backend's list order compares them (`compareRunKeys` in -common)
 * and as SQLite does by default; a locale collation would skip '-' and '.' and page differently.
 *
 * @param {import('knex').Knex} knex
 * @param {import('knex').Knex.CreateTableBuilder} table
 * @param {string} column
 */
function kubernetesName(knex, table, column) {
  const isPostgres = String(knex.client.config.client).includes('pg');
  return isPostgres
    ? table.specificType(column, 'varchar(253) COLLATE "C"')
    : table.string(column, 253);
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('openchoreo_build_runs', table => {
    table.comment(
      'Runs (ComponentWorkflowRuns, WorkflowRuns) the portal has seen, kept after the object is deleted',
    );
    kubernetesName(knex, table, 'namespace').notNullable();
    kubernetesName(knex, table, 'name').notNullable();
    table
      .string('uid', 64)
      .notNullable()
      .comment('metadata.uid: a later run may reuse the name');
    table.string('generation', 8).notNullable().comment("'v0' or 'v1'");
    table.string('project', 253).nullable();
    table.string('component', 253).nullable();
    table.string('workflow', 253).nullable();
    table.string('status', 16).notNullable().comment('RunStatus');
    table
      .boolean('finished')
      .notNullable()
      .comment('status is terminal: a later write never makes it unfinished');
    table
      .bigInteger('resource_version')
      .nullable()
      .comment(
        'metadata.resourceVersion when numeric: older writes are ignored',
      );
    table
      .bigInteger('created_at_ms')
      .notNullable()
      .comment(
        'creationTimestamp (ms); the smallest safe integer when unknown',
      );
    table.bigInteger('completed_at_ms').nullable();
    table
      .bigInteger('deleted_at_ms')
      .nullable()
      .comment(
        'when the portal saw the object disappear; null while it exists',
      );
    table
      .string('deleted_reason', 16)
      .nullable()
      .comment("'retention' (deleted after it finished) or 'deleted'");
    table.string('created_by', 512).nullable();
    table.text('summary_json').notNullable().comment('RunSummary as JSON');
    table
      .text('steps_json')
      .nullable()
      .comment('RunStep[] as JSON, without step outputs');
    table.bigInteger('recorded_at_ms').notNullable().comment('last write (ms)');
    table.primary(['namespace', 'name', 'uid']);
    // The runs of some organizations in list order (listDeleted; the sweep after a list).
    table.index(
      ['namespace', 'created_at_ms', 'name'],
      'openchoreo_build_runs_list_idx',
    );
    // Pruning deleted runs past their retention.
    table.index(['deleted_at_ms'], 'openchoreo_build_runs_deleted_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('openchoreo_build_runs');
};
