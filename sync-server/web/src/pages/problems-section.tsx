import type { RegisterView } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { ErrorNote } from '../app';
import { dateTime } from '../i18n';
import { Table } from '../table';
import { useAsync } from '../use-async';

/** `kind:detail` → the kind in words, the detail as the server wrote it. */
function problemText(problem: string, t: (key: string) => string): string {
  const at = problem.indexOf(':');
  const kind = at < 0 ? problem : problem.slice(0, at);
  const detail = at < 0 ? '' : problem.slice(at + 1);
  const label = t(`problems.kinds.${kind}`);
  const known = label !== `problems.kinds.${kind}`;
  return `${known ? label : kind}${detail ? ` (${detail})` : ''}`;
}

/**
 * What registers pushed that head office flagged or set aside, and each register's audit chain as
 * head office holds it: the sales are in the figures (filed by arrival when their date was off),
 * a set-aside record is not, and both wait here for someone to look at them.
 */
export function ProblemsSection({ registers }: { registers: readonly RegisterView[] }) {
  const { t, i18n } = useTranslation();
  const problems = useAsync(() => hoClient.call('problems.list'), []);
  const heads = useAsync(() => hoClient.call('auditHeads.list'), []);
  const registerName = (id: string) => registers.find((r) => r.id === id)?.name ?? id;
  return (
    <section className="card" aria-labelledby="problems-title">
      <h2 id="problems-title">{t('problems.title')}</h2>
      <ErrorNote message={problems.error ?? heads.error} />
      {(problems.data ?? []).length === 0 ? (
        <p>{t('problems.none')}</p>
      ) : (
        <div className="table-wrap">
          <Table
            rows={problems.data ?? []}
            rowKey={(p) => `${p.deviceId}:${p.seq}`}
            columns={[
              { header: t('stores.register'), cell: (p) => registerName(p.deviceId) },
              { header: t('problems.seq'), cell: (p) => p.seq, numeric: true },
              { header: t('problems.record'), cell: (p) => (p.setAside ? <span className="bad">{t('problems.setAside')}</span> : `${p.recordType} ${p.recordId}`) },
              { header: t('problems.what'), cell: (p) => p.problems.map((x) => problemText(x, t)).join('; ') },
              { header: t('problems.received'), cell: (p) => dateTime(p.receivedAt, i18n.language) },
            ]}
          />
        </div>
      )}
      <h3>{t('problems.auditTitle')}</h3>
      <div className="table-wrap">
        <Table
          rows={heads.data ?? []}
          rowKey={(h) => h.deviceId}
          columns={[
            { header: t('stores.register'), cell: (h) => registerName(h.deviceId) },
            { header: t('problems.entries'), cell: (h) => h.entries, numeric: true },
            {
              header: t('problems.head'),
              cell: (h) => (
                <code>
                  {h.sequence}:{h.hash}
                </code>
              ),
            },
            { header: t('problems.breaks'), cell: (h) => (h.breaks === 0 ? <span className="good">{t('problems.intact')}</span> : <span className="bad">{t('problems.broken', { count: h.breaks })}</span>) },
          ]}
        />
      </div>
    </section>
  );
}
