import { useId, useState, type FormEvent } from 'react';
import { PRESETS, type Filters, type Preset } from '../../lib/filters';
import { useFilterOptions } from './api';

/** ISO instant → value for <input type="datetime-local"> in UTC. */
const toLocalInput = (iso?: string) => (iso ? iso.slice(0, 16) : '');
/** <input type="datetime-local"> value (read as UTC) → ISO instant. */
const fromLocalInput = (v: string) => (v ? new Date(`${v}:00Z`).toISOString() : undefined);

/** Time range, environment and service pickers; every control is a native, labelled form field. */
export function FilterBar({
  value,
  onChange,
  refreshKey,
}: {
  value: Filters;
  onChange: (f: Filters) => void;
  refreshKey: number;
}) {
  const options = useFilterOptions(refreshKey).data;
  const ids = { range: useId(), env: useId(), svc: useId(), from: useId(), to: useId() };
  const [from, setFrom] = useState(toLocalInput(value.from));
  const [to, setTo] = useState(toLocalInput(value.to));
  const [rangeError, setRangeError] = useState<string | null>(null);

  const applyCustom = (e: FormEvent) => {
    e.preventDefault();
    const f = fromLocalInput(from);
    const t = fromLocalInput(to);
    if (!f || !t || f >= t) {
      setRangeError('Pick a start before the end.');
      return;
    }
    setRangeError(null);
    onChange({ ...value, range: 'custom', from: f, to: t });
  };
  // Keep the current value selectable even if it is not (yet) in the options list.
  const withCurrent = (list: string[] | undefined, current?: string) =>
    current && !(list ?? []).includes(current) ? [current, ...(list ?? [])] : (list ?? []);

  return (
    <form className="filter-bar" aria-label="Filters" onSubmit={applyCustom}>
      <div className="field">
        <label htmlFor={ids.range}>Time range</label>
        <select
          id={ids.range}
          value={value.range}
          onChange={(e) => {
            const range = e.target.value as Preset | 'custom';
            if (range === 'custom') {
              const end = new Date();
              const start = new Date(end.getTime() - 86_400_000);
              setFrom(toLocalInput(start.toISOString()));
              setTo(toLocalInput(end.toISOString()));
              onChange({ ...value, range, from: start.toISOString(), to: end.toISOString() });
            } else {
              onChange({ environment: value.environment, service: value.service, range });
            }
          }}
        >
          {Object.entries(PRESETS).map(([k, p]) => (
            <option key={k} value={k}>
              {p.label}
            </option>
          ))}
          <option value="custom">Custom (UTC)…</option>
        </select>
      </div>
      {value.range === 'custom' && (
        <>
          <div className="field">
            <label htmlFor={ids.from}>From (UTC)</label>
            <input
              id={ids.from}
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor={ids.to}>To (UTC)</label>
            <input id={ids.to} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
          </div>
          <button type="submit">Apply</button>
          {rangeError && (
            <p className="field-error" role="alert">
              {rangeError}
            </p>
          )}
        </>
      )}
      <div className="field">
        <label htmlFor={ids.env}>Environment</label>
        <select
          id={ids.env}
          value={value.environment ?? ''}
          onChange={(e) => onChange({ ...value, environment: e.target.value || undefined })}
        >
          <option value="">All environments</option>
          {withCurrent(options?.environments, value.environment).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.svc}>Service</label>
        <select
          id={ids.svc}
          value={value.service ?? ''}
          onChange={(e) => onChange({ ...value, service: e.target.value || undefined })}
        >
          <option value="">All services</option>
          {withCurrent(options?.services, value.service).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
