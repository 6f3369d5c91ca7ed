import { ASYNCAPI_PATH, type AsyncApiDocument, type AsyncApiMessage, asyncApiApi } from '../api/asyncapi-api';
import { Badge } from '../components/badge';
import { Card } from '../components/card';
import { ErrorNotice, LoadingNotice } from '../components/notices';
import { useResource } from '../hooks/use-resource';
import { schemaRows } from './schema-rows';

/** The last segment of a `$ref`: a channel id or a message name. */
const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

/**
 * The system's AsyncAPI 3.0 document (GET /api/docs/asyncapi.json) made readable: what each service sends and
 * receives, the channels with their broker addresses, and every message with its payload schema.
 */
export function AsyncApiViewer() {
  const document = useResource('asyncapi', asyncApiApi.document);
  return (
    <Card
      title="Message catalogue (AsyncAPI)"
      actions={
        <a className="text-sm text-sky-700 underline" href={ASYNCAPI_PATH} target="_blank" rel="noreferrer">
          asyncapi.json
        </a>
      }
    >
      {document.error ? <ErrorNotice error={document.error} onRetry={document.reload} /> : null}
      {document.loading ? <LoadingNotice what="the AsyncAPI document" /> : null}
      {document.data ? <AsyncApiContent document={document.data} /> : null}
    </Card>
  );
}

function AsyncApiContent({ document }: { document: AsyncApiDocument }) {
  const servers = Object.entries(document.servers ?? {});
  return (
    <div className="flex flex-col gap-4 text-sm">
      <div>
        <p className="font-medium">
          {document.info.title} {document.info.version}{' '}
          <span className="text-slate-500">(AsyncAPI {document.asyncapi})</span>
        </p>
        <p className="text-slate-600">{document.info.description}</p>
        <p className="mt-1 flex flex-wrap gap-1">
          {servers.length === 0 ? <Badge>in-process: no broker server</Badge> : null}
          {servers.map(([id, server]) => (
            <Badge key={id} tone="blue">
              {id}: {server.protocol}://{server.host}
            </Badge>
          ))}
        </p>
      </div>
      <Operations document={document} />
      <Channels document={document} />
      <Messages messages={Object.values(document.components.messages)} />
    </div>
  );
}

function Operations({ document }: { document: AsyncApiDocument }) {
  const byService = new Map<string, { id: string; text: string; action: string }[]>();
  for (const [id, operation] of Object.entries(document.operations)) {
    const service = operation.tags?.[0]?.name ?? 'unknown';
    const channel = document.channels[refName(operation.channel.$ref)];
    const messages = operation.messages.map((message) => refName(message.$ref)).join(', ');
    const text = `${messages} ${operation.action === 'send' ? '→' : '←'} ${channel?.title ?? refName(operation.channel.$ref)}`;
    byService.set(service, [...(byService.get(service) ?? []), { id, text, action: operation.action }]);
  }
  return (
    <section aria-label="Operations">
      <h3 className="mb-1 font-semibold">Operations by service</h3>
      <div className="grid gap-2 md:grid-cols-2">
        {[...byService].map(([service, operations]) => (
          <section
            key={service}
            className="rounded-lg p-2 ring-1 ring-slate-200"
            aria-label={`Service ${service}`}
          >
            <p className="font-medium">{service}</p>
            <ul className="mt-1 flex flex-col gap-0.5">
              {operations.map((operation) => (
                <li key={operation.id} data-operation={operation.id} className="break-words">
                  <Badge tone={operation.action === 'send' ? 'green' : 'violet'}>
                    {operation.action === 'send' ? 'sends' : 'receives'}
                  </Badge>{' '}
                  {operation.text}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}

function Channels({ document }: { document: AsyncApiDocument }) {
  return (
    <section aria-label="Channels">
      <h3 className="mb-1 font-semibold">Channels</h3>
      <div className="overflow-x-auto">
        <table className="w-full text-left">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-3">Channel</th>
              <th className="py-1 pr-3">Address on the broker</th>
              <th className="py-1">Messages</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(document.channels).map(([id, channel]) => (
              <tr key={id} aria-label={`Channel ${id}`} className="border-t border-slate-100 align-top">
                <td className="py-1 pr-3">
                  <details>
                    <summary className="cursor-pointer font-medium">{channel.title ?? id}</summary>
                    <p className="whitespace-pre-line text-slate-600">{channel.description}</p>
                  </details>
                </td>
                <td className="py-1 pr-3 font-mono text-xs">{channel.address ?? '(none)'}</td>
                <td className="py-1 text-xs">{Object.keys(channel.messages).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Messages({ messages }: { messages: AsyncApiMessage[] }) {
  return (
    <section aria-label="Messages">
      <h3 className="mb-1 font-semibold">Messages</h3>
      <div className="flex flex-col gap-1">
        {messages.map((message) => (
          <details
            key={message.name}
            aria-label={`Message ${message.name}`}
            className="rounded-lg p-2 ring-1 ring-slate-200"
          >
            <summary className="cursor-pointer">
              <span className="font-mono">{message.name}</span>{' '}
              <span className="text-slate-500">{message.summary}</span>
            </summary>
            <p className="mt-1 whitespace-pre-line text-slate-600">{message.description}</p>
            <SchemaTable message={message} />
            <details className="mt-1">
              <summary className="cursor-pointer text-xs text-slate-500">JSON Schema</summary>
              <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs">
                {JSON.stringify(message.payload, null, 2)}
              </pre>
            </details>
          </details>
        ))}
      </div>
    </section>
  );
}

function SchemaTable({ message }: { message: AsyncApiMessage }) {
  const rows = schemaRows(message.payload);
  if (rows.length === 0)
    return (
      <p className="mt-1 text-slate-500">
        No field list: {message.payload.description ?? 'see the JSON Schema'}
      </p>
    );
  return (
    <table className="mt-1 w-full text-left text-xs" aria-label={`Payload of ${message.name}`}>
      <thead className="uppercase text-slate-500">
        <tr>
          <th className="py-0.5 pr-3">Field</th>
          <th className="py-0.5 pr-3">Type</th>
          <th className="py-0.5 pr-3">Required</th>
          <th className="py-0.5">Rules</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.path} aria-label={`Field ${row.path}`} className="border-t border-slate-100 align-top">
            <td className="py-0.5 pr-3 font-mono" style={{ paddingLeft: `${row.depth}rem` }}>
              {row.path}
            </td>
            <td className="py-0.5 pr-3 font-mono">{row.type}</td>
            <td className="py-0.5 pr-3">{row.required ? 'yes' : 'no'}</td>
            <td className="py-0.5 break-words">{row.notes.join('; ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
