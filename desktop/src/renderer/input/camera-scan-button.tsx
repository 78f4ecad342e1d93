/**
 * @module
 * The sale screen's camera button: opens the camera scanner, whose codes go where a hardware
 * scanner's go. Shown on phones and tablets (narrow or touch screens); a PC with a scanner
 * does not see it.
 */
import { useState } from 'react';
import { CameraScanner } from './camera-scanner';
import { usePhoneText } from './phone-i18n';

export function CameraScanButton({ onCode, onClosed }: { onCode: (code: string) => void; onClosed?: () => void }) {
  const { t } = usePhoneText();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="camera-button" aria-label={t('camera.openLabel')} onClick={() => setOpen(true)}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22"><path fill="currentColor" d="M9 4 7.2 6H4a2 2 0 0 0-2 2v10a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2h-3.2L15 4H9Zm3 5a4 4 0 1 1 0 8 4 4 0 0 1 0-8Z" /></svg>
        <span>{t('camera.open')}</span>
      </button>
      {open && (
        <CameraScanner
          onCode={(code) => onCode(code)}
          onClose={() => {
            setOpen(false);
            onClosed?.();
          }}
        />
      )}
    </>
  );
}
