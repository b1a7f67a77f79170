// @ts-check

/*
 * Webhook deliveries, shared by every backend replica (src/webhooks/deliveries/):
 * - openchoreo_build_webhook_locks: who processes a delivery id right now, and which builds (one
 *   component at one pushed commit) are claimed; each row expires, so a crashed replica's lock ends;
 * - openchoreo_build_webhook_outcomes: the answer to a delivery id once it was handled, so a
 *   redelivery on any replica answers `duplicate`;
 * - openchoreo_build_webhook_delivery_log and …_delivery_components: the delivery log the Auto-build
 *   card shows (verified deliveries only; never a payload, header or secret).
 * Keys are sha256 hex of the caller's key, so any key length fits. A released migration is never
 * edited.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('openchoreo_build_webhook_locks', table => {
    table.comment(
      'Delivery locks and build claims of the auto-build webhook, each until it expires',
    );
    table.string('lock_key', 64).primary().comment('sha256 hex of kind:key');
    table.string('kind', 16).notNullable().comment("'delivery' or 'build'");
    table
      .string('holder', 64)
      .notNullable()
      .comment('the store instance (one per backend process) holding it');
    table
      .string('token', 64)
      .notNullable()
      .comment('one acquisition: a holder never takes its own lock twice');
    table.bigInteger('expires_at_ms').notNullable();
    table.index(['expires_at_ms'], 'openchoreo_build_webhook_locks_expiry_idx');
  });

  await knex.schema.createTable('openchoreo_build_webhook_outcomes', table => {
    table.comment('The remembered answer to each handled delivery id');
    table.string('delivery_key', 64).primary().comment('sha256 hex of the key');
    table.text('outcome_json').notNullable();
    table.bigInteger('recorded_at_ms').notNullable();
    table.index(
      ['recorded_at_ms'],
      'openchoreo_build_webhook_outcomes_recorded_idx',
    );
  });

  await knex.schema.createTable(
    'openchoreo_build_webhook_delivery_log',
    table => {
      table.comment('Every verified webhook delivery (one row per receipt)');
      table.string('id', 36).primary().comment('random UUID');
      table.bigInteger('received_at_ms').notNullable();
      table.string('provider', 16).notNullable();
      table.string('delivery_id', 255).notNullable();
      table.string('event', 255).notNullable();
      table.string('repository', 2048).nullable();
      table.string('branch', 255).nullable();
      table.string('commit_sha', 64).nullable();
      table
        .string('outcome', 16)
        .notNullable()
        .comment('created, duplicate, ignored, failed or partial');
      table.string('message', 1024).notNullable();
      table
        .text('runs_json')
        .notNullable()
        .comment('["<namespace>/<run>", …] it started');
      table
        .text('components_json')
        .notNullable()
        .comment('["<namespace>/<project>/<component>", …] it matched');
      table.index(
        ['received_at_ms'],
        'openchoreo_build_webhook_delivery_log_received_idx',
      );
    },
  );

  await knex.schema.createTable(
    'openchoreo_build_webhook_delivery_components',
    table => {
      table.comment(
        'What each logged delivery did for each component it matched',
      );
      table
        .string('delivery_log_id', 36)
        .notNullable()
        .references('id')
        .inTable('openchoreo_build_webhook_delivery_log')
        .onDelete('CASCADE');
      table.string('namespace', 253).notNullable();
      table.string('project', 253).notNullable();
      table.string('component', 253).notNullable();
      table
        .bigInteger('received_at_ms')
        .notNullable()
        .comment(
          "the delivery's, so a component's list needs no join to order",
        );
      table
        .string('outcome', 16)
        .notNullable()
        .comment('created, duplicate or failed');
      table.string('branch', 255).nullable();
      table.string('commit_sha', 64).nullable();
      table.string('run_name', 253).nullable().comment('the run it started');
      table
        .string('error', 512)
        .nullable()
        .comment('why the build did not start');
      table.primary(['delivery_log_id', 'namespace', 'component']);
      // A component's recent deliveries, newest first.
      table.index(
        ['namespace', 'project', 'component', 'received_at_ms'],
        'openchoreo_build_webhook_delivery_components_list_idx',
      );
      table.index(
        ['received_at_ms'],
        'openchoreo_build_webhook_delivery_components_received_idx',
      );
    },
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('openchoreo_build_webhook_delivery_components');
  await knex.schema.dropTable('openchoreo_build_webhook_delivery_log');
  await knex.schema.dropTable('openchoreo_build_webhook_outcomes');
  await knex.schema.dropTable('openchoreo_build_webhook_locks');
};
