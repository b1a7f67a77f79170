// @ts-check

/*
 * Build-end notifications (src/notifications/): every backend replica watches the runs and sees the
 * same run end, but only one may notify. A replica claims a run end by inserting its row here; the
 * primary key makes exactly one insert win, on every replica and database. Rows are pruned after
 * 30 days (a run does not end again). A released migration is never edited.
 */

const TABLE = 'openchoreo_build_notified_run_ends';

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(TABLE, table => {
    table.comment('Run ends a replica has claimed to send the notification of');
    table
      .string('run_key', 64)
      .notNullable()
      .comment('sha256 hex of the run: namespace, name and uid');
    table
      .string('final_status', 16)
      .notNullable()
      .comment('Succeeded, Failed or Completed');
    table.string('namespace', 253).notNullable();
    table.string('name', 253).notNullable();
    table.string('uid', 64).nullable();
    table
      .string('claim_token', 36)
      .notNullable()
      .comment('random UUID of the winning claim: tells the winner it won');
    table.bigInteger('claimed_at_ms').notNullable();
    table.primary(['run_key', 'final_status']);
    table.index(['claimed_at_ms'], `${TABLE}_claimed_idx`);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable(TABLE);
};
