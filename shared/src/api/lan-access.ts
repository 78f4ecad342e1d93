/**
 * @module
 * Who may reach a till from the shop's LAN: the enrolled tablets, and the PIN rules every screen
 * and the back office share.
 */
import { z } from 'zod';
import { idSchema } from '../records/catalogue';

/** PINs are 4 to 8 digits; 6 is what the back office suggests (a million values, not ten thousand). */
export const pinLength = { min: 4, max: 8, recommended: 6 } as const;
export const pinSchema = z.string().regex(new RegExp(`^\\d{${pinLength.min},${pinLength.max}}$`), `A PIN is ${pinLength.min} to ${pinLength.max} digits`);

/** The one-time code a tablet types to join the till: 6 digits shown at the counter. */
export const enrolmentCodeSchema = z.string().regex(/^\d{6}$/, 'The code is 6 digits');

export const lanDeviceViewSchema = z.object({
  id: idSchema,
  name: z.string(),
  enrolledAt: z.string(),
  lastSeenAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type LanDeviceView = z.infer<typeof lanDeviceViewSchema>;
