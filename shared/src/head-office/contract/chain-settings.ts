/**
 * @module
 * What head office sets for every till of the chain: scale label layouts, the cashier actions
 * that need a manager's PIN, the ceiling for a line amount. The owner's rules: only owners save.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import { chainSettingsSchema } from '../../api/till-views';
import { ownersOnly, signedIn } from '../access';

/** As read: `scaleLayoutsAreDefault` when head office has set none and tills use the default. */
export const chainSettingsViewSchema = chainSettingsSchema.extend({ scaleLayoutsAreDefault: z.boolean() });

export const chainSettingsContract = {
  'chainSettings.get': route({
    method: 'GET',
    path: '/chain-settings',
    summary: "The chain's till settings (the default where none were saved)",
    access: signedIn,
    input: z.object({}),
    output: chainSettingsViewSchema,
  }),
  'chainSettings.save': route({
    method: 'POST',
    path: '/chain-settings',
    summary: "Saves the chain's till settings; every paired till receives them and shows them read-only",
    access: ownersOnly,
    input: chainSettingsSchema,
    output: chainSettingsViewSchema,
  }),
} as const;
