import { useId, type ReactNode } from 'react';

/**
 * A chart with a text alternative: the SVG is labelled by a caption that summarises it,
 * and the exact numbers are one keyboard-reachable disclosure away as a table.
 */
export function ChartFigure({
  summary,
  table,
  height = 240,
  children,
}: {
  /** One sentence a screen reader hears instead of the drawing. */
  summary: string;
  table: ReactNode;
  height?: number;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <figure className="chart" aria-labelledby={id}>
      <div className="chart-canvas" style={{ height }}>
        {children}
      </div>
      <figcaption id={id} className="chart-summary">
        {summary}
      </figcaption>
      <details className="chart-data">
        <summary>Show the numbers</summary>
        {table}
      </details>
    </figure>
  );
}
