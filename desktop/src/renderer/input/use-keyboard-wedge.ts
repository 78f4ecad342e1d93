/**
 * @module
 * Keyboard-wedge scanners, wherever the focus is. One window-level keydown listener in the capture
 * phase feeds every key to `KeyboardWedge`: keys that might be a scan are held (their default
 * action and the page's handlers suppressed); a burst that turns out to be a scan goes to
 * `onScan`, and anything else is typed back, in order, into the field it was typed in. So a scan
 * while the cashier is in the payment amount or a dialog still lands in the sale, and a person's
 * typing is never taken for a scan. A field that wants scans for itself says so with
 * `data-scan="fill"` (the code is typed into it) or `data-scan="submit"` (and its form submitted).
 */
import { useEffect, useRef } from 'react';
import type { WedgeAction } from '@cassa/shared';
import { KeyboardWedge } from '@cassa/shared';

type TextField = HTMLInputElement | HTMLTextAreaElement;

const textInputTypes = new Set(['text', 'search', 'password', 'tel', 'url', 'email', 'number', '']);

function isTextField(element: Element | null): element is TextField {
  if (element instanceof HTMLTextAreaElement) return !element.readOnly && !element.disabled;
  return element instanceof HTMLInputElement && textInputTypes.has(element.type) && !element.readOnly && !element.disabled;
}

/** Types text into a (React-controlled) field as if the keys had gone through. */
function typeInto(field: TextField, text: string, replace = false): void {
  if (!field.isConnected) return;
  let start: number | null = null;
  let end: number | null = null;
  try {
    start = field.selectionStart;
    end = field.selectionEnd;
  } catch {
    // Some input types have no selection: append.
  }
  const value = replace ? '' : field.value;
  const from = replace ? 0 : start ?? value.length;
  const to = replace ? 0 : end ?? value.length;
  let next = value.slice(0, from) + text + value.slice(to);
  if (field.maxLength > 0) next = next.slice(0, field.maxLength);
  // React tracks the value it last set; going through the prototype's setter makes it see the change.
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field) as object, 'value')?.set;
  if (setter) setter.call(field, next);
  else field.value = next;
  try {
    field.setSelectionRange(from + text.length, from + text.length);
  } catch {
    // As above.
  }
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * @param onScan receives each scanned code.
 * @param fallbackField where typing goes when it was not typed into a text field (the search box).
 */
export function useKeyboardWedge(onScan: (code: string) => void, fallbackField: () => TextField | null): void {
  const onScanRef = useRef(onScan);
  const fallbackRef = useRef(fallbackField);
  onScanRef.current = onScan;
  fallbackRef.current = fallbackField;

  useEffect(() => {
    // A scanner's keys arrive 1–10 ms apart, but some USB scanners pause between HID reports;
    // 60 ms keeps such a code in one burst, and the 30 ms average still tells it from a person.
    const wedge = new KeyboardWedge({ maxGapMs: 60 });
    let heldTarget: Element | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const act = (actions: readonly WedgeAction[]) => {
      for (const action of actions) {
        if (action.kind === 'scan') {
          // A field marked data-scan (a voucher code, a receipt code) takes the scan itself.
          const claim = isTextField(heldTarget) && heldTarget.isConnected ? heldTarget.dataset.scan : undefined;
          if (claim && isTextField(heldTarget)) {
            typeInto(heldTarget, action.code, true);
            // After React has taken the new value in.
            const form = heldTarget.form;
            if (claim === 'submit' && form) setTimeout(() => form.requestSubmit(), 0);
          } else {
            onScanRef.current(action.code);
          }
          continue;
        }
        const target = isTextField(heldTarget) && heldTarget.isConnected ? heldTarget : fallbackRef.current();
        if (!target) continue;
        if (document.activeElement !== target) target.focus();
        typeInto(target, action.keys.join(''));
      }
      if (wedge.holding.length === 0) heldTarget = null;
    };

    const schedule = () => {
      clearTimeout(timer);
      const deadline = wedge.nextDeadline();
      if (deadline === undefined) return;
      timer = setTimeout(() => {
        act(wedge.tick(performance.now()));
        schedule();
      }, Math.max(0, deadline - performance.now()) + 1);
    };

    const onKeyDown = (event: KeyboardEvent) => {
      const target = document.activeElement;
      // Shortcuts, IME composition and Space on a button are never part of a scan.
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || (event.key === ' ' && !isTextField(target))) {
        act(wedge.flush());
        return;
      }
      const wasHolding = wedge.holding.length > 0;
      const actions = wedge.feed({ key: event.key, timeStamp: event.timeStamp });
      if (wedge.lastKeySuppressed) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
      // What was held before belongs to the field it was typed in; a new burst to the focused one.
      act(actions);
      if (wedge.holding.length > 0 && (!wasHolding || actions.length > 0)) heldTarget = target;
      schedule();
    };

    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      clearTimeout(timer);
    };
  }, []);
}
