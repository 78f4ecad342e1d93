/**
 * @module
 * ISSUE-19-SCAFFOLD: the `webhooks` block of the head-office app's texts (owned by helper B (webhooks)),
 * Italian and English, mounted by i18n.ts.
 */
export const webhooksIt = {
  title: 'Webhook',
};

export const webhooksEn: typeof webhooksIt = {
  title: 'Webhooks',
};
