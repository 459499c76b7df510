// pdf-parse's index.js runs a self-test when required without a parent module; the lib file does not.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfParse = require('pdf-parse/lib/pdf-parse.js') as (data: Buffer) => Promise<{ text: string; numpages: number; info: Record<string, unknown> }>;

/** The text of a PDF, extracted by a real PDF reader (pdf.js inside pdf-parse). */
export async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number; info: Record<string, unknown> }> {
  const parsed = await pdfParse(pdf);
  return { text: parsed.text, pages: parsed.numpages, info: parsed.info };
}
