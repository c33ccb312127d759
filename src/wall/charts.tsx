/**
 * Bar charts drawn on the server as SVG: no script, nothing to load, and the same picture in every
 * browser. Each is an image with a title and a description for screen readers; the page puts a
 * table of the same figures beside it.
 */

export type Bar = { label: string; value: number; color: string };

type ChartProps = { id: string; title: string; description: string; bars: readonly Bar[] };

const WIDTH = 640;
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, sans-serif';
const INK = '#1c1917';
const MUTED = '#57534e';
const LINE = '#d6d3d1';

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Length of a bar for `value` when `max` fills `room` (a non-zero value stays visible). */
export function barLength(value: number, max: number, room: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.max(2, Math.round((value / max) * room));
}

/** One horizontal bar per row, labelled on the left, its value at its end: for categories. */
export function HorizontalBarChart({ id, title, description, bars }: ChartProps) {
  const labelWidth = 180;
  const valueRoom = 56;
  const row = 34;
  const height = Math.max(1, bars.length) * row + 8;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const room = WIDTH - labelWidth - valueRoom;
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      font-family={FONT}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <line x1={labelWidth} y1={0} x2={labelWidth} y2={height} stroke={LINE} />
      {bars.map((bar, i) => {
        const y = i * row + 6;
        const length = barLength(bar.value, max, room);
        return (
          <g>
            <text x={labelWidth - 8} y={y + 17} text-anchor="end" font-size="15" fill={INK}>
              {shorten(bar.label, 22)}
            </text>
            <rect x={labelWidth} y={y} width={length} height={22} rx={3} fill={bar.color} />
            <text x={labelWidth + length + 6} y={y + 17} font-size="15" fill={MUTED}>
              {String(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** One vertical bar per column, labelled underneath, its value on top: for months. */
export function VerticalBarChart({ id, title, description, bars }: ChartProps) {
  const height = 240;
  const top = 22;
  const bottom = 30;
  const room = height - top - bottom;
  const slot = WIDTH / Math.max(1, bars.length);
  const barWidth = Math.max(4, Math.round(slot * 0.62));
  const max = Math.max(0, ...bars.map((b) => b.value));
  const baseline = height - bottom;
  return (
    <svg
      class="chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      font-family={FONT}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <line x1={0} y1={baseline} x2={WIDTH} y2={baseline} stroke={LINE} />
      {bars.map((bar, i) => {
        const length = barLength(bar.value, max, room);
        const x = Math.round(i * slot + (slot - barWidth) / 2);
        const middle = Math.round(i * slot + slot / 2);
        return (
          <g>
            <rect x={x} y={baseline - length} width={barWidth} height={length} rx={3} fill={bar.color} />
            <text x={middle} y={baseline - length - 6} text-anchor="middle" font-size="13" fill={MUTED}>
              {String(bar.value)}
            </text>
            <text x={middle} y={height - 10} text-anchor="middle" font-size="13" fill={INK}>
              {shorten(bar.label, 8)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
