/**
 * Bookmarks (the document outline, PDF 32000-1 § 12.3.3) for a pdf-lib document. pdf-lib has no outline API, so
 * the outline dictionaries are written with its low-level objects: an /Outlines root in the catalog, items linked
 * by /Parent, /Prev, /Next, /First, /Last, each with a /Title and a /Dest to a page ([page /Fit]).
 */
import { PDFArray, type PDFDocument, PDFDict, PDFHexString, PDFName, PDFNumber, type PDFRef } from 'pdf-lib';

export interface OutlineNode {
  title: string;
  /** 0-based index of the page the bookmark opens. */
  pageIndex: number;
  children: OutlineNode[];
  /** Show the children when the document opens (default true). */
  open?: boolean;
}

/** Writes the outline and asks viewers to show it (/PageMode /UseOutlines). Replaces any outline the document had. */
export function setOutline(doc: PDFDocument, nodes: OutlineNode[]): void {
  const context = doc.context;
  const pageRefs = doc.getPages().map((p) => p.ref);

  /** Writes the items of one level under `parent`; returns the first and last refs and the count of visible items. */
  const level = (parent: PDFRef, list: OutlineNode[]): { first: PDFRef; last: PDFRef; visible: number } => {
    const refs = list.map(() => context.nextRef());
    let visible = 0;
    list.forEach((node, i) => {
      const page = pageRefs[node.pageIndex];
      if (!page) throw new RangeError(`Bookmark "${node.title}" points to page ${node.pageIndex + 1} of ${pageRefs.length}.`);
      const item = PDFDict.withContext(context);
      item.set(PDFName.of('Title'), PDFHexString.fromText(node.title));
      item.set(PDFName.of('Parent'), parent);
      if (i > 0) item.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) item.set(PDFName.of('Next'), refs[i + 1]!);
      const dest = PDFArray.withContext(context);
      dest.push(page);
      dest.push(PDFName.of('Fit'));
      item.set(PDFName.of('Dest'), dest);
      visible += 1;
      if (node.children.length) {
        const open = node.open ?? true;
        const sub = level(refs[i]!, node.children);
        item.set(PDFName.of('First'), sub.first);
        item.set(PDFName.of('Last'), sub.last);
        // Positive: open, the count of visible descendants; negative: closed.
        item.set(PDFName.of('Count'), PDFNumber.of(open ? sub.visible : -sub.visible));
        if (open) visible += sub.visible;
      }
      context.assign(refs[i]!, item);
    });
    return { first: refs[0]!, last: refs[refs.length - 1]!, visible };
  };

  if (!nodes.length) return;
  const rootRef = context.nextRef();
  const root = PDFDict.withContext(context);
  root.set(PDFName.of('Type'), PDFName.of('Outlines'));
  const top = level(rootRef, nodes);
  root.set(PDFName.of('First'), top.first);
  root.set(PDFName.of('Last'), top.last);
  root.set(PDFName.of('Count'), PDFNumber.of(top.visible));
  context.assign(rootRef, root);
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}
