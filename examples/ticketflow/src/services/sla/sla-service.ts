import { DeadlineReminderDue, DeadlinesCalculated, SLABreached } from '../../contracts/sla-contracts.js';
import type { Clock } from '../../runtime/clock.js';
import { runScript } from '../../runtime/run-script.js';
import type { ServiceModule } from '../../runtime/service-module.js';
import { alertBreaches } from './breach-watcher.js';
import { startPeriodicTask } from './periodic-task.js';
import { sendDueReminders } from './reminders-watcher.js';
import { registerSlaHandlers } from './sla-handlers.js';
import { registerSlaRoutes } from './sla-routes.js';
import { SEED_SIGNED_SLAS, SLA_SCHEMA } from './sla-schema.js';

export interface SlaServiceOptions {
  /** The current time; tests inject their own clock. */
  readonly now?: Clock;
}

/**
 * SLA: deadlines from the signed SLA of the requester's domain, reminders to the assigned agent at their times,
 * breach alerts until resolution; blocking pauses the clock. Follows tickets through their events only.
 */
export function slaService(options: SlaServiceOptions = {}): ServiceModule {
  const now = options.now ?? (() => new Date());
  return {
    name: 'sla',
    publishes: [DeadlinesCalculated, SLABreached, DeadlineReminderDue],
    migrate: async (sql) => {
      await runScript(sql, SLA_SCHEMA);
      await sql.query(SEED_SIGNED_SLAS.sql, SEED_SIGNED_SLAS.params);
    },
    configure: registerSlaHandlers,
    routes: registerSlaRoutes,
    start(context) {
      const { timing } = context.config;
      const stops = [
        startPeriodicTask(
          'SLA reminders watcher',
          timing.reminderIntervalMs,
          async () => void (await sendDueReminders(context, now)),
          context.logger,
        ),
        startPeriodicTask(
          'SLA breach watcher',
          timing.breachCheckIntervalMs,
          async () => void (await alertBreaches(context, now, timing.breachRealertMs)),
          context.logger,
        ),
      ];
      return async () => {
        await Promise.all(stops.map((stop) => stop()));
      };
    },
  };
}
