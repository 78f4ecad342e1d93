/**
 * @module
 * A sale's receipt as the till's printer would print it (issue 20): the lines the core's receipt
 * layout produces, decoded back from the ESC/POS bytes, so a phone without a printer shows and
 * shares the very receipt the paper would have, and a browser that can reach a USB printer
 * (WebUSB) sends it the bytes themselves.
 */
import { z } from 'zod';

const alignSchema = z.enum(['left', 'center', 'right']);

export const receiptViewItemSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    text: z.string().max(200),
    align: alignSchema,
    bold: z.boolean(),
    /** Character magnification, as the printer's double width / height. */
    width: z.number().int().min(1).max(8),
    height: z.number().int().min(1).max(8),
  }),
  /** A barcode or QR printed on the receipt (the return code): its symbology and payload. */
  z.object({ kind: z.literal('code'), symbology: z.enum(['code128', 'ean13', 'qr', 'other']), data: z.string().max(2000), align: alignSchema }),
  z.object({ kind: z.literal('feed'), lines: z.number().int().min(0).max(255) }),
  z.object({ kind: z.literal('cut') }),
]);

export const receiptViewSchema = z.object({
  saleId: z.string(),
  /** Font A columns of the till's paper (48 for 80 mm, 32 for 58 mm). */
  columns: z.number().int().min(16).max(80),
  items: z.array(receiptViewItemSchema).max(5000),
  /** The ESC/POS bytes the printer would get, base64: what WebUSB printing sends. */
  escPosBase64: z.string().max(2_000_000),
});

export type ReceiptViewItem = z.infer<typeof receiptViewItemSchema>;
export type ReceiptView = z.infer<typeof receiptViewSchema>;
