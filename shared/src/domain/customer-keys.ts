/**
 * @module
 * How head office recognises one person entered twice (issue 17): the same phone, email or codice
 * fiscale once normalised. A key is null when the field is empty or too short to mean anything.
 */

/** Digits only, an Italian prefix (+39, 0039) dropped: "+39 333 123 4567" and "3331234567" match. */
export function phoneKey(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const trimmed = phone.trim();
  const withoutPrefix = trimmed.startsWith('+39') ? trimmed.slice(3) : trimmed.startsWith('0039') ? trimmed.slice(4) : trimmed;
  const digits = withoutPrefix.replace(/\D/g, '');
  return digits.length >= 6 ? digits : null;
}

/** Lower-case and trimmed. */
export function emailKey(email: string | null | undefined): string | null {
  const key = email?.trim().toLowerCase() ?? '';
  return key.includes('@') ? key : null;
}

/** Upper-case, spaces dropped. */
export function taxCodeKey(taxCode: string | null | undefined): string | null {
  const key = taxCode?.replace(/\s/g, '').toUpperCase() ?? '';
  return key.length > 0 ? key : null;
}
