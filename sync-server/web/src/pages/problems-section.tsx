import type { AuditHeadView, ProblemRecordView, RegisterView } from '@cassa/shared';
import { useTranslation } from 'react-i18next';
import { get } from '../api';
import { ErrorNote } from '../app';
import { dateTime } from '../i18n';
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
  const problems = useAsync(() => get<ProblemRecordView[]>('/problems'), []);
  const heads = useAsync(() => get<AuditHeadView[]>('/audit-heads'), []);
  const registerName = (id: string) => registers.find((r) => r.id === id)?.name ?? id;
  return (
    <section className="card" aria-labelledby="problems-title">
      <h2 id="problems-title">{t('problems.title')}</h2>
      <ErrorNote message={problems.error ?? heads.error} />
      {(problems.data ?? []).length === 0 ? (
        <p>{t('problems.none')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('stores.register')}</th>
                <th scope="col" className="num">
                  {t('problems.seq')}
                </th>
                <th scope="col">{t('problems.record')}</th>
                <th scope="col">{t('problems.what')}</th>
                <th scope="col">{t('problems.received')}</th>
              </tr>
            </thead>
            <tbody>
              {(problems.data ?? []).map((p) => (
                <tr key={`${p.deviceId}:${p.seq}`}>
                  <td>{registerName(p.deviceId)}</td>
                  <td className="num">{p.seq}</td>
                  <td>{p.setAside ? <span className="bad">{t('problems.setAside')}</span> : `${p.recordType} ${p.recordId}`}</td>
                  <td>{p.problems.map((x) => problemText(x, t)).join('; ')}</td>
                  <td>{dateTime(p.receivedAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('problems.auditTitle')}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('stores.register')}</th>
              <th scope="col" className="num">
                {t('problems.entries')}
              </th>
              <th scope="col">{t('problems.head')}</th>
              <th scope="col">{t('problems.breaks')}</th>
            </tr>
          </thead>
          <tbody>
            {(heads.data ?? []).map((h) => (
              <tr key={h.deviceId}>
                <td>{registerName(h.deviceId)}</td>
                <td className="num">{h.entries}</td>
                <td>
                  <code>
                    {h.sequence}:{h.hash}
                  </code>
                </td>
                <td>{h.breaks === 0 ? <span className="good">{t('problems.intact')}</span> : <span className="bad">{t('problems.broken', { count: h.breaks })}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
