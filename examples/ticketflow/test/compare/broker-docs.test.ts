import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brokerDifferencesTable, brokerProfiles } from '../../src/compare/broker-differences.js';
import { BROKER_DOCS, recordedReport, renderBrokerDocs } from '../../src/compare/broker-docs.js';
import { replaceGeneratedSection } from '../../src/compare/generated-section.js';

describe('docs/brokers-compared.md', () => {
  it('is up to date with the transports and the recorded compare run (else: npm run docs:brokers)', () => {
    const checkedIn = readFileSync(BROKER_DOCS.page, 'utf8');
    expect(renderBrokerDocs(checkedIn, recordedReport())).toBe(checkedIn);
  });

  it('is stale as soon as a generated cell differs from what the transports say', () => {
    const checkedIn = readFileSync(BROKER_DOCS.page, 'utf8');
    const edited = checkedIn.replace('a retry topic per delay', 'a retry queue per delay');
    expect(edited).not.toBe(checkedIn);
    expect(renderBrokerDocs(edited, recordedReport())).toBe(checkedIn);
  });

  it("reads each transport's own capabilities: a column changes with the transport, not with the prose", () => {
    const table = brokerDifferencesTable(brokerProfiles());
    const row = (title: string) => table.split('\n').find((line) => line.startsWith(`| ${title} |`));
    expect(row('type filtering')).toBe(
      '| type filtering | by the broker | by the broker | by the consumer (skips other types) | by the broker |',
    );
    expect(row('unroutable messages detected')).toBe(
      '| unroutable messages detected | yes | yes | no | no |',
    );
    expect(row('largest message')).toContain('256 KiB');
  });

  it('refuses a document without the generated section instead of appending somewhere', () => {
    expect(() => replaceGeneratedSection('# nothing here', 'broker-table', 'x', 'cmd')).toThrow(
      /no generated section "broker-table"/,
    );
  });
});
