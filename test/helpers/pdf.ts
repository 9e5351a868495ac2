/**
 * What a PDF's pages hold, read with Mozilla's PDF.js: each run of text with its box on its page,
 * so a test can check that nothing on a printed page is drawn over anything else.
 */
import fs from 'node:fs/promises';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface TextBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PdfPage {
  number: number;
  width: number;
  height: number;
  boxes: TextBox[];
  /** Every colour the page fills shapes with, as #rrggbb. */
  fills: Set<string>;
}

export async function pdfPages(file: string): Promise<PdfPage[]> {
  const data = new Uint8Array(await fs.readFile(file));
  const document = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const { width, height } = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const boxes = content.items.flatMap((item) => {
        if (!('str' in item) || item.str.trim() === '') return [];
        const [, , , scaleY, x, y] = item.transform as number[];
        const size = Math.abs(scaleY) || item.height;
        return [{ text: item.str, x, y, width: item.width, height: size }];
      });
      const operators = await page.getOperatorList();
      const fills = new Set<string>();
      operators.fnArray.forEach((fn, i) => {
        if (fn !== OPS.setFillRGBColor) return;
        const [colour] = operators.argsArray[i] as [string | number, number?, number?];
        const hex =
          typeof colour === 'string'
            ? colour
            : `#${(operators.argsArray[i] as number[]).map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
        fills.add(hex.toLowerCase());
      });
      pages.push({ number, width, height, boxes, fills });
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/** Pairs of text boxes on a page that are drawn over each other (more than a sliver in common). */
export function overlaps(page: PdfPage): [TextBox, TextBox][] {
  const found: [TextBox, TextBox][] = [];
  const { boxes } = page;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const across = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      // Text boxes run from the baseline up by the font size; allow a fifth of it for descenders and tight leading.
      const up = Math.min(a.y + a.height * 0.8, b.y + b.height * 0.8) - Math.max(a.y, b.y);
      if (across > 1 && up > 1) found.push([a, b]);
    }
  }
  return found;
}
