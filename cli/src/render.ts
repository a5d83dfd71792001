import type { Page, Plan, Runbook, SituationDetail, SituationSummary } from '@hro/domain';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const ago = (iso: string, now: Date): string => {
  const s = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
};

/** The situation list as a table. */
export function renderSituations(page: Page<SituationSummary>, now = new Date()): string {
  if (page.items.length === 0) return 'No situations.';
  const rows = [['ID', 'STATE', 'SEVERITY', 'SERVICE', 'ALERTS', 'UPDATED', 'TITLE']];
  for (const s of page.items) {
    rows.push([
      s.id,
      s.state + (s.escalated ? '!' : ''),
      s.severity,
      s.service ?? '-',
      `${s.firingCount}/${s.alertCount}`,
      ago(s.updatedAt, now),
      s.title,
    ]);
  }
  const more =
    page.total > page.offset + page.items.length ? `\n(${page.total} in total; showing ${page.items.length})` : '';
  return table(rows) + more;
}

/** A plan as an approver must see it: runbook, risk, the exact steps and the hash that binds them. */
export function renderPlan(p: Plan): string {
  const out = [
    `Plan: ${p.title} (${p.runbookId} v${p.runbookVersion}, ${p.risk} risk, ${p.requiredApprovals} approval(s))`,
    `  hash   ${p.hash}`,
    `  params ${JSON.stringify(p.params)}`,
  ];
  for (const s of p.steps) {
    const a = s.action;
    const what =
      a.kind === 'command' ? a.argv.join(' ') : a.kind === 'http' ? `${a.method} ${a.url}` : `check ${a.url}`;
    out.push(`  ${s.index + 1}. ${s.name}: ${what} (retry ${s.retry}${s.compensate ? ', compensable' : ''})`);
  }
  return out.join('\n');
}

/** One situation: alerts, recommendation, the plan with its hash, approvals and steps. */
export function renderSituation(d: SituationDetail): string {
  const out: string[] = [];
  out.push(`${d.id}  ${d.title}`);
  out.push(
    `state ${d.state}${d.escalated ? ' (escalated)' : ''} · severity ${d.severity} · service ${d.service ?? '-'} · env ${d.environment ?? '-'}`,
  );
  if (d.expiresAt) out.push(`expires ${d.expiresAt}${d.escalatesAt ? ` · escalates ${d.escalatesAt}` : ''}`);
  out.push('', `Alerts (${d.firingCount} firing of ${d.alertCount}):`);
  for (const a of d.alerts) {
    const flap = a.flapCount > 0 ? ` flapped ${a.flapCount}×` : '';
    out.push(
      `  [${a.status}] ${a.severity} ${a.name} ${a.service ?? ''} ×${a.count}${flap}${a.summary ? ` — ${a.summary}` : ''}`,
    );
  }
  if (d.recommendation) {
    out.push('', 'Recommendation:');
    d.recommendation.candidates.forEach((c, i) => {
      out.push(
        `  ${i + 1}. ${c.runbook.id} v${c.runbook.version} (${c.risk} risk, confidence ${Math.round(c.confidence * 100)}%)`,
      );
      out.push(`     ${c.rationale}`);
    });
  }
  if (d.plan) out.push('', renderPlan(d.plan));
  if (d.approvals.length > 0) {
    out.push('', 'Decisions:');
    for (const a of d.approvals)
      out.push(`  ${a.createdAt} ${a.decision} by ${a.userEmail}${a.reason ? `: ${a.reason}` : ''}`);
  }
  if (d.steps.length > 0) {
    out.push('', 'Execution:');
    for (const s of d.steps) {
      out.push(
        `  ${s.phase} ${s.index + 1}. ${s.name}: ${s.status} (${s.attempts} attempt(s))${s.error ? ` — ${s.error}` : ''}`,
      );
    }
  }
  if (d.outcome) out.push('', `Outcome: ${d.outcome.state} — ${d.outcome.message}`);
  if (d.temporalUrl) out.push('', `Temporal: ${d.temporalUrl}`);
  return out.join('\n');
}

/** The runbook catalog as a table. */
export function renderRunbooks(items: Runbook[]): string {
  if (items.length === 0) return 'No runbooks.';
  const rows = [['ID', 'VERSION', 'RISK', 'STEPS', 'TITLE']];
  for (const r of items) rows.push([r.id, String(r.version), r.risk, String(r.steps.length), r.title]);
  return table(rows);
}
