/**
 * A section's text as a lead types it: paragraphs separated by blank lines, and lines starting
 * with "- ", "* " or "• " as bulleted lists. Pure: the views escape the text they print.
 */
export type TextBlock = { type: 'paragraph'; text: string } | { type: 'list'; items: string[] };

const BULLET = /^\s*[-*•]\s+/;

export function textBlocks(body: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const raw of body.split('\n')) {
    const line = raw.trim();
    if (!line) {
      endParagraph();
      continue;
    }
    if (BULLET.test(line)) {
      endParagraph();
      const item = line.replace(BULLET, '');
      const last = blocks[blocks.length - 1];
      if (last?.type === 'list') last.items.push(item);
      else blocks.push({ type: 'list', items: [item] });
      continue;
    }
    // A line that follows a list item without a blank line continues a new paragraph, not the item.
    paragraph.push(line);
  }
  endParagraph();
  return blocks;
}

/** A bulleted list in the same form, for text the pack writes itself. */
export function bulletLines(items: readonly string[]): string {
  return items.map((item) => `- ${item.replace(/\s*\n\s*/g, ' ')}`).join('\n');
}
