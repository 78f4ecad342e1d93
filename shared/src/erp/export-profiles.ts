/**
 * @module
 * ISSUE-19-SCAFFOLD: placeholder owned by helper C (ERP exports); replaced by the real module.
 */
export {};
