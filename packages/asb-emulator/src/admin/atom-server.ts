import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_RULE_NAME, type Rule, trueFilter } from '../filters/rule.js';
import type { Namespace } from '../model/namespace.js';
import { Queue } from '../model/queue.js';
import { Subscription } from '../model/subscription.js';
import { Topic } from '../model/topic.js';
import {
  type AtomEntry,
  entryDocument,
  errorDocument,
  feedDocument,
  type ParsedXml,
  parseEntryContent,
  resourceUrl,
} from './atom-xml.js';
import {
  autoDeleteOnIdleMs,
  BadRequest,
  type Description,
  describe,
  descriptionElement,
  type EntityKind,
  receivableSettings,
  sendTargetSettings,
} from './entity-descriptions.js';
import { ruleElement, ruleOf } from './rule-descriptions.js';

interface Request {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
  readonly update: boolean;
}

interface Reply {
  readonly status: number;
  readonly body?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const RULE_PATH = /^(.+)\/subscriptions\/([^/]+)\/rules\/([^/]+)$/i;
const RULES_PATH = /^(.+)\/subscriptions\/([^/]+)\/rules$/i;
const SUBSCRIPTION_PATH = /^(.+)\/subscriptions\/([^/]+)$/i;
const SUBSCRIPTIONS_PATH = /^(.+)\/subscriptions$/i;
const ENTITY_NAME = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,259}$/;
const CHILD_NAME = /^[A-Za-z0-9$][A-Za-z0-9._-]{0,49}$/;
const DEFAULT_PAGE = 100;

/**
 * The ATOM management API the SDK's ServiceBusAdministrationClient speaks ("Service Bus management REST API"):
 * create, get, update, delete and list queues, topics, subscriptions and rules. Answers follow Service Bus: an
 * entity that does not exist is an empty feed (HTTP 200), creating one that exists is 409, invalid settings 400.
 */
export class AtomServer {
  constructor(private readonly namespace: Namespace) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://emulator');
    const body = await readBody(request);
    let reply: Reply;
    try {
      reply = this.route({
        method: request.method ?? 'GET',
        path: decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, ''),
        query: url.searchParams,
        body,
        update: request.headers['if-match'] === '*',
      });
    } catch (error) {
      const status = error instanceof HttpError ? error.status : error instanceof BadRequest ? 400 : 500;
      reply = { status, body: errorDocument(status, error instanceof Error ? error.message : String(error)) };
    }
    response.writeHead(reply.status, { 'content-type': 'application/atom+xml;type=entry;charset=utf-8' });
    response.end(reply.body ?? '');
  }

  private route(request: Request): Reply {
    const { path } = request;
    if (path.toLowerCase() === '$resources/queues') return this.listQueues(request);
    if (path.toLowerCase() === '$resources/topics') return this.listTopics(request);
    let match = RULE_PATH.exec(path);
    if (match) return this.rule(request, match[1]!, match[2]!, match[3]!);
    match = RULES_PATH.exec(path);
    if (match) return this.listRules(request, match[1]!, match[2]!);
    match = SUBSCRIPTION_PATH.exec(path);
    if (match) return this.subscription(request, match[1]!, match[2]!);
    match = SUBSCRIPTIONS_PATH.exec(path);
    if (match) return this.listSubscriptions(request, match[1]!);
    return this.entity(request, path);
  }

  private entity(request: Request, path: string): Reply {
    const key = path.toLowerCase();
    const existing = this.namespace.queues.get(key) ?? this.namespace.topics.get(key);
    if (request.method === 'GET')
      return existing ? this.ok(this.entityEntry(existing)) : this.notFoundFeed(path);
    if (request.method === 'DELETE') {
      if (!existing) throw new HttpError(404, `The messaging entity '${path}' could not be found.`);
      existing.dispose();
      this.namespace.queues.delete(key);
      this.namespace.topics.delete(key);
      return { status: 200 };
    }
    if (request.method !== 'PUT') throw new HttpError(405, `${request.method} is not supported here`);
    const { root, description: requested } = parseEntryContent(request.body);
    if (root !== 'QueueDescription' && root !== 'TopicDescription')
      throw new BadRequest(`Unexpected ${root}`);
    if (!ENTITY_NAME.test(path)) throw new BadRequest(`'${path}' is not a valid entity name`);
    const description = describe(root, requested, this.namespace.tier);
    if (existing) {
      if (!request.update) throw conflict(path);
      this.updateEntity(existing, root, description);
      return this.ok(this.entityEntry(existing));
    }
    if (request.update) throw new HttpError(404, `The messaging entity '${path}' could not be found.`);
    const created =
      root === 'QueueDescription'
        ? new Queue(
            path,
            sendTargetSettings(description, this.namespace.tier),
            receivableSettings(description),
            description,
          )
        : new Topic(path, sendTargetSettings(description, this.namespace.tier), description);
    if (created instanceof Queue) this.namespace.queues.set(key, created);
    else this.namespace.topics.set(key, created);
    return { status: 201, body: entryDocument(this.namespace.host, this.entityEntry(created)) };
  }

  private subscription(request: Request, topicPath: string, name: string): Reply {
    const topic = this.namespace.topics.get(topicPath.toLowerCase());
    const path = `${topicPath}/Subscriptions/${name}`;
    const existing = topic?.subscriptions.get(name.toLowerCase());
    if (request.method === 'GET')
      return existing ? this.ok(this.subscriptionEntry(existing)) : this.notFoundFeed(path);
    if (request.method === 'DELETE') {
      if (!existing) throw new HttpError(404, `The messaging entity '${path}' could not be found.`);
      existing.entity.dispose();
      topic!.subscriptions.delete(name.toLowerCase());
      return { status: 200 };
    }
    if (request.method !== 'PUT') throw new HttpError(405, `${request.method} is not supported here`);
    if (!topic) throw new HttpError(404, `The messaging entity '${topicPath}' could not be found.`);
    if (!CHILD_NAME.test(name))
      throw new BadRequest(`'${name}' is not a valid subscription name (at most 50 characters)`);
    const { description: requested } = parseEntryContent(request.body);
    const description = describe('SubscriptionDescription', requested, this.namespace.tier);
    if (existing) {
      if (!request.update) throw conflict(path);
      this.updateReceivable(existing, description);
      return this.ok(this.subscriptionEntry(existing));
    }
    if (request.update) throw new HttpError(404, `The messaging entity '${path}' could not be found.`);
    const defaultRule = this.defaultRule(requested);
    const created = new Subscription(
      topic.path,
      name,
      receivableSettings(description),
      description,
      autoDeleteOnIdleMs(description),
    );
    created.rules.set(defaultRule.name.toLowerCase(), defaultRule);
    topic.subscriptions.set(name.toLowerCase(), created);
    return { status: 201, body: entryDocument(this.namespace.host, this.subscriptionEntry(created)) };
  }

  private rule(request: Request, topicPath: string, subscriptionName: string, name: string): Reply {
    const subscription = this.namespace.subscription(topicPath, subscriptionName);
    const path = `${topicPath}/Subscriptions/${subscriptionName}/Rules/${name}`;
    const existing = subscription?.rules.get(name.toLowerCase());
    if (request.method === 'GET') {
      return existing ? this.ok(this.ruleEntry(subscription!, existing)) : this.notFoundFeed(path);
    }
    if (request.method === 'DELETE') {
      if (!existing) throw new HttpError(404, `The messaging entity '${path}' could not be found.`);
      subscription!.rules.delete(name.toLowerCase());
      return { status: 200 };
    }
    if (request.method !== 'PUT') throw new HttpError(405, `${request.method} is not supported here`);
    if (!subscription)
      throw new HttpError(
        404,
        `The messaging entity '${topicPath}/Subscriptions/${subscriptionName}' could not be found.`,
      );
    if (!CHILD_NAME.test(name))
      throw new BadRequest(`'${name}' is not a valid rule name (at most 50 characters)`);
    if (existing && !request.update) throw conflict(path);
    const rule = ruleOf(name, parseEntryContent(request.body).description);
    subscription.rules.set(name.toLowerCase(), rule);
    subscription.updatedAt = new Date();
    return {
      status: existing ? 200 : 201,
      body: entryDocument(this.namespace.host, this.ruleEntry(subscription, rule)),
    };
  }

  private listQueues(request: Request): Reply {
    return this.page(
      request,
      '$Resources/Queues',
      'Queues',
      [...this.namespace.queues.values()].map((queue) => this.entityEntry(queue)),
    );
  }

  private listTopics(request: Request): Reply {
    return this.page(
      request,
      '$Resources/Topics',
      'Topics',
      [...this.namespace.topics.values()].map((topic) => this.entityEntry(topic)),
    );
  }

  private listSubscriptions(request: Request, topicPath: string): Reply {
    const topic = this.namespace.topics.get(topicPath.toLowerCase());
    const entries = topic
      ? [...topic.subscriptions.values()].map((subscription) => this.subscriptionEntry(subscription))
      : [];
    return this.page(request, `${topicPath}/Subscriptions`, 'Subscriptions', entries);
  }

  private listRules(request: Request, topicPath: string, subscriptionName: string): Reply {
    const subscription = this.namespace.subscription(topicPath, subscriptionName);
    const entries = subscription
      ? [...subscription.rules.values()].map((rule) => this.ruleEntry(subscription, rule))
      : [];
    return this.page(request, `${topicPath}/Subscriptions/${subscriptionName}/Rules`, 'Rules', entries);
  }

  private page(request: Request, path: string, title: string, entries: AtomEntry[]): Reply {
    const skip = Number(request.query.get('$skip') ?? 0);
    const top = Number(request.query.get('$top') ?? DEFAULT_PAGE);
    const page = entries.slice(skip, skip + top);
    const next =
      skip + top < entries.length
        ? resourceUrl(this.namespace.host, path, { $skip: String(skip + top), $top: String(top) })
        : undefined;
    return { status: 200, body: feedDocument(this.namespace.host, path, title, page, next) };
  }

  private ok(entry: AtomEntry): Reply {
    return { status: 200, body: entryDocument(this.namespace.host, entry) };
  }

  /** Service Bus answers a GET of a missing entity with 200 and an empty feed. */
  private notFoundFeed(path: string): Reply {
    return { status: 200, body: feedDocument(this.namespace.host, path, 'Publicly Listed Services', []) };
  }

  private defaultRule(requested: ParsedXml): Rule {
    const given = requested.DefaultRuleDescription as ParsedXml | undefined;
    if (!given) return { name: DEFAULT_RULE_NAME, filter: trueFilter() };
    return ruleOf(typeof given.Name === 'string' ? given.Name : DEFAULT_RULE_NAME, given);
  }

  private updateEntity(existing: Queue | Topic, kind: EntityKind, description: Description): void {
    if (existing instanceof Queue !== (kind === 'QueueDescription')) {
      throw new BadRequest(`'${existing.path}' is not a ${kind === 'QueueDescription' ? 'queue' : 'topic'}`);
    }
    Object.assign(existing.settings, sendTargetSettings(description, this.namespace.tier));
    if (existing instanceof Queue) this.updateReceivable(existing, description);
    else {
      existing.description = description;
      existing.updatedAt = new Date();
    }
  }

  private updateReceivable(existing: Queue | Subscription, description: Description): void {
    const settings = receivableSettings(description);
    if (settings.requiresSession !== existing.entity.settings.requiresSession) {
      throw new BadRequest('RequiresSession cannot be changed on an existing entity');
    }
    Object.assign(existing.entity.settings, settings);
    existing.description = description;
    existing.updatedAt = new Date();
  }

  private entityEntry(entity: Queue | Topic): AtomEntry {
    const isQueue = entity instanceof Queue;
    const counts = isQueue
      ? {
          active: entity.entity.count('active'),
          deadLetter: entity.entity.count('deadLetter'),
          scheduled: entity.scheduledCount,
        }
      : {
          active: 0,
          deadLetter: 0,
          scheduled: entity.scheduledCount,
          subscriptions: entity.subscriptions.size,
        };
    return {
      path: entity.path,
      title: entity.path,
      createdAt: entity.createdAt,
      updatedAt: entity.updatedAt,
      content: descriptionElement(
        isQueue ? 'QueueDescription' : 'TopicDescription',
        entity.description,
        times(entity),
        counts,
      ),
    };
  }

  private subscriptionEntry(subscription: Subscription): AtomEntry {
    const { entity } = subscription;
    return {
      path: `${subscription.topicPath}/Subscriptions/${subscription.name}`,
      title: subscription.name,
      createdAt: subscription.createdAt,
      updatedAt: subscription.updatedAt,
      content: descriptionElement('SubscriptionDescription', subscription.description, times(subscription), {
        active: entity.count('active'),
        deadLetter: entity.count('deadLetter'),
        scheduled: 0,
      }),
    };
  }

  private ruleEntry(subscription: Subscription, rule: Rule): AtomEntry {
    return {
      path: `${subscription.topicPath}/Subscriptions/${subscription.name}/Rules/${rule.name}`,
      title: rule.name,
      createdAt: subscription.createdAt,
      updatedAt: subscription.updatedAt,
      content: ruleElement(rule, subscription.createdAt),
    };
  }
}

function times(entity: Queue | Topic | Subscription) {
  return { createdAt: entity.createdAt, updatedAt: entity.updatedAt, accessedAt: new Date() };
}

function conflict(path: string): HttpError {
  return new HttpError(409, `SubCode=40900. Conflict. The messaging entity '${path}' already exists.`);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
