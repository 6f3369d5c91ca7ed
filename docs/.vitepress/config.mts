import { existsSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitepress';

// The API reference is generated from the public types by TypeDoc (`npm run docs:api`) into docs/api.
const apiSidebarFile = new URL('../api/typedoc-sidebar.json', import.meta.url);
if (!existsSync(apiSidebarFile)) {
  throw new Error('docs/api is missing: run `npm run docs:api` (TypeDoc) first, or `npm run docs:build`');
}
const apiSidebar = JSON.parse(readFileSync(apiSidebarFile, 'utf8'));

/**
 * The documentation site: the pages of docs/ as they read on GitHub, plus the generated API reference.
 * Dead links fail the build (VitePress's default), so a renamed page cannot leave a broken link behind.
 */
export default defineConfig({
  title: 'Pragmatic Messaging',
  description: 'Reliable asynchronous messaging for TypeScript over swappable brokers',
  // Links out of the site (the repository's README, sources) are written as GitHub links in the pages; links to
  // a locally running TicketFlow (http://localhost:21000) are the only ones not checked.
  ignoreDeadLinks: 'localhostLinks',
  cleanUrls: true,
  lastUpdated: false,
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/getting-started' },
      { text: 'Transports', link: '/transports/rabbitmq' },
      { text: 'TicketFlow', link: '/ticketflow' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/api/': [{ text: 'API reference', link: '/api/', items: apiSidebar }],
      '/': [
        {
          text: 'Guide',
          items: [
            { text: 'Getting started', link: '/getting-started' },
            { text: 'Retries and dead letters', link: '/retries-and-dead-letters' },
            { text: 'Reliability', link: '/reliability' },
            { text: 'AsyncAPI', link: '/asyncapi' },
            { text: 'CloudEvents', link: '/cloudevents' },
            { text: 'Testing your services', link: '/guides/testing' },
            { text: 'Decorators and rxjs', link: '/guides/decorators-and-rx' },
            { text: 'Tracing and metrics', link: '/guides/tracing-and-metrics' },
            { text: 'Performance', link: '/performance' },
          ],
        },
        {
          text: 'Transports',
          items: [
            { text: 'RabbitMQ', link: '/transports/rabbitmq' },
            { text: 'Kafka', link: '/transports/kafka' },
            { text: 'Azure Service Bus', link: '/transports/azure-service-bus' },
            { text: 'Brokers compared', link: '/brokers-compared' },
            { text: 'Writing a transport', link: '/writing-a-transport' },
          ],
        },
        {
          text: 'TicketFlow',
          items: [
            { text: 'Overview', link: '/ticketflow' },
            { text: 'HTTP API', link: '/ticketflow-api' },
            { text: 'Web UI', link: '/ticketflow-ui' },
          ],
        },
        { text: 'Architecture and decisions', link: '/architecture' },
        { text: 'API reference', link: '/api/' },
      ],
    },
    search: { provider: 'local' },
    outline: { level: [2, 3] },
  },
  // The local search index makes one large chunk; it is loaded on demand.
  vite: { build: { chunkSizeWarningLimit: 2_000 } },
});
