/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper A; replaced by the real declarations.
 */
import type { HttpContract } from '../../api/http-contract';
import type { PublicApiAccess } from '../access';

export const publicSalesContract = {} as const satisfies HttpContract<PublicApiAccess>;
