/**
 * @module
 * Sales reports for this register: a date range and a grouping, a table, a bar chart in plain SVG
 * and the same rows as a CSV file.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ReportGrouping, SalesReport } from '@cassa/shared';
import { addDays, businessDay, csvLine, euroInputText, reportGroupingSchema } from '@cassa/shared';
import type { T } from './shared';
import { downloadText, Feedback, localDay, money, quantity, useAction, useBackOffice } from './shared';

const groupings = reportGroupingSchema.options;

function rowLabel(report: SalesReport, label: string, t: T): string {
  if (report.groupBy === 'payment') {
    const methods = t('reports.methods', { returnObjects: true }) as Record<string, string>;
    return methods[label] ?? label;
  }
  return label;
}

export function ReportsTab() {
  const { t, lang, client } = useBackOffice();
  const today = new Date();
  const [from, setFrom] = useState(() => localDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6)));
  const [to, setTo] = useState(() => localDay(today));
  const [groupBy, setGroupBy] = useState<ReportGrouping>('day');
  const [report, setReport] = useState<SalesReport | null>(null);
  const [rangeEdited, setRangeEdited] = useState(false);
  const { busy, error, run } = useAction();

  // The default week is the shop's, not this screen's: a PC whose clock zone is UTC opened at
  // 00:30 in Rome would otherwise end the range yesterday and miss tonight's sales. The first
  // report says the shop's zone; until the range is edited, it follows that zone's today.
  useEffect(() => {
    if (!report || rangeEdited) return;
    const shopToday = businessDay(new Date(), report.timeZone);
    if (shopToday !== to || addDays(shopToday, -6) !== from) {
      setTo(shopToday);
      setFrom(addDays(shopToday, -6));
    }
  }, [report, rangeEdited, from, to]);

  const load = useCallback(() => {
    void run(() => client.call('reports.sales', { from, to, groupBy })).then((next) => {
      if (next) setReport(next);
    });
  }, [client, from, to, groupBy, run]);

  // A new grouping or range shows at once; the button is there for keyboard users and re-runs.
  useEffect(load, [load]);

  function exportCsv() {
    if (!report) return;
    // Semicolons, as Italian spreadsheets expect, with the language's decimal mark.
    const d = ';';
    const header = [t(`reports.groups.${report.groupBy}`), t('reports.cols.tickets'), t('reports.cols.quantity'), t('reports.cols.total'), t('reports.cols.vat')];
    const amount = (cents: number) => euroInputText(cents, lang);
    const lines = [csvLine(header, d)];
    for (const row of report.rows) {
      lines.push(csvLine([rowLabel(report, row.label, t), String(row.tickets), String(row.quantityMilli / 1000).replace('.', lang === 'en' ? '.' : ','), amount(row.totalCents), amount(row.vatCents)], d));
    }
    lines.push(csvLine([t('reports.total'), '', '', amount(report.totalCents), ''], d));
    downloadText(`vendite-${report.groupBy}-${report.from}-${report.to}.csv`, `${lines.join('\r\n')}\r\n`);
  }

  const groupName = t(`reports.groups.${groupBy}`).toLowerCase();
  return (
    <div className="bo-stack">
      <form
        className="bo-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <label>
          {t('reports.from')}
          <input type="date" value={from} max={to} onChange={(e) => {
              if (!e.target.value) return;
              setRangeEdited(true);
              setFrom(e.target.value);
            }} />
        </label>
        <label>
          {t('reports.to')}
          <input type="date" value={to} min={from} onChange={(e) => {
              if (!e.target.value) return;
              setRangeEdited(true);
              setTo(e.target.value);
            }} />
        </label>
        <label>
          {t('reports.groupBy')}
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as ReportGrouping)}>
            {groupings.map((g) => (
              <option key={g} value={g}>{t(`reports.groups.${g}`)}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary align-end" disabled={busy}>{t('reports.run')}</button>
        <button type="button" className="align-end" disabled={!report || report.rows.length === 0} onClick={exportCsv}>{t('reports.export')}</button>
      </form>
      <Feedback error={error} />
      {report && report.rows.length === 0 && <p className="muted">{t('reports.empty')}</p>}
      {report && report.rows.length > 0 && (
        <div className="bo-report">
          <BarChart report={report} title={t('reports.chart', { group: groupName })} lang={lang} t={t} />
          <table className="bo-table">
            <caption>{t('reports.table', { group: groupName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t(`reports.groups.${report.groupBy}`)}</th>
                <th scope="col" className="num">{t('reports.cols.tickets')}</th>
                {report.groupBy !== 'payment' && <th scope="col" className="num">{t('reports.cols.quantity')}</th>}
                <th scope="col" className="num">{t('reports.cols.total')}</th>
                {report.groupBy !== 'payment' && <th scope="col" className="num">{t('reports.cols.vat')}</th>}
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{rowLabel(report, row.label, t)}</th>
                  <td className="num">{row.tickets}</td>
                  {report.groupBy !== 'payment' && <td className="num">{quantity(row.quantityMilli, lang)}</td>}
                  <td className="num">{money(row.totalCents, lang)}</td>
                  {report.groupBy !== 'payment' && <td className="num">{money(row.vatCents, lang)}</td>}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('reports.total')}</th>
                <td />
                {report.groupBy !== 'payment' && <td />}
                <td className="num">{money(report.totalCents, lang)}</td>
                {report.groupBy !== 'payment' && <td />}
              </tr>
            </tfoot>
          </table>
          <p className="muted small">{t('reports.timeZone', { zone: report.timeZone })}</p>
        </div>
      )}
    </div>
  );
}

/** Horizontal bars, one per row (the largest 30), scaled to the largest amount. */
function BarChart({ report, title, lang, t }: { report: SalesReport; title: string; lang: string; t: T }) {
  const rows = report.rows.slice(0, 30);
  const max = Math.max(1, ...rows.map((r) => Math.abs(r.totalCents)));
  const barHeight = 26;
  const gap = 8;
  const labelWidth = 160;
  const valueWidth = 110;
  const width = 720;
  const plot = width - labelWidth - valueWidth;
  const height = rows.length * (barHeight + gap) + gap;
  return (
    <figure className="bo-chart">
      <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
        <title>{title}</title>
        {rows.map((row, i) => {
          const y = gap + i * (barHeight + gap);
          const w = Math.max(2, Math.round((Math.abs(row.totalCents) / max) * plot));
          const label = rowLabel(report, row.label, t);
          return (
            <g key={row.key}>
              <text x={labelWidth - 8} y={y + barHeight / 2} textAnchor="end" dominantBaseline="middle" className="bo-chart-label">
                {label.length > 20 ? `${label.slice(0, 19)}…` : label}
              </text>
              <rect x={labelWidth} y={y} width={w} height={barHeight} rx={4} className={row.totalCents < 0 ? 'bo-bar negative' : 'bo-bar'}>
                <title>{`${label}: ${money(row.totalCents, lang)}`}</title>
              </rect>
              <text x={labelWidth + w + 6} y={y + barHeight / 2} dominantBaseline="middle" className="bo-chart-value">
                {money(row.totalCents, lang)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
