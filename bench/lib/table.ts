/**
 * Side-by-side result tables: one row per figure, Mailkeep beside Dovecot, their ratio
 * (Mailkeep / Dovecot) and the target with whether this run met it. Printing only: a missed
 * target is a number to report, not a failure.
 */

import { loadavg } from 'node:os';

export interface Row {
  label: string;
  unit: string;
  mailkeep: number | null;
  dovecot: number | null;
  /** Which way is better, to say what the ratio means. */
  better: 'lower' | 'higher' | 'info';
  /** The target in words ("<= Dovecot", ">= 1,000/s"). */
  target?: string;
  /** Whether this run met it (undefined or null: not judged, e.g. without Dovecot's figure). */
  met?: (mailkeep: number, dovecot: number | null) => boolean | null;
  /** Why a figure is missing or odd. */
  note?: string;
}

/** A number with about three significant digits and thousands separators. */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '-';
  const abs = Math.abs(value);
  const digits = abs === 0 ? 0 : abs < 1 ? 3 : abs < 10 ? 2 : abs < 100 ? 1 : 0;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(row: Row): string {
  if (row.mailkeep === null || row.dovecot === null || row.dovecot === 0) return '-';
  const r = row.mailkeep / row.dovecot;
  return r >= 100 ? `${r.toFixed(0)}x` : r >= 10 ? `${r.toFixed(1)}x` : `${r.toFixed(2)}x`;
}

function status(row: Row): string {
  if (!row.met || row.mailkeep === null) return '';
  const met = row.met(row.mailkeep, row.dovecot);
  return met === null ? '' : met ? 'met' : 'MISSED';
}

export function printTable(title: string, rows: readonly Row[]): void {
  const header = ['', 'unit', 'Mailkeep', 'Dovecot', 'MK/DC', 'target', ''];
  const body = rows.map((row) => [
    row.label,
    row.unit,
    formatNumber(row.mailkeep),
    formatNumber(row.dovecot),
    ratio(row),
    row.target ?? '',
    status(row),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c >= 2 && c <= 4 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const cells of body) console.log(line(cells));
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.label}: ${r.note}`);
  console.log('MK/DC = Mailkeep / Dovecot: below 1x is better for times, CPU and memory; above 1x is better for rates.');
  if (notes.length > 0) console.log(`Notes:\n${notes.join('\n')}`);
}

/** Milliseconds since `start` (performance.now()). */
export function since(start: number): number {
  return performance.now() - start;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The 1, 5 and 15 minute load averages ("1.02 0.80 0.55"). */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
