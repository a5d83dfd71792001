import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { renderPlan } from '@hro/domain';
import { catalogOf, createActivities, type EscalationNotice } from '@hro/activities';
import {
  actors,
  alert,
  alertsSignal,
  closeSignal,
  createHarness,
  DECISION,
  decideUpdate,
  ESCALATION_HOOK_PATH,
  decision,
  inState,
  HISTORY_ENCODING,
  newSituationId,
  PUBLIC_URL,
  silentLogger,
  snapshotQuery,
  waitForSnapshot,
  type Harness,
} from './harness';

jest.setTimeout(120_000);

let h: Harness;

/** `HRO_RECORD_HISTORIES=1` refreshes the replay fixtures from this run. */
async function recordHistory(handle: WorkflowHandle, name: string): Promise<void> {
  if (process.env.HRO_RECORD_HISTORIES !== '1') return;
  // Protobuf bytes (base64) in a JSON envelope: this install's protobufjs copies disagree
  // inside historyToJSON, and the binary form round-trips exactly.
  const bytes = temporal.api.history.v1.History.encode(await handle.fetchHistory()).finish();
  const fixture = {
    workflowId: handle.workflowId,
    encoding: HISTORY_ENCODING,
    data: Buffer.from(bytes).toString('base64'),
  };
  writeFileSync(join(__dirname, 'fixtures', `${name}.history.json`), `${JSON.stringify(fixture, null, 2)}\n`);
}

/** The validator's reason for refusing an update (the API shows it in a 409). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return err instanceof WorkflowUpdateFailedError ? String(err.cause?.message) : String(err);
  }
  throw new Error('the update was accepted');
}

beforeAll(async () => {
  h = await createHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('situation workflow', () => {
  it('approval path: recommends, records the approval first, executes, verifies resolved', async () => {
    const id = newSituationId();
    await h.prisma.correlationKey.create({ data: { key: `environment=prod|service=${id}`, situationId: id } });
    await h.run(async () => {
      const handle = await h.start(id, [alert(`${id}-a1`, 'HighLatency')]);
      await h.env.sleep(31_000);
      const waiting = await waitForSnapshot(handle, inState('awaiting_approval'));
      expect(waiting.plan?.runbookId).toBe('restart-api');
      expect(waiting.plan?.params).toEqual({ service: 'api' });
      expect(waiting.escalatesAt).not.toBeNull();

      const result = await handle.executeUpdate(decideUpdate, { args: [decision(actors.alice, waiting.plan!.hash)] });
      expect(result).toEqual({ accepted: true, approvalsRemaining: 0, state: 'executing' });

      await waitForSnapshot(handle, inState('verifying'));
      await handle.signal(alertsSignal, { alerts: [alert(`${id}-a1`, 'HighLatency', 'resolved')] });
      const final = await handle.result();
      expect(final.state).toBe('resolved');
      expect(final.closed).toBe(true);
      await recordHistory(handle, 'approval-path');
    });

    const keys = h.target.calls
      .filter((c) => c.idempotencyKey?.startsWith(id))
      .map((c) => `${c.path} ${c.idempotencyKey}`);
    expect(keys).toEqual([`/drain/api ${id}:apply:0`, `/restart/api ${id}:apply:1`]);
    const approval = await h.prisma.approval.findFirstOrThrow({ where: { situationId: id } });
    const steps = await h.prisma.executionStep.findMany({ where: { situationId: id }, orderBy: { index: 'asc' } });
    expect(steps.map((s) => [s.name, s.status, s.attempts])).toEqual([
      ['drain', 'succeeded', 1],
      ['restart', 'succeeded', 1],
    ]);
    expect(approval.userId).toBe(actors.alice.userId);
    expect(approval.createdAt.getTime()).toBeLessThanOrEqual(steps[0]!.startedAt!.getTime());
    const row = await h.prisma.situation.findUniqueOrThrow({ where: { id }, include: { transitions: true } });
    expect(row.state).toBe('resolved');
    expect(row.closedAt).not.toBeNull();
    expect(row.features).toMatchObject({ alertNames: ['HighLatency'], services: ['api'] });
    expect(row.transitions.map((t) => t.toState)).toEqual(
      expect.arrayContaining(['collecting', 'recommending', 'awaiting_approval', 'executing', 'verifying', 'resolved']),
    );
    const versions = row.transitions.map((t) => t.version).sort((a, b) => a - b);
    expect(versions).toEqual(versions.map((_v, i) => i + 1));
    expect(row.version).toBe(versions.length);
    const key = await h.prisma.correlationKey.findUniqueOrThrow({ where: { key: `environment=prod|service=${id}` } });
    expect(key.situationId).toBeNull();
  });

  /** Starts a situation and waits until it awaits approval; returns handle and snapshot. */
  async function awaitingApproval(name: string, extra = {}) {
    const id = newSituationId();
    const handle = await h.start(id, [alert(`${id}-a1`, name)], extra);
    await h.env.sleep(31_000);
    const snap = await waitForSnapshot(handle, inState('awaiting_approval'));
    return { id, handle, snap, hash: snap.plan!.hash };
  }

  it('reject: nothing runs, the situation stays open for manual handling until closed', async () => {
    await h.run(async () => {
      const { id, handle, hash } = await awaitingApproval('HighLatency');
      const res = await handle.executeUpdate(decideUpdate, {
        args: [decision(actors.alice, hash, { decision: 'reject', reason: 'wrong diagnosis' })],
      });
      expect(res).toEqual({ accepted: true, approvalsRemaining: 0, state: 'rejected' });
      const rejected = await waitForSnapshot(handle, inState('rejected'));
      expect(rejected.closed).toBe(false);
      expect(await refusal(handle.executeUpdate(decideUpdate, { args: [decision(actors.bob, hash)] }))).toMatch(
        /already decided/,
      );
      await handle.signal(closeSignal, { actor: actors.bob.email });
      const final = await handle.result();
      expect(final).toMatchObject({ state: 'rejected', closed: true });
      expect(h.target.calls.filter((c) => c.idempotencyKey?.startsWith(id))).toEqual([]);
      const approval = await h.prisma.approval.findFirstOrThrow({ where: { situationId: id } });
      expect(approval).toMatchObject({ decision: 'reject', reason: 'wrong diagnosis' });
    });
  });

  /** Escalation notices the target server received for situation `id` at `path`. */
  const notices = (path: string, id: string) =>
    h.target.calls
      .filter((c) => c.path === path)
      .map((c) => JSON.parse(c.body) as EscalationNotice)
      .filter((n) => n.situation.id === id);

  it('escalates after the escalation time, then expires; nothing runs', async () => {
    await h.run(async () => {
      const { id, handle, snap } = await awaitingApproval('HighLatency');
      await h.env.sleep(DECISION.escalateAfterMs + 1_000);
      const escalated = await waitForSnapshot(handle, (s) => s.escalated);
      expect(escalated.state).toBe('awaiting_approval');
      const final = await handle.result();
      expect(final.state).toBe('expired');
      expect(final.escalated).toBe(true);
      await recordHistory(handle, 'escalated-expired');
      expect(h.target.calls.filter((c) => c.idempotencyKey?.startsWith(id))).toEqual([]);
      const row = await h.prisma.situation.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ state: 'expired', escalated: true });

      // Exactly one notice reached the webhook, linking to the situation in the command center.
      const sent = notices(ESCALATION_HOOK_PATH, id);
      expect(sent).toHaveLength(1);
      const link = `${PUBLIC_URL}/responder/situations/${id}`;
      expect(sent[0]!.text).toContain(snap.title);
      expect(sent[0]!.text).toContain(link);
      expect(sent[0]!.situation).toEqual({
        id,
        title: snap.title,
        severity: 'critical',
        service: 'api',
        environment: 'prod',
        escalatesAt: snap.escalatesAt,
        expiresAt: snap.expiresAt,
        url: link,
      });
    });
  });

  it('a webhook that answers 500 gets bounded retries; the situation still escalates and expires', async () => {
    const failing = createActivities({
      prisma: h.prisma,
      publisher: h.publisher,
      logger: silentLogger,
      catalog: catalogOf([]),
      escalationWebhookUrl: h.target.url('/fail/escalation'),
      publicUrl: PUBLIC_URL,
    });
    await h.run(
      async () => {
        const { id, handle } = await awaitingApproval('HighLatency');
        await h.env.sleep(DECISION.escalateAfterMs + 1_000);
        const escalated = await waitForSnapshot(handle, (s) => s.escalated);
        expect(escalated.state).toBe('awaiting_approval');
        const final = await handle.result();
        expect(final).toMatchObject({ state: 'expired', escalated: true });
        expect(final.outcome?.message).toMatch(/no decision before the deadline/);
        // Three attempts (the notifier's maximumAttempts), then the workflow moved on.
        expect(notices('/fail/escalation', id)).toHaveLength(3);
        const row = await h.prisma.situation.findUniqueOrThrow({ where: { id }, include: { transitions: true } });
        expect(row).toMatchObject({ state: 'expired', escalated: true });
        const reasons = row.transitions.sort((a, b) => a.version - b.version).map((t) => t.reason);
        expect(reasons.slice(-2)).toEqual([
          'escalated: no decision yet',
          'no decision before the deadline; nothing ran',
        ]);
      },
      { notifyEscalation: failing.notifyEscalation },
    );
  });

  it('auto-resolves when every alert resolves before a decision', async () => {
    await h.run(async () => {
      const { id, handle } = await awaitingApproval('HighLatency');
      await handle.signal(alertsSignal, { alerts: [alert(`${id}-a1`, 'HighLatency', 'resolved')] });
      const final = await handle.result();
      expect(final.state).toBe('auto_resolved');
      expect(h.target.calls.filter((c) => c.idempotencyKey?.startsWith(id))).toEqual([]);
    });
  });

  it('ignores redelivered alert signals (same or lower seq)', async () => {
    await h.run(async () => {
      const id = newSituationId();
      const first = alert(`${id}-a1`, 'Unmatched');
      const handle = await h.start(id, [first]);
      const resolved = alert(`${id}-a1`, 'Unmatched', 'resolved');
      await handle.signal(alertsSignal, { alerts: [resolved] });
      await handle.signal(alertsSignal, { alerts: [first] }); // late redelivery of the firing change
      const snap = await waitForSnapshot(handle, (s) => s.alerts[0]?.lastSeq === resolved.seq);
      expect(snap.alerts[0]?.status).toBe('resolved');
      const final = await handle.result();
      expect(final.state).toBe('auto_resolved');
    });
  });

  it("step failure runs the completed steps' compensations in reverse order", async () => {
    await h.run(async () => {
      const { id, handle, hash } = await awaitingApproval('ErrorBurst');
      await handle.executeUpdate(decideUpdate, { args: [decision(actors.alice, hash)] });
      const final = await handle.result();
      expect(final.state).toBe('rolled_back');
      await recordHistory(handle, 'rolled-back');
      expect(final.outcome?.compensationsRun).toEqual(['b', 'a']);
      expect(final.outcome?.message).toMatch(/step "c" failed/);
      const paths = h.target.calls.filter((c) => c.idempotencyKey?.startsWith(id)).map((c) => c.path);
      expect(paths).toEqual(['/apply/a', '/apply/b', '/fail/c', '/undo/b', '/undo/a']);
      const steps = await h.prisma.executionStep.findMany({
        where: { situationId: id },
        orderBy: { startedAt: 'asc' },
      });
      expect(steps.map((s) => `${s.phase}:${s.index}:${s.status}`)).toEqual([
        'apply:0:succeeded',
        'apply:1:succeeded',
        'apply:2:failed',
        'compensate:1:succeeded',
        'compensate:0:succeeded',
      ]);
    });
  });

  it('refuses a stale plan hash, a viewer, and an unknown runbook, with reasons', async () => {
    await h.run(async () => {
      const { handle, hash } = await awaitingApproval('HighLatency');
      const stale = hash.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      expect(await refusal(handle.executeUpdate(decideUpdate, { args: [decision(actors.alice, stale)] }))).toMatch(
        /plan changed since it was shown/,
      );
      expect(await refusal(handle.executeUpdate(decideUpdate, { args: [decision(actors.victor, hash)] }))).toMatch(
        /role viewer may not decide/,
      );
      expect(
        await refusal(
          handle.executeUpdate(decideUpdate, { args: [decision(actors.alice, hash, { runbookId: 'nope' })] }),
        ),
      ).toMatch(/not a candidate/);
      // Edited parameters are a different plan: the hash of the shown plan no longer matches.
      expect(
        await refusal(
          handle.executeUpdate(decideUpdate, { args: [decision(actors.alice, hash, { params: { service: 'web' } })] }),
        ),
      ).toMatch(/plan changed/);
      const snap = await handle.query(snapshotQuery);
      expect(snap.state).toBe('awaiting_approval');
      expect(snap.approvals).toEqual([]);
      await handle.signal(closeSignal);
      await handle.signal(alertsSignal, { alerts: [alert(snap.alerts[0]!.alertId, 'HighLatency', 'resolved')] });
      expect((await handle.result()).state).toBe('auto_resolved');
    });
  });

  it('approves edited parameters when the hash is that of the edited plan', async () => {
    await h.run(async () => {
      const { id, handle, snap } = await awaitingApproval('HighLatency');
      const edited = renderPlan(snap.recommendation!.candidates[0]!.runbook, { service: 'web' }, {});
      const res = await handle.executeUpdate(decideUpdate, {
        args: [decision(actors.alice, edited.hash, { params: { service: 'web' } })],
      });
      expect(res.state).toBe('executing');
      await waitForSnapshot(handle, inState('verifying'));
      expect(h.target.calls.filter((c) => c.idempotencyKey?.startsWith(id)).map((c) => c.path)).toEqual([
        '/drain/web',
        '/restart/web',
      ]);
      await handle.signal(alertsSignal, { alerts: [alert(`${id}-a1`, 'HighLatency', 'resolved')] });
      expect((await handle.result()).state).toBe('resolved');
    });
  });

  it('four-eyes: a high-risk plan needs two distinct approvers', async () => {
    await h.run(async () => {
      const { id, handle, hash, snap } = await awaitingApproval('DbDown');
      expect(snap.plan?.requiredApprovals).toBe(2);
      const first = await handle.executeUpdate(decideUpdate, { args: [decision(actors.alice, hash)] });
      expect(first).toEqual({ accepted: true, approvalsRemaining: 1, state: 'awaiting_approval' });
      expect(await refusal(handle.executeUpdate(decideUpdate, { args: [decision(actors.alice, hash)] }))).toMatch(
        /already approved this plan/,
      );
      expect(h.target.calls.filter((c) => c.idempotencyKey?.startsWith(id))).toEqual([]);
      const second = await handle.executeUpdate(decideUpdate, { args: [decision(actors.bob, hash)] });
      expect(second).toEqual({ accepted: true, approvalsRemaining: 0, state: 'executing' });
      await waitForSnapshot(handle, inState('verifying'));
      expect(h.target.calls.filter((c) => c.idempotencyKey?.startsWith(id)).map((c) => c.path)).toEqual(['/promote']);
      const approvals = await h.prisma.approval.findMany({ where: { situationId: id } });
      expect(approvals.map((a) => a.userId).sort()).toEqual([actors.alice.userId, actors.bob.userId].sort());
      // No alert resolves: the verify window passes and the outcome is not_fixed.
      expect((await handle.result()).state).toBe('not_fixed');
    });
  });

  it('a decision racing the last approval’s audit write is refused, not told it won', async () => {
    // The audit write is slow, as under database load: the approval is accepted but not yet recorded.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const slowRecord: typeof h.activities.recordDecision = async (input) => {
      if (input.decision === 'approve') await gate;
      return h.activities.recordDecision(input);
    };
    await h.run(
      async () => {
        const { id, handle, hash } = await awaitingApproval('HighLatency');
        const approve = handle.executeUpdate(decideUpdate, { args: [decision(actors.alice, hash)] });
        await waitForSnapshot(handle, (s) => s.approvals.length === 1);
        const reject = refusal(
          handle.executeUpdate(decideUpdate, { args: [decision(actors.bob, hash, { decision: 'reject' })] }),
        );
        const approveAgain = refusal(handle.executeUpdate(decideUpdate, { args: [decision(actors.bob, hash)] }));
        expect(await reject).toMatch(/already decided: the plan has all the approvals/);
        expect(await approveAgain).toMatch(/already decided/);
        release();
        expect(await approve).toEqual({ accepted: true, approvalsRemaining: 0, state: 'executing' });
        const decisions = await h.prisma.approval.findMany({ where: { situationId: id } });
        expect(decisions.map((d) => [d.userId, d.decision])).toEqual([[actors.alice.userId, 'approve']]);
        // Finish the run: a workflow left waiting would hold the time-skipping server back.
        await waitForSnapshot(handle, inState('verifying'));
        await handle.signal(alertsSignal, { alerts: [alert(`${id}-a1`, 'HighLatency', 'resolved')] });
        expect((await handle.result()).state).toBe('resolved');
      },
      { recordDecision: slowRecord },
    );
  });

  it('a first approver may still reject a four-eyes plan', async () => {
    await h.run(async () => {
      const { handle, hash } = await awaitingApproval('DbDown');
      await handle.executeUpdate(decideUpdate, { args: [decision(actors.alice, hash)] });
      const veto = await handle.executeUpdate(decideUpdate, {
        args: [decision(actors.alice, hash, { decision: 'reject', reason: 'wrong region' })],
      });
      expect(veto).toMatchObject({ accepted: true, state: 'rejected' });
      await handle.signal(closeSignal, { actor: actors.alice.email });
      expect((await handle.result()).state).toBe('rejected');
    });
  });

  it('continue-as-new keeps alerts and a pending approval', async () => {
    await h.run(async () => {
      const { id, handle, hash } = await awaitingApproval('DbDown', { continueAsNewAfterEvents: 60 });
      const firstRun = (await handle.describe()).runId;
      await handle.executeUpdate(decideUpdate, { args: [decision(actors.alice, hash)] });
      // An alert storm: enough signals (each projected) to exceed the history threshold.
      for (let i = 0; i < 12; i++) {
        await handle.signal(alertsSignal, { alerts: [alert(`${id}-storm-${i}`, 'DbDown')] });
      }
      const latest = h.env.client.workflow.getHandle(id);
      for (let i = 0; i < 300 && (await latest.describe()).runId === firstRun; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await latest.describe()).runId).not.toBe(firstRun);
      const after = await waitForSnapshot(latest, (s) => s.alertCount === 13);
      expect(after.state).toBe('awaiting_approval');
      expect(after.approvals.map((a) => a.userId)).toEqual([actors.alice.userId]);
      const second = await latest.executeUpdate(decideUpdate, { args: [decision(actors.bob, hash)] });
      expect(second.approvalsRemaining).toBe(0);
      const resolvedAll = after.alerts.map((a) => alert(a.alertId, a.name, 'resolved'));
      await waitForSnapshot(latest, inState('verifying'));
      await latest.signal(alertsSignal, { alerts: resolvedAll });
      const final = await latest.result();
      expect(final).toMatchObject({ state: 'resolved', alertCount: 13 });
      const row = await h.prisma.situation.findUniqueOrThrow({ where: { id } });
      expect(row.version).toBe(final.version);
    });
  });

  it('hands alerts back when the situation has already finished', async () => {
    await h.run(async () => {
      const id = newSituationId();
      const handle = await h.start(id, [alert(`${id}-a1`, 'Unmatched')]);
      await handle.signal(alertsSignal, { alerts: [alert(`${id}-a1`, 'Unmatched', 'resolved')] });
      expect((await handle.result()).state).toBe('auto_resolved');
      // A late signal-with-start for the finished situation starts a new run: it must not
      // reopen the situation, only hand the alert back to the router.
      const db = h.prisma;
      const alertRow = await db.alert.create({
        data: { fingerprint: `fp-${id}-late`, source: 'test', status: 'firing', severity: 'warning', name: 'Late' },
      });
      const outbox = await db.outboxEntry.create({
        data: { alertId: alertRow.id, payload: {}, routedAt: new Date(), workflowId: id },
      });
      const late = { ...alert(alertRow.id, 'Late'), seq: Number(outbox.id) };
      const again = await h.start(id, [late]);
      const final = await again.result();
      expect(final.alertCount).toBe(1);
      const row = await db.outboxEntry.findUniqueOrThrow({ where: { id: outbox.id } });
      expect(row).toMatchObject({ routedAt: null, workflowId: null });
      expect((await db.situation.findUniqueOrThrow({ where: { id } })).state).toBe('auto_resolved');
    });
  });

  it('holds execution while remediation is paused globally, then runs it', async () => {
    const key = 'remediation.paused';
    await h.prisma.setting.upsert({ where: { key }, create: { key, value: true }, update: { value: true } });
    try {
      await h.run(async () => {
        const { id, handle, hash } = await awaitingApproval('HighLatency');
        await handle.executeUpdate(decideUpdate, { args: [decision(actors.alice, hash)] });
        const paused = await waitForSnapshot(handle, (s) => s.paused);
        expect(paused.state).toBe('executing');
        expect(h.target.calls.filter((c) => c.idempotencyKey?.startsWith(id))).toEqual([]);
        await h.prisma.setting.update({ where: { key }, data: { value: false } });
        await h.env.sleep(31_000);
        const resumed = await waitForSnapshot(handle, inState('verifying'));
        expect(resumed.paused).toBe(false);
        expect(h.target.calls.filter((c) => c.idempotencyKey?.startsWith(id))).toHaveLength(2);
        await handle.signal(alertsSignal, { alerts: [alert(`${id}-a1`, 'HighLatency', 'resolved')] });
        expect((await handle.result()).state).toBe('resolved');
      });
    } finally {
      await h.prisma.setting.deleteMany({ where: { key } });
    }
  });

  it('with no applicable runbook it keeps collecting (never awaits approval without a plan) until max age', async () => {
    await h.run(async () => {
      const id = newSituationId();
      const handle = await h.start(id, [alert(`${id}-a1`, 'Unmatched')]);
      await h.env.sleep(31_000);
      const snap = await waitForSnapshot(handle, (s) => s.recommendation !== null);
      expect(snap.state).toBe('collecting');
      expect(snap.plan).toBeNull();
      expect(snap.recommendation?.candidates).toEqual([]);
      const final = await handle.result();
      expect(final.state).toBe('expired');
      expect(final.outcome?.message).toMatch(/maximum situation age/);
    });
  });
});
