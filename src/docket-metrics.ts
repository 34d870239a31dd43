// Docket's own series on /metrics, beside the HTTP and process ones:
//   docket_commands_total{type,outcome}       every engine command: accepted, duplicate, refused, error
//   docket_refusals_total{code}               refusals by their stable code (src/core/refusals.ts)
//   docket_deliveries_total{platform,result}  chat-port calls: ok, retryable, permanent, unreachable, error
//   docket_outbox_pending, docket_outbox_oldest_pending_age_seconds
//   docket_dead_letters, docket_timers_due, docket_timer_lag_seconds, docket_audit_head_seq
// The counters are kept by wrapping the engine and the chat ports at the composition root (the
// engine and the dispatcher stay unaware of metrics); the gauges are read from the database
// at scrape time through OpsStats, one snapshot per scrape.
import type { Engine } from './app/execute.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import { type ChatPort, DeliveryError } from './ports/chat.ts';
import type { OpsStats } from './ports/ops-stats.ts';

/** the ChatPort calls that deliver something to a platform */
const DELIVERIES = new Set<string | symbol>(['postCard', 'updateCard', 'reply', 'postMessage'] satisfies (keyof ChatPort)[]);

export interface DocketMetrics {
  /** counts this engine's commands from now on */
  meterEngine(engine: Engine): void;
  /** the same port, counting its deliveries */
  meterChatPort(port: ChatPort): ChatPort;
}

export function docketMetrics(metrics: Metrics, stats: OpsStats, now: () => Date, log: Logger): DocketMetrics {
  const commands = metrics.counter('docket_commands_total', 'Engine commands by type and outcome (accepted, duplicate, refused, error)', ['type', 'outcome']);
  const refusals = metrics.counter('docket_refusals_total', 'Refused commands by refusal code', ['code']);
  const deliveries = metrics.counter('docket_deliveries_total', 'Chat platform calls by platform and result (ok, retryable, permanent, unreachable, error)', ['platform', 'result']);
  const scrapeErrors = metrics.counter('docket_metrics_scrape_errors_total', 'Scrapes whose database read failed (the Docket gauges then keep their last values)');
  const g = {
    pending: metrics.gaugeSeries('docket_outbox_pending', 'Outbox rows waiting for delivery'),
    oldest: metrics.gaugeSeries('docket_outbox_oldest_pending_age_seconds', 'Age of the oldest outbox row waiting for delivery (0 when none)'),
    dead: metrics.gaugeSeries('docket_dead_letters', 'Outbox rows a platform refused for good, waiting for an admin'),
    due: metrics.gaugeSeries('docket_timers_due', 'Pending timers whose time has come'),
    lag: metrics.gaugeSeries('docket_timer_lag_seconds', 'How far past its due time the most overdue pending timer is (0 when none)'),
    audit: metrics.gaugeSeries('docket_audit_head_seq', 'Highest sequence number in the audit log'),
  };
  const age = (iso: string | null, at: Date) => (iso ? Math.max(0, (at.getTime() - Date.parse(iso)) / 1000) : 0);
  metrics.onScrape(async () => {
    const at = now();
    try {
      const s = await stats.snapshot(at);
      g.pending.set(s.outboxPending);
      g.oldest.set(age(s.outboxOldestPendingAt, at));
      g.dead.set(s.deadLetters);
      g.due.set(s.timersDue);
      g.lag.set(age(s.timersOldestDueAt, at));
      g.audit.set(s.auditHeadSeq);
    } catch (err) {
      scrapeErrors.inc();
      log.warn('metrics: could not read the operational gauges', { err });
    }
  });

  return {
    meterEngine(engine) {
      const execute = engine.execute.bind(engine);
      engine.execute = async (envelope) => {
        const type = envelope.command.type;
        try {
          const outcome = await execute(envelope);
          if (outcome.ok) commands.inc({ type, outcome: outcome.duplicate ? 'duplicate' : 'accepted' });
          else {
            commands.inc({ type, outcome: 'refused' });
            refusals.inc({ code: outcome.code });
          }
          return outcome;
        } catch (err) {
          commands.inc({ type, outcome: 'error' });
          throw err;
        }
      };
    },
    meterChatPort(port) {
      const platform = port.platform;
      // a Proxy rather than a copy of the interface: methods the port gains later (a lookup of
      // an unknown outcome, say) pass through unchanged, and only the deliveries are counted
      return new Proxy(port, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof value !== 'function') return value;
          // bound to the port itself: its methods may use #private fields, which a Proxy lacks
          if (!DELIVERIES.has(prop)) return (value as (...a: unknown[]) => unknown).bind(target);
          return async (...args: unknown[]) => {
            try {
              const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
              deliveries.inc({ platform, result: 'ok' });
              return result;
            } catch (err) {
              deliveries.inc({ platform, result: err instanceof DeliveryError ? err.kind : 'error' });
              throw err;
            }
          };
        },
      });
    },
  };
}
