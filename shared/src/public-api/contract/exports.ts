/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper C; replaced by the real declarations.
 */
import type { HttpContract } from '../../api/http-contract';
import type { PublicApiAccess } from '../access';

export const publicExportsContract = {} as const satisfies HttpContract<PublicApiAccess>;
