/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper E (SAP Business One); replaced by the real declarations.
 */
import type { HttpContract } from '../../api/http-contract';
import type { HeadOfficeAccess } from '../access';

export const sapContract = {} as const satisfies HttpContract<HeadOfficeAccess>;
