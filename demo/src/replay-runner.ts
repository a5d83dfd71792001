import { amAlert, amWebhook, OUTAGE, type AlertSpec, type AmWebhook } from './alertmanager-payloads';
import type { ReplayConfig } from './replay-config';

// The demo outage as a real Alertmanager would send it (webhook v4, grouped by service,
// duplicates, a flapping alert), with resolutions once the target is repaired — by the
// runbook a human approved.

interface TargetState {
  healthy: boolean;
  database: { healthy: boolean };
  services: Record<string, { healthy: boolean }>;
}

interface Tracked {
  spec: AlertSpec;
  startsAt: Date;
  endsAt: Date | null;
  /** When this alert clears, judged from the target's state (the "Prometheus rule"). */
  clears: (s: TargetState) => boolean;
}

class Replay {
  private readonly alerts = new Map<string, Tracked>();
  private readonly lastSent = new Map<string, { body: string; at: number }>();

  constructor(
    private readonly cfg: ReplayConfig,
    private readonly log: (line: string) => void,
  ) {}

  sleep(seconds: number): Promise<void> {
    return new Promise((r) => setTimeout(r, (seconds * 1000) / this.cfg.speed));
  }

  fire(spec: AlertSpec, clears: Tracked['clears']): void {
    const cur = this.alerts.get(spec.alertname);
    // A refire after a resolution is a new occurrence with a new startsAt (same fingerprint).
    if (!cur || cur.endsAt) this.alerts.set(spec.alertname, { spec, startsAt: new Date(), endsAt: null, clears });
  }

  resolve(alertname: string): void {
    const cur = this.alerts.get(alertname);
    if (cur && !cur.endsAt) cur.endsAt = new Date();
  }

  /** The current notification for one service group, like Alertmanager builds it. */
  group(service: string): AmWebhook {
    const alerts = [...this.alerts.values()]
      .filter((t) => t.spec.service === service)
      .map((t) => amAlert(t.spec, t.startsAt, t.endsAt ?? undefined));
    return amWebhook({ service }, alerts);
  }

  async send(service: string, note: string, body = JSON.stringify(this.group(service))): Promise<void> {
    const res = await fetch(`${this.cfg.url}/api/v1/ingest/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.cfg.token}` },
      body,
    });
    this.lastSent.set(service, { body, at: Date.now() });
    const summary = (JSON.parse(body) as AmWebhook).alerts.map((a) => `${a.labels.alertname}=${a.status}`).join(' ');
    if (res.ok) this.log(`→ ${service}: ${note} [${summary}] (${res.status})`);
    else this.log(`→ ${service}: ${note} REFUSED ${res.status}: ${await res.text()}`);
  }

  async targetState(): Promise<TargetState | null> {
    try {
      const res = await fetch(`${this.cfg.target}/state`);
      return res.ok ? ((await res.json()) as TargetState) : null;
    } catch {
      return null;
    }
  }

  firing(): Tracked[] {
    return [...this.alerts.values()].filter((t) => !t.endsAt);
  }

  /** Resolve what the target says has cleared; repeat unchanged firing groups. */
  async watch(): Promise<boolean> {
    const deadline = Date.now() + this.cfg.timeoutMinutes * 60_000;
    this.log(
      'outage in progress: approve the recommended fix in the UI or with `npm run cli -- approve <id>` ' +
        '(the database failover is high risk: two different approvers must approve it)',
    );
    while (Date.now() < deadline && this.firing().length > 0) {
      await this.sleep(3);
      const state = await this.targetState();
      if (!state) {
        this.log(`cannot read ${this.cfg.target}/state; retrying`);
        continue;
      }
      const changed = new Set<string>();
      for (const t of this.firing()) {
        if (t.clears(state)) {
          this.resolve(t.spec.alertname);
          changed.add(t.spec.service);
        }
      }
      for (const service of changed) await this.send(service, 'resolved after repair');
      for (const service of new Set(this.firing().map((t) => t.spec.service))) {
        const last = this.lastSent.get(service);
        if (!changed.has(service) && last && Date.now() - last.at > (this.cfg.repeatSeconds * 1000) / this.cfg.speed) {
          await this.send(service, 'repeat (identical)', last.body);
        }
      }
    }
    return this.firing().length === 0;
  }
}

/** Plays the outage to HRO and waits for the fix; true when every alert resolved in time. */
export async function runReplay(cfg: ReplayConfig, log: (line: string) => void): Promise<boolean> {
  const r = new Replay(cfg, log);
  if (cfg.breakTarget) {
    const res = await fetch(`${cfg.target}/admin/break`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'db-primary-down' }),
    });
    if (!res.ok) throw new Error(`cannot break the demo target at ${cfg.target}: HTTP ${res.status}`);
    log(`broke the demo target (${cfg.target}): database primary orders-db-a is down`);
  }
  const dbOk = (s: TargetState): boolean => s.database.healthy;
  const svcOk =
    (name: string) =>
    (s: TargetState): boolean =>
      s.services[name]?.healthy === true;

  r.fire(OUTAGE.dbDown, dbOk);
  await r.send('orders-db', 'database primary down');
  await r.sleep(2);
  await r.send('orders-db', 'duplicate delivery (same group, same alert)');
  await r.sleep(3);
  r.fire(OUTAGE.apiLatency, svcOk('api'));
  r.fire(OUTAGE.apiPool, svcOk('api'));
  await r.send('api', 'API latency follows');
  await r.sleep(3);
  r.fire(OUTAGE.checkoutErrors, svcOk('checkout'));
  await r.send('checkout', 'checkout errors follow');
  // The pool alert flaps: it hovers around its threshold while the database is gone.
  for (let i = 0; i < 2; i++) {
    await r.sleep(4);
    r.resolve(OUTAGE.apiPool.alertname);
    await r.send('api', `pool alert flaps: resolved (${i + 1}/2)`);
    await r.sleep(4);
    r.fire(OUTAGE.apiPool, svcOk('api'));
    await r.send('api', `pool alert flaps: firing again (${i + 1}/2)`);
  }
  return r.watch();
}
