/**
 * @module
 * The back office for managers and administrators, mounted by the till from its header.
 */
export { BackOfficeScreen } from './back-office-screen';
