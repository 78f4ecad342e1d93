/**
 * @module
 * What the till shows without an open shift: the Z report just printed, if any, and the panel
 * that opens the next shift.
 */
import { useTranslation } from 'react-i18next';
import type { ShiftReport, ShiftView } from '@cassa/shared';
import { ShiftReportView } from '../../components/shift-report-view';
import { ShiftOpenPanel } from '../shift-open-panel';

export function ShiftStart({ zReport, onOpened }: { zReport: ShiftReport | null; onOpened: (shift: ShiftView) => void }) {
  const { t } = useTranslation();
  return (
    <main className="shift-start">
      {zReport && (
        <section className="card report-card" aria-labelledby="z-done">
          <h2 id="z-done">{t('shift.zDone', { z: zReport.zNumber })}</h2>
          <ShiftReportView report={zReport} />
        </section>
      )}
      <ShiftOpenPanel title={zReport ? t('shift.newShift') : t('shift.title')} onOpened={onOpened} />
    </main>
  );
}
