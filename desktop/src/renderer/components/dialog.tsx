/**
 * @module
 * A modal dialog: titled (its accessible name), Esc closes it, the first field takes the focus
 * (callers mark it `autoFocus`). Dialogs never hold the scanner: the keyboard wedge listens above
 * them, so a scan while one is open still lands in the sale.
 */
import type { ReactNode } from 'react';
import { useId } from 'react';

export function Dialog({ title, onClose, wide, children }: {
  title: string;
  onClose: () => void;
  wide?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <div className="overlay">
      <div
        className={wide ? 'dialog wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id={id}>{title}</h2>
        {children}
      </div>
    </div>
  );
}
