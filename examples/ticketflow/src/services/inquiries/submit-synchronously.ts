import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../runtime/service-module.js';
import { postJson, serviceUrl } from '../../runtime/service-url.js';
import type { LanguageDetector } from './language-detector.js';
import { type InquiryInput, insertInquiry, newInquiry } from './new-inquiry.js';

/**
 * UC-2, kept for comparison: the same work as a chain of HTTP calls. Every service in the chain must be up and
 * fast for the customer's request to succeed, and a failure halfway leaves an inquiry without a ticket — which
 * is what the asynchronous flow avoids.
 */
export async function submitSynchronously(
  context: ServiceContext,
  inquiry: InquiryInput,
  detect: LanguageDetector,
  app: FastifyInstance,
): Promise<{ id: string; ticketId: string }> {
  const created = await newInquiry(inquiry, detect);
  await context.store.transaction((tx) => insertInquiry(tx, created));
  const { id, languageCode, createdAt } = created;
  const translatedDescription =
    languageCode === 'en'
      ? ''
      : await postJson<string>(`${serviceUrl(context, 'translations', app)}/api/translations`, {
          text: inquiry.description,
          languageCode,
        });
  await postJson(`${serviceUrl(context, 'tickets', app)}/api/tickets`, {
    id,
    ...inquiry,
    translatedDescription,
    languageCode,
    createdAt,
  });
  await context.query(`UPDATE inquiries.inquiries SET status = 'InProgress', ticket_id = $1 WHERE id = $1`, [
    id,
  ]);
  return { id, ticketId: id };
}
