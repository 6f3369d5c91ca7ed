import { XMLParser } from 'fast-xml-parser';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';
export const SERVICE_BUS_NS = 'http://schemas.microsoft.com/netservices/2010/10/servicebus/connect';
export const INSTANCE_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const API_VERSION = '2021-05';

/** An element of an ATOM description: text, or nested elements, with optional attributes. */
export interface XmlElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly children?: readonly XmlElement[];
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (char) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[char]};`,
  );
}

/** Compact XML: no whitespace between elements (the SDK's parser keeps it as text). */
export function renderXml(element: XmlElement): string {
  const attributes = Object.entries(element.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const inner = element.children ? element.children.map(renderXml).join('') : escapeXml(element.text ?? '');
  return inner === ''
    ? `<${element.name}${attributes}/>`
    : `<${element.name}${attributes}>${inner}</${element.name}>`;
}

export interface AtomEntry {
  /** Path below the namespace, e.g. `orders/Subscriptions/billing`. */
  readonly path: string;
  readonly title: string;
  readonly content: XmlElement;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function entryElement(host: string, entry: AtomEntry): XmlElement {
  const url = resourceUrl(host, entry.path);
  return {
    name: 'entry',
    attributes: { xmlns: ATOM_NS },
    children: [
      { name: 'id', text: url },
      { name: 'title', attributes: { type: 'text' }, text: entry.title },
      { name: 'published', text: entry.createdAt.toISOString() },
      { name: 'updated', text: entry.updatedAt.toISOString() },
      { name: 'author', children: [{ name: 'name', text: host }] },
      { name: 'link', attributes: { rel: 'self', href: url } },
      { name: 'content', attributes: { type: 'application/xml' }, children: [entry.content] },
    ],
  };
}

export function entryDocument(host: string, entry: AtomEntry): string {
  return `<?xml version="1.0" encoding="utf-8"?>${renderXml(entryElement(host, entry))}`;
}

/** A list page; `next` is the `$skip` of the following page when there is one. */
export function feedDocument(
  host: string,
  path: string,
  title: string,
  entries: AtomEntry[],
  next?: string,
): string {
  const self = resourceUrl(host, path);
  const links: XmlElement[] = [{ name: 'link', attributes: { rel: 'self', href: self } }];
  if (next !== undefined) links.push({ name: 'link', attributes: { rel: 'next', href: next } });
  return `<?xml version="1.0" encoding="utf-8"?>${renderXml({
    name: 'feed',
    attributes: { xmlns: ATOM_NS },
    children: [
      { name: 'title', attributes: { type: 'text' }, text: title },
      { name: 'id', text: self },
      { name: 'updated', text: new Date().toISOString() },
      ...links,
      ...entries.map((entry) => entryElement(host, entry)),
    ],
  })}`;
}

export function errorDocument(status: number, detail: string): string {
  return renderXml({
    name: 'Error',
    children: [
      { name: 'Code', text: String(status) },
      { name: 'Detail', text: detail },
    ],
  });
}

export function resourceUrl(host: string, path: string, query: Record<string, string> = {}): string {
  const url = new URL(`https://${host}/${path.split('/').map(encodeURIComponent).join('/')}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  url.searchParams.set('api-version', API_VERSION);
  return url.toString();
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

export type ParsedXml = Record<string, unknown>;

/** The description inside a request's `<entry><content>`, namespace prefixes removed, values as text. */
export function parseEntryContent(body: string): { readonly root: string; readonly description: ParsedXml } {
  const document = parser.parse(body) as ParsedXml;
  const content = (document.entry as ParsedXml | undefined)?.content as ParsedXml | undefined;
  const root = Object.keys(content ?? {}).find((key) => !key.startsWith('@'));
  if (!content || !root) throw new TypeError('The request body is not an ATOM entry with a description');
  const description = content[root];
  return {
    root,
    description: typeof description === 'object' && description !== null ? (description as ParsedXml) : {},
  };
}
