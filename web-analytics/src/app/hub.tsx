import { useMemo } from 'react';
import { env } from '../config/env';
import { useSession, type SessionUser } from '../features/auth/session';
import { CompressionChart } from '../features/compression/compression-chart';
import { FilterBar } from '../features/filters/filter-bar';
import { FunnelChart } from '../features/funnel/funnel-chart';
import { HeatmapChart } from '../features/heatmap/heatmap-chart';
import { LivePanel } from '../features/live/live-panel';
import { SafetyPanel } from '../features/safety/safety-panel';
import { SourcesPanel } from '../features/sources/sources-panel';
import { SpeedPanel } from '../features/speed/speed-panel';
import { VolumeKpis } from '../features/volume/volume-kpis';
import { filtersToParams, PRESETS, useFilters, type Filters } from '../lib/filters';
import { formatDateTime } from '../lib/format';
import { useRefresh } from '../lib/use-refresh';

/** The dashboard: filters on top, then live volume, noise, speed, safety and sources. */
export function Hub({ user }: { user: SessionUser }) {
  const { logout } = useSession();
  const [filters, setFilters] = useFilters();
  const refresh = useRefresh({
    situationDebounceMs: 1_000,
    alertDebounceMs: 3_000,
    intervalMs: env.VITE_REFRESH_MS,
  });
  const refreshKey = refresh.key;
  // Rolling ranges are anchored at the latest refresh, which a filter change also triggers.
  const params = useMemo(() => filtersToParams(filters, new Date(refresh.at)), [filters, refresh.at]);
  const changeFilters = (f: Filters) => {
    setFilters(f);
    refresh.bump();
  };
  const rangeText =
    filters.range === 'custom'
      ? `${formatDateTime(params.from)} – ${formatDateTime(params.to)}`
      : PRESETS[filters.range].label;
  const scope = [filters.environment, filters.service].filter(Boolean).join(' · ') || 'all environments and services';

  return (
    <div className="hub">
      <a className="skip-link" href="#main">
        Skip to the dashboard
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          <div>
            <p className="brand-title">Operational Intelligence Hub</p>
            <p className="brand-sub">HITL Response Orchestrator</p>
          </div>
        </div>
        <nav aria-label="Applications" className="topnav">
          <a href={env.VITE_RESPONDER_BASE}>Command center</a>
        </nav>
        <div className="who">
          <span>
            {user.name} <span className="muted">({user.role})</span>
          </span>
          <button type="button" className="link-button" onClick={() => void logout()}>
            Sign out
          </button>
        </div>
      </header>
      <FilterBar value={filters} onChange={changeFilters} refreshKey={refreshKey} />
      <main id="main" tabIndex={-1}>
        <h1 className="page-title">
          {rangeText} <span className="muted">— {scope}</span>
        </h1>
        <section aria-labelledby="h-live" className="group">
          <h2 id="h-live">Live</h2>
          <div className="grid">
            <LivePanel filters={filters} refreshKey={refreshKey} />
          </div>
        </section>
        <section aria-labelledby="h-noise" className="group">
          <h2 id="h-noise">Noise</h2>
          <div className="grid">
            <VolumeKpis params={params} refreshKey={refreshKey} />
            <CompressionChart params={params} refreshKey={refreshKey} />
            <FunnelChart params={params} refreshKey={refreshKey} />
            <HeatmapChart params={params} refreshKey={refreshKey} />
          </div>
        </section>
        <section aria-labelledby="h-speed" className="group">
          <h2 id="h-speed">Speed</h2>
          <div className="grid">
            <SpeedPanel params={params} refreshKey={refreshKey} />
          </div>
        </section>
        <section aria-labelledby="h-safety" className="group">
          <h2 id="h-safety">Safety</h2>
          <div className="grid">
            <SafetyPanel params={params} refreshKey={refreshKey} />
          </div>
        </section>
        <section aria-labelledby="h-sources" className="group">
          <h2 id="h-sources">Sources</h2>
          <div className="grid">
            <SourcesPanel params={params} refreshKey={refreshKey} />
          </div>
        </section>
      </main>
    </div>
  );
}
