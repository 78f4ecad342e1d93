import type { PairingCodeView, RegisterView } from '@cassa/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hoClient } from '../api';
import { dateTime } from '../i18n';
import { StreamTags } from '../stream-tags';
import { FiscalStatusCell } from './fiscal-status-cell';
import type { RunWrite } from '../use-async';

function skewText(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  return `${s >= 0 ? '+' : ''}${s} s`;
}

interface RegisterActions {
  readonly canWrite: boolean;
  readonly run: RunWrite;
  readonly onCode: (code: PairingCodeView) => void;
}

/** Every register with its health as it last reported it; writers rename, revoke or re-pair one. */
export function RegistersSection({ registers, storeName, ...actions }: { registers: readonly RegisterView[]; storeName: (id: string) => string } & RegisterActions) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [renaming, setRenaming] = useState<string | null>(null);
  return (
    <section className="card" aria-label={t('stores.registers')}>
      <h2>{t('stores.registers')}</h2>
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('stores.register')}</th>
              <th scope="col">{t('dash.store')}</th>
              <th scope="col">{t('stores.status')}</th>
              <th scope="col">{t('fiscal.device')}</th>
              <th scope="col">{t('stores.lastContact')}</th>
              <th scope="col">{t('stores.lastPull')}</th>
              <th scope="col">{t('stores.version')}</th>
              <th scope="col" className="num">
                {t('stores.queue')}
              </th>
              <th scope="col" className="num">
                {t('stores.skew')}
              </th>
              <th scope="col">{t('stores.streams')}</th>
            </tr>
          </thead>
          <tbody>
            {registers.map((r) => (
              <tr key={r.id}>
                <td>
                  {renaming === r.id ? <RenameForm register={r} run={actions.run} onDone={() => setRenaming(null)} /> : <strong>{r.name}</strong>}
                  <RegisterButtons register={r} onRename={() => setRenaming(r.id)} {...actions} />
                </td>
                <td>{storeName(r.storeId)}</td>
                <td>{r.revokedAt ? <span className="bad">{t('stores.revoked')}</span> : <span className="good">{t('stores.active')}</span>}</td>
                <td>
                  <FiscalStatusCell fiscal={r.fiscal} />
                  <a href={`#/sales?register=${encodeURIComponent(r.id)}`}>{t('fiscal.salesOf', { name: r.name })}</a>
                </td>
                <td>{r.lastSeenAt ? dateTime(r.lastSeenAt, lang) : t('stores.never')}</td>
                <td>{r.lastPullAt ? dateTime(r.lastPullAt, lang) : t('stores.never')}</td>
                <td>{r.appVersion ?? '—'}</td>
                <td className="num">{r.queueLength ?? '—'}</td>
                <td className="num">{skewText(r.clockSkewMs)}</td>
                <td>
                  <StreamTags streams={r.streams} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RenameForm({ register: r, run, onDone }: { register: RegisterView; run: RunWrite; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        const name = String(new FormData(e.currentTarget).get('name'));
        void run(async () => {
          await hoClient.call('registers.rename', { id: r.id, name });
          onDone();
        });
      }}
    >
      <input name="name" defaultValue={r.name} aria-label={t('stores.newName', { name: r.name })} required />
      <button type="submit">{t('stores.save')}</button>
    </form>
  );
}

function RegisterButtons({ register: r, onRename, canWrite, run, onCode }: { register: RegisterView; onRename: () => void } & RegisterActions) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      {canWrite && !r.revokedAt ? (
        <>
          <button type="button" className="secondary" aria-label={t('stores.rename', { name: r.name })} onClick={onRename}>
            ✎
          </button>
          <button
            type="button"
            className="danger"
            aria-label={t('stores.revoke', { name: r.name })}
            onClick={() => {
              if (window.confirm(t('stores.confirmRevoke', { name: r.name }))) void run(() => hoClient.call('registers.revoke', { id: r.id }));
            }}
          >
            {t('stores.revoke', { name: '' }).trim()}
          </button>
        </>
      ) : null}
      {canWrite ? (
        // For a till that lost its token (reinstalled, old backup): this code pairs this register only.
        <button
          type="button"
          className="secondary"
          aria-label={t('stores.repair', { name: r.name })}
          onClick={() => void run(async () => onCode(await hoClient.call('registers.issueRepairCode', { id: r.id })))}
        >
          {t('stores.repair', { name: '' }).trim()}
        </button>
      ) : null}
    </div>
  );
}
